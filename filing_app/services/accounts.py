"""账号管理 (§3.7): the account's own password and phone, and the main account's sub-accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from filing_app.domain import regions
from filing_app.domain.clock import show_date, show_datetime, utcnow
from filing_app.domain.enums import ACCOUNT_STATUS_LABELS, ROLE_LABELS, AccountStatus, Role
from filing_app.domain.validators import mask_phone
from filing_app.models import Account, Institution
from filing_app.services import audit, auth, security
from filing_app.services.actor import Actor, require_main_account
from filing_app.services.errors import NotFound, NotLoggedIn, PermissionDenied, ServiceError, ValidationFailed
from filing_app.services.sms import get_sender
from filing_app.settings import get_settings

DISPLAY_NAME_MAX = 50


@dataclass(frozen=True)
class Profile:
    username: str
    role_label: str
    phone_masked: str
    organization: str
    display_name: str = ""
    must_change_password: bool = False


def profile(session: Session, actor: Actor) -> Profile:
    account = session.get(Account, actor.account_id)
    institution = session.get(Institution, actor.institution_id) if actor.institution_id else None
    if institution is not None:
        organization = institution.name
    elif account.province_code:
        organization = f"{regions.province_name(account.province_code)}生态环境厅（局）"
    else:
        organization = "生态环境部"
    return Profile(
        account.username,
        ROLE_LABELS.get(account.role, ""),
        mask_phone(account.phone or ""),
        organization,
        display_name=account.display_name,
        must_change_password=account.must_change_password,
    )


def _own_account(session: Session, actor: Actor) -> Account:
    account = session.get(Account, actor.account_id) if actor is not None else None
    if account is None or account.status != AccountStatus.ACTIVE:
        raise NotLoggedIn()
    return account


# ---------------------------------------------------------------- password (§3.7.1)


def change_password(session: Session, actor: Actor, old_password: str, new_password: str, confirm: str, *,
                    keep_token: str | None) -> int:
    """Change the actor's own password; the old one is always required (also for the forced
    first-login change, where it is the initial password). Every other session of the account
    ends; the one holding `keep_token` stays. Returns how many sessions were ended.

    Wrong old passwords count towards the same lock as wrong logins: whoever sits at an
    unattended browser cannot use this form to guess the password."""
    account = _own_account(session, actor)
    errors: dict[str, str] = {}
    if not old_password:
        errors["old_password"] = "请输入原密码"
    errors.update(auth.check_new_password(new_password, confirm, field="new_password"))
    if not errors and new_password == old_password:
        errors["new_password"] = "新密码不能与原密码相同"
    if errors:
        raise ValidationFailed(errors)
    settings = get_settings()
    now = utcnow()
    if account.locked_until and account.locked_until > now:
        raise ServiceError(f"密码连续输错次数过多，账号已锁定至 {show_datetime(account.locked_until)}")
    if not security.verify_password(old_password, account.password_hash):
        account.failed_logins += 1
        detail = {"reason": "wrong_old_password", "failed": account.failed_logins}
        if account.failed_logins >= settings.lockout_threshold:
            account.locked_until = now + timedelta(minutes=settings.lockout_minutes)
            account.failed_logins = 0
            session.add(account)
            auth.revoke_sessions(session, account.id)
            audit.record(session, actor, "change_password", result="fail", object_type="account",
                         object_id=account.id, detail=detail)
            audit.record(session, actor, "account_locked", object_type="account", object_id=account.id,
                         detail={"until": account.locked_until.isoformat()})
            audit.refuse(session, NotLoggedIn(
                f"原密码连续输错次数过多，账号已锁定至 {show_datetime(account.locked_until)}，请届时重新登录"))
        session.add(account)
        audit.record(session, actor, "change_password", result="fail", object_type="account", object_id=account.id,
                     detail=detail)
        left = settings.lockout_threshold - account.failed_logins
        audit.refuse(session, ValidationFailed({"old_password": f"原密码错误，再输错{left}次账号将被锁定"}))
    forced = account.must_change_password
    account.password_hash = security.hash_password(new_password)
    account.password_changed_at = now
    account.must_change_password = False
    account.failed_logins = 0
    session.add(account)
    revoked = auth.revoke_sessions(session, account.id, keep_token=keep_token)
    audit.record(session, actor, "change_password", object_type="account", object_id=account.id,
                 detail={"forced": forced, "sessions_ended": revoked})
    return revoked


# ---------------------------------------------------------------- bound phone (§3.7.1)


def _new_phone_checked(session: Session, account: Account, phone: str) -> str:
    phone = (phone or "").strip()
    if phone and phone == account.phone:
        raise ValidationFailed({"phone": "新手机号与当前绑定的手机号相同"})
    if message := auth.phone_problem(session, phone, account_id=account.id):
        raise ValidationFailed({"phone": message})
    return phone


def send_bind_phone_code(session: Session, actor: Actor, new_phone: str) -> str:
    """Send a verification code to the NEW phone; returns the message to show."""
    account = _own_account(session, actor)
    phone = _new_phone_checked(session, account, new_phone)
    return auth.send_sms_code(session, phone, auth.SMS_BIND_PHONE, client_ip=actor.client_ip,
                              account_id=account.id)


def change_phone(session: Session, actor: Actor, new_phone: str, code: str) -> str:
    """Bind the new phone once its code checks out; returns the new phone masked.
    The old phone is told by SMS, so a hijacked session cannot move the account away unnoticed."""
    account = _own_account(session, actor)
    phone = _new_phone_checked(session, account, new_phone)
    row = auth.check_sms_code(session, phone, code, auth.SMS_BIND_PHONE)
    if row.account_id != account.id:
        raise ValidationFailed({"code": "该验证码不是为本账号获取的，请重新获取"})
    old_phone = account.phone
    try:
        with session.begin_nested():
            account.phone = phone  # inside the savepoint: begin_nested() flushes what came before
            session.add(account)
            session.flush()
    except IntegrityError as exc:
        # Another account bound this phone a moment ago (the unique index decides).
        raise ValidationFailed({"phone": "该手机号刚刚已被其他账号绑定"}) from exc
    if old_phone:
        get_sender().send(session, old_phone,
                          f"【生态环境监测技术服务机构备案】您的账号{account.username}绑定的手机号已更换为"
                          f"{mask_phone(phone)}。如非本人操作，请立即联系主管部门。")
    audit.record(session, actor, "change_phone", object_type="account", object_id=account.id,
                 detail={"old": mask_phone(old_phone or ""), "new": mask_phone(phone)})
    return mask_phone(phone)


# ---------------------------------------------------------------- sub-accounts (§3.7.2)


def _require_main(session: Session, actor: Actor | None, action: str) -> Actor:
    """Only the institution's main account; a refusal is audited (and survives the rollback)."""
    try:
        return require_main_account(actor)
    except PermissionDenied as exc:
        audit.record(session, actor, action, result="denied", object_type="account",
                     detail={"reason": "main_account_only"})
        audit.refuse(session, exc)
        raise  # unreachable: refuse raises


