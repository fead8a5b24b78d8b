"""Export of the current (filtered) list of a filing to .xlsx, in the template's layout.

Identity numbers are masked (5109*****3027) unless the main account asks for the full
numbers; that choice is audited and refused to sub-accounts. Because the workbook is
the template with rows, an export with full numbers re-imports without changing
anything; a masked one is refused row by row by the import.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from filing_app.domain import enums
from filing_app.domain.clock import today_beijing
from filing_app.domain.text import normalize_text
from filing_app.domain.validators import mask_id_number
from filing_app.models import Equipment, Person
from filing_app.services import audit
from filing_app.services.actor import Actor, require_institution
from filing_app.services.errors import PermissionDenied
from filing_app.services.excel.common import find_filing
from filing_app.services.excel.schema import PEOPLE, Layout, check_filing_type, check_kind, layout
from filing_app.services.excel.templates import template_bytes, template_filename, write_workbook

# The filters each list offers (§3.1.1.2, §3.1.1.4): 姓名/人员状态, 设备名称/设备状况.
FILTER_KEYS = {PEOPLE: ("name", "status"), "equipment": ("name", "condition")}
_ENUM_FILTERS = {"status": "person_statuses", "condition": "equipment_conditions"}
# As the list pages cut their name filters (services/people.list_people, equipment.list_equipment).
_NAME_LENGTH = {PEOPLE: 50, "equipment": 100}


@dataclass(frozen=True)
class ExportFile:
    data: bytes
    filename: str
    rows: int


def clean_filters(kind: str, filters: Mapping[str, Any] | None) -> dict[str, str]:
    """Only the list's own filters, as short plain text; an enumeration must be one of its choices."""
    cleaned: dict[str, str] = {}
    if not isinstance(filters, Mapping):
        return cleaned
    for key in FILTER_KEYS[kind]:
        value = filters.get(key)
        if not isinstance(value, str):
            continue
        text = normalize_text(value)[:_NAME_LENGTH[kind] if key == "name" else 50]
        if not text:
            continue
        if key in _ENUM_FILTERS:
            choice = enums.match_enum(_ENUM_FILTERS[key], text)
            if choice is None:
                continue
            text = choice
        cleaned[key] = text
    return cleaned


def _people_rows(session: Session, filing_id: int, lay: Layout, filters: dict[str, str],
                 full: bool) -> Iterator[list[Any]]:
    keys = [c.key for c in lay.columns]
    query = select(*(getattr(Person, k) for k in keys)).where(Person.filing_id == filing_id)
    if "name" in filters:
        query = query.where(Person.name.contains(filters["name"], autoescape=True))
    if "status" in filters:
        query = query.where(Person.status == filters["status"])
    id_at = keys.index("id_number")
    lists = [i for i, k in enumerate(keys) if k in ("duties", "posts")]
    training_at = keys.index("has_training")
    for row in session.exec(query.order_by(Person.id)):
        values = list(row)
        if not full:
            values[id_at] = mask_id_number(values[id_at])
        for i in lists:
            values[i] = "、".join(values[i] or [])
        values[training_at] = "有" if values[training_at] else "无"
        yield values


def _equipment_rows(session: Session, filing_id: int, lay: Layout, filters: dict[str, str]) -> Iterator[list[Any]]:
    keys = [c.key for c in lay.columns]
    query = select(*(getattr(Equipment, k) for k in keys)).where(Equipment.filing_id == filing_id)
    if "name" in filters:
        query = query.where(Equipment.name.contains(filters["name"], autoescape=True))
    if "condition" in filters:
        query = query.where(Equipment.condition == filters["condition"])
    for row in session.exec(query.order_by(Equipment.id)):
        yield list(row)


def export_list(session: Session, actor: Actor | None, kind: str, filing_type: str,
                filters: Mapping[str, Any] | None = None, *, full_numbers: bool = False) -> ExportFile:
    require_institution(actor)
    kind, filing_type = check_kind(kind), check_filing_type(filing_type)
    full_numbers = bool(full_numbers) and kind == PEOPLE
    if full_numbers and not actor.is_main:
        audit.record(session, actor, "excel_export", object_type="filing", result="denied",
                     detail={"kind": kind, "filing_type": filing_type, "full_numbers": True})
        audit.refuse(session, PermissionDenied("仅主账号可导出完整证件号码，请使用“导出”获取脱敏后的名单"))
    lay = layout(kind, filing_type)
    cleaned = clean_filters(kind, filters)
    filing = find_filing(session, actor, filing_type)
    count = 0

    def counted(rows: Iterator[list[Any]]) -> Iterator[list[Any]]:
        nonlocal count
        for row in rows:
            count += 1
            yield row

    if filing is None:
        rows: Iterator[list[Any]] = iter(())
    elif kind == PEOPLE:
        rows = _people_rows(session, filing.id, lay, cleaned, full_numbers)
    else:
        rows = _equipment_rows(session, filing.id, lay, cleaned)
    data = write_workbook(lay, counted(rows))
    audit.record(session, actor, "excel_export", object_type="filing", object_id=filing.id if filing else None,
                 detail={"kind": kind, "filing_type": filing_type, "rows": count, "full_numbers": full_numbers,
                         "filters": cleaned})
    suffix = "_完整证件号码" if full_numbers else ""
    return ExportFile(data=data, filename=f"{lay.title}{suffix}_{today_beijing().isoformat()}.xlsx", rows=count)


def template_file(session: Session, actor: Actor | None, kind: str, filing_type: str) -> ExportFile:
    """The empty import template of a list (下载模板)."""
    require_institution(actor)
    kind, filing_type = check_kind(kind), check_filing_type(filing_type)
    return ExportFile(data=template_bytes(kind, filing_type), filename=template_filename(kind, filing_type), rows=0)
