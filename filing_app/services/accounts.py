"""账号管理 (§3.7)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from filing_app.domain import regions
from filing_app.domain.enums import ROLE_LABELS
from filing_app.domain.validators import mask_phone
from filing_app.models import Account, Institution
from filing_app.services.actor import Actor


@dataclass(frozen=True)
class Profile:
    username: str
    role_label: str
    phone_masked: str
    organization: str


def profile(session: Session, actor: Actor) -> Profile:
    account = session.get(Account, actor.account_id)
    institution = session.get(Institution, actor.institution_id) if actor.institution_id else None
    if institution is not None:
        organization = institution.name
    elif account.province_code:
        organization = f"{regions.province_name(account.province_code)}生态环境厅（局）"
    else:
        organization = "生态环境部"
    return Profile(account.username, ROLE_LABELS.get(account.role, ""), mask_phone(account.phone or ""), organization)
