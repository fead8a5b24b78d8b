"""Field schemas and validation of the list records of a filing: people, trainings, equipment.

One schema serves the add/edit dialogs, the Excel templates (headers, drop-downs, notes),
the import checks and the exports, so a column is described once. Validation returns the
cleaned values and every error at once, keyed by field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import repeat
from typing import Any

from filing_app.domain import enums
from filing_app.domain.clock import today_beijing
from filing_app.domain.enums import FilingType
from filing_app.domain.text import normalize_text, split_multi
from filing_app.domain.validators import check_identity, parse_date

TEXT = "text"
ENUM = "enum"
MULTI = "multi"
DATE = "date"
BOOL = "bool"  # 有/无
ID_NUMBER = "id_number"


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    kind: str = TEXT
    required: bool = True
    # enumeration key in enums.ENUMERATIONS, or a function of the filing type giving one
    enum: str | Callable[[str], str] | None = None
    max_length: int = 100
    note: str = ""
    # None: both filing types; else only this one
    only_for: str | None = None

    def choices(self, filing_type: str) -> tuple[str, ...]:
        if self.enum is None:
            return ()
        key = self.enum(filing_type) if callable(self.enum) else self.enum
        return enums.ENUMERATIONS[key]

    def enum_key(self, filing_type: str) -> str | None:
        if self.enum is None:
            return None
        return self.enum(filing_type) if callable(self.enum) else self.enum


def _posts_key(filing_type: str) -> str:
    return "monitoring_posts" if filing_type == FilingType.MONITORING else "om_posts"


PERSON_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "姓名", max_length=50),
    FieldSpec("id_type", "证件类型", ENUM, enum="id_types", note="不填默认为居民身份证", required=False),
    FieldSpec("id_number", "证件号码", ID_NUMBER, max_length=18, note="18位号码，单元格须为文本格式"),
    FieldSpec("gender", "性别", ENUM, enum="genders", required=False, note="由证件号码自动识别"),
    FieldSpec("education", "学历", ENUM, enum="educations"),
    FieldSpec("degree", "学位", ENUM, enum="degrees"),
    FieldSpec("major", "所学专业", max_length=100),
    FieldSpec("hire_date", "入职时间", DATE, note="如 2024-07-01"),
    FieldSpec("labor_relation", "劳动关系", ENUM, enum="labor_relations"),
    FieldSpec("duties", "职务", MULTI, enum="duties", only_for=FilingType.MONITORING,
              note="可多选，用顿号或逗号分隔"),
    FieldSpec("title", "职称", ENUM, enum="titles"),
    FieldSpec("posts", "岗位", MULTI, enum=_posts_key, note="可多选，用顿号或逗号分隔；监测机构填监测岗位，运维机构填运维岗位"),
    FieldSpec("status", "人员状态", ENUM, enum="person_statuses",
              note="人员由技术岗转为非技术岗请选择“转非技术人员”"),
    FieldSpec("leave_date", "离职时间", DATE, required=False, note="人员状态为离职时必填"),
    FieldSpec("has_training", "人员能力(外部培训)", BOOL, enum="yes_no", required=False, note="有/无，不填为无"),
)

TRAINING_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("level", "培训层级", ENUM, enum="training_levels"),
    FieldSpec("organization", "培训机构", max_length=200),
    FieldSpec("content", "培训内容", max_length=300),
    FieldSpec("cert_no", "培训证书编号", required=False, max_length=64),
)

EQUIPMENT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("equipment_type", "设备类型", ENUM, enum="equipment_types"),
    FieldSpec("name", "设备名称", max_length=100),
    FieldSpec("model", "型号/规格", max_length=100),
    FieldSpec("number_type", "编号类型", ENUM, enum="number_types"),
    FieldSpec("number", "设备编号", max_length=64),
    FieldSpec("ownership", "设备产权", ENUM, enum="ownerships"),
    FieldSpec("manufacturer", "生产厂家", max_length=200),
    FieldSpec("metrology_status", "计量管理状态", ENUM, enum="metrology_statuses"),
    FieldSpec("condition", "设备状况", ENUM, enum="equipment_conditions"),
)


def fields_for(specs: tuple[FieldSpec, ...], filing_type: str) -> tuple[FieldSpec, ...]:
    return tuple(f for f in specs if f.only_for in (None, filing_type))


def person_post_label(filing_type: str) -> str:
    return "监测岗位" if filing_type == FilingType.MONITORING else "运维岗位"


def label_of(spec: FieldSpec, filing_type: str) -> str:
    """The column label as the filing type shows it (岗位 -> 监测岗位 / 运维岗位)."""
    return person_post_label(filing_type) if spec.key == "posts" else spec.label


@dataclass(frozen=True)
class Checked:
    values: dict[str, Any]
    errors: dict[str, str]

    @property
    def ok(self) -> bool:
        return not self.errors


def _blank(value: Any) -> bool:
    if isinstance(value, str) and value.isascii():
        return not value.strip()  # what normalize_text gives for ASCII, without its cost
    return value is None or (isinstance(value, str) and normalize_text(value) == "") or value == []


# (enumeration key, cell value) -> canonical choice or None; enums.match_enum by default.
Matcher = Callable[[str, Any], "str | None"]


class BulkCache:
    """A memo for validating many records of one list at once (a spreadsheet import).

    match_enum normalizes every choice on every call, and a file of thousands of rows
    repeats the same few values per column: here each distinct enumeration lookup and
    each distinct (field, cell value) is worked out once. Results are exactly those of
    the uncached path (the date check's "today" is the day the import started).
    """

    def __init__(self) -> None:
        self._enums: dict[tuple[str, type, Any], str | None] = {}
        self._cells: dict[tuple[str, str, type, Any], tuple[bool, Any, str | None]] = {}
        self._plans: dict[tuple[int, str], tuple[tuple[FieldSpec, dict[str, Any] | None], ...]] = {}

    def match(self, key: str, value: Any) -> str | None:
        try:
            slot = (key, type(value), value)
            return self._enums[slot]
        except KeyError:
            result = self._enums[slot] = enums.match_enum(key, value)
            return result
        except TypeError:  # unhashable value
            return enums.match_enum(key, value)

    def clean(self, spec: FieldSpec, raw: Any, filing_type: str) -> tuple[bool, Any, str | None]:
        try:
            slot = (spec.key, filing_type, type(raw), raw)
            blank, value, error = self._cells[slot]
        except KeyError:
            blank, value, error = self._cells[slot] = _clean(spec, raw, filing_type, self.match)
        except TypeError:
            return _clean(spec, raw, filing_type, self.match)
        return blank, (list(value) if isinstance(value, list) else value), error

    def _plan(self, specs: tuple[FieldSpec, ...], filing_type: str) -> tuple[tuple[FieldSpec, dict[str, Any] | None], ...]:
        """The fields of a filing type, each with a memo of its text cells (None for identity
        numbers, which differ on every row)."""
        slot = (id(specs), filing_type)
        found = self._plans.get(slot)
        if found is None:
            found = self._plans[slot] = tuple((spec, None if spec.kind == ID_NUMBER else {})
                                              for spec in fields_for(specs, filing_type))
        return found

    def check_all(self, specs: tuple[FieldSpec, ...], data: Mapping[str, Any], filing_type: str) -> Checked:
        """_check_all with every distinct text cell of a field cleaned once (the common case of
        an import, looked up without building a key); other values go through clean()."""
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        get = data.get
        for spec, memo in self._plan(specs, filing_type):
            raw = get(spec.key)
            if memo is None:
                blank, value, error = _clean(spec, raw, filing_type, self.match)
            elif raw.__class__ is str:
                found = memo.get(raw)
                if found is None:
                    found = memo[raw] = _clean(spec, raw, filing_type, self.match)
                blank, value, error = found
                if value.__class__ is list:
                    value = value.copy()
            else:
                blank, value, error = self.clean(spec, raw, filing_type)
            if error:
                errors[spec.key] = error
            if memo is None and not blank:
                continue  # a given identity number is checked with its type in check_person
            values[spec.key] = value
        return Checked(values, errors)


def _check_field(spec: FieldSpec, raw: Any, filing_type: str, errors: dict[str, str],
                 match: Matcher = enums.match_enum) -> Any:
    label = label_of(spec, filing_type)
    if spec.kind == TEXT:
        text = normalize_text(raw)
        if len(text) > spec.max_length:
            errors[spec.key] = f"{label}不能超过{spec.max_length}个字"
        return text
    if spec.kind == ENUM:
        choice = match(spec.enum_key(filing_type), raw)
        if choice is None:
            errors[spec.key] = f"{label}“{normalize_text(raw)}”不是可选值，应为：{'、'.join(spec.choices(filing_type))}"
        return choice or ""
    if spec.kind == MULTI:
        items = raw if isinstance(raw, (list, tuple)) else split_multi(raw)
        chosen, bad = [], []
        for item in items:
            choice = match(spec.enum_key(filing_type), item)
            if choice is None:
                bad.append(normalize_text(item))
            elif choice not in chosen:
                chosen.append(choice)
        if bad:
            errors[spec.key] = f"{label}中“{'、'.join(bad)}”不是可选值，应从以下选择：{'、'.join(spec.choices(filing_type))}"
        return chosen
    if spec.kind == DATE:
        parsed = parse_date(raw)
        if parsed is None:
            errors[spec.key] = f"{label}“{normalize_text(raw)}”不是有效日期，请写成 2024-07-01 的形式"
        elif parsed > today_beijing():
            errors[spec.key] = f"{label}不能晚于今天"
        return parsed
    if spec.kind == BOOL:
        if isinstance(raw, bool):
            return raw
        # The same as match_choice(raw, YES_NO + YES_NO_BOOL): the two lists share no key.
        choice = match("yes_no", raw) or match("yes_no_bool", raw)
        if choice is None:
            errors[spec.key] = f"{label}应填“有”或“无”"
            return None
        return choice in ("有", "是")
    raise ValueError(f"unknown field kind {spec.kind}")


def _clean(spec: FieldSpec, raw: Any, filing_type: str, match: Matcher) -> tuple[bool, Any, str | None]:
    """(blank, cleaned value, error) of one field; identity numbers are left to check_person."""
    if spec.kind == TEXT and isinstance(raw, str):
        # _blank and _check_field in one normalization.
        text = normalize_text(raw)
        if text:
            too_long = f"{label_of(spec, filing_type)}不能超过{spec.max_length}个字" if len(text) > spec.max_length else None
            return False, text, too_long
    if _blank(raw):
        value = [] if spec.kind == MULTI else (None if spec.kind in (DATE, BOOL) else "")
        if spec.required:
            verb = "选择" if spec.kind in (ENUM, MULTI, BOOL) else "填写"
            return True, value, f"请{verb}{label_of(spec, filing_type)}"
        return True, value, None
    if spec.kind == ID_NUMBER:
        return False, None, None  # checked with its type in check_person
    errors: dict[str, str] = {}
    value = _check_field(spec, raw, filing_type, errors, match)
    return False, value, errors.get(spec.key)


def _check_all(specs: tuple[FieldSpec, ...], data: Mapping[str, Any], filing_type: str,
               cache: BulkCache | None = None) -> Checked:
    if cache is not None:
        return cache.check_all(specs, data, filing_type)
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for spec in fields_for(specs, filing_type):
        raw = data.get(spec.key)
        blank, value, error = _clean(spec, raw, filing_type, enums.match_enum)
        if error:
            errors[spec.key] = error
        if spec.kind == ID_NUMBER and not blank:
            continue
        values[spec.key] = value
    return Checked(values, errors)


def check_person(data: Mapping[str, Any], filing_type: str, today: date | None = None,
                 cache: BulkCache | None = None) -> Checked:
    """Validate one person (dialog or spreadsheet row). Certificates are checked at submission.

    values holds id_type, id_number (normalized), id_key, gender (from the number), and
    every other field cleaned; errors maps a field key to its Chinese message. A
    BulkCache speeds up validating many rows (imports) without changing any result.
    """
    checked = _check_all(PERSON_FIELDS, data, filing_type, cache)
    return _person_checks(checked.values, checked.errors, data.get("id_number"), today)


def check_people(columns: Mapping[str, Sequence[Any]], count: int, filing_type: str,
                 today: date | None = None) -> list[Checked]:
    """check_person for `count` people given column by column (a spreadsheet import), with the
    same results (tests/unit/test_records_bulk_cache.py).

    A file of thousands of rows repeats a few values per column: each distinct cell of a
    column is cleaned once and the rows share the result; only the identity number and the
    checks across fields run per row. A column missing from `columns` is blank.
    """
    cache = BulkCache()
    keys: list[str] = []
    value_columns: list[Any] = []
    row_errors: dict[int, dict[str, str]] = {}
    id_spec = None
    for spec in fields_for(PERSON_FIELDS, filing_type):
        if spec.kind == ID_NUMBER:
            id_spec = spec
            continue
        key = spec.key
        column = columns.get(key)
        if column is None:
            blank, value, error = _clean(spec, None, filing_type, cache.match)
            column_values: Any = repeat(value, count)
            if error:
                for i in range(count):
                    row_errors.setdefault(i, {})[key] = error
        else:
            column_values, bad = _clean_column(spec, column, filing_type, cache)
            for i, error in bad:
                row_errors.setdefault(i, {})[key] = error
        if spec.kind == MULTI:  # every row gets its own list, as check_person gives
            column_values = [list(v) for v in column_values]
        keys.append(key)
        value_columns.append(column_values)
    numbers = columns.get("id_number") or repeat(None, count)
    today = today or date.today()  # what check_identity takes for None, once for the whole list
    results: list[Checked] = []
    for i, (raw_number, row_values) in enumerate(zip(numbers, zip(*value_columns))):
        values = dict(zip(keys, row_values))
        errors = row_errors.pop(i, {})
        if id_spec is not None and _blank(raw_number):  # a given number is checked in _person_checks
            _, values["id_number"], error = _clean(id_spec, raw_number, filing_type, cache.match)
            if error:
                errors["id_number"] = error
        results.append(_person_checks(values, errors, raw_number, today))
    return results


def _clean_column(spec: FieldSpec, column: Sequence[Any], filing_type: str,
                  cache: BulkCache) -> tuple[list[Any], list[tuple[int, str]]]:
    """_clean of every cell of a column: the values, and (row index, error) of the bad cells."""
    try:
        distinct = set(column)
    except TypeError:  # unhashable cells (lists)
        distinct = None
    if distinct is not None and all(v.__class__ is str for v in distinct):
        # Text only (no 1 == 1.0 == True to tell apart): each distinct text once, then a lookup per cell.
        value_of: dict[str, Any] = {}
        error_of: dict[str, str] = {}
        for text in distinct:
            _, value_of[text], error = _clean(spec, text, filing_type, cache.match)
            if error:
                error_of[text] = error
        values = list(map(value_of.__getitem__, column))
        bad = [(i, error_of[v]) for i, v in enumerate(column) if v in error_of] if error_of else []
        return values, bad
    values, bad = [], []
    for i, raw in enumerate(column):
        _, value, error = cache.clean(spec, raw, filing_type)
        values.append(value)
        if error:
            bad.append((i, error))
    return values, bad


def _person_checks(values: dict[str, Any], errors: dict[str, str], raw_number: Any, today: date | None) -> Checked:
    """The checks across a person's fields once each field is cleaned: the identity number
    with its type (and the gender and birth date it gives), the dates against the status."""
    id_type = values.get("id_type") or enums.ID_TYPE_RESIDENT
    values["id_type"] = id_type
    if not _blank(raw_number):
        # "" is check_identity's own spelling of 居民身份证 (and spares it matching the label again).
        result = check_identity("" if id_type == enums.ID_TYPE_RESIDENT else id_type, raw_number, today)
        values["id_number"] = result.normalized
        values["id_key"] = result.normalized
        if not result.ok:
            errors["id_number"] = result.message
        else:
            given = values.get("gender")
            if given and result.gender and given != result.gender:
                errors["gender"] = f"性别“{given}”与证件号码不符（证件号码显示为{result.gender}）"
            values["gender"] = result.gender or given or ""
            if result.birth_date and values.get("hire_date") and values["hire_date"] < result.birth_date:
                errors["hire_date"] = "入职时间早于出生日期，请核对"
    status = values.get("status")
    if status == enums.PERSON_STATUS_LEFT:
        if values.get("leave_date") is None and "leave_date" not in errors:
            errors["leave_date"] = "人员状态为离职时，请填写离职时间"
    elif values.get("leave_date") is not None and "leave_date" not in errors and status:
        errors["leave_date"] = "只有离职人员填写离职时间"
    hire, leave = values.get("hire_date"), values.get("leave_date")
    if hire and leave and leave < hire:
        errors["leave_date"] = "离职时间不能早于入职时间"
    if values.get("has_training") is None:
        values["has_training"] = False
    return Checked(values, errors)


def check_training(data: Mapping[str, Any]) -> Checked:
    return _check_all(TRAINING_FIELDS, data, FilingType.OM)


def check_equipment(data: Mapping[str, Any], filing_type: str, cache: BulkCache | None = None) -> Checked:
    return _check_all(EQUIPMENT_FIELDS, data, filing_type, cache)


# --- Certificates of a person (学历证书, 学位证书, 职称证书) ---------------------------


@dataclass(frozen=True)
class CertificateSlot:
    key: str  # also the Attachment.purpose of its uploads
    label: str
    column: str  # Person column holding the attachment id


PERSON_CERTIFICATES: tuple[CertificateSlot, ...] = (
    CertificateSlot("edu_cert", "学历证书", "edu_cert_attachment_id"),
    CertificateSlot("degree_cert", "学位证书", "degree_cert_attachment_id"),
    CertificateSlot("title_cert", "职称证书", "title_cert_attachment_id"),
)
CERTIFICATE_KEYS: tuple[str, ...] = tuple(slot.key for slot in PERSON_CERTIFICATES)


def certificates_needed(status: str, degree: str, title: str) -> tuple[str, ...]:
    """The certificates a person's record needs: none for people who have left; 学历证书 for the
    others, 学位证书 unless the degree is 无, 职称证书 unless the title is 无."""
    if status == enums.PERSON_STATUS_LEFT:
        return ()
    needed = ["edu_cert"]
    if degree and degree != "无":
        needed.append("degree_cert")
    if title and title != "无":
        needed.append("title_cert")
    return tuple(needed)


def missing_certificates(status: str, degree: str, title: str, present: set[str] | frozenset[str]) -> dict[str, str]:
    """slot key -> "请上传学历证书" for each needed certificate not in `present`."""
    labels = {slot.key: slot.label for slot in PERSON_CERTIFICATES}
    return {key: f"请上传{labels[key]}" for key in certificates_needed(status, degree, title) if key not in present}
