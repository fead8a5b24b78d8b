"""Completeness checks of the list tabs (技术人员, 设施设备), used by 下一步 on those tabs and
by 备案提交. Each returns every problem as a Chinese line naming the row."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func
from sqlmodel import Session, select

from filing_app.domain import enums
from filing_app.domain.enums import FilingStatus, FilingType
from filing_app.domain.records import PERSON_CERTIFICATES, check_equipment, check_person, missing_certificates
from filing_app.models import ActiveEmployment, Equipment, Filing, Person, Training

MAX_LINES = 50  # a filing with thousands of bad rows lists the first ones and a count
EQUIPMENT_KEYS = ("equipment_type", "name", "model", "number_type", "number", "ownership", "manufacturer",
                  "metrology_status", "condition")

HELD_ELSEWHERE = "该人员目前在其他机构在职备案，请办理离职备案或重复人员信息报备"
NOT_HELD = "该人员的在职备案尚未确认，请点击“编辑”后保存该人员信息"


def active_holders(session: Session, filing: Filing) -> dict[int, int]:
    """Person id -> the institution holding that person, for the filing's 在职 people who are held."""
    return dict(session.exec(
        select(Person.id, ActiveEmployment.institution_id)
        .join(ActiveEmployment, ActiveEmployment.id_key == Person.id_key)
        .where(Person.filing_id == filing.id, Person.status == enums.PERSON_STATUS_ACTIVE)
    ).all())


def holder_problem(filing: Filing, status: str, holder: int | None) -> str:
    """Why a person of a live filing is not 在职 at its institution in the one-person register ("" if fine).

    A cancelled filing holds nobody; after 重新备案 a person another institution filed meanwhile
    stays listed but keeps the filing from submission (§3.1.1.2)."""
    if status != enums.PERSON_STATUS_ACTIVE or filing.status == FilingStatus.CANCELLED:
        return ""
    if holder == filing.institution_id:
        return ""
    return HELD_ELSEWHERE if holder is not None else NOT_HELD


def _person_data(p: Person) -> dict:
    return {k: getattr(p, k) for k in (
        "name", "id_type", "id_number", "gender", "education", "degree", "major", "hire_date", "labor_relation",
        "duties", "title", "posts", "status", "leave_date", "has_training")}


def _row_lines(problems: list[str], label: str, rows: Iterable[tuple[str, list[str]]]) -> list[str]:
    """A line for each row with something missing (技术人员第3条（张三）：…; 第N条 counts every row),
    at most MAX_LINES lines, then how many rows need work."""
    bad = 0
    for index, (name, missing) in enumerate(rows, start=1):
        if missing:
            bad += 1
            if len(problems) < MAX_LINES:
                problems.append(f"{label}第{index}条（{name}）：{'；'.join(missing)}")
    if bad and len(problems) >= MAX_LINES:
        problems.append(f"{label}共有{bad}条记录需要补充，请逐条编辑")
    return problems


def people_tab_errors(session: Session, filing: Filing) -> list[str]:
    """At least one 在职 person; every person valid, with the certificates their record needs,
    O&M people with 外部培训 有 list at least one training, and every 在职 person is held by
    this institution (not 在职 at another one)."""
    problems: list[str] = []
    active = session.exec(
        select(func.count()).select_from(Person).where(
            Person.filing_id == filing.id, Person.status == enums.PERSON_STATUS_ACTIVE)
    ).one()
    if active == 0:
        problems.append("技术人员：至少需要一名在职技术人员")
    trained = set()
    if filing.filing_type == FilingType.OM:
        trained = set(session.exec(
            select(Training.person_id).join(Person, Person.id == Training.person_id).where(Person.filing_id == filing.id)
        ).all())
    holders = active_holders(session, filing)

    def missing(person: Person) -> list[str]:
        found = list(check_person(_person_data(person), filing.filing_type).errors.values())
        present = {slot.key for slot in PERSON_CERTIFICATES if getattr(person, slot.column)}
        found.extend(
            "缺少" + message.removeprefix("请上传")
            for message in missing_certificates(person.status, person.degree, person.title, present).values()
        )
        if filing.filing_type == FilingType.OM and person.has_training and person.id not in trained:
            found.append("人员能力(外部培训)为“有”，请至少填写一条培训记录")
        held = holder_problem(filing, person.status, holders.get(person.id))
        return [*found, held] if held else found

    people = session.exec(select(Person).where(Person.filing_id == filing.id).order_by(Person.id))
    return _row_lines(problems, "技术人员", ((p.name, missing(p)) for p in people))


def equipment_tab_errors(session: Session, filing: Filing) -> list[str]:
    problems: list[str] = []
    rows = session.exec(select(Equipment).where(Equipment.filing_id == filing.id).order_by(Equipment.id)).all()
    if not rows:
        problems.append("设施设备：至少需要填写一台设备")
    checked = ((item.name, list(check_equipment({k: getattr(item, k) for k in EQUIPMENT_KEYS},
                                                 filing.filing_type).errors.values()))
               for item in rows)
    return _row_lines(problems, "设施设备", checked)
