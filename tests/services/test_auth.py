"""Registration, password and SMS login, lockout, sessions and their audit trail."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlmodel import select

from filing_app.domain.enums import Role
from filing_app.models import Account, AuditLog, AuthSession, Institution, SmsCode, SmsOutbox
from filing_app.services import auth, sms
from filing_app.services.errors import ServiceError, ValidationFailed
from tests.helpers import STRONG_PASSWORD, new_credit_code, new_phone, new_username


def _form(**overrides) -> auth.RegistrationForm:
    values = dict(
        credit_code=new_credit_code(),
        name="北京测试环境监测有限公司",
        registered_type="monitoring",
        province_code="110000",
        username=new_username(),
        phone=new_phone(),
        password=STRONG_PASSWORD,
        password_confirm=STRONG_PASSWORD,
    )
    values.update(overrides)
    return auth.RegistrationForm(**values)


def _register(session, **overrides) -> Account:
    account = auth.register_institution(session, _form(**overrides), "10.0.0.1")
    session.commit()
    return account


def _sms_code(session, phone: str) -> str:
    message = session.exec(select(SmsOutbox).where(SmsOutbox.phone == phone).order_by(SmsOutbox.id.desc())).first()
    return "".join(ch for ch in message.message.split("验证码是")[1][:6])


def _age_code(session, phone: str, seconds: int) -> None:
    for row in session.exec(select(SmsCode).where(SmsCode.phone == phone)):
        row.created_at -= timedelta(seconds=seconds)
        row.expires_at -= timedelta(seconds=seconds)
        session.add(row)
    session.commit()


class TestRegistration:
    def test_creates_institution_and_main_account_with_hashed_password(self, session):
        form = _form(credit_code=" " + new_credit_code().lower() + " ")
        account = auth.register_institution(session, form, "10.0.0.1")
        session.commit()
        institution = session.get(Institution, account.institution_id)
        assert institution.credit_code == form.credit_code.strip().upper()
        assert institution.province_code == "110000"
        assert account.role == Role.INST_MAIN
        assert account.password_hash.startswith("$argon2id$")
        assert STRONG_PASSWORD not in account.password_hash
        row = session.exec(select(AuditLog).where(AuditLog.action == "register", AuditLog.result == "ok")).one()
        assert row.client_ip == "10.0.0.1" and row.institution_id == institution.id

    def test_every_bad_field_gets_its_own_chinese_message(self, session):
        form = _form(credit_code="91110108MA007J3P0U", name="", registered_type="x", province_code="999999",
                     username="1ab", phone="1234", password="short", password_confirm="short")
        with pytest.raises(ValidationFailed) as caught:
            auth.register_institution(session, form)
        errors = caught.value.field_errors
        assert set(errors) == {"credit_code", "name", "registered_type", "province_code", "username", "phone",
                               "password"}
        assert "第18位" in errors["credit_code"]
        assert "机构名称" in errors["name"]
        assert "至少8" in errors["password"]

    def test_password_confirmation_must_match(self, session):
        with pytest.raises(ValidationFailed) as caught:
            auth.register_institution(session, _form(password_confirm="Other#2026"))
        assert caught.value.field_errors == {"password_confirm": "两次输入的密码不一致"}

    def test_credit_code_username_and_phone_register_once(self, session):
        first = _form()
        auth.register_institution(session, first)
        session.commit()
        with pytest.raises(ValidationFailed) as caught:
            auth.register_institution(session, _form(credit_code=first.credit_code, username=first.username,
                                                     phone=first.phone))
        errors = caught.value.field_errors
        assert "已注册" in errors["credit_code"]
        assert "已被使用" in errors["username"]
        assert "已绑定" in errors["phone"]
        assert session.exec(select(Institution)).all().__len__() == 1


class TestPasswordLogin:
    def test_success_issues_a_new_hashed_token_each_time(self, session):
        account = _register(session)
        first = auth.login_with_password(session, account.username, STRONG_PASSWORD, "1.2.3.4")
        second = auth.login_with_password(session, account.username, STRONG_PASSWORD, "1.2.3.4")
        session.commit()
        assert first.token != second.token
        stored = [s.token_hash for s in session.exec(select(AuthSession))]
        assert first.token not in stored and second.token not in stored
        assert auth.resolve_session(session, first.token).account_id == account.id

    def test_wrong_password_says_how_many_tries_are_left(self, session):
        account = _register(session)
        with pytest.raises(ServiceError, match="再输错4次"):
            auth.login_with_password(session, account.username, "Wrong#2026")
        session.commit()
        failed = session.exec(select(AuditLog).where(AuditLog.action == "login", AuditLog.result == "fail")).one()
        assert failed.actor_id == account.id

    def test_unknown_user_gets_the_same_message(self, session):
        with pytest.raises(ServiceError) as caught:
            auth.login_with_password(session, "nobody_here", "Wrong#2026")
        assert caught.value.message == "用户名或密码错误"

    def test_five_wrong_passwords_lock_the_account_until_a_stated_time(self, session):
        account = _register(session)
        for _ in range(4):
            with pytest.raises(ServiceError):
                auth.login_with_password(session, account.username, "Wrong#2026")
        with pytest.raises(ServiceError, match="账号已锁定至 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d"):
            auth.login_with_password(session, account.username, "Wrong#2026")
        session.commit()
        # Even the right password is refused while locked.
        with pytest.raises(ServiceError, match="已锁定"):
            auth.login_with_password(session, account.username, STRONG_PASSWORD)
        session.commit()
        assert session.exec(select(AuditLog).where(AuditLog.action == "account_locked")).one()
        # After the lock has run out, the right password works again.
        locked = session.get(Account, account.id)
        locked.locked_until -= timedelta(minutes=16)
        session.add(locked)
        session.commit()
        assert auth.login_with_password(session, account.username, STRONG_PASSWORD).token

    def test_threshold_and_length_of_the_lock_are_configurable(self, session, monkeypatch):
        account = _register(session)
        configured = replace(auth.get_settings(), lockout_threshold=3, lockout_minutes=2)
        monkeypatch.setattr(auth, "get_settings", lambda: configured)
        with pytest.raises(ServiceError, match="再输错2次账号将被锁定2分钟"):
            auth.login_with_password(session, account.username, "Wrong#2026")
        with pytest.raises(ServiceError, match="再输错1次"):
            auth.login_with_password(session, account.username, "Wrong#2026")
        with pytest.raises(ServiceError, match="账号已锁定至"):
            auth.login_with_password(session, account.username, "Wrong#2026")
        session.commit()
        locked = session.get(Account, account.id)
        assert timedelta(minutes=1) < locked.locked_until - session.exec(
            select(AuditLog.at).where(AuditLog.action == "account_locked")).one() <= timedelta(minutes=2)

    def test_disabled_account_cannot_log_in(self, session):
        account = _register(session)
        account.status = "disabled"
        session.add(account)
        session.commit()
        with pytest.raises(ServiceError, match="停用"):
            auth.login_with_password(session, account.username, STRONG_PASSWORD)


class TestSessions:
    def test_idle_and_absolute_expiry_and_logout(self, session):
        account = _register(session)
        token = auth.login_with_password(session, account.username, STRONG_PASSWORD).token
        session.commit()
        row = session.exec(select(AuthSession)).one()
        row.last_seen_at -= timedelta(minutes=31)
        session.add(row)
        session.commit()
        assert auth.resolve_session(session, token) is None  # idle 30 min

        token = auth.login_with_password(session, account.username, STRONG_PASSWORD).token
        session.commit()
        row = session.exec(select(AuthSession).order_by(AuthSession.id.desc())).first()
        row.expires_at = row.last_seen_at  # absolute limit reached
        session.add(row)
        session.commit()
        assert auth.resolve_session(session, token) is None

        token = auth.login_with_password(session, account.username, STRONG_PASSWORD).token
        session.commit()
        assert auth.resolve_session(session, token) is not None
        auth.logout(session, token, "1.2.3.4")
        session.commit()
        assert auth.resolve_session(session, token) is None
        assert session.exec(select(AuditLog).where(AuditLog.action == "logout")).one().client_ip == "1.2.3.4"

    def test_every_successful_login_is_audited_with_time_account_and_address(self, session):
        account = _register(session)
        auth.login_with_password(session, account.username, STRONG_PASSWORD, "10.1.2.3")
        session.commit()
        auth.send_sms_code(session, account.phone)
        session.commit()
        auth.login_with_sms(session, account.phone, _sms_code(session, account.phone), "10.4.5.6")
        session.commit()
        rows = session.exec(select(AuditLog).where(AuditLog.action == "login", AuditLog.result == "ok")
                            .order_by(AuditLog.id)).all()
        assert [(r.detail["method"], r.actor_id, r.actor_name, r.client_ip) for r in rows] == [
            ("password", account.id, account.username, "10.1.2.3"),
            ("sms", account.id, account.username, "10.4.5.6"),
        ]
        assert all(r.at is not None and r.institution_id == account.institution_id for r in rows)

    def test_garbage_token_resolves_to_nobody(self, session):
        assert auth.resolve_session(session, "not-a-token") is None
        assert auth.resolve_session(session, "") is None


class TestSmsLogin:
    def test_code_logs_in_once(self, session):
        account = _register(session)
        message = auth.send_sms_code(session, account.phone, auth.SMS_LOGIN)
        session.commit()
        assert account.phone[-4:] in message and account.phone not in message
        code = _sms_code(session, account.phone)
        assert len(code) == 6 and code.isdigit()
        result = auth.login_with_sms(session, account.phone, code)
        session.commit()
        assert result.actor.account_id == account.id
        with pytest.raises(ValidationFailed):
            auth.login_with_sms(session, account.phone, code)  # used

    def test_one_send_per_minute(self, session):
        account = _register(session)
        auth.send_sms_code(session, account.phone)
        session.commit()
        with pytest.raises(ValidationFailed) as caught:
            auth.send_sms_code(session, account.phone)
        assert "频繁" in caught.value.field_errors["phone"]
        _age_code(session, account.phone, 61)
        auth.send_sms_code(session, account.phone)

    def test_five_wrong_tries_invalidate_the_code(self, session):
        account = _register(session)
        auth.send_sms_code(session, account.phone)
        session.commit()
        code = _sms_code(session, account.phone)
        wrong = "000000" if code != "000000" else "111111"
        for left in (4, 3, 2, 1):
            with pytest.raises(ValidationFailed) as caught:
                auth.login_with_sms(session, account.phone, wrong)
            session.commit()
            assert caught.value.field_errors["code"] == f"验证码错误，还可尝试{left}次"
        with pytest.raises(ValidationFailed) as caught:
            auth.login_with_sms(session, account.phone, wrong)
        session.commit()
        assert "已失效" in caught.value.field_errors["code"]
        with pytest.raises(ValidationFailed) as caught:
            auth.login_with_sms(session, account.phone, code)
        assert "错误次数过多" in caught.value.field_errors["code"]

    def test_code_expires_after_five_minutes(self, session):
        account = _register(session)
        auth.send_sms_code(session, account.phone)
        session.commit()
        code = _sms_code(session, account.phone)
        _age_code(session, account.phone, 301)
        with pytest.raises(ValidationFailed) as caught:
            auth.login_with_sms(session, account.phone, code)
        assert "过期" in caught.value.field_errors["code"]

    def test_unknown_phone_is_answered_alike_but_nothing_is_sent(self, session):
        phone = new_phone()
        message = auth.send_sms_code(session, phone)
        session.commit()
        assert "验证码已发送" in message
        assert session.exec(select(SmsOutbox).where(SmsOutbox.phone == phone)).first() is None

    def test_bad_phone_is_refused(self, session):
        with pytest.raises(ValidationFailed) as caught:
            auth.send_sms_code(session, "12345")
        assert "phone" in caught.value.field_errors


class RecordingSender:
    """A deployment's own SMS gateway, named by FILING_SMS_SENDER=module:Class."""

    sent: list[tuple[str, str]] = []

    def send(self, session, phone: str, text: str) -> None:
        RecordingSender.sent.append((phone, text))


