"""Who is acting. Built from the server-side session, never from request arguments."""

from __future__ import annotations

from dataclasses import dataclass

from filing_app.domain.enums import Role
from filing_app.services.errors import PermissionDenied

INSTITUTION_ROLES = (Role.INST_MAIN, Role.INST_SUB)


@dataclass(frozen=True)
class Actor:
    account_id: int
    username: str
    role: str
    institution_id: int | None = None
    province_code: str | None = None
    client_ip: str = ""
    must_change_password: bool = False

    @property
    def is_institution(self) -> bool:
        return self.role in INSTITUTION_ROLES

    @property
    def is_main(self) -> bool:
        return self.role == Role.INST_MAIN

    @property
    def is_reviewer(self) -> bool:
        return self.role == Role.REVIEWER

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


def require_role(actor: Actor | None, *roles: str) -> Actor:
    if actor is None or actor.role not in roles:
        raise PermissionDenied()
    return actor


def require_institution(actor: Actor | None, institution_id: int | None = None, *, main_only: bool = False) -> Actor:
    """An institution account acting on its own institution (optionally the main account only)."""
    if actor is None or not actor.is_institution or actor.institution_id is None:
        raise PermissionDenied()
    if main_only and not actor.is_main:
        raise PermissionDenied("仅主账号可进行此操作")
    if institution_id is not None and actor.institution_id != institution_id:
        raise PermissionDenied()
    return actor


def require_main_account(actor: Actor | None, institution_id: int | None = None) -> Actor:
    """What only the main account may do (§3.7.2): manage sub-accounts, cancel a filing (备案注销),
    export full identity numbers. A sub-account fills and edits filings only."""
    return require_institution(actor, institution_id, main_only=True)


def require_reviewer_of(actor: Actor | None, province_code: str) -> Actor:
    """A reviewer of exactly this province (administrators do not review)."""
    if actor is None or not actor.is_reviewer or actor.province_code != province_code:
        raise PermissionDenied("只能处理本省的事项")
    return actor


def can_oversee_province(actor: Actor | None, province_code: str) -> bool:
    """Reviewers of the province and the national administrator may read its data."""
    if actor is None:
        return False
    return actor.is_admin or (actor.is_reviewer and actor.province_code == province_code)
