"""Builders of review scenarios for service and browser tests: institutions, accounts, complete
filings and pending submissions, made with the models and services directly (not the UI)."""

from __future__ import annotations

import random
from datetime import datetime

from sqlmodel import Session, select

from filing_app.demo_review import actor_of, build_filing, submit
from filing_app.domain.enums import FilingType, Role
from filing_app.models import Account, Filing, FilingSubmission, Institution
from filing_app.services import security
from filing_app.services.actor import Actor
from tests.helpers import STRONG_PASSWORD, new_credit_code, new_identity_number, new_phone, new_username

_rng = random.Random()
CITY_OF = {"110000": "110108", "130000": "130100", "310000": "310104"}  # cities of the wizard's list


def make_institution(session: Session, province: str = "110000", name: str = "",
                     registered_type: str = FilingType.MONITORING) -> Institution:
    city = CITY_OF.get(province, province[:2] + "0100")
    institution = Institution(credit_code=new_credit_code(city), name=name or f"测试机构{new_username('')}",
                              registered_type=registered_type, province_code=province, city_code=city,
                              address="科技园路1号")
    session.add(institution)
    session.flush()
    return institution


def make_account(session: Session, role: str, *, institution: Institution | None = None, province: str | None = None,
                 username: str = "", password: str = STRONG_PASSWORD, name: str = "") -> Account:
    account = Account(username=username or new_username(role[:3]), phone=new_phone(),
                      display_name=name or (institution.name if institution else f"{role}用户"),
                      password_hash=security.hash_password(password), role=role,
                      institution_id=institution.id if institution else None,
                      province_code=province if role == Role.REVIEWER else None)
    session.add(account)
    session.flush()
    return account


def reviewer(session: Session, province: str = "110000", name: str = "") -> Actor:
    return actor_of(make_account(session, Role.REVIEWER, province=province, name=name or f"审查员{province}"))


def admin(session: Session) -> Actor:
    return actor_of(make_account(session, Role.ADMIN, name="国家管理员"))


def institution_main(session: Session, institution: Institution) -> Actor:
    return actor_of(make_account(session, Role.INST_MAIN, institution=institution))


def institution_sub(session: Session, institution: Institution) -> Actor:
    return actor_of(make_account(session, Role.INST_SUB, institution=institution))


def people(n: int, region: str = "110108") -> list[tuple[str, str]]:
    """n people with distinct, valid identity numbers (random birth dates: tests sharing one
    database, as the browser tests do, do not collide in the one-person register)."""
    names = ("张伟", "王静", "李强", "刘敏", "陈杰", "杨洋", "赵磊", "黄丽", "周涛", "吴霞", "徐斌", "孙琳")
    numbers: list[str] = []
    while len(numbers) < n:
        birth = f"{_rng.randrange(1965, 2000)}{_rng.randrange(1, 13):02d}{_rng.randrange(1, 29):02d}"
        number = new_identity_number(region, birth=birth, male=bool(len(numbers) % 2))
        if number not in numbers:
            numbers.append(number)
    return [(names[i % len(names)], number) for i, number in enumerate(numbers)]


def submitted_filing(session: Session, institution: Institution, filing_type: str = FilingType.MONITORING, *,
                     person_count: int = 3, equipment_count: int = 2, kind: str | None = None,
                     submitted_at: datetime | None = None, by: Actor | None = None,
                     **fields) -> tuple[Filing, FilingSubmission]:
    """A complete filing of `institution`, submitted through the wizard's 确认提交 by `by` (default:
    the institution's main account, made when it has none) and pending in its province's queue.
    `kind` relabels the submission for queue scenarios the wizard would not make."""
    filing = build_filing(session, institution, filing_type, people=people(person_count),
                          equipment_count=equipment_count, **fields)
    if by is None:
        main = session.exec(select(Account).where(Account.institution_id == institution.id,
                                                  Account.role == Role.INST_MAIN)).first()
        by = actor_of(main or make_account(session, Role.INST_MAIN, institution=institution))
    submission = submit(session, filing, by, submitted_at=submitted_at)
    if kind is not None and kind != submission.kind:
        submission.kind = kind
        session.add(submission)
        session.flush()
    return filing, submission


__all__ = ["STRONG_PASSWORD", "actor_of", "submit", "admin", "institution_main", "institution_sub", "make_account",
           "make_institution", "people", "reviewer", "submitted_filing"]
