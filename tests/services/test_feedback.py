"""备案工作建议 (§3.6): who submits, who reads, who answers."""

from __future__ import annotations

import pytest
from sqlmodel import select

from filing_app.domain.enums import Role
from filing_app.models import Account, AuditLog, Feedback
from filing_app.services import auth, feedback, files
from filing_app.services.actor import Actor
from filing_app.services.errors import NotFound, PermissionDenied, ServiceError, ValidationFailed
from tests.helpers import STRONG_PASSWORD, new_credit_code, new_phone, new_username

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _institution(session, province_code: str = "110000", name: str = "北京建议测试环境监测有限公司") -> Actor:
    form = auth.RegistrationForm(
        credit_code=new_credit_code(), name=name, registered_type="monitoring", province_code=province_code,
        username=new_username(), phone=new_phone(), password=STRONG_PASSWORD, password_confirm=STRONG_PASSWORD,
    )
    account = auth.register_institution(session, form)
    session.commit()
    return Actor(account.id, account.username, Role.INST_MAIN, institution_id=account.institution_id)


def _staff(session, role: str, province_code: str | None = None) -> Actor:
    account = Account(username=new_username("staff"), password_hash="-", role=role, province_code=province_code)
    session.add(account)
    session.commit()
    return Actor(account.id, account.username, role, province_code=province_code)


def _submit(session, actor: Actor, content: str = "技术人员导入模板能否增加示例行？", with_file: bool = False) -> int:
    attachment_id = feedback.save_attachment(session, actor, PNG, "截图.png").id if with_file else None
    feedback_id = feedback.submit(session, actor, content, attachment_id)
    session.commit()
    return feedback_id


class TestInstitution:
    def test_submit_with_attachment_and_see_it_in_the_list(self, session):
        me = _institution(session)
        _submit(session, me, "第一条建议")
        _submit(session, me, "第二条建议", with_file=True)
        page = feedback.list_own(session, me)
        assert page.total == 2
        newest = page.rows[0]
        assert (newest.no, newest.content, newest.attachment_name) == (1, "第二条建议", "截图.png")
        assert newest.created_at and newest.reply == "" and newest.replied_at == ""
        assert page.rows[1].attachment_id == 0
        assert files.download_link(session, me, newest.attachment_id).startswith("/files/")
        rows = session.exec(select(AuditLog).where(AuditLog.action == "submit_feedback")).all()
        assert len(rows) == 2 and rows[0].province_code == "110000"

    def test_text_is_required_and_limited(self, session):
        me = _institution(session)
        with pytest.raises(ValidationFailed) as caught:
            feedback.submit(session, me, "   ")
        assert caught.value.field_errors == {"content": "请填写问题描述"}
        with pytest.raises(ValidationFailed) as caught:
            feedback.submit(session, me, "字" * 1001)
        assert "不能超过1000个字，当前为1001个字" in caught.value.field_errors["content"]

    def test_attachment_is_checked_by_content(self, session):
        me = _institution(session)
        with pytest.raises(ServiceError, match="按文件内容识别"):
            feedback.save_attachment(session, me, b"MZ\x90\x00 not a picture", "photo.png")

    def test_an_institution_cannot_read_or_borrow_another_institutions_suggestions(self, session):
        mine = _institution(session)
        theirs = _institution(session, name="北京另一家监测有限公司")
        their_id = _submit(session, theirs, "别家的建议", with_file=True)
        their_attachment = session.get(Feedback, their_id).attachment_id
        assert feedback.list_own(session, mine).total == 0
        with pytest.raises(PermissionDenied):
            feedback.list_for_staff(session, mine)
        session.rollback()
        with pytest.raises(PermissionDenied):
            feedback.reply(session, mine, their_id, "我来回复")
        session.rollback()
        with pytest.raises(PermissionDenied):
            files.download_link(session, mine, their_attachment)
        session.rollback()
        with pytest.raises(ValidationFailed) as caught:
            feedback.submit(session, mine, "借用别家的附件", their_attachment)
        assert "附件无效" in caught.value.field_errors["attachment"]
        assert len(session.exec(select(AuditLog).where(AuditLog.action == "list_feedback",
                                                       AuditLog.result == "denied")).all()) == 1

    def test_an_attachment_belongs_to_one_suggestion(self, session):
        me = _institution(session)
        attachment_id = feedback.save_attachment(session, me, PNG, "a.png").id
        feedback.submit(session, me, "第一次", attachment_id)
        session.commit()
        with pytest.raises(ValidationFailed):
            feedback.submit(session, me, "第二次用同一附件", attachment_id)


