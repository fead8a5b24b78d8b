"""Validators for codes, numbers, dates and credentials.

Each returns Chinese messages that say what is wrong; none raises on bad input.
"""

from __future__ import annotations

import math
import operator
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from filing_app.domain.enums import (
    GENDER_FEMALE,
    GENDER_MALE,
    ID_TYPE_FOREIGN_PR,
    ID_TYPE_HMT_PERMIT,
    ID_TYPE_RESIDENT,
    ID_TYPES,
    match_enum,
)
from filing_app.domain.regions import PROVINCES

_SEPARATORS = re.compile(r"[\s\-]+")


def _is_digits(text: str) -> bool:
    """ASCII digits only (str.isdigit also accepts other scripts' digits)."""
    return text.isascii() and text.isdigit()


def _compact(value: object) -> str:
    """NFKC, upper case, without whitespace and hyphens."""
    if value is None:
        return ""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", str(value))).upper()


# --- 统一社会信用代码 (GB 32100-2015) -------------------------------------------------

# 0-9 and upper-case letters without I, O, Z, S, V; a character's value is its index.
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# 组织机构代码 (GB 11714-1997): body weights; letters count 10 (A) to 35 (Z).
_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# 登记管理部门代码 -> (name, allowed 机构类别代码), GB 32100-2015 table with its amendments.
_USCC_DEPARTMENTS: dict[str, tuple[str, str]] = {
    "1": ("机构编制", "1239"),
    "2": ("外交", "19"),
    "3": ("司法行政", "123459"),
    "4": ("文化", "19"),
    "5": ("民政", "1239"),
    "6": ("旅游", "129"),
    "7": ("宗教", "129"),
    "8": ("工会", "19"),
    "9": ("工商", "123"),
    "A": ("中央军委改革和编制办公室", "19"),
    "N": ("农业", "1239"),
    "Y": ("其他", "1"),
}


def normalize_credit_code(value: object) -> str:
    """Upper case, full-width to half-width, without spaces and hyphens."""
    return _compact(value)


