"""One person, one institution (§3.1.1.2, SPEC §4.3).

A person who is 在职 in any filing of an institution is held by that institution in
the active_employment table, whose unique id_key is the database rule: of two
institutions adding the same person at the same instant, exactly one insert succeeds.
Every service that adds, imports, edits the status of, or removes a person calls
`claim` / `release_if_unused` in its own transaction.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from filing_app.domain.enums import PERSON_STATUS_ACTIVE, FilingStatus
from filing_app.domain.validators import mask_id_number
from filing_app.models import ActiveEmployment, Filing, Institution, Person
from filing_app.services.errors import ServiceError

HOW_TO_RESOLVE = (
    "请联系原单位在本系统办理该人员的离职备案；如原单位未及时处理，"
    "可在“技术人员”页点击“重复人员信息报备”，提交身份证号、原单位离职时间和本人签字的离职说明，由省级生态环境部门审查"
)


class HeldElsewhere(ServiceError):
    """The person is 在职 at another institution."""

    def __init__(self, id_number: str, holder_name: str) -> None:
        self.holder_name = holder_name
        super().__init__(
            f"证件号码为{mask_id_number(id_number)}的人员目前在“{holder_name}”在职备案，"
            f"同一人员不能同时在多家机构备案。{HOW_TO_RESOLVE}"
        )


def holder_of(session: Session, id_key: str) -> int | None:
    row = session.exec(select(ActiveEmployment).where(ActiveEmployment.id_key == id_key)).first()
    return row.institution_id if row else None


def claim(session: Session, institution_id: int, id_key: str, id_number: str = "") -> None:
    """Hold the person for this institution, or raise HeldElsewhere.

    Safe under concurrency: the insert runs in a savepoint, and a unique violation
    means another institution won.
    """
    holder = holder_of(session, id_key)
    if holder == institution_id:
        return
    if holder is None:
        try:
            with session.begin_nested():
                session.add(ActiveEmployment(id_key=id_key, institution_id=institution_id))
                session.flush()
            return
        except IntegrityError:
            holder = holder_of(session, id_key)
            if holder == institution_id:
                return
    institution = session.get(Institution, holder) if holder else None
    raise HeldElsewhere(id_number or id_key, institution.name if institution else "其他机构")


def release_if_unused(session: Session, institution_id: int, id_key: str) -> None:
    """Let the person go when no live (non-cancelled) filing of this institution lists them 在职."""
    still_active = session.exec(
        select(Person.id)
        .join(Filing, Filing.id == Person.filing_id)
        .where(
            Person.institution_id == institution_id,
            Person.id_key == id_key,
            Person.status == PERSON_STATUS_ACTIVE,
            Filing.status != FilingStatus.CANCELLED,
        )
        .limit(1)
    ).first()
    if still_active is None:
        row = session.exec(
            select(ActiveEmployment).where(
                ActiveEmployment.id_key == id_key, ActiveEmployment.institution_id == institution_id
            )
        ).first()
        if row is not None:
            session.delete(row)
            session.flush()


def release_filing(session: Session, filing: Filing) -> int:
    """After a filing is cancelled (its status already set): release its people unless
    another live filing of the institution still lists them 在职. Returns how many went."""
    keys = set(
        session.exec(
            select(Person.id_key).where(Person.filing_id == filing.id, Person.status == PERSON_STATUS_ACTIVE)
        ).all()
    )
    released = 0
    for key in keys:
        if holder_of(session, key) == filing.institution_id:
            release_if_unused(session, filing.institution_id, key)
            released += holder_of(session, key) is None
    return released


def reclaim_filing(session: Session, filing: Filing) -> tuple[int, list[Person]]:
    """After 重新备案 (cancelled -> draft): hold the filing's 在职 people again.

    Returns how many are held now and the people another institution filed meanwhile; those
    stay in the list, flagged, and keep the filing from submission until settled."""
    people = session.exec(
        select(Person).where(Person.filing_id == filing.id, Person.status == PERSON_STATUS_ACTIVE).order_by(Person.id)
    ).all()
    held_elsewhere: list[Person] = []
    for person in people:
        try:
            claim(session, filing.institution_id, person.id_key, person.id_number)
        except HeldElsewhere:
            held_elsewhere.append(person)
    return len(people) - len(held_elsewhere), held_elsewhere

