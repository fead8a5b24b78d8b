"""Reviewer and administrator accounts, managed by the national administrator."""

from __future__ import annotations

import pytest
from sqlmodel import select

from filing_app.domain.enums import Role
from filing_app.models import Account, AuditLog
from filing_app.services import auth, staff_accounts
from filing_app.services.errors import PermissionDenied, ServiceError, ValidationFailed
from filing_app.services.staff_accounts import StaffForm
from filing_app.domain.validators import password_errors
from tests import review_data as rd
from tests.helpers import new_phone, new_username


def _create(session, admin, **overrides):
    form = StaffForm(role=Role.REVIEWER, username=new_username("hb"), name="河北审查员", province_code="130000",
                     phone=new_phone())
    for key, value in overrides.items():
        setattr(form, key, value)
    issued = staff_accounts.create_staff(session, admin, form)
    session.commit()
    return issued


def test_initial_passwords_meet_the_policy():
    for _ in range(50):
        assert password_errors(staff_accounts.initial_password()) == []


def test_create_a_reviewer_who_must_change_the_password_at_first_login(session):
    admin = rd.admin(session)
    issued = _create(session, admin)
    account = session.get(Account, issued.account_id)
    assert account.role == Role.REVIEWER and account.province_code == "130000" and account.must_change_password
    assert issued.password not in account.password_hash
    login = auth.login_with_password(session, issued.username, issued.password)
    assert login.actor.province_code == "130000" and login.actor.must_change_password
    row = session.exec(select(AuditLog).where(AuditLog.action == "staff_create")).one()
    assert row.actor_id == admin.account_id and issued.password not in repr(row.detail)


def test_list_filters_by_province_and_masks_phones(session):
    admin = rd.admin(session)
    _create(session, admin, phone="18812347808")
    _create(session, admin, province_code="110000")
    _create(session, admin, role=Role.ADMIN, province_code="")
    hebei = staff_accounts.list_staff(session, admin, role=Role.REVIEWER, province_code="130000")
    assert hebei.total == 1 and hebei.rows[0].province_name == "河北省" and hebei.rows[0].phone_masked == "188****7808"
    assert hebei.rows[0].status_label == "正常"
    assert staff_accounts.list_staff(session, admin, role=Role.ADMIN).total == 2  # with the acting admin
    everyone = staff_accounts.list_staff(session, admin, page_size=2)
    assert everyone.total == 4 and len(everyone.rows) == 2


def test_every_error_at_once(session):
    admin = rd.admin(session)
    taken = _create(session, admin)
    with pytest.raises(ValidationFailed) as refused:
        staff_accounts.create_staff(session, admin, StaffForm(role=Role.REVIEWER, username=taken.username, name="",
                                                              province_code="999999", phone="123"))
    assert set(refused.value.field_errors) == {"username", "name", "province_code", "phone"}


def test_disable_ends_sessions_at_once_and_enable_restores(session):
    admin = rd.admin(session)
    issued = _create(session, admin)
    login = auth.login_with_password(session, issued.username, issued.password)
    session.commit()
    assert auth.lookup_session(session, login.token)[0] is not None
    assert "已停用" in staff_accounts.set_staff_enabled(session, admin, issued.account_id, False)
    session.commit()
    assert auth.lookup_session(session, login.token)[0] is None
    with pytest.raises(ServiceError, match="已停用"):
        auth.login_with_password(session, issued.username, issued.password)
    session.rollback()
    staff_accounts.set_staff_enabled(session, admin, issued.account_id, True)
    session.commit()
    assert auth.login_with_password(session, issued.username, issued.password).actor.account_id == issued.account_id
    actions = [r.action for r in session.exec(select(AuditLog).where(AuditLog.object_id == issued.account_id,
                                                                     AuditLog.action.like("staff_%")))]
    assert actions == ["staff_create", "staff_disable", "staff_enable"]


def test_reset_issues_a_new_initial_password(session):
    admin = rd.admin(session)
    issued = _create(session, admin)
    account = session.get(Account, issued.account_id)
    account.must_change_password = False
    session.add(account)
    login = auth.login_with_password(session, issued.username, issued.password)
    session.commit()
    fresh = staff_accounts.reset_staff_password(session, admin, issued.account_id)
    session.commit()
    assert fresh.password != issued.password
    assert auth.lookup_session(session, login.token)[0] is None
    with pytest.raises(ServiceError):
        auth.login_with_password(session, issued.username, issued.password)
    session.rollback()
    assert auth.login_with_password(session, issued.username, fresh.password).actor.must_change_password


def test_refusals(session):
    admin = rd.admin(session)
    inst = rd.make_institution(session)
    main = rd.institution_main(session, inst)
    reviewer = rd.reviewer(session)
    session.commit()
    for actor in (reviewer, main):
        with pytest.raises(PermissionDenied, match="仅国家管理员"):
            staff_accounts.list_staff(session, actor)
        with pytest.raises(PermissionDenied):
            staff_accounts.set_staff_enabled(session, actor, reviewer.account_id, False)
    with pytest.raises(ServiceError, match="不能停用当前登录的账号"):
        staff_accounts.set_staff_enabled(session, admin, admin.account_id, False)
    with pytest.raises(ServiceError, match="账号不存在"):  # institution accounts are the institution's business
        staff_accounts.reset_staff_password(session, admin, main.account_id)
    # The last active administrator stays, even against a request from one disabled a moment ago.
    other = rd.admin(session)
    session.commit()
    staff_accounts.set_staff_enabled(session, admin, other.account_id, False)
    session.commit()
    with pytest.raises(ServiceError, match="至少需要保留一个可用的国家管理员账号"):
        staff_accounts.set_staff_enabled(session, other, admin.account_id, False)


def test_the_first_administrator_of_a_deployment(session):
    bound = rd.make_account(session, Role.REVIEWER, province="110000")
    session.commit()
    with pytest.raises(ValidationFailed) as refused:
        staff_accounts.create_first_admin(session, bound.username, "short", "other", phone=bound.phone)
    errors = refused.value.field_errors
    assert errors["username"] == "该用户名已被使用，请换一个" and errors["phone"] == "该手机号已绑定其他账号"
    assert "password" in errors or "password_confirm" in errors
    account = staff_accounts.create_first_admin(session, "root_admin", "Root#Admin2026", "Root#Admin2026",
                                                phone=new_phone())
    session.commit()
    assert account.role == Role.ADMIN and not account.must_change_password
    assert session.exec(select(AuditLog).where(AuditLog.action == "create_admin")).one().object_id == account.id
    with pytest.raises(ServiceError, match="已有国家管理员"):
        staff_accounts.create_first_admin(session, "second_admin", "Root#Admin2026", "Root#Admin2026")


def test_the_command_line_creates_the_first_administrator_who_can_log_in(db, monkeypatch, capsys):
    from filing_app import cli
    from filing_app.db import session_scope

    answers = iter(["Root#Admin2026", "Root#Other2026", "Root#Admin2026", "Root#Admin2026"])
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt="": next(answers))
    assert cli.main(["create-admin", "--username", "first_admin"]) == 1  # the confirmation differs
    assert capsys.readouterr().err.startswith("创建失败：")
    assert cli.main(["create-admin", "--username", "first_admin"]) == 0
    assert "已创建国家管理员 first_admin" in capsys.readouterr().out
    with session_scope() as session:
        assert auth.login_with_password(session, "first_admin", "Root#Admin2026").actor.is_admin
