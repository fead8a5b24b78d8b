"""Validation and the set-based write of an imported 设施设备 sheet.

A device is known by its 编号类型 + 设备编号 (letter case and width ignored): a row that
names a device already in this filing updates it, any other row adds one. Imports never
delete equipment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from filing_app.domain.clock import utcnow
from filing_app.domain.records import check_equipment, BulkCache
from filing_app.models import Equipment, Filing
from filing_app.services.actor import Actor
from filing_app.services.excel.common import (
    CellError,
    ConcurrentChange,
    Progress,
    cell_input,
    execute_many,
    sort_errors,
)
from filing_app.services.excel.reader import SheetRows
from filing_app.services.excel.schema import Layout

FIELDS = ("equipment_type", "name", "model", "number_type", "number", "ownership", "manufacturer",
          "metrology_status", "condition")


@dataclass
class EquipmentPlan:
    rows: int = 0
    errors: list[CellError] = field(default_factory=list)
    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    unchanged: int = 0


def device_key(number_type: str, number: str) -> tuple[str, str]:
    return (number_type, number.casefold())


def validate(session: Session, actor: Actor, filing: Filing | None, lay: Layout, sheet: SheetRows,
             progress: Progress) -> EquipmentPlan:
    plan = EquipmentPlan(rows=len(sheet))
    cache = BulkCache()
    # Per column: text cell -> (validator input, early error), worked out once per distinct text.
    present = [(key, lay.column(key), {}) for key in sheet.columns]
    label = {c.key: c.label for c in lay.columns}
    order = [c.key for c in lay.columns]
    errors: list[CellError] = []

    def error(row: int, key: str, message: str) -> None:
        errors.append(CellError(row, label.get(key, ""), message, sheet.columns.get(key)))

    existing: dict[tuple[str, str], list[dict[str, Any]]] = {}
    if filing is not None:
        names = ["id", *FIELDS]
        query = select(Equipment.id, *(getattr(Equipment, f) for f in FIELDS)).where(Equipment.filing_id == filing.id)
        for row in session.exec(query):
            record = dict(zip(names, row))
            existing.setdefault(device_key(record["number_type"], record["number"]), []).append(record)

    first_row: dict[tuple[str, str], int] = {}
    planned: list[tuple[dict[str, Any], dict[str, Any] | None]] = []
    total = len(sheet)
    for n, (row, cells) in enumerate(sheet.rows, start=1):
        data: dict[str, Any] = {}
        early: dict[str, str] = {}
        for key, column, memo in present:
            raw = cells[key]
            if raw.__class__ is str:
                converted = memo.get(raw)
                if converted is None:
                    converted = memo[raw] = cell_input(column, raw)
            else:
                converted = cell_input(column, raw)
            data[key] = converted[0]
            if converted[1]:
                early[key] = converted[1]
        checked = check_equipment(data, lay.filing_type, cache=cache)
        row_errors = checked.errors
        if early:
            row_errors.update(early)  # the cell's own problem (a damaged number) says more
        values = checked.values
        if "number_type" not in row_errors and "number" not in row_errors:
            key = device_key(values["number_type"], values["number"])
            if key in first_row:
                row_errors["number"] = (f"与第{first_row[key]}行的编号类型和设备编号相同；"
                                        "同一台设备在文件中只能出现一次，请删除重复的行")
            else:
                first_row[key] = row
                matches = existing.get(key, [])
                if len(matches) > 1:
                    row_errors["number"] = (f"本备案中已有{len(matches)}台设备的编号类型和设备编号都是“{values['number']}”，"
                                            "无法确定更新哪一台；请先在设施设备页修改重复的设备编号")
                elif not row_errors:
                    planned.append((values, matches[0] if matches else None))
        if row_errors:
            for key in order:
                if key in row_errors:
                    error(row, key, row_errors[key])
        if n % 500 == 0:
            progress(n / total, f"正在校验第{n}行，共{total}行")

    if errors:
        plan.errors = sort_errors(errors, lay)
        return plan
    now = utcnow()
    for values, old in planned:
        record = {f: values.get(f) or "" for f in FIELDS}
        if old is None:
            plan.inserts.append({**record, "created_at": now, "updated_at": now})
            continue
        if any((old[f] or "") != v for f, v in record.items()):
            plan.updates.append({"id": old["id"], **record, "updated_at": now})
        else:
            plan.unchanged += 1
    return plan


def write(session: Session, actor: Actor, filing: Filing, plan: EquipmentPlan) -> None:
    table = Equipment.__table__
    try:
        with session.begin_nested():
            if plan.inserts:
                for record in plan.inserts:
                    record["filing_id"] = filing.id
                execute_many(session, table.insert(), plan.inserts)
            if plan.updates:
                statement = table.update().where(table.c.id == sa.bindparam("_id")).values(
                    {f: sa.bindparam(f) for f in (*FIELDS, "updated_at")})
                execute_many(session, statement, [{"_id": u["id"], **{f: u[f] for f in (*FIELDS, "updated_at")}}
                                                  for u in plan.updates])
            session.flush()
    except IntegrityError:
        raise ConcurrentChange("导入时本备案的设备被同时修改，本次导入未写入任何数据；请重新导入") from None