@dataclass
class SubAccountForm:
    username: str = ""
    display_name: str = ""
    phone: str = ""
    password: str = ""
    password_confirm: str = ""


def create_sub_account(session: Session, actor: Actor, form: SubAccountForm) -> int:
    """A colleague's account under the main account's institution. It must change the
    initial password at its first login."""
    actor = _require_main(session, actor, "create_sub_account")
    errors: dict[str, str] = {}
    if message := auth.username_problem(session, form.username):
        errors["username"] = message
    display_name = (form.display_name or "").strip()
    if not display_name:
        errors["display_name"] = "请填写姓名"
    elif len(display_name) > DISPLAY_NAME_MAX:
        errors["display_name"] = f"姓名不能超过{DISPLAY_NAME_MAX}个字"
    if message := auth.phone_problem(session, form.phone):
        errors["phone"] = message
    errors.update(auth.check_new_password(form.password, form.password_confirm))
    if errors:
        raise ValidationFailed(errors)
    account = Account(
        username=form.username.strip(),
        phone=form.phone.strip(),
        display_name=display_name,
        password_hash=security.hash_password(form.password),
        role=Role.INST_SUB,
        institution_id=actor.institution_id,
        must_change_password=True,
        created_by=actor.account_id,
    )
    auth.insert_account(session, account)
    audit.record(session, actor, "create_sub_account", object_type="account", object_id=account.id,
                 detail={"username": account.username, "name": display_name, "phone": mask_phone(account.phone)})
    return account.id


