"""Validation and the set-based write of an imported 技术人员 sheet.

Every row is checked with domain.records.check_person (enumerations matched through a
per-import cache), then the file as a whole: an identity number twice in the file, and
the one-person-one-institution rule against every other institution, looked up for all
identity keys of the file at once (chunked IN lists). A row whose identity number is
already in this filing updates that person; any other row adds one.

The write is one savepoint: claims of newly 在职 people (active_employment, whose
unique id_key is the database's rule), inserts and updates in bulk, then releases of
people who are no longer 在职. If another institution claims one of these people between
the check and the write, the unique index refuses it and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from filing_app.domain.enums import PERSON_STATUS_ACTIVE
from filing_app.domain.clock import utcnow
from filing_app.domain.records import check_people
from filing_app.models import ActiveEmployment, Filing, Institution, Person
from filing_app.services import employment
from filing_app.services.actor import Actor
from filing_app.services.excel.common import (
    CellError,
    ConcurrentChange,
    Progress,
    chunks,
    column_inputs,
    execute_many,
    sort_errors,
)
from filing_app.services.excel.reader import SheetRows
from filing_app.services.excel.schema import Layout

# Identity keys per IN list of the holder check: within SQLite's (3.32+) 32,766 and PostgreSQL's
# 65,535 bound parameters, and few round trips for a large file.
HOLDER_CHUNK = 2000
# Rows validated at a time (progress is reported between them).
VALIDATE_CHUNK = 1000

# The person fields an import writes (attachments and trainings are never touched).
FIELDS = ("id_type", "id_number", "name", "gender", "education", "degree", "major", "hire_date", "labor_relation",
          "duties", "title", "posts", "status", "leave_date", "has_training")


@dataclass
class PeoplePlan:
    rows: int = 0
    errors: list[CellError] = field(default_factory=list)
    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    unchanged: int = 0
    claims: list[str] = field(default_factory=list)
    releases: list[str] = field(default_factory=list)


def _same(field_name: str, old: Any, new: Any) -> bool:
    if field_name == "has_training":
        return bool(old) == bool(new)
    if field_name in ("duties", "posts"):
        return list(old or []) == list(new or [])
    return (old if old is not None else "") == (new if new is not None else "")


def holders_of(session: Session, keys: set[str]) -> dict[str, int]:
    """id_key -> the institution holding that person 在职, for every key held anywhere."""
    held: dict[str, int] = {}
    table = ActiveEmployment.__table__
    statement = sa.select(table.c.id_key, table.c.institution_id).where(
        table.c.id_key.in_(sa.bindparam("keys", expanding=True)))
    conn = session.connection()
    for batch in chunks(sorted(keys), HOLDER_CHUNK):
        held.update(conn.execute(statement, {"keys": batch}).all())
    return held


def _existing(session: Session, filing: Filing | None) -> dict[str, dict[str, Any]]:
    if filing is None:
        return {}
    columns = [Person.id, Person.id_key, *(getattr(Person, f) for f in FIELDS)]
    names = ["id", "id_key", *FIELDS]
    return {row[1]: dict(zip(names, row)) for row in session.exec(select(*columns).where(Person.filing_id == filing.id))}


def _inputs(lay: Layout, sheet: SheetRows) -> tuple[dict[str, list[Any]], dict[int, dict[str, str]]]:
    """The cells as the validators get them, column by column, and the problems found in the
    cells themselves (row index -> field -> message)."""
    columns: dict[str, list[Any]] = {}
    early: dict[int, dict[str, str]] = {}
    for key, cells in sheet.cells.items():
        columns[key], problems = column_inputs(lay.column(key), cells)
        for i, message in problems:
            early.setdefault(i, {})[key] = message
    return columns, early


def validate(session: Session, actor: Actor, filing: Filing | None, lay: Layout, sheet: SheetRows,
             progress: Progress) -> PeoplePlan:
    plan = PeoplePlan(rows=len(sheet))
    label = {c.key: c.label for c in lay.columns}
    order = [c.key for c in lay.columns]
    errors: list[CellError] = []

    def error(row: int, key: str, message: str) -> None:
        errors.append(CellError(row, label.get(key, ""), message, sheet.columns.get(key)))

    columns, early = _inputs(lay, sheet)
    first_row: dict[str, int] = {}  # identity key -> the first row holding it
    valid_id: list[tuple[int, dict[str, Any]]] = []  # rows with a valid identity number, first occurrences
    total = len(sheet)
    for start in range(0, total, VALIDATE_CHUNK):
        end = min(start + VALIDATE_CHUNK, total)
        chunk = {key: values[start:end] for key, values in columns.items()}
        for i, checked in enumerate(check_people(chunk, end - start, lay.filing_type), start=start):
            row = sheet.numbers[i]
            row_errors = checked.errors
            if i in early:
                row_errors.update(early[i])  # the cell's own problem (a damaged number) says more
            if row_errors:
                for key in order:
                    if key in row_errors:
                        error(row, key, row_errors[key])
                if "id_number" in row_errors:
                    continue
            # The file as a whole: an identity number twice in the file.
            key = checked.values.get("id_key")
            if not key:
                continue
            if key in first_row:
                error(row, "id_number", f"与第{first_row[key]}行的证件号码相同；同一人员在文件中只能出现一次，请删除重复的行")
                continue
            first_row[key] = row
            valid_id.append((row, checked.values))
        progress(end / total, f"正在校验第{end}行，共{total}行")

    # The one-person-one-institution rule, for every 在职 row at once.
    active_keys = {v["id_key"] for _, v in valid_id if v.get("status") == PERSON_STATUS_ACTIVE}
    holders = holders_of(session, active_keys)
    elsewhere = {key: holder for key, holder in holders.items() if holder != actor.institution_id}
    if elsewhere:
        names = dict(session.exec(select(Institution.id, Institution.name)
                                  .where(Institution.id.in_(set(elsewhere.values())))).all())
        for key, holder in elsewhere.items():  # key is the row's normalised identity number
            error(first_row[key], "id_number", employment.HeldElsewhere(key, names.get(holder, "其他机构")).message)

    if errors:
        plan.errors = sort_errors(errors, lay)
        return plan

    existing = _existing(session, filing)
    now = utcnow()
    institution_id = actor.institution_id
    for _row, values in valid_id:
        key = values["id_key"]
        new_active = values["status"] == PERSON_STATUS_ACTIVE
        if new_active and key not in holders:
            plan.claims.append(key)
        old = existing.get(key)
        if old is None:
            # The checked values are the new row: FIELDS and id_key (duties only in monitoring filings).
            if "duties" not in values:
                values["duties"] = []
            values["institution_id"] = institution_id
            values["created_at"] = values["updated_at"] = now
            plan.inserts.append(values)
            continue
        merged = {f: values[f] if f in values else old[f] for f in FIELDS}
        if any(old[f] != merged[f] and not _same(f, old[f], merged[f]) for f in FIELDS):
            plan.updates.append({"id": old["id"], **merged, "updated_at": now})
        else:
            plan.unchanged += 1
        if old["status"] == PERSON_STATUS_ACTIVE and not new_active:
            plan.releases.append(key)
    return plan


def write(session: Session, actor: Actor, filing: Filing, plan: PeoplePlan) -> None:
    """Apply the plan in one savepoint, or raise ConcurrentChange with nothing written."""
    now = utcnow()
    people = Person.__table__
    try:
        with session.begin_nested():
            if plan.claims:
                execute_many(session, ActiveEmployment.__table__.insert(), [
                    {"id_key": key, "institution_id": actor.institution_id, "since": now} for key in plan.claims
                ])
            if plan.inserts:
                for record in plan.inserts:
                    record["filing_id"] = filing.id
                execute_many(session, people.insert(), plan.inserts)
            if plan.updates:
                # Whole rows, so that one executemany serves every update.
                statement = people.update().where(people.c.id == sa.bindparam("_id")).values(
                    {f: sa.bindparam(f) for f in (*FIELDS, "updated_at")})
                execute_many(session, statement, [{"_id": u["id"], **{f: u[f] for f in (*FIELDS, "updated_at")}}
                                                  for u in plan.updates])
            for key in plan.releases:
                employment.release_if_unused(session, actor.institution_id, key)
            session.flush()
    except IntegrityError:
        raise ConcurrentChange(
            "导入时，文件中有人员刚刚被其他机构备案为在职，或本备案的人员被同时修改，本次导入未写入任何数据；"
            "请重新导入，系统会指出具体是哪些人员"
        ) from None
