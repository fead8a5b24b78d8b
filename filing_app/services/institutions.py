"""The institution home (§3): each filing type with its status and allowed actions."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from filing_app.domain import filing_flow, regions
from filing_app.domain.clock import show_date, show_datetime
from filing_app.domain.enums import FILING_STATUS_LABELS, FILING_TYPE_LABELS, FILING_TYPES, FilingStatus
from filing_app.domain.review import REVIEWING_LABEL
from filing_app.domain.validators import mask_phone
from filing_app.models import Account, Filing, Institution, InstitutionMessage
from filing_app.services import review
from filing_app.services.actor import Actor, require_institution


@dataclass(frozen=True)
class ActionButton:
    code: str
    label: str


@dataclass(frozen=True)
class FilingCard:
    filing_type: str
    type_label: str
    status: str  # "" when the institution has no filing of this type
    status_label: str
    actions: list[ActionButton]
    return_reason: str
    submitted_at: str
    published_at: str
    decided_at: str = ""  # 审查时间 of the latest review decision
    steps: list[filing_flow.ProgressStep] = field(default_factory=list)  # 填报 → 已提交 → 审查中 → 审查结果


@dataclass(frozen=True)
class MessageRow:
    id: int
    title: str
    body: str
    date: str


@dataclass(frozen=True)
class InstitutionHome:
    name: str
    credit_code: str
    province_code: str
    province_name: str
    username: str
    phone_masked: str
    is_main: bool
    cards: list[FilingCard] = field(default_factory=list)
    messages: list[MessageRow] = field(default_factory=list)


def _status_label(status: str, reviewing: bool) -> str:
    """待审查 becomes 审查中 once a reviewer has opened the submission."""
    if status == FilingStatus.SUBMITTED and reviewing:
        return REVIEWING_LABEL
    return FILING_STATUS_LABELS[status]


def home(session: Session, actor: Actor) -> InstitutionHome:
    require_institution(actor)
    institution = session.get(Institution, actor.institution_id)
    account = session.get(Account, actor.account_id)
    filings = {f.filing_type: f for f in session.exec(select(Filing).where(Filing.institution_id == institution.id))}
    decided = review.last_decisions(session, institution.id)
    opened = review.under_review(session, institution.id)
    cards: list[FilingCard] = []
    for filing_type in FILING_TYPES:
        filing = filings.get(filing_type)
        other = filings.get(next(t for t in FILING_TYPES if t != filing_type))
        actions = filing_flow.home_actions(
            filing_type,
            filing.status if filing else None,
            registered_type=institution.registered_type,
            other_status=other.status if other else None,
            change_in_progress=bool(filing and filing.change_in_progress),
        )
        if filing is None and not actions:
            continue
        reviewing = bool(filing and filing.id in opened)
        cards.append(
            FilingCard(
                filing_type=filing_type,
                type_label=FILING_TYPE_LABELS[filing_type],
                status=filing.status if filing else "",
                status_label=_status_label(filing.status, reviewing) if filing else "未填报",
                actions=[ActionButton(a.code, a.label) for a in actions if actor.is_main or not a.main_only],
                # A returned change leaves the filing approved: its reason is shown the same way.
                return_reason=filing.return_reason if filing and filing.status in ("returned", "approved") else "",
                submitted_at=show_date(filing.submitted_at) if filing else "",
                published_at=show_date(filing.published_at) if filing else "",
                decided_at=show_datetime(decided.get(filing.id)) if filing else "",
                steps=filing_flow.progress_steps(filing.status if filing else None, opened=reviewing),
            )
        )
    messages = session.exec(
        select(InstitutionMessage)
        .where(InstitutionMessage.institution_id == institution.id)
        .order_by(InstitutionMessage.created_at.desc())
        .limit(5)
    ).all()
    return InstitutionHome(
        name=institution.name,
        credit_code=institution.credit_code,
        province_code=institution.province_code,
        province_name=regions.province_name(institution.province_code),
        username=account.username,
        phone_masked=mask_phone(account.phone or ""),
        is_main=actor.is_main,
        cards=cards,
        messages=[MessageRow(m.id, m.title, m.body, show_date(m.created_at)) for m in messages],
    )
