"""账号管理 (§3.7): password and phone changes, sub-accounts and who may manage them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from filing_app.domain.enums import Role
from filing_app.models import Account, AuditLog, AuthSession, SmsCode, SmsOutbox
from filing_app.services import accounts, auth
from filing_app.services.actor import Actor, require_main_account
from filing_app.services.errors import NotFound, NotLoggedIn, PermissionDenied, ServiceError, ValidationFailed
from tests.helpers import STRONG_PASSWORD, new_credit_code, new_phone, new_username

NEW_PASSWORD = "Changed#2027"


def _register(session, province_code: str = "110000") -> Account:
    form = auth.RegistrationForm(
        credit_code=new_credit_code(), name="北京账号测试环境监测有限公司", registered_type="monitoring",
        province_code=province_code, username=new_username(), phone=new_phone(), password=STRONG_PASSWORD,
        password_confirm=STRONG_PASSWORD,
    )
    account = auth.register_institution(session, form)
    session.commit()
    return account


def _login(session, username: str, password: str = STRONG_PASSWORD) -> auth.LoginResult:
    result = auth.login_with_password(session, username, password, "10.0.0.9")
    session.commit()
    return result


def _sms_code(session, phone: str) -> str:
    message = session.exec(select(SmsOutbox).where(SmsOutbox.phone == phone).order_by(SmsOutbox.id.desc())).first()
    return message.message.split("验证码是")[1][:6]


def _sub_form(**overrides) -> accounts.SubAccountForm:
    values = dict(username=new_username("sub"), display_name="张三", phone=new_phone(), password=STRONG_PASSWORD,
                  password_confirm=STRONG_PASSWORD)
    values.update(overrides)
    return accounts.SubAccountForm(**values)


def _create_sub(session, main: Actor, **overrides) -> Account:
    account_id = accounts.create_sub_account(session, main, _sub_form(**overrides))
    session.commit()
    return session.get(Account, account_id)


def _denials(session, action: str) -> list[AuditLog]:
    return session.exec(select(AuditLog).where(AuditLog.action == action, AuditLog.result == "denied")).all()


class TestChangePassword:
    def test_needs_the_old_password_and_ends_every_other_session(self, session):
        account = _register(session)
        here = _login(session, account.username)
        elsewhere = _login(session, account.username)

        with pytest.raises(ValidationFailed) as caught:
            accounts.change_password(session, here.actor, "Wrong#2026", NEW_PASSWORD, NEW_PASSWORD,
                                     keep_token=here.token)
        session.commit()
        assert "原密码错误" in caught.value.field_errors["old_password"]
        assert session.exec(select(AuditLog).where(AuditLog.action == "change_password",
                                                   AuditLog.result == "fail")).one()

        ended = accounts.change_password(session, here.actor, STRONG_PASSWORD, NEW_PASSWORD, NEW_PASSWORD,
                                         keep_token=here.token)
        session.commit()
        assert ended == 1
        assert auth.resolve_session(session, here.token) is not None
        assert auth.resolve_session(session, elsewhere.token) is None
        with pytest.raises(ServiceError, match="用户名或密码错误"):
            auth.login_with_password(session, account.username, STRONG_PASSWORD)
        session.commit()
        assert _login(session, account.username, NEW_PASSWORD).token
        assert session.exec(select(AuditLog).where(AuditLog.action == "change_password",
                                                   AuditLog.result == "ok")).one().detail["sessions_ended"] == 1

    def test_policy_confirmation_and_reuse_are_checked(self, session):
        account = _register(session)
        me = _login(session, account.username)
        with pytest.raises(ValidationFailed) as caught:
            accounts.change_password(session, me.actor, "", "short", "short", keep_token=me.token)
        assert set(caught.value.field_errors) == {"old_password", "new_password"}
        with pytest.raises(ValidationFailed) as caught:
            accounts.change_password(session, me.actor, STRONG_PASSWORD, NEW_PASSWORD, "Other#2027",
                                     keep_token=me.token)
        assert caught.value.field_errors == {"new_password_confirm": "两次输入的密码不一致"}
        with pytest.raises(ValidationFailed) as caught:
            accounts.change_password(session, me.actor, STRONG_PASSWORD, STRONG_PASSWORD, STRONG_PASSWORD,
                                     keep_token=me.token)
        assert caught.value.field_errors == {"new_password": "新密码不能与原密码相同"}

    def test_guessing_the_old_password_locks_the_account_and_logs_out(self, session):
        account = _register(session)
        me = _login(session, account.username)
        for left in (4, 3, 2, 1):
            with pytest.raises(ValidationFailed) as caught:
                accounts.change_password(session, me.actor, "Wrong#2026", NEW_PASSWORD, NEW_PASSWORD,
                                         keep_token=me.token)
            assert f"再输错{left}次" in caught.value.field_errors["old_password"]
        with pytest.raises(NotLoggedIn, match="已锁定至"):
            accounts.change_password(session, me.actor, "Wrong#2026", NEW_PASSWORD, NEW_PASSWORD,
                                     keep_token=me.token)
        session.commit()
        assert auth.resolve_session(session, me.token) is None
        with pytest.raises(ServiceError, match="已锁定"):
            auth.login_with_password(session, account.username, STRONG_PASSWORD)

    def test_forced_first_login_change_clears_the_flag(self, session):
        main = _login(session, _register(session).username).actor
        sub = _create_sub(session, main)
        login = _login(session, sub.username)
        assert login.actor.must_change_password
        accounts.change_password(session, login.actor, STRONG_PASSWORD, NEW_PASSWORD, NEW_PASSWORD,
                                 keep_token=login.token)
        session.commit()
        assert auth.resolve_session(session, login.token).must_change_password is False
        row = session.exec(select(AuditLog).where(AuditLog.action == "change_password")).one()
        assert row.detail["forced"] is True


class TestChangePhone:
    def test_code_goes_to_the_new_phone_and_the_old_phone_is_told(self, session):
        account = _register(session)
        me = _login(session, account.username).actor
        old_phone, new = account.phone, new_phone()
        message = accounts.send_bind_phone_code(session, me, new)
        session.commit()
        assert new[-4:] in message and new not in message
        code = _sms_code(session, new)
        with pytest.raises(ValidationFailed) as caught:
            accounts.change_phone(session, me, new, "000000" if code != "000000" else "111111")
        session.commit()
        assert "验证码错误" in caught.value.field_errors["code"]

        masked = accounts.change_phone(session, me, new, code)
        session.commit()
        assert masked == new[:3] + "****" + new[-4:]
        assert session.get(Account, account.id).phone == new
        told = session.exec(select(SmsOutbox).where(SmsOutbox.phone == old_phone)).one()
        assert masked in told.message
        audit_row = session.exec(select(AuditLog).where(AuditLog.action == "change_phone")).one()
        assert audit_row.detail == {"old": old_phone[:3] + "****" + old_phone[-4:], "new": masked}
        # The new phone now logs in by SMS (after the one-a-minute limit).
        for row in session.exec(select(SmsCode).where(SmsCode.phone == new)):
            row.created_at -= timedelta(seconds=61)
            session.add(row)
        auth.send_sms_code(session, new)
        session.commit()
        assert auth.login_with_sms(session, new, _sms_code(session, new)).actor.account_id == account.id

    def test_a_phone_bound_to_another_account_is_refused(self, session):
        me = _login(session, _register(session).username).actor
        other = _register(session)
        with pytest.raises(ValidationFailed) as caught:
            accounts.send_bind_phone_code(session, me, other.phone)
        assert caught.value.field_errors["phone"] == "该手机号已绑定其他账号"
        with pytest.raises(ValidationFailed) as caught:
            accounts.send_bind_phone_code(session, me, session.get(Account, me.account_id).phone)
        assert "相同" in caught.value.field_errors["phone"]
        with pytest.raises(ValidationFailed) as caught:
            accounts.send_bind_phone_code(session, me, "1234")
        assert "11位" in caught.value.field_errors["phone"]

    def test_phone_taken_between_code_and_confirmation(self, session, monkeypatch):
        me = _login(session, _register(session).username).actor
        new = new_phone()
        accounts.send_bind_phone_code(session, me, new)
        session.commit()
        code = _sms_code(session, new)
        # Someone else binds the number meanwhile; the check sees it ...
        other = _register(session)
        other.phone = new
        session.add(other)
        session.commit()
        with pytest.raises(ValidationFailed) as caught:
            accounts.change_phone(session, me, new, code)
        assert caught.value.field_errors["phone"] == "该手机号已绑定其他账号"
        session.rollback()
        # ... and when two requests race past the check, the unique index decides.
        monkeypatch.setattr(auth, "phone_problem", lambda *a, **k: None)
        with pytest.raises(ValidationFailed) as caught:
            accounts.change_phone(session, me, new, code)
        assert "刚刚已被其他账号绑定" in caught.value.field_errors["phone"]
        session.rollback()

    def test_a_code_requested_by_another_account_does_not_work(self, session):
        me = _login(session, _register(session).username).actor
        someone = _login(session, _register(session).username).actor
        new = new_phone()
        accounts.send_bind_phone_code(session, someone, new)
        session.commit()
        with pytest.raises(ValidationFailed) as caught:
            accounts.change_phone(session, me, new, _sms_code(session, new))
        assert "不是为本账号获取" in caught.value.field_errors["code"]


class TestSubAccounts:
    def test_main_account_creates_a_sub_account_that_must_change_its_password(self, session):
        main = _login(session, _register(session).username).actor
        sub = _create_sub(session, main, display_name="李四")
        assert sub.role == Role.INST_SUB
        assert sub.institution_id == main.institution_id
        assert sub.must_change_password and sub.created_by == main.account_id
        assert sub.password_hash.startswith("$argon2id$")
        page = accounts.list_sub_accounts(session, main)
        assert page.total == 1
        row = page.rows[0]
        assert (row.no, row.username, row.display_name, row.status_label) == (1, sub.username, "李四", "正常")
        assert row.phone_masked == sub.phone[:3] + "****" + sub.phone[-4:]
        assert session.exec(select(AuditLog).where(AuditLog.action == "create_sub_account")).one().object_id == sub.id

    def test_every_bad_field_is_reported_and_uniqueness_is_shared_with_registration(self, session):
        main_account = _register(session)
        main = _login(session, main_account.username).actor
        with pytest.raises(ValidationFailed) as caught:
            accounts.create_sub_account(session, main, _sub_form(username=main_account.username, display_name=" ",
                                                                 phone=main_account.phone, password="weak",
                                                                 password_confirm="weak"))
        errors = caught.value.field_errors
        assert errors["username"] == "该用户名已被使用，请换一个"
        assert errors["phone"] == "该手机号已绑定其他账号"
        assert errors["display_name"] == "请填写姓名"
        assert "至少8位" in errors["password"]
        assert session.exec(select(Account).where(Account.role == Role.INST_SUB)).first() is None

    def test_a_sub_account_is_refused_every_main_account_action(self, session):
        main = _login(session, _register(session).username).actor
        sub_account = _create_sub(session, main)
        sibling = _create_sub(session, main)
        sub = Actor(sub_account.id, sub_account.username, Role.INST_SUB, institution_id=main.institution_id)
        with pytest.raises(PermissionDenied, match="仅主账号"):
            accounts.create_sub_account(session, sub, _sub_form())
        session.rollback()
        with pytest.raises(PermissionDenied):
            accounts.list_sub_accounts(session, sub)
        session.rollback()
        for action in ("disable", "enable", "cancel"):
            with pytest.raises(PermissionDenied):
                accounts.set_sub_account_status(session, sub, sibling.id, action)
            session.rollback()
        # The refusals are on record even though each transaction was rolled back.
        assert len(_denials(session, "create_sub_account")) == 1
        assert len(_denials(session, "list_sub_accounts")) == 1
        assert len(_denials(session, "cancel_sub_account")) == 1
        assert session.get(Account, sibling.id).status == "active"
        with pytest.raises(PermissionDenied):
            require_main_account(sub)  # 备案注销 and full identity-number export use this rule
        assert require_main_account(main, main.institution_id) is main

    def test_reviewers_and_administrators_do_not_manage_institution_accounts(self, session):
        reviewer = Actor(1, "bj_reviewer", Role.REVIEWER, province_code="110000")
        admin = Actor(2, "admin", Role.ADMIN)
        for actor in (reviewer, admin):
            with pytest.raises(PermissionDenied):
                accounts.list_sub_accounts(session, actor)
            session.rollback()

    def test_another_institutions_main_account_cannot_touch_my_sub_accounts(self, session):
        main = _login(session, _register(session).username).actor
        sub = _create_sub(session, main)
        stranger = _login(session, _register(session).username).actor
        with pytest.raises(NotFound):
            accounts.set_sub_account_status(session, stranger, sub.id, "cancel")
        session.rollback()
        with pytest.raises(NotFound):
            accounts.set_sub_account_status(session, stranger, stranger.account_id, "disable")  # not a sub-account
        session.rollback()
        assert accounts.list_sub_accounts(session, stranger).total == 0
        assert session.get(Account, sub.id).status == "active"
        assert len(_denials(session, "cancel_sub_account")) == 1

    def test_disable_and_cancel_end_sessions_at_once_and_cancel_is_final(self, session):
        main = _login(session, _register(session).username).actor
        sub = _create_sub(session, main)
        token = _login(session, sub.username).token
        assert auth.resolve_session(session, token) is not None

        assert "已停用" in accounts.set_sub_account_status(session, main, sub.id, "disable")
        session.commit()
        assert auth.resolve_session(session, token) is None
        assert session.exec(select(AuthSession).where(AuthSession.account_id == sub.id)).one().revoked_at
        with pytest.raises(ServiceError, match="停用或注销"):
            auth.login_with_password(session, sub.username, STRONG_PASSWORD)
        session.commit()

        accounts.set_sub_account_status(session, main, sub.id, "enable")
        session.commit()
        token = _login(session, sub.username).token

        phone = sub.phone
        accounts.set_sub_account_status(session, main, sub.id, "cancel")
        session.commit()
        assert auth.resolve_session(session, token) is None
        cancelled = session.get(Account, sub.id)
        assert cancelled.status == "cancelled" and cancelled.phone is None
        for action in ("enable", "disable", "cancel"):
            with pytest.raises(ServiceError, match="已注销"):
                accounts.set_sub_account_status(session, main, sub.id, action)
        # The colleague's phone may be bound again; the username stays reserved.
        again = _create_sub(session, main, phone=phone)
        assert again.phone == phone
        with pytest.raises(ValidationFailed):
            accounts.create_sub_account(session, main, _sub_form(username=sub.username))
        row = accounts.list_sub_accounts(session, main).rows[1]
        assert (row.username, row.status_label, row.phone_masked) == (sub.username, "已注销", "—")
        actions = [r.action for r in session.exec(select(AuditLog).where(AuditLog.object_id == sub.id,
                                                                       AuditLog.result == "ok"))]
        assert {"disable_sub_account", "enable_sub_account", "cancel_sub_account"} <= set(actions)

    def test_list_is_paged_in_sql(self, session):
        main = _login(session, _register(session).username).actor
        for _ in range(12):
            accounts.create_sub_account(session, main, _sub_form())
        session.commit()
        page = accounts.list_sub_accounts(session, main, page=2, page_size=10)
        assert page.total == 12 and page.page == 2
        assert [r.no for r in page.rows] == [11, 12]
        assert accounts.list_sub_accounts(session, main, page=99).page == 2
