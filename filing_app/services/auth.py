"""Registration, login (password or SMS code), server-side sessions and logout."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from filing_app.domain import regions
from filing_app.domain.clock import show_datetime, utcnow
from filing_app.domain.enums import FILING_TYPES, Role
from filing_app.domain.validators import (
    PasswordPolicy,
    credit_code_error,
    mask_phone,
    mobile_error,
    normalize_credit_code,
    password_errors,
    username_error,
)
from filing_app.models import Account, AuthSession, Institution, SmsCode
from filing_app.services import audit, security
from filing_app.services.actor import Actor
from filing_app.services.errors import NotLoggedIn, ServiceError, ValidationFailed
from filing_app.services.sms import get_sender
from filing_app.settings import get_settings

SMS_LOGIN = "login"
SMS_BIND_PHONE = "bind_phone"


def password_policy() -> PasswordPolicy:
    settings = get_settings()
    return PasswordPolicy(min_length=settings.password_min_length, min_classes=settings.password_min_classes)


def check_new_password(password: str, confirm: str, field: str = "password") -> dict[str, str]:
    """Field errors for a new password and its confirmation (empty when acceptable)."""
    errors: dict[str, str] = {}
    problems = password_errors(password or "", password_policy())
    if problems:
        errors[field] = "；".join(problems)
    elif password != confirm:
        errors[f"{field}_confirm"] = "两次输入的密码不一致"
    return errors


def username_problem(session: Session, username: str) -> str | None:
    """Why `username` cannot name a new account (its format, or taken), else None."""
    username = (username or "").strip()
    if message := username_error(username):
        return message
    if session.exec(select(Account.id).where(Account.username == username)).first():
        return "该用户名已被使用，请换一个"
    return None


def phone_problem(session: Session, phone: str, *, account_id: int | None = None) -> str | None:
    """Why `phone` cannot be bound to an account (its format, or bound to another one), else None.
    `account_id` is the account that will hold it (its own current phone is no conflict)."""
    phone = (phone or "").strip()
    if message := mobile_error(phone):
        return message
    holder = session.exec(select(Account.id).where(Account.phone == phone)).first()
    if holder is not None and holder != account_id:
        return "该手机号已绑定其他账号"
    return None


def insert_account(session: Session, account: Account) -> Account:
    """Insert an account checked with username_problem / phone_problem; one that took the
    username or phone a moment ago (the unique indexes decide) makes this a ValidationFailed."""
    try:
        with session.begin_nested():
            session.add(account)
            session.flush()
    except IntegrityError as exc:
        raise ValidationFailed({"username": "该用户名或手机号刚刚已被使用，请核对后重试"}) from exc
    return account


# ---------------------------------------------------------------- registration


@dataclass
class RegistrationForm:
    credit_code: str = ""
    name: str = ""
    registered_type: str = ""  # monitoring / om
    province_code: str = ""
    username: str = ""
    phone: str = ""
    password: str = ""
    password_confirm: str = ""


def _registration_errors(session: Session, form: RegistrationForm) -> dict[str, str]:
    errors: dict[str, str] = {}
    code = normalize_credit_code(form.credit_code)
    if not code:
        errors["credit_code"] = "请输入统一社会信用代码"
    elif message := credit_code_error(code):
        errors["credit_code"] = message
    elif session.exec(select(Institution.id).where(Institution.credit_code == code)).first():
        errors["credit_code"] = "该统一社会信用代码已注册，一个机构只能注册一次；如忘记账号请使用手机验证码登录"
    name = (form.name or "").strip()
    if not name:
        errors["name"] = "请输入技术服务机构名称"
    elif len(name) > 100:
        errors["name"] = "机构名称不能超过100个字"
    if form.registered_type not in FILING_TYPES:
        errors["registered_type"] = "请选择机构类别（监测机构或运维机构）"
    if not regions.is_province(form.province_code or ""):
        errors["province_code"] = "请选择注册地所在省份"
    if message := username_problem(session, form.username):
        errors["username"] = message
    if message := phone_problem(session, form.phone):
        errors["phone"] = message
    errors.update(check_new_password(form.password, form.password_confirm))
    return errors


def register_institution(session: Session, form: RegistrationForm, client_ip: str = "") -> Account:
    """Create the institution and its main account. Raises ValidationFailed with every field's error."""
    errors = _registration_errors(session, form)
    if errors:
        audit.record(
            session,
            None,
            "register",
            result="fail",
            client_ip=client_ip,
            actor_name=(form.username or "")[:32],
            detail={"fields": sorted(errors)},
        )
        audit.refuse(session, ValidationFailed(errors))
    institution = Institution(
        credit_code=normalize_credit_code(form.credit_code),
        name=form.name.strip(),
        registered_type=form.registered_type,
        province_code=form.province_code,
    )
    account = Account(
        username=form.username.strip(),
        phone=form.phone.strip(),
        display_name=form.name.strip(),
        password_hash=security.hash_password(form.password),
        role=Role.INST_MAIN,
    )
    try:
        with session.begin_nested():
            session.add(institution)
            session.flush()
            account.institution_id = institution.id
            session.add(account)
            session.flush()
    except IntegrityError as exc:
        # Someone registered the same code, username or phone a moment ago.
        raise ValidationFailed({"credit_code": "该机构、用户名或手机号刚刚已被注册，请核对后重试"}) from exc
    audit.record(
        session,
        None,
        "register",
        object_type="institution",
        object_id=institution.id,
        institution_id=institution.id,
        province_code=institution.province_code,
        client_ip=client_ip,
        actor_id=account.id,
        actor_name=account.username,
        detail={"credit_code": institution.credit_code, "name": institution.name},
    )
    return account


