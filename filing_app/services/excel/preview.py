"""A glance at a filing's lists for the developer page /dev/excel/<type> (dev tools only)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, select

from filing_app.domain.enums import FILING_STATUS_LABELS
from filing_app.domain.validators import mask_id_number
from filing_app.models import Equipment, Person
from filing_app.services.actor import Actor, require_institution
from filing_app.services.excel.common import find_filing
from filing_app.services.excel.schema import check_filing_type


@dataclass(frozen=True)
class PersonLine:
    name: str
    gender: str
    id_masked: str
    education: str
    posts: str
    title: str
    status: str


@dataclass(frozen=True)
class EquipmentLine:
    equipment_type: str
    name: str
    model: str
    number: str
    condition: str


@dataclass
class Preview:
    status_label: str = "未填报"
    people_total: int = 0
    equipment_total: int = 0
    people: list[PersonLine] = field(default_factory=list)
    equipment: list[EquipmentLine] = field(default_factory=list)


def preview(session: Session, actor: Actor | None, filing_type: str, limit: int = 20) -> Preview:
    require_institution(actor)
    filing = find_filing(session, actor, check_filing_type(filing_type))
    if filing is None:
        return Preview()
    people = session.exec(select(Person).where(Person.filing_id == filing.id).order_by(Person.id).limit(limit)).all()
    equipment = session.exec(
        select(Equipment).where(Equipment.filing_id == filing.id).order_by(Equipment.id).limit(limit)).all()
    return Preview(
        status_label=FILING_STATUS_LABELS.get(filing.status, filing.status),
        people_total=session.exec(select(func.count()).select_from(Person).where(Person.filing_id == filing.id)).one(),
        equipment_total=session.exec(
            select(func.count()).select_from(Equipment).where(Equipment.filing_id == filing.id)).one(),
        people=[PersonLine(p.name, p.gender, mask_id_number(p.id_number), p.education, "、".join(p.posts or []),
                           p.title, p.status) for p in people],
        equipment=[EquipmentLine(e.equipment_type, e.name, e.model, e.number, e.condition) for e in equipment],
    )