def test_a_configured_sender_class_replaces_the_outbox(session, monkeypatch):
    account = _register(session)
    configured = replace(sms.get_settings(), sms_sender=f"{__name__}:RecordingSender")
    monkeypatch.setattr(sms, "get_settings", lambda: configured)
    monkeypatch.setattr(RecordingSender, "sent", [])
    sms.get_sender.cache_clear()
    try:
        auth.send_sms_code(session, account.phone)
        session.commit()
    finally:
        sms.get_sender.cache_clear()
    assert [phone for phone, _ in RecordingSender.sent] == [account.phone]
    assert "验证码是" in RecordingSender.sent[0][1]
    assert session.exec(select(SmsOutbox).where(SmsOutbox.phone == account.phone)).first() is None


def test_failed_logins_and_wrong_codes_survive_the_rolled_back_transaction(db):
    """The UI runs each call in session_scope, which rolls back on errors: the lockout
    counter, the wrong-code counter and the audit rows must still be stored."""
    from filing_app.db import session_scope

    with session_scope() as s:
        account = auth.register_institution(s, _form())
        username, phone = account.username, account.phone
    for _ in range(5):
        with pytest.raises(ServiceError), session_scope() as s:
            auth.login_with_password(s, username, "Wrong#2026")
    with session_scope() as s:
        auth.send_sms_code(s, phone)
    with pytest.raises(ValidationFailed), session_scope() as s:
        auth.login_with_sms(s, phone, "000000" if _sms_code(s, phone) != "000000" else "111111")
    with session_scope() as s:
        stored = s.exec(select(Account).where(Account.username == username)).one()
        assert stored.locked_until is not None
        assert s.exec(select(SmsCode).where(SmsCode.phone == phone, SmsCode.code_hash != "-")).one().attempts == 1
        failures = s.exec(select(AuditLog).where(AuditLog.action == "login", AuditLog.result == "fail")).all()
        assert len(failures) == 6
