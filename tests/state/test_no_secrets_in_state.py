"""What reaches the browser: after a login, the state the client receives holds display
values only — no password hash, no token hash, no identity or phone numbers of others."""

from __future__ import annotations

import json

import reflex as rx
from sqlmodel import select

from filing_app.db import session_scope
from filing_app.models import Account, AuthSession
from filing_app.services import auth
from filing_app.state.base import AppState
from filing_app.state.login import LoginState
from tests.helpers import STRONG_PASSWORD, new_credit_code, new_phone, new_username


def _root_and(state_cls):  # noqa: ANN001, ANN202
    root = rx.State()
    return root, root.get_substate(state_cls.get_full_name().split(".")[1:])


def test_login_state_holds_display_values_only(db):
    username, phone = new_username(), new_phone()
    with session_scope() as s:
        auth.register_institution(s, auth.RegistrationForm(
            credit_code=new_credit_code(), name="北京状态测试监测有限公司", registered_type="monitoring",
            province_code="110000", username=username, phone=phone, password=STRONG_PASSWORD,
            password_confirm=STRONG_PASSWORD))
    root, login = _root_and(LoginState)
    login.login_password({"username": username, "password": STRONG_PASSWORD})
    app_state = root.get_substate(AppState.get_full_name().split(".")[1:])
    assert app_state.logged_in and app_state.user_name == username
    assert app_state.institution_name == "北京状态测试监测有限公司"

    sent = json.dumps(root.dict(), ensure_ascii=False, default=str)
    with session_scope() as s:
        account = s.exec(select(Account).where(Account.username == username)).one()
        token_hash = s.exec(select(AuthSession.token_hash).where(AuthSession.account_id == account.id)).one()
    assert account.password_hash not in sent and "argon2" not in sent
    assert token_hash not in sent
    assert phone not in sent
    assert STRONG_PASSWORD not in sent


def test_a_wrong_password_keeps_the_user_logged_out_with_a_message(db):
    root, login = _root_and(LoginState)
    login.login_password({"username": "nobody_here", "password": "Wrong#2026"})
    app_state = root.get_substate(AppState.get_full_name().split(".")[1:])
    assert not app_state.logged_in and app_state.session_token == ""
    assert login.message == "用户名或密码错误"