@dataclass(frozen=True)
class SubAccountRow:
    id: int
    no: int
    username: str
    display_name: str
    phone_masked: str
    status: str
    status_label: str
    created_at: str


@dataclass(frozen=True)
class SubAccountPage:
    rows: list[SubAccountRow]
    total: int
    page: int
    page_size: int


def list_sub_accounts(session: Session, actor: Actor, page: int = 1, page_size: int = 10) -> SubAccountPage:
    actor = _require_main(session, actor, "list_sub_accounts")
    condition = (Account.institution_id == actor.institution_id, Account.role == Role.INST_SUB)
    total = session.exec(select(func.count()).select_from(Account).where(*condition)).one()
    page_count = max(1, -(-total // page_size))
    page = min(max(1, page), page_count)
    offset = (page - 1) * page_size
    accounts = session.exec(
        select(Account).where(*condition).order_by(Account.created_at.desc(), Account.id.desc())
        .offset(offset).limit(page_size)
    ).all()
    rows = [
        SubAccountRow(
            id=a.id,
            no=offset + i + 1,
            username=a.username,
            display_name=a.display_name,
            phone_masked=mask_phone(a.phone) if a.phone else "—",
            status=a.status,
            status_label=ACCOUNT_STATUS_LABELS.get(a.status, a.status),
            created_at=show_date(a.created_at),
        )
        for i, a in enumerate(accounts)
    ]
    return SubAccountPage(rows, total, page, page_size)


# action -> (statuses it applies to, resulting status, what the user is told)
_TRANSITIONS = {
    "disable": ((AccountStatus.ACTIVE,), AccountStatus.DISABLED, "已停用子账号"),
    "enable": ((AccountStatus.DISABLED,), AccountStatus.ACTIVE, "已启用子账号"),
    "cancel": ((AccountStatus.ACTIVE, AccountStatus.DISABLED), AccountStatus.CANCELLED, "已注销子账号"),
}


def set_sub_account_status(session: Session, actor: Actor, account_id: int, action: str) -> str:
    """停用 / 启用 / 注销 a sub-account of the actor's institution; returns the message to show.
    Disabling or cancelling ends the account's sessions at once. Cancelling is final and
    frees the phone number (a colleague's phone may be bound again later)."""
    actor = _require_main(session, actor, f"{action}_sub_account"[:48])
    if action not in _TRANSITIONS:
        raise ServiceError("未知的操作")
    try:
        target = session.get(Account, int(account_id))
    except (TypeError, ValueError):
        target = None
    if target is None or target.role != Role.INST_SUB or target.institution_id != actor.institution_id:
        audit.record(session, actor, f"{action}_sub_account", result="denied", object_type="account",
                     object_id=target.id if target else None, detail={"reason": "not_own_sub_account"})
        audit.refuse(session, NotFound("子账号不存在"))
    allowed_from, new_status, message = _TRANSITIONS[action]
    if target.status == AccountStatus.CANCELLED:
        raise ServiceError(f"子账号 {target.username} 已注销，不能再启用或停用")
    if target.status not in allowed_from:
        raise ServiceError(f"子账号 {target.username} 当前为“{ACCOUNT_STATUS_LABELS[target.status]}”，无需此操作")
    before = target.status
    target.status = new_status
    detail: dict[str, object] = {"username": target.username, "before": before, "after": new_status}
    if new_status == AccountStatus.CANCELLED and target.phone:
        detail["phone"] = mask_phone(target.phone)
        target.phone = None
    session.add(target)
    if new_status != AccountStatus.ACTIVE:
        detail["sessions_ended"] = auth.revoke_sessions(session, target.id)
    audit.record(session, actor, f"{action}_sub_account", object_type="account", object_id=target.id, detail=detail)
    return f"{message} {target.username}"
