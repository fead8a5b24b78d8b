"""设施设备 of a filing (§3.1.1.4, §3.1.2.4): paged list with filters, add, edit, delete."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from filing_app.domain.clock import utcnow
from filing_app.domain.records import EQUIPMENT_FIELDS, check_equipment
from filing_app.models import Equipment, Filing
from filing_app.services import audit
from filing_app.services.actor import Actor
from filing_app.services.errors import StaleVersion, ValidationFailed
from filing_app.services.filing_access import (
    PAGE_SIZE,
    choice_filter,
    editable_filing,
    filing_row,
    find_filing,
    list_page,
    name_filter,
    require_editable,
    stamp_of,
)

FIELD_KEYS: tuple[str, ...] = tuple(spec.key for spec in EQUIPMENT_FIELDS)


@dataclass(frozen=True)
class EquipmentRow:
    id: int
    seq: int
    equipment_type: str
    name: str
    model: str
    number_type: str
    number: str
    ownership: str
    manufacturer: str
    metrology_status: str
    condition: str


def equipment_row(row_id: int, seq: int, values: Mapping[str, Any]) -> EquipmentRow:
    """A table row from a device's values (a database row or a submission snapshot's record)."""
    return EquipmentRow(int(row_id), seq, *(str(values.get(key) or "") for key in FIELD_KEYS))


@dataclass(frozen=True)
class EquipmentPage:
    rows: list[EquipmentRow]
    total: int
    page: int
    page_size: int


@dataclass(frozen=True)
class EquipmentDetail:
    id: int
    stamp: str
    values: dict[str, str]


@dataclass(frozen=True)
class EquipmentSaved:
    id: int
    stamp: str
    name: str


def _owned(session: Session, actor: Actor, equipment_id: Any, action: str) -> tuple[Equipment, Filing]:
    return filing_row(session, actor, Equipment, equipment_id, action, object_type="equipment",
                      missing="设备不存在或已被删除", denied="无权查看或修改其他机构的设备信息")


def list_equipment(
    session: Session,
    actor: Actor,
    filing_type: str,
    *,
    name: str = "",
    condition: str = "",
    page: Any = 1,
    page_size: Any = PAGE_SIZE,
) -> EquipmentPage:
    """One page of the filing's equipment, filtered by 设备名称 (contains) and 设备状况, in SQL."""
    filing = find_filing(session, actor, filing_type)
    if filing is None:
        return EquipmentPage([], 0, 1, PAGE_SIZE)
    conditions = [Equipment.filing_id == filing.id, *name_filter(Equipment.name, name, 100),
                  *choice_filter(Equipment.condition, "equipment_conditions", condition)]
    columns = [Equipment.id, *(getattr(Equipment, key) for key in FIELD_KEYS)]
    result, total, bounds = list_page(session, Equipment, conditions, columns, page, page_size)
    rows = [equipment_row(r[0], bounds.offset + i, dict(zip(FIELD_KEYS, r[1:], strict=True)))
            for i, r in enumerate(result, start=1)]
    return EquipmentPage(rows, total, bounds.page, bounds.size)


def get_equipment(session: Session, actor: Actor, equipment_id: Any) -> EquipmentDetail:
    item, _ = _owned(session, actor, equipment_id, "equipment_view")
    return EquipmentDetail(item.id, stamp_of(item.updated_at), {k: getattr(item, k) or "" for k in FIELD_KEYS})


def _checked(data: Mapping[str, Any], filing_type: str) -> dict[str, Any]:
    checked = check_equipment(data, filing_type)
    if checked.errors:
        raise ValidationFailed(checked.errors)
    return checked.values


def add_equipment(session: Session, actor: Actor, filing_type: str, data: Mapping[str, Any]) -> EquipmentSaved:
    filing = editable_filing(session, actor, filing_type)
    values = _checked(data, filing.filing_type)
    now = utcnow()
    item = Equipment(filing_id=filing.id, created_at=now, updated_at=now, **values)
    session.add(item)
    session.flush()
    audit.record(session, actor, "equipment_add", object_type="equipment", object_id=item.id,
                 detail={"filing_type": filing.filing_type, "name": item.name, "number": item.number})
    return EquipmentSaved(item.id, stamp_of(item.updated_at), item.name)


def update_equipment(session: Session, actor: Actor, equipment_id: Any, data: Mapping[str, Any],
                     *, stamp: str | None = None) -> EquipmentSaved:
    item, filing = _owned(session, actor, equipment_id, "equipment_edit")
    require_editable(filing)
    if stamp is not None and stamp != stamp_of(item.updated_at):
        raise StaleVersion("该设备信息已被他人修改，请关闭对话框重新打开后再编辑，您填写的内容仍保留在表单中")
    values = _checked(data, filing.filing_type)
    labels = {spec.key: spec.label for spec in EQUIPMENT_FIELDS}
    changed = [labels[k] for k, v in values.items() if getattr(item, k) != v]
    for key, value in values.items():
        setattr(item, key, value)
    item.updated_at = utcnow()
    session.add(item)
    session.flush()
    audit.record(session, actor, "equipment_edit", object_type="equipment", object_id=item.id,
                 detail={"filing_type": filing.filing_type, "name": item.name, "changed": changed})
    return EquipmentSaved(item.id, stamp_of(item.updated_at), item.name)


def delete_equipment(session: Session, actor: Actor, equipment_id: Any) -> None:
    item, filing = _owned(session, actor, equipment_id, "equipment_delete")
    require_editable(filing)
    detail = {"filing_type": filing.filing_type, "name": item.name, "number": item.number}
    session.delete(item)
    session.flush()
    audit.record(session, actor, "equipment_delete", object_type="equipment", object_id=item.id, detail=detail)
