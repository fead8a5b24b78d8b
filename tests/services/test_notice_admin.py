"""Publishing notices: who may manage which, the draft/published/withdrawn cycle, attachments,
and what the portal and the institution home then list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from filing_app.demo_registry import minimal_pdf
from filing_app.domain.enums import Role
from filing_app.models import Account, AuditLog, Institution, Notice
from filing_app.services import files, notice_admin, notices
from filing_app.services.actor import Actor
from filing_app.services.errors import NotFound, PermissionDenied, ServiceError, StaleVersion, ValidationFailed
from tests.helpers import new_credit_code, new_username


def _actor(session, role: str, province: str | None = None, institution_id: int | None = None) -> Actor:
    account = Account(username=new_username(), password_hash="x", role=role, province_code=province,
                      institution_id=institution_id)
    session.add(account)
    session.flush()
    return Actor(account.id, account.username, role, institution_id=institution_id, province_code=province)


@pytest.fixture()
def people(session):
    institution = Institution(credit_code=new_credit_code(), name="北京公告测试机构", registered_type="monitoring",
                              province_code="110000")
    session.add(institution)
    session.flush()
    actors = {
        "admin": _actor(session, Role.ADMIN),
        "bj": _actor(session, Role.REVIEWER, "110000"),
        "sh": _actor(session, Role.REVIEWER, "310000"),
        "inst": _actor(session, Role.INST_MAIN, institution_id=institution.id),
    }
    session.commit()
    return actors


def _save(session, actor, notice_id=None, **overrides):
    values = dict(title="关于开展备案工作的通知", body="请各机构按时完成备案。", audience="public", attachment_ids=[])
    values.update(overrides)
    notice = notice_admin.save(session, actor, notice_id, **values)
    session.commit()
    return notice


def test_admin_publishes_national_and_reviewer_its_province(session, people):
    national = _save(session, people["admin"], title="全国通知")
    provincial = _save(session, people["bj"], title="北京市通知")
    assert (national.scope, provincial.scope) == ("national", "110000")
    assert national.status == "draft"
    assert notices.list_notices(session, None, province_code="110000").total == 0  # drafts are not listed
    notice_admin.publish(session, people["admin"], national.id)
    notice_admin.publish(session, people["bj"], provincial.id)
    session.commit()
    beijing = notices.list_notices(session, None, province_code="110000")
    assert [r.title for r in beijing.rows] == ["北京市通知", "全国通知"]  # newest first
    shanghai = notices.list_notices(session, None, province_code="310000")
    assert [r.title for r in shanghai.rows] == ["全国通知"]
    assert [r.title for r in notice_admin.list_managed(session, people["bj"]).rows] == ["北京市通知"]
    assert [r.title for r in notice_admin.list_managed(session, people["admin"]).rows] == ["全国通知"]
    actions = [a.action for a in session.exec(select(AuditLog).order_by(AuditLog.id)).all()]
    assert actions.count("notice_create") == 2 and actions.count("notice_publish") == 2


def test_nobody_manages_notices_outside_their_scope(session, people):
    provincial = _save(session, people["bj"])
    national = _save(session, people["admin"])
    for actor, notice in ((people["sh"], provincial), (people["admin"], provincial), (people["bj"], national)):
        with pytest.raises(PermissionDenied):
            notice_admin.publish(session, actor, notice.id)
        with pytest.raises(PermissionDenied):
            notice_admin.save(session, actor, notice.id, title="改", body="改", audience="public", attachment_ids=[])
    for actor in (people["inst"], None):
        with pytest.raises(PermissionDenied):
            notice_admin.save(session, actor, None, title="t", body="b", audience="public", attachment_ids=[])
        with pytest.raises(PermissionDenied):
            notice_admin.list_managed(session, actor)
    session.rollback()
    assert session.get(Notice, provincial.id).title == "关于开展备案工作的通知"
    assert session.exec(select(AuditLog).where(AuditLog.result == "denied")).first() is not None


def test_validation_keeps_nothing_half_saved(session, people):
    with pytest.raises(ValidationFailed) as exc:
        notice_admin.save(session, people["bj"], None, title="  ", body="", audience="everyone", attachment_ids=[])
    assert set(exc.value.field_errors) == {"title", "body", "audience"}
    with pytest.raises(ValidationFailed):
        notice_admin.save(session, people["bj"], None, title="长" * 201, body="b", audience="public",
                          attachment_ids=[])


def test_edit_withdraw_and_publish_again(session, people):
    notice = _save(session, people["bj"])
    notice_admin.publish(session, people["bj"], notice.id)
    session.commit()
    form = notice_admin.get_form(session, people["bj"], notice.id)
    _save(session, people["bj"], notice.id, title="更正后的通知", version=form.version)
    assert notices.list_notices(session, None, province_code="110000").rows[0].title == "更正后的通知"
    with pytest.raises(StaleVersion):  # someone edited after this form was loaded
        notice_admin.save(session, people["bj"], notice.id, title="旧表单", body="b", audience="public",
                          attachment_ids=[], version=form.version)
    session.rollback()
    with pytest.raises(ServiceError):
        notice_admin.publish(session, people["bj"], notice.id)  # already published
    notice_admin.withdraw(session, people["bj"], notice.id)
    session.commit()
    assert notices.list_notices(session, None, province_code="110000").total == 0
    with pytest.raises(NotFound):
        notices.get_notice(session, None, notice.id)
    with pytest.raises(ServiceError):
        notice_admin.withdraw(session, people["bj"], notice.id)
    notice_admin.publish(session, people["bj"], notice.id)
    session.commit()
    assert notices.get_notice(session, None, notice.id).title == "更正后的通知"


def test_institution_only_notices_are_hidden_from_the_public(session, people):
    notice = _save(session, people["admin"], title="仅机构可见", audience="institutions")
    notice_admin.publish(session, people["admin"], notice.id)
    session.commit()
    assert notices.list_notices(session, None, province_code=None).total == 0
    with pytest.raises(NotFound):
        notices.get_notice(session, None, notice.id)
    home = notices.list_notices(session, people["inst"], province_code="110000", page_size=5)
    assert [r.title for r in home.rows] == ["仅机构可见"]


def test_newest_first_on_the_portal_and_the_institution_home(session, people):
    titles = []
    for i in range(3):
        notice = _save(session, people["bj"], title=f"第{i}号通知")
        notice_admin.publish(session, people["bj"], notice.id)
        row = session.get(Notice, notice.id)
        row.published_at -= timedelta(days=3 - i)
        session.add(row)
        session.commit()
        titles.insert(0, f"第{i}号通知")
    assert [r.title for r in notices.list_notices(session, None, province_code="110000").rows] == titles
    assert [r.title for r in notices.list_notices(session, people["inst"], province_code="110000").rows] == titles


def test_attachments_only_from_the_editor_and_public_once_published(session, people):
    upload = notice_admin.upload_attachment(session, people["bj"], minimal_pdf("notice"), "通知附件.pdf")
    session.commit()
    with pytest.raises(PermissionDenied):  # another reviewer cannot attach this file
        notice_admin.save(session, people["sh"], None, title="t", body="b", audience="public",
                          attachment_ids=[upload.id])
    session.rollback()
    with pytest.raises(ServiceError):  # not a PDF/JPG/PNG
        notice_admin.upload_attachment(session, people["bj"], b"MZ\x90\x00", "virus.pdf")
    session.rollback()
    notice = _save(session, people["bj"], attachment_ids=[upload.id])
    assert [a.name for a in notice_admin.get_form(session, people["bj"], notice.id).attachments] == ["通知附件.pdf"]
    with pytest.raises(PermissionDenied):  # a draft's attachment is not public
        files.download_link(session, None, upload.id)
    session.rollback()
    notice_admin.publish(session, people["bj"], notice.id)
    session.commit()
    assert files.download_link(session, None, upload.id).startswith("/files/")
    assert [a.name for a in notices.get_notice(session, None, notice.id).attachments] == ["通知附件.pdf"]
    # Removing it on a later edit keeps the notice and drops the file from it.
    _save(session, people["bj"], notice.id, attachment_ids=[])
    assert notices.get_notice(session, None, notice.id).attachments == []
