"""Accounts of reviewers and administrators."""

from __future__ import annotations

from sqlmodel import Session, select

from filing_app.domain.enums import Role
from filing_app.domain.validators import mobile_error, username_error
from filing_app.models import Account
from filing_app.services import audit, security
from filing_app.services.auth import check_new_password
from filing_app.services.errors import ServiceError, ValidationFailed


def create_first_admin(session: Session, username: str, password: str, confirm: str, name: str = "国家管理员",
                       phone: str | None = None) -> Account:
    """The command-line entry of a new deployment: only when no administrator exists yet."""
    if session.exec(select(Account.id).where(Account.role == Role.ADMIN)).first():
        raise ServiceError("系统中已有国家管理员，请登录后在系统内创建账号")
    errors: dict[str, str] = {}
    if message := username_error(username):
        errors["username"] = message
    elif session.exec(select(Account.id).where(Account.username == username)).first():
        errors["username"] = "该用户名已被使用"
    if phone and (message := mobile_error(phone)):
        errors["phone"] = message
    errors.update(check_new_password(password, confirm))
    if errors:
        raise ValidationFailed(errors)
    account = Account(username=username, phone=phone or None, display_name=name,
                      password_hash=security.hash_password(password), role=Role.ADMIN)
    session.add(account)
    session.flush()
    audit.record(session, None, "create_admin", object_type="account", object_id=account.id,
                 actor_name="command-line", detail={"username": username})
    return account