# ---------------------------------------------------------------- sessions


@dataclass(frozen=True)
class LoginResult:
    token: str
    actor: Actor


def _actor_for(account: Account, client_ip: str) -> Actor:
    return Actor(
        account_id=account.id,
        username=account.username,
        role=account.role,
        institution_id=account.institution_id,
        province_code=account.province_code,
        client_ip=client_ip,
        must_change_password=account.must_change_password,
    )


def _open_session(session: Session, account: Account, client_ip: str, user_agent: str) -> str:
    """A fresh token at every login; only its hash is stored."""
    settings = get_settings()
    token = security.new_token()
    now = utcnow()
    session.add(
        AuthSession(
            account_id=account.id,
            token_hash=security.token_hash(token),
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=settings.session_absolute_hours),
            client_ip=client_ip[:64],
            user_agent=(user_agent or "")[:300],
        )
    )
    return token


def start_session_after_registration(session: Session, account: Account, client_ip: str = "",
                                     user_agent: str = "") -> LoginResult:
    """A new institution is logged in straight after registering."""
    token = _open_session(session, account, client_ip, user_agent)
    audit.record(session, None, "login", object_type="account", object_id=account.id, client_ip=client_ip,
                 actor_id=account.id, actor_name=account.username, institution_id=account.institution_id,
                 detail={"method": "registration"})
    return LoginResult(token=token, actor=_actor_for(account, client_ip))


def lookup_session(session: Session, token: str | None, client_ip: str = "") -> tuple[Actor | None, bool]:
    """The actor behind a browser's token (None when unknown, revoked or expired), and
    whether its last_seen_at is due to be touched. Reads only."""
    if not token:
        return None, False
    row = session.exec(select(AuthSession).where(AuthSession.token_hash == security.token_hash(token))).first()
    if row is None or row.revoked_at is not None:
        return None, False
    now = utcnow()
    idle_limit = timedelta(minutes=get_settings().session_idle_minutes)
    if now >= row.expires_at or now - row.last_seen_at >= idle_limit:
        return None, False
    account = session.get(Account, row.account_id)
    if account is None or account.status != "active":
        return None, False
    # Touching at most once a minute keeps most events free of writes.
    return _actor_for(account, client_ip), now - row.last_seen_at >= timedelta(seconds=60)


def touch_session(session: Session, token: str) -> None:
    row = session.exec(select(AuthSession).where(AuthSession.token_hash == security.token_hash(token))).first()
    if row is not None:
        row.last_seen_at = utcnow()
        session.add(row)


def resolve_session(session: Session, token: str | None, client_ip: str = "") -> Actor | None:
    actor, due = lookup_session(session, token, client_ip)
    if due and token:
        touch_session(session, token)
    return actor


def require_actor(session: Session, token: str | None, client_ip: str = "") -> Actor:
    actor = resolve_session(session, token, client_ip)
    if actor is None:
        raise NotLoggedIn()
    return actor


def logout(session: Session, token: str | None, client_ip: str = "") -> None:
    if not token:
        return
    row = session.exec(select(AuthSession).where(AuthSession.token_hash == security.token_hash(token))).first()
    if row is None or row.revoked_at is not None:
        return
    row.revoked_at = utcnow()
    session.add(row)
    account = session.get(Account, row.account_id)
    audit.record(
        session,
        None,
        "logout",
        object_type="account",
        object_id=row.account_id,
        client_ip=client_ip,
        actor_id=row.account_id,
        actor_name=account.username if account else "",
        institution_id=account.institution_id if account else None,
    )


