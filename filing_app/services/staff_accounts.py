"""Accounts of reviewers and administrators."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from filing_app.domain import regions
from filing_app.domain.clock import show_date, utcnow
from filing_app.domain.enums import ROLE_LABELS, Role
from filing_app.domain.text import normalize_text
from filing_app.domain.validators import mask_phone
from filing_app.models import Account
from filing_app.services import audit, security
from filing_app.services.actor import Actor
from filing_app.services.auth import (
    check_new_password,
    insert_account,
    phone_problem,
    revoke_sessions,
    username_problem,
)
from filing_app.services.errors import NotFound, PermissionDenied, ServiceError, ValidationFailed


def create_first_admin(session: Session, username: str, password: str, confirm: str, name: str = "国家管理员",
                       phone: str | None = None) -> Account:
    """The command-line entry of a new deployment: only when no administrator exists yet."""
    if session.exec(select(Account.id).where(Account.role == Role.ADMIN)).first():
        raise ServiceError("系统中已有国家管理员，请登录后在系统内创建账号")
    username = (username or "").strip()
    phone = (phone or "").strip()
    errors: dict[str, str] = {}
    if message := username_problem(session, username):
        errors["username"] = message
    if phone and (message := phone_problem(session, phone)):
        errors["phone"] = message
    errors.update(check_new_password(password, confirm))
    if errors:
        raise ValidationFailed(errors)
    account = insert_account(session, Account(username=username, phone=phone or None, display_name=name,
                                              password_hash=security.hash_password(password), role=Role.ADMIN))
    audit.record(session, None, "create_admin", object_type="account", object_id=account.id,
                 actor_name="command-line", detail={"username": username})
    return account


# ---------------------------------------------------------------- managed by the national administrator

STAFF_ROLES = (Role.REVIEWER, Role.ADMIN)
STATUS_LABELS = {"active": "正常", "disabled": "已停用", "cancelled": "已注销"}
# No look-alike characters (0/O, 1/l/I): the password is read out or typed from a note.
_PW_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_PW_LOWER = "abcdefghijkmnpqrstuvwxyz"
_PW_DIGIT = "23456789"
_PW_SYMBOL = "#@%+=?"


def initial_password(length: int = 12) -> str:
    """A random password that meets every policy: at least one of each character class."""
    pools = (_PW_UPPER, _PW_LOWER, _PW_DIGIT, _PW_SYMBOL)
    chars = [secrets.choice(pool) for pool in pools]
    chars += [secrets.choice("".join(pools)) for _ in range(max(length, 8) - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


@dataclass(frozen=True)
class StaffRow:
    index: int
    id: int
    username: str
    name: str
    role: str
    role_label: str
    province_name: str
    phone_masked: str
    status: str
    status_label: str
    created_at: str


@dataclass(frozen=True)
class StaffPage:
    rows: list[StaffRow]
    total: int
    page: int
    page_size: int


@dataclass
class StaffForm:
    role: str = Role.REVIEWER
    username: str = ""
    name: str = ""
    province_code: str = ""
    phone: str = ""


@dataclass(frozen=True)
class IssuedPassword:
    account_id: int
    username: str
    password: str  # shown once to the administrator, never stored in clear


def _admin(session: Session, actor: Actor | None, action: str, object_id: int | None = None) -> Actor:
    if actor is None:
        raise PermissionDenied("请先登录")
    if not actor.is_admin:
        audit.record(session, actor, action, object_type="account", object_id=object_id, result="denied")
        audit.refuse(session, PermissionDenied("仅国家管理员可以管理审查员和管理员账号"))
    return actor


def list_staff(session: Session, actor: Actor | None, *, role: str = "", province_code: str = "",
               page: int = 1, page_size: int = 10) -> StaffPage:
    """Reviewers (of one province or all) and administrators, paged in SQL."""
    _admin(session, actor, "staff_list")
    conditions = [Account.role.in_(STAFF_ROLES)]
    if role in STAFF_ROLES:
        conditions.append(Account.role == role)
    if province_code and regions.is_province(province_code):
        conditions.append(Account.province_code == province_code)
    try:
        page = max(1, int(page))
    except (TypeError, ValueError):
        page = 1
    page_size = min(50, max(1, int(page_size)))
    total = session.exec(select(func.count()).select_from(Account).where(*conditions)).one()
    rows = session.exec(
        select(Account).where(*conditions)
        .order_by(Account.role.desc(), Account.province_code, Account.username)
        .offset((page - 1) * page_size).limit(page_size)
    ).all()
    return StaffPage(
        rows=[
            StaffRow(
                index=n,
                id=a.id,
                username=a.username,
                name=a.display_name,
                role=a.role,
                role_label=ROLE_LABELS.get(a.role, a.role),
                province_name=regions.province_name(a.province_code) if a.province_code else "全国",
                phone_masked=mask_phone(a.phone or ""),
                status=a.status,
                status_label=STATUS_LABELS.get(a.status, a.status),
                created_at=show_date(a.created_at),
            )
            for n, a in enumerate(rows, start=(page - 1) * page_size + 1)
        ],
        total=total,
        page=page,
        page_size=page_size,
    )


def create_staff(session: Session, actor: Actor | None, form: StaffForm) -> IssuedPassword:
    """A reviewer of one province, or another national administrator, with a generated initial
    password that must be changed at first login."""
    actor = _admin(session, actor, "staff_create")
    errors: dict[str, str] = {}
    role = form.role if form.role in STAFF_ROLES else ""
    if not role:
        errors["role"] = "请选择账号类型"
    username = (form.username or "").strip()
    if message := username_problem(session, username):
        errors["username"] = message
    name = normalize_text(form.name)
    if not name:
        errors["name"] = "请填写姓名"
    elif len(name) > 50:
        errors["name"] = "姓名不能超过50个字"
    province = form.province_code or ""
    if role == Role.REVIEWER and not regions.is_province(province):
        errors["province_code"] = "请选择审查员所属省份"
    phone = (form.phone or "").strip()
    if message := phone_problem(session, phone):
        errors["phone"] = message
    if errors:
        raise ValidationFailed(errors)
    password = initial_password()
    account = Account(
        username=username,
        phone=phone,
        display_name=name,
        password_hash=security.hash_password(password),
        role=role,
        province_code=province if role == Role.REVIEWER else None,
        must_change_password=True,
        created_by=actor.account_id,
    )
    insert_account(session, account)
    audit.record(session, actor, "staff_create", object_type="account", object_id=account.id,
                 province_code=account.province_code,
                 detail={"username": username, "role": role, "province_code": account.province_code})
    return IssuedPassword(account.id, username, password)


def _managed_account(session: Session, account_id: object) -> Account:
    """A reviewer or administrator account (institution accounts are the institution's business)."""
    try:
        account = session.get(Account, int(account_id))
    except (TypeError, ValueError):
        account = None
    if account is None or account.role not in STAFF_ROLES:
        raise NotFound("账号不存在")
    return account


def set_staff_enabled(session: Session, actor: Actor | None, account_id: object, enabled: bool) -> str:
    """停用 / 启用. Disabling ends every session of the account at once."""
    action = "staff_enable" if enabled else "staff_disable"
    actor = _admin(session, actor, action, account_id if isinstance(account_id, int) else None)
    account = _managed_account(session, account_id)
    if account.status == "cancelled":
        raise ServiceError("该账号已注销，不能再启用或停用")
    if not enabled:
        if account.id == actor.account_id:
            raise ServiceError("不能停用当前登录的账号")
        if account.role == Role.ADMIN:
            others = session.exec(
                select(func.count()).select_from(Account)
                .where(Account.role == Role.ADMIN, Account.status == "active", Account.id != account.id)
            ).one()
            if others == 0:
                raise ServiceError("至少需要保留一个可用的国家管理员账号")
    target = "active" if enabled else "disabled"
    if account.status == target:
        return f"账号{account.username}已是“{STATUS_LABELS[target]}”状态"
    account.status = target
    if enabled:
        account.failed_logins = 0
        account.locked_until = None
    session.add(account)
    ended = 0 if enabled else revoke_sessions(session, account.id)
    audit.record(session, actor, action, object_type="account", object_id=account.id,
                 province_code=account.province_code, detail={"username": account.username, "sessions_ended": ended})
    return f"已{'启用' if enabled else '停用'}账号{account.username}"


def reset_staff_password(session: Session, actor: Actor | None, account_id: object) -> IssuedPassword:
    """A new generated initial password (to be changed at first login); unlocks the account and
    ends its sessions."""
    actor = _admin(session, actor, "staff_reset_password", account_id if isinstance(account_id, int) else None)
    account = _managed_account(session, account_id)
    if account.status == "cancelled":
        raise ServiceError("该账号已注销，不能重置密码")
    password = initial_password()
    account.password_hash = security.hash_password(password)
    account.must_change_password = True
    account.failed_logins = 0
    account.locked_until = None
    account.password_changed_at = utcnow()
    session.add(account)
    ended = revoke_sessions(session, account.id)
    audit.record(session, actor, "staff_reset_password", object_type="account", object_id=account.id,
                 province_code=account.province_code, detail={"username": account.username, "sessions_ended": ended})
    return IssuedPassword(account.id, account.username, password)
