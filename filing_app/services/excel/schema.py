"""Sheet layouts of the templates and exports, derived from the record schemas.

One layout per list (people / equipment) and filing type. Templates, exports, the
header check of an import and the error report all use it, so a column is described
once, in domain/records.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from filing_app.domain import records
from filing_app.domain.enums import FILING_TYPE_LABELS, FILING_TYPES
from filing_app.domain.records import DATE, ENUM, ID_NUMBER, MULTI, TEXT, FieldSpec
from filing_app.domain.text import normalize_text
from filing_app.services.errors import ServiceError

PEOPLE = "people"
EQUIPMENT = "equipment"
KINDS = (PEOPLE, EQUIPMENT)
KIND_LABELS = {PEOPLE: "技术人员", EQUIPMENT: "设施设备"}

# Bump when the columns of a template change: older files are then refused with a
# request to download the new template.
TEMPLATE_VERSION = "1"
MARKER = "FILING-XLSX"
LISTS_SHEET = "下拉选项"  # hidden: the drop-down lists and, in row 1, the version marker
NOTES_SHEET = "填写说明"
ERROR_HEADER = "错误说明"

# Other header spellings people use for a column (the manual's list headers among them).
HEADER_ALIASES: dict[str, dict[str, str]] = {
    PEOPLE: {
        "身份证号": "id_number",
        "身份证号码": "id_number",
        "证件号": "id_number",
        "专业技术人员职称": "title",
        "岗位": "posts",
        "人员能力": "has_training",
        "外部培训": "has_training",
    },
    EQUIPMENT: {
        "型号": "model",
        "规格": "model",
        "型号规格": "model",
        "设备状态": "condition",
    },
}

_REQUIRED_MARKS = re.compile(r"^\*+|\(必填\)$|必填$")


def column_letters(number: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while number > 0:
        number, rem = divmod(number - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def check_kind(kind: object) -> str:
    if kind not in KINDS:
        raise ServiceError("不支持的列表类型")
    return str(kind)


def check_filing_type(filing_type: object) -> str:
    if filing_type not in FILING_TYPES:
        raise ServiceError("备案类型无效")
    return str(filing_type)


@dataclass(frozen=True)
class Column:
    spec: FieldSpec
    label: str
    choices: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def required(self) -> bool:
        return self.spec.required

    @property
    def header(self) -> str:
        """The header cell: required columns are marked with a leading *."""
        return f"*{self.label}" if self.required else self.label

    @property
    def is_text(self) -> bool:
        """Cells formatted as text in the template (numbers typed there keep every digit)."""
        return self.spec.kind in (TEXT, ID_NUMBER)

    @property
    def is_date(self) -> bool:
        return self.spec.kind == DATE

    @property
    def is_multi(self) -> bool:
        return self.spec.kind == MULTI

    @property
    def has_list(self) -> bool:
        return bool(self.choices)

    def requirement(self, filing_type: str) -> str:
        """What the notes sheet and the cell prompt say about the column."""
        kind, note = self.spec.kind, self.spec.note
        if kind == ID_NUMBER:
            return "18位证件号码；本列已设为文本格式，从别处粘贴时请用“选择性粘贴-数值”，并确认号码完整显示"
        if kind == TEXT:
            return "；".join(p for p in (f"不超过{self.spec.max_length}个字", note) if p)
        if kind == DATE:
            return "；".join(p for p in ("日期，写成 2024-07-01 或 2024/7/1 的形式", note if "如" not in note else "")
                            if p)
        if kind == ENUM:
            return "；".join(p for p in ("从下拉列表中选择一项", note) if p)
        if kind == MULTI:
            return "可多选：从下拉列表选择一项，或输入多项并用顿号“、”分隔"
        return note or "填“有”或“无”"


@dataclass(frozen=True)
class Layout:
    kind: str
    filing_type: str
    columns: tuple[Column, ...]

    @property
    def sheet(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def title(self) -> str:
        return f"{KIND_LABELS[self.kind]}（{FILING_TYPE_LABELS[self.filing_type]}）"

    @property
    def marker(self) -> tuple[str, str, str, str]:
        return (MARKER, self.kind, self.filing_type, TEMPLATE_VERSION)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def header_index(self) -> dict[str, str]:
        """Normalized header text -> field key (labels and their other spellings)."""
        index = {header_key(c.label): c.key for c in self.columns}
        for alias, key in HEADER_ALIASES[self.kind].items():
            if any(c.key == key for c in self.columns):
                index.setdefault(header_key(alias), key)
        return index


def header_key(text: object) -> str:
    """A header cell compared without the required mark, spaces and width differences."""
    value = normalize_text(text).replace(" ", "")
    return _REQUIRED_MARKS.sub("", value)


@lru_cache(maxsize=8)
def layout(kind: str, filing_type: str) -> Layout:
    check_kind(kind)
    check_filing_type(filing_type)
    specs = records.PERSON_FIELDS if kind == PEOPLE else records.EQUIPMENT_FIELDS
    columns = tuple(
        Column(spec=spec, label=records.label_of(spec, filing_type), choices=spec.choices(filing_type))
        for spec in records.fields_for(specs, filing_type)
    )
    return Layout(kind=kind, filing_type=filing_type, columns=columns)