def revoke_sessions(session: Session, account_id: int, keep_token: str | None = None) -> int:
    """End every session of an account (password change, cancellation); returns how many."""
    keep = security.token_hash(keep_token) if keep_token else None
    rows = session.exec(
        select(AuthSession).where(AuthSession.account_id == account_id, AuthSession.revoked_at.is_(None))
    ).all()
    count = 0
    for row in rows:
        if row.token_hash != keep:
            row.revoked_at = utcnow()
            session.add(row)
            count += 1
    return count


# ---------------------------------------------------------------- password login


def _lock_message(until: datetime) -> str:
    return f"密码连续输错次数过多，账号已锁定至 {show_datetime(until)}，请届时再试，或使用手机验证码登录"


def login_with_password(
    session: Session, username: str, password: str, client_ip: str = "", user_agent: str = ""
) -> LoginResult:
    settings = get_settings()
    username = (username or "").strip()
    missing = {}
    if not username:
        missing["username"] = "请输入用户名"
    if not password:
        missing["password"] = "请输入密码"
    if missing:
        raise ValidationFailed(missing)
    account = session.exec(select(Account).where(Account.username == username)).first()
    now = utcnow()
    if account is None:
        security.verify_password(password, None)  # same time as a real check
        audit.record(session, None, "login", result="fail", client_ip=client_ip, actor_name=username[:32],
                     detail={"method": "password", "reason": "unknown_user"})
        audit.refuse(session, ServiceError("用户名或密码错误"))
    if account.locked_until and account.locked_until > now:
        audit.record(session, None, "login", result="locked", object_type="account", object_id=account.id,
                     client_ip=client_ip, actor_id=account.id, actor_name=account.username,
                     institution_id=account.institution_id, detail={"method": "password"})
        audit.refuse(session, ServiceError(_lock_message(account.locked_until)))
    if not security.verify_password(password, account.password_hash):
        account.failed_logins += 1
        detail = {"method": "password", "reason": "wrong_password", "failed": account.failed_logins}
        if account.failed_logins >= settings.lockout_threshold:
            account.locked_until = now + timedelta(minutes=settings.lockout_minutes)
            account.failed_logins = 0
            session.add(account)
            audit.record(session, None, "login", result="fail", object_type="account", object_id=account.id,
                         client_ip=client_ip, actor_id=account.id, actor_name=account.username,
                         institution_id=account.institution_id, detail=detail)
            audit.record(session, None, "account_locked", object_type="account", object_id=account.id,
                         client_ip=client_ip, actor_id=account.id, actor_name=account.username,
                         institution_id=account.institution_id,
                         detail={"until": account.locked_until.isoformat()})
            audit.refuse(session, ServiceError(_lock_message(account.locked_until)))
        session.add(account)
        audit.record(session, None, "login", result="fail", object_type="account", object_id=account.id,
                     client_ip=client_ip, actor_id=account.id, actor_name=account.username,
                     institution_id=account.institution_id, detail=detail)
        left = settings.lockout_threshold - account.failed_logins
        audit.refuse(session, ServiceError(f"用户名或密码错误，再输错{left}次账号将被锁定{settings.lockout_minutes}分钟"))
    if account.status != "active":
        audit.record(session, None, "login", result="fail", object_type="account", object_id=account.id,
                     client_ip=client_ip, actor_id=account.id, actor_name=account.username,
                     institution_id=account.institution_id, detail={"method": "password", "reason": account.status})
        audit.refuse(session, ServiceError("该账号已停用或注销，请联系主账号或管理员"))
    account.failed_logins = 0
    account.locked_until = None
    session.add(account)
    token = _open_session(session, account, client_ip, user_agent)
    audit.record(session, None, "login", object_type="account", object_id=account.id, client_ip=client_ip,
                 actor_id=account.id, actor_name=account.username, institution_id=account.institution_id,
                 province_code=account.province_code, detail={"method": "password"})
    return LoginResult(token=token, actor=_actor_for(account, client_ip))


# ---------------------------------------------------------------- SMS codes