class TestStaff:
    def test_reviewers_see_their_province_only_and_the_administrator_sees_all(self, session):
        beijing = _institution(session, "110000", "北京甲环境监测有限公司")
        shanghai = _institution(session, "310000", "上海乙环境监测有限公司")
        _submit(session, beijing, "北京的建议", with_file=True)
        sh_id = _submit(session, shanghai, "上海的建议")
        bj_reviewer = _staff(session, Role.REVIEWER, "110000")
        admin = _staff(session, Role.ADMIN)

        page = feedback.list_for_staff(session, bj_reviewer)
        assert [(r.institution_name, r.content) for r in page.rows] == [("北京甲环境监测有限公司", "北京的建议")]
        # The reviewer can open the attachment of its province's suggestion.
        assert files.download_link(session, bj_reviewer, page.rows[0].attachment_id)
        # A province argument does not widen a reviewer's view.
        assert feedback.list_for_staff(session, bj_reviewer, province_code="310000").total == 1

        everything = feedback.list_for_staff(session, admin)
        assert {r.province_name for r in everything.rows} == {"北京市", "上海市"}
        assert feedback.list_for_staff(session, admin, province_code="310000").rows[0].id == sh_id

        with pytest.raises(NotFound, match="不属于本省"):
            feedback.reply(session, bj_reviewer, sh_id, "越权回复")
        session.rollback()
        assert session.get(Feedback, sh_id).reply == ""
        assert session.exec(select(AuditLog).where(AuditLog.action == "reply_feedback",
                                                   AuditLog.result == "denied")).one().object_id == sh_id

    def test_reply_reaches_the_institution_and_can_be_corrected(self, session):
        me = _institution(session)
        feedback_id = _submit(session, me)
        reviewer = _staff(session, Role.REVIEWER, "110000")
        with pytest.raises(ValidationFailed) as caught:
            feedback.reply(session, reviewer, feedback_id, "")
        assert caught.value.field_errors == {"reply": "请填写回复内容"}
        feedback.reply(session, reviewer, feedback_id, "已收到，下一版本增加示例行。")
        session.commit()
        row = feedback.list_own(session, me).rows[0]
        assert row.reply == "已收到，下一版本增加示例行。" and row.replied_at == row.created_at

        admin = _staff(session, Role.ADMIN)
        feedback.reply(session, admin, feedback_id, "补充：模板已更新。")
        session.commit()
        assert feedback.list_own(session, me).rows[0].reply == "补充：模板已更新。"
        audits = session.exec(select(AuditLog).where(AuditLog.action == "reply_feedback")).all()
        assert [a.detail["edited"] for a in audits] == [False, True]

    def test_filters_by_reply_state_and_institution_name(self, session):
        alpha = _institution(session, name="北京阿尔法监测有限公司")
        beta = _institution(session, name="北京贝塔监测有限公司")
        answered = _submit(session, alpha)
        _submit(session, beta)
        reviewer = _staff(session, Role.REVIEWER, "110000")
        feedback.reply(session, reviewer, answered, "已处理")
        session.commit()
        assert [r.id for r in feedback.list_for_staff(session, reviewer, reply_state="replied").rows] == [answered]
        pending = feedback.list_for_staff(session, reviewer, reply_state="pending")
        assert [r.institution_name for r in pending.rows] == ["北京贝塔监测有限公司"]
        assert feedback.list_for_staff(session, reviewer, institution_name="阿尔法").total == 1
        assert feedback.list_for_staff(session, reviewer, institution_name="%").total == 0
