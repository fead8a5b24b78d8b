"""Handlers of 账号管理 and 备案工作建议 called directly, as a hostile or careless browser could:
the actor always comes from the server-side session, and the services have the last word."""

from __future__ import annotations

import reflex as rx
from sqlmodel import select

from filing_app.domain.enums import Role
from filing_app.models import Account, Feedback
from filing_app.services import accounts, auth, feedback, security
from filing_app.services.feedback import FeedbackRow
from filing_app.state.account import AccountState, SubAccountsState
from filing_app.state.feedback import InstitutionFeedbackState, StaffFeedbackState
from tests.helpers import STRONG_PASSWORD, new_credit_code, new_phone, new_username

INITIAL = "Start#2026a"


def _state(cls, token: str):  # noqa: ANN001, ANN202
    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate(cls.get_full_name().split(".")[1:])
    state.session_token = token
    return state


def _main(session, province_code: str = "110000") -> auth.LoginResult:
    account = auth.register_institution(session, auth.RegistrationForm(
        credit_code=new_credit_code(), name="状态测试监测有限公司", registered_type="monitoring",
        province_code=province_code, username=new_username(), phone=new_phone(), password=STRONG_PASSWORD,
        password_confirm=STRONG_PASSWORD,
    ))
    session.commit()
    return _login(session, account.username)


def _login(session, username: str, password: str = STRONG_PASSWORD) -> auth.LoginResult:
    result = auth.login_with_password(session, username, password)
    session.commit()
    return result


def _sub(session, main: auth.LoginResult) -> Account:
    account_id = accounts.create_sub_account(session, main.actor, accounts.SubAccountForm(
        username=new_username("sub"), display_name="赵六", phone=new_phone(), password=INITIAL,
        password_confirm=INITIAL))
    session.commit()
    return session.get(Account, account_id)


def test_a_sub_account_calling_the_sub_account_handlers_gets_nothing(session):
    main = _main(session)
    me, sibling = _sub(session, main), _sub(session, main)
    login = _login(session, me.username, INITIAL)
    accounts.change_password(session, login.actor, INITIAL, STRONG_PASSWORD, STRONG_PASSWORD,
                             keep_token=login.token)
    session.commit()
    state = _state(SubAccountsState, login.token)

    assert "当前账号无权访问该页面" in repr(state.load())
    assert "仅主账号" in repr(state.change_status(sibling.id, "cancel"))
    state.create({"username": new_username(), "display_name": "冒名", "phone": new_phone(),
                  "password": STRONG_PASSWORD, "password_confirm": STRONG_PASSWORD})
    assert "仅主账号" in repr(state.go_page(1))
    assert state.rows == []
    session.expire_all()
    assert session.get(Account, sibling.id).status == "active"
    assert len(session.exec(select(Account).where(Account.role == Role.INST_SUB)).all()) == 2


def test_until_the_initial_password_is_changed_only_the_password_form_works(session):
    main = _main(session)
    sub = _sub(session, main)
    token = _login(session, sub.username, INITIAL).token

    suggestions = _state(InstitutionFeedbackState, token)
    assert "首次登录请先修改初始密码" in repr(suggestions.submit({"content": "先提个建议"}))
    account = _state(AccountState, token)
    account.set_new_phone(new_phone())
    assert "首次登录请先修改初始密码" in repr(account.send_phone_code())
    assert session.exec(select(Feedback)).first() is None
    session.rollback()  # end the test's own transaction: the handlers write on their own connection

    account.must_change_password = True
    account.change_password({"old_password": INITIAL, "new_password": STRONG_PASSWORD,
                             "new_password_confirm": STRONG_PASSWORD})
    assert account.password_errors == {}
    suggestions.submit({"content": "现在可以提建议了"})
    assert suggestions.errors == {}
    session.expire_all()
    assert session.exec(select(Feedback.content)).one() == "现在可以提建议了"


def test_a_reviewer_cannot_answer_another_provinces_suggestion_through_a_forged_row(session):
    beijing = _main(session, "110000")
    feedback_id = feedback.submit(session, beijing.actor, "北京的建议")
    session.commit()
    reviewer = Account(username=new_username("sh"), password_hash=security.hash_password(STRONG_PASSWORD),
                       role=Role.REVIEWER, province_code="310000")
    session.add(reviewer)
    session.commit()
    state = _state(StaffFeedbackState, _login(session, reviewer.username).token)

    state.search({})
    assert state.rows == []
    # A client may set any browser-visible var, e.g. slip in a row of another province.
    state.rows = [FeedbackRow(feedback_id, 1, "北京", "北京市", "北京的建议", 0, "", "2026-01-01", "", "")]
    state.open_reply(feedback_id)
    assert "不属于本省" in repr(state.send_reply({"reply": "越权回复"}))
    session.expire_all()
    assert session.get(Feedback, feedback_id).reply == ""