def _org_code_check_char(body: str) -> str:
    total = sum(int(ch, 36) * w for ch, w in zip(body, _ORG_CODE_WEIGHTS))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def _uscc_check_char(first17: str) -> str:
    total = sum(_USCC_ALPHABET.index(ch) * w for ch, w in zip(first17, _USCC_WEIGHTS))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def credit_code_error(value: object) -> str | None:
    """None when `value` is a valid 统一社会信用代码, else what is wrong with it."""
    code = normalize_credit_code(value)
    if not code:
        return "请填写统一社会信用代码"
    if len(code) != 18:
        return f"统一社会信用代码应为18位，当前为{len(code)}位"
    for position, ch in enumerate(code, start=1):
        if ch not in _USCC_ALPHABET:
            if ch in "IOZSV":
                return f"统一社会信用代码第{position}位“{ch}”不是合法字符：代码中不使用字母I、O、Z、S、V"
            return f"统一社会信用代码第{position}位“{ch}”不是合法字符：只能使用数字和大写英文字母"
    department = _USCC_DEPARTMENTS.get(code[0])
    if department is None:
        return f"统一社会信用代码第1位（登记管理部门代码）“{code[0]}”无效"
    name, categories = department
    if code[1] not in categories:
        return f"统一社会信用代码第2位（机构类别代码）“{code[1]}”对登记管理部门“{name}”（第1位为{code[0]}）无效"
    if not code[2:8].isdigit():
        return "统一社会信用代码第3-8位（登记管理机关行政区划码）应为6位数字"
    expected = _org_code_check_char(code[8:16])
    if code[16] != expected:
        return f"统一社会信用代码第9-17位（组织机构代码）校验错误：第17位应为{expected}，请逐位核对"
    expected = _uscc_check_char(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码校验位错误：第18位应为{expected}，请逐位核对"
    return None


def division_of_credit_code(value: object) -> str:
    """登记管理机关行政区划码 (characters 3-8); "" if the code is too short."""
    code = normalize_credit_code(value)
    return code[2:8] if len(code) >= 8 else ""


# --- 居民身份证 and other identity documents (GB 11643-1999) -----------------------


@dataclass(frozen=True)
class IdCheck:
    ok: bool
    message: str  # "" when ok
    normalized: str
    birth_date: date | None = None
    gender: str | None = None  # "男" / "女"


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"  # ISO 7064 MOD 11-2, indexed by weighted sum mod 11
_MAINLAND_PROVINCE_PREFIXES = frozenset(code[:2] for code, _ in PROVINCES)
_HMT_PREFIXES = frozenset({"810000", "820000", "830000"})  # 香港, 澳门, 台湾
_EXCEL_HINT = "请将该列单元格格式设为“文本”后重新录入完整号码"
_SCIENTIFIC = re.compile(r"^\d+(\.\d+)?E\+?\d+$")
_EARLIEST_BIRTH = date(1900, 1, 1)


_ID_DIGIT_OFFSET = ord("0") * sum(_ID_WEIGHTS)


def _id_check_char(first17: str) -> str:
    """ISO 7064 MOD 11-2 of 17 ASCII digits (the weighted sum of their byte values, less the zeros')."""
    return _ID_CHECK_CHARS[(sum(map(operator.mul, first17.encode("ascii"), _ID_WEIGHTS)) - _ID_DIGIT_OFFSET) % 11]


def _fail(message: str, normalized: str) -> IdCheck:
    return IdCheck(ok=False, message=message, normalized=normalized)


def _normalize_id_value(value: object) -> str:
    if isinstance(value, float):
        # A float cell can never hold 18 digits exactly; keep its text so the Excel check fires.
        return repr(value).upper()
    if type(value) is str and value.isascii() and value.isalnum():
        return value.upper()  # what _compact gives for ASCII letters and digits, without NFKC
    return _compact(value)


def check_identity(id_type: object, value: object, today: date | None = None) -> IdCheck:
    """Check an identity document number of one of ID_TYPES (an empty type means 居民身份证)."""
    kind = match_enum("id_types", id_type) if id_type else ID_TYPE_RESIDENT
    number = _normalize_id_value(value)
    if (kind == ID_TYPE_RESIDENT and len(number) == 18 and number.isascii() and number[:17].isdigit()
            and number[:2] in _MAINLAND_PROVINCE_PREFIXES and number[:6] not in _HMT_PREFIXES
            and number[17] == _id_check_char(number[:17])):
        # The common case, a valid 居民身份证 number, in fewer steps; anything else (or a bad
        # birth date) goes through the checks below, which say what is wrong.
        try:
            born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        except ValueError:
            born = None
        if born is not None and _EARLIEST_BIRTH <= born <= (today or date.today()):
            return IdCheck(ok=True, message="", normalized=number, birth_date=born,
                           gender=GENDER_MALE if int(number[16]) % 2 else GENDER_FEMALE)
    if kind is None:
        return _fail(f"证件类型“{id_type}”无效，应为{'、'.join(ID_TYPES)}之一", number)
    if not number:
        return _fail("请填写证件号码", number)
    if ("E" in number and _SCIENTIFIC.match(number)) or (number.endswith(".0") and _is_digits(number[:-2])):
        return _fail(f"证件号码被Excel转换成了数字（显示为{number}），末尾数字已丢失，{_EXCEL_HINT}", number)
    if kind == ID_TYPE_RESIDENT and len(number) == 15 and _is_digits(number):
        return _fail("这是15位的第一代身份证号码，请填写18位居民身份证号码", number)
    if kind == ID_TYPE_FOREIGN_PR and len(number) == 15:
        return _fail("请填写2023版外国人永久居留身份证的18位号码", number)
    if len(number) != 18:
        return _fail(f"{kind}号码应为18位，当前为{len(number)}位", number)
    if not _is_digits(number[:17]):
        for position, ch in enumerate(number[:17], start=1):
            if not _is_digits(ch):
                return _fail(f"{kind}号码第{position}位“{ch}”应为数字", number)
    if not (_is_digits(number[17]) or number[17] == "X"):
        return _fail(f"{kind}号码第18位（校验码）“{number[17]}”应为数字或X", number)

    message = _region_error(kind, number)
    if message:
        return _fail(message, number)
    birth_date, message = _birth_date(kind, number, today or date.today())
    if message:
        return _fail(message, number)
    if number[17] != _id_check_char(number[:17]):
        if number.endswith("000"):
            return _fail(
                f"{kind}号码校验码错误；末尾为000，可能是Excel把号码当成数字而丢失了末尾几位，{_EXCEL_HINT}",
                number,
            )
        return _fail(f"{kind}号码校验码错误（第18位与前17位不符），请逐位核对号码", number)
    gender = GENDER_MALE if int(number[16]) % 2 else GENDER_FEMALE
    return IdCheck(ok=True, message="", normalized=number, birth_date=birth_date, gender=gender)


def _region_error(kind: str, number: str) -> str | None:
    if kind == ID_TYPE_RESIDENT:
        if number[:6] in _HMT_PREFIXES:
            return f"号码以{number[:6]}开头，是港澳台居民居住证号码，请将证件类型选为“{ID_TYPE_HMT_PERMIT}”"
        if number[:2] not in _MAINLAND_PROVINCE_PREFIXES:
            return f"居民身份证号码前两位“{number[:2]}”不是有效的省级行政区划代码"
    elif kind == ID_TYPE_HMT_PERMIT:
        if number[:6] not in _HMT_PREFIXES:
            return f"港澳台居民居住证号码应以810000（香港）、820000（澳门）或830000（台湾）开头，当前为“{number[:6]}”"
    else:  # 外国人永久居留身份证: 9 + province of the receiving authority + 3-digit country code
        if number[0] != "9":
            return "外国人永久居留身份证号码第1位应为9"
        if number[1:3] not in _MAINLAND_PROVINCE_PREFIXES:
            return f"外国人永久居留身份证号码第2-3位“{number[1:3]}”不是有效的省级行政区划代码"
    return None


def _birth_date(kind: str, number: str, today: date) -> tuple[date | None, str | None]:
    text = number[6:14]
    try:
        born = date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None, f"{kind}号码第7-14位的出生日期“{text}”不是有效日期"
    if born > today:
        return None, f"{kind}号码中的出生日期{format_date(born)}晚于今天"
    if born < _EARLIEST_BIRTH:
        return None, f"{kind}号码中的出生日期{format_date(born)}早于1900年"
    return born, None


def identity_key(id_type: object, value: object) -> str:
    """Key for the one-person-one-institution rule: the normalized number."""
    return check_identity(id_type, value).normalized


# --- 手机号 -----------------------------------------------------------------------

_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def normalize_mobile(value: object) -> str:
    """Digits only, without a leading +86."""
    text = _compact(value)
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("86") and len(text) == 13:
        text = text[2:]
    return text


def mobile_error(value: object) -> str | None:
    """None for an 11-digit mainland mobile number, else what is wrong."""
    number = normalize_mobile(value)
    if not number:
        return "请填写手机号"
    if not _is_digits(number):
        return "手机号只能包含数字"
    if len(number) != 11:
        return f"手机号应为11位数字，当前为{len(number)}位"
    if not _MOBILE.match(number):
        return "手机号应以1开头，第2位为3-9"
    return None


# --- Masking ----------------------------------------------------------------------


def _mask(value: object, keep: int, stars: str) -> str:
    text = _compact(value)
    if not text:
        return ""
    if len(text) > 2 * keep:
        return text[:keep] + stars + text[-keep:]
    # Too short to show 4 + 4 and still hide something: show one character at each end.
    if len(text) > 2:
        return text[0] + stars + text[-1]
    return stars


def mask_id_number(value: object) -> str:
    """"510922199001013027" -> "5109*****3027" (the manual's style)."""
    return _mask(value, 4, "*****")


def mask_phone(value: object) -> str:
    """"18812347808" -> "188****7808"."""
    text = _compact(value)
    if len(text) >= 8:
        return text[:3] + "****" + text[-4:]
    return _mask(text, 4, "****")


# --- Dates ------------------------------------------------------------------------

_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01, past Excel's fictitious 1900-02-29
_MAX_EXCEL_SERIAL = 2958465  # 9999-12-31
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")


def _from_excel_serial(serial: float) -> date | None:
    if not (1 <= serial <= _MAX_EXCEL_SERIAL):
        return None
    days = math.floor(serial)
    if days < 60:  # before Excel's fictitious 1900-02-29
        days += 1
    return _EXCEL_EPOCH + timedelta(days=days)


def _from_digits(text: str) -> date | None:
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def parse_date(value: object) -> date | None:
    """A date from a date, datetime, Excel serial number or text; None if it is none of these.

    Text forms: 2024-07-01, 2024/7/1, 2024.7.1, 2024年7月1日, 20240701 (a time part is ignored).
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        if isinstance(value, int) and 10000101 <= value <= 99991231:
            return _from_digits(str(value))  # a yyyymmdd number typed into a number cell
        return _from_excel_serial(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if len(text) == 8 and text.isdigit():
        return _from_digits(text)
    if re.fullmatch(r"\d{5}(\.0+)?", text):  # a serial number exported as text
        return _from_excel_serial(float(text))
    match = _DATE_TEXT.match(text)
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def format_date(value: object) -> str:
    """"2025-12-24"; "" for None or anything that is not a date."""
    parsed = parse_date(value)
    return parsed.isoformat() if parsed else ""


# --- Accounts ---------------------------------------------------------------------


@dataclass(frozen=True)
class PasswordPolicy:
    min_length: int = 8
    min_classes: int = 3
    max_length: int = 64


_CHARACTER_CLASSES = ("大写字母", "小写字母", "数字", "特殊符号")


def _character_class(ch: str) -> int:
    if "A" <= ch <= "Z":
        return 0
    if "a" <= ch <= "z":
        return 1
    if "0" <= ch <= "9":
        return 2
    return 3


def password_errors(password: str | None, policy: PasswordPolicy | None = None) -> list[str]:
    """Every way `password` breaks `policy`; [] when it is acceptable."""
    policy = policy or PasswordPolicy()
    if not password:
        return ["请输入密码"]
    errors: list[str] = []
    if len(password) < policy.min_length:
        errors.append(f"密码长度至少{policy.min_length}位")
    if len(password) > policy.max_length:
        errors.append(f"密码长度不能超过{policy.max_length}位")
    if any(ch.isspace() for ch in password):
        errors.append("密码不能包含空格")
    if any(not ch.isascii() or not ch.isprintable() for ch in password if not ch.isspace()):
        errors.append("密码只能使用英文字母、数字和英文特殊符号")
    classes = {_character_class(ch) for ch in password if ch.isascii() and not ch.isspace()}
    if len(classes) < policy.min_classes:
        errors.append(f"密码须包含{'、'.join(_CHARACTER_CLASSES)}中的至少{policy.min_classes}类")
    return errors


_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def username_error(value: str | None) -> str | None:
    """4-32 characters: letters, digits and underscore, starting with a letter."""
    name = (value or "").strip()
    if not name:
        return "请填写用户名"
    if not 4 <= len(name) <= 32:
        return f"用户名长度应为4-32位，当前为{len(name)}位"
    if not ("A" <= name[0] <= "Z" or "a" <= name[0] <= "z"):
        return "用户名须以英文字母开头"
    if not _USERNAME.match(name):
        return "用户名只能包含英文字母、数字和下划线"
    return None


# --- Building valid numbers (demo data and benchmark generators, never validation) ---


def complete_credit_code(first16: str) -> str:
    """A valid credit code from its first 16 characters (adds both check characters)."""
    body = first16[:16]
    with_org_check = body + _org_code_check_char(body[8:16])
    return with_org_check + _uscc_check_char(with_org_check)


def complete_identity_number(first17: str) -> str:
    """A valid 18-character identity number from its first 17 digits."""
    return first17 + _id_check_char(first17)