def send_sms_code(session: Session, phone: str, purpose: str = SMS_LOGIN, *, client_ip: str = "",
                  account_id: int | None = None) -> str:
    """Send a 6-digit code; returns the message to show. One send per phone per minute.

    For login the answer is the same whether or not the phone belongs to an account, so
    the form cannot be used to find out who is registered.
    """
    settings = get_settings()
    phone = (phone or "").strip()
    if message := mobile_error(phone):
        raise ValidationFailed({"phone": message})
    now = utcnow()
    last = session.exec(
        select(SmsCode).where(SmsCode.phone == phone).order_by(SmsCode.created_at.desc()).limit(1)
    ).first()
    if last is not None and now - last.created_at < timedelta(seconds=settings.sms_resend_seconds):
        wait = settings.sms_resend_seconds - int((now - last.created_at).total_seconds())
        raise ValidationFailed({"phone": f"验证码发送过于频繁，请{max(wait, 1)}秒后再试"})
    sent_message = f"验证码已发送至 {mask_phone(phone)}，{settings.sms_code_ttl_seconds // 60}分钟内有效"
    if purpose == SMS_LOGIN:
        owner = session.exec(select(Account).where(Account.phone == phone, Account.status == "active")).first()
        if owner is None:
            # Still rate-limited, still audited, nothing sent.
            session.add(SmsCode(phone=phone, purpose=purpose, code_hash="-", created_at=now, expires_at=now))
            audit.record(session, None, "sms_code_sent", result="fail", client_ip=client_ip,
                         detail={"phone": mask_phone(phone), "purpose": purpose, "reason": "unknown_phone"})
            return sent_message
        account_id = owner.id
    code = security.new_sms_code()
    session.add(
        SmsCode(
            phone=phone,
            purpose=purpose,
            code_hash=security.code_hash(phone, code),
            created_at=now,
            expires_at=now + timedelta(seconds=settings.sms_code_ttl_seconds),
            account_id=account_id,
        )
    )
    get_sender().send(
        session,
        phone,
        f"【生态环境监测技术服务机构备案】您的验证码是{code}，{settings.sms_code_ttl_seconds // 60}分钟内有效，请勿泄露。",
    )
    audit.record(session, None, "sms_code_sent", client_ip=client_ip, actor_id=account_id,
                 detail={"phone": mask_phone(phone), "purpose": purpose})
    return sent_message


def check_sms_code(session: Session, phone: str, code: str, purpose: str) -> SmsCode:
    """Consume a valid code or raise with the reason. Wrong tries count against the code."""
    settings = get_settings()
    phone = (phone or "").strip()
    code = (code or "").strip()
    if message := mobile_error(phone):
        raise ValidationFailed({"phone": message})
    if not (len(code) == 6 and code.isdigit()):
        raise ValidationFailed({"code": "请输入6位数字验证码"})
    now = utcnow()
    row = session.exec(
        select(SmsCode)
        .where(SmsCode.phone == phone, SmsCode.purpose == purpose, SmsCode.code_hash != "-")
        .order_by(SmsCode.created_at.desc())
        .limit(1)
    ).first()
    if row is None or row.used_at is not None:
        raise ValidationFailed({"code": "请先获取验证码"})
    if row.expires_at <= now:
        raise ValidationFailed({"code": "验证码已过期，请重新获取"})
    if row.attempts >= settings.sms_max_attempts:
        raise ValidationFailed({"code": "验证码错误次数过多，已失效，请重新获取"})
    if not security.code_matches(phone, code, row.code_hash):
        row.attempts += 1
        session.add(row)
        left = settings.sms_max_attempts - row.attempts
        message = "验证码错误，已失效，请重新获取" if left <= 0 else f"验证码错误，还可尝试{left}次"
        audit.refuse(session, ValidationFailed({"code": message}))
    row.used_at = now
    session.add(row)
    return row


def login_with_sms(session: Session, phone: str, code: str, client_ip: str = "", user_agent: str = "") -> LoginResult:
    try:
        check_sms_code(session, phone, code, SMS_LOGIN)
    except ValidationFailed as exc:
        audit.record(session, None, "login", result="fail", client_ip=client_ip,
                     detail={"method": "sms", "phone": mask_phone(phone or "")})
        audit.refuse(session, exc)
    account = session.exec(select(Account).where(Account.phone == phone.strip())).first()
    if account is None or account.status != "active":
        raise ServiceError("该手机号未绑定可用的账号")
    token = _open_session(session, account, client_ip, user_agent)
    audit.record(session, None, "login", object_type="account", object_id=account.id, client_ip=client_ip,
                 actor_id=account.id, actor_name=account.username, institution_id=account.institution_id,
                 province_code=account.province_code, detail={"method": "sms"})
    return LoginResult(token=token, actor=_actor_for(account, client_ip))


# ---------------------------------------------------------------- who am I


@dataclass(frozen=True)
class AccountSummary:
    username: str
    role: str
    display_name: str
    institution_name: str
    province_code: str
    must_change_password: bool


def account_summary(session: Session, actor: Actor) -> AccountSummary:
    account = session.get(Account, actor.account_id)
    institution = session.get(Institution, actor.institution_id) if actor.institution_id else None
    return AccountSummary(
        username=account.username,
        role=account.role,
        display_name=account.display_name,
        institution_name=institution.name if institution else "",
        province_code=(institution.province_code if institution else account.province_code) or "",
        must_change_password=account.must_change_password,
    )
