"""备案变更 (§3.3) end to end in services: what the public registry row shows at each step."""

from __future__ import annotations

import pytest
from sqlmodel import select

from filing_app.domain.enums import FilingStatus
from filing_app.models import AuditLog, Equipment, Filing, FilingSubmission, PublishedFiling
from filing_app.services import changes, institutions, review, review_view
from filing_app.services.errors import ServiceError, StaleVersion
from tests import review_data as rd

OLD_NAME = "北京变更前监测有限公司"
NEW_NAME = "北京变更后监测有限公司"


def _published(session, filing) -> PublishedFiling:
    session.expire_all()
    return session.exec(select(PublishedFiling).where(PublishedFiling.filing_id == filing.id)).one()


@pytest.fixture()
def approved(session):
    """An approved, published monitoring filing; its main account; the Beijing reviewer."""
    inst = rd.make_institution(session, name=OLD_NAME)
    filing, submission = rd.submitted_filing(session, inst)
    reviewer = rd.reviewer(session)
    main = rd.institution_main(session, inst)
    session.commit()
    review.decide_submission(session, reviewer, submission.id, approve=True)
    session.commit()
    session.refresh(filing)
    return filing, main, reviewer


def _start(session, filing) -> None:
    """What the wizard's start_change does (issue 3): open the working copy for editing."""
    filing.change_in_progress = True
    session.add(filing)
    session.commit()


def test_other_fields_take_effect_at_once_and_are_recorded(session, approved):
    filing, main, _ = approved
    first_published = filing.published_at
    _start(session, filing)
    filing.nature = "国有"
    session.add(Equipment(filing_id=filing.id, equipment_type="现场监测", name="便携式pH计", model="S2",
                          number_type="出厂编号", number="PH-1", ownership="自有", manufacturer="梅特勒",
                          metrology_status="校准", condition="在用"))
    session.add(filing)
    session.commit()
    assert _published(session, filing).public["nature"] == "私营"  # editing alone publishes nothing

    result = changes.submit_change(session, main, "monitoring", filing.version)
    session.commit()
    assert not result.needs_review and "已生效并公开" in result.message
    row = _published(session, filing)
    assert row.public["nature"] == "国有" and row.public["equipment_count"] == 3
    assert row.published_at == first_published  # 备案公开时间 does not move
    minor = session.get(FilingSubmission, result.submission_id)
    assert (minor.kind, minor.status, minor.decided_by) == ("minor_change", "approved", None)
    assert {c.get("label") for c in minor.changes} >= {"机构性质", "设施设备"}
    session.refresh(filing)
    assert filing.status == FilingStatus.APPROVED and not filing.change_in_progress
    assert review.queue(session, rd.reviewer(session)).total == 0  # nothing to review
    assert session.exec(select(AuditLog).where(AuditLog.action == "change_published")).one().actor_id == main.account_id
    history = review.institution_history(session, main).rows[0]
    assert (history.kind_label, history.status_label) == ("备案变更（无需审查）", "已生效")


def test_key_change_waits_for_review_while_other_edits_publish(session, approved):
    filing, main, reviewer = approved
    _start(session, filing)
    filing.org_name = NEW_NAME
    filing.nature = "国有"
    session.add(filing)
    session.commit()

    result = changes.submit_change(session, main, "monitoring", filing.version)
    session.commit()
    assert result.needs_review and "机构名称的变更已提交" in result.message and "其他修改已生效" in result.message
    session.refresh(filing)
    assert filing.status == FilingStatus.CHANGE_PENDING and not filing.change_in_progress
    row = _published(session, filing)
    assert row.org_name == OLD_NAME and row.public["org_name"] == OLD_NAME  # the public keeps the approved name
    assert row.public["nature"] == "国有"  # ... and sees the other edit at once

    item = review.queue(session, reviewer).rows[0]
    assert item.kind_label == "备案变更" and item.href == f"/review/filing/{result.submission_id}"
    view = review_view.submission_view(session, reviewer, result.submission_id)
    assert [(c.label, c.old, c.new, c.needs_review) for c in view.field_changes] == [
        ("机构名称", OLD_NAME, NEW_NAME, True)]

    with pytest.raises(ServiceError, match="正在审查中"):
        changes.submit_change(session, main, "monitoring")
    session.rollback()

    review.decide_submission(session, reviewer, result.submission_id, approve=True)
    session.commit()
    row = _published(session, filing)
    assert row.org_name == NEW_NAME and row.public["nature"] == "国有" and row.submission_id == result.submission_id
    session.refresh(filing)
    assert filing.status == FilingStatus.APPROVED and filing.return_reason == ""


def test_returned_key_change_keeps_the_old_values_and_tells_the_institution(session, approved):
    filing, main, reviewer = approved
    _start(session, filing)
    filing.legal_rep = "赵六"
    session.add(filing)
    session.commit()
    result = changes.submit_change(session, main, "monitoring")
    session.commit()
    assert result.needs_review and "法定代表人" in result.message and "其他修改" not in result.message
    review.decide_submission(session, reviewer, result.submission_id, approve=False, reason="请上传法定代表人任命文件")
    session.commit()
    session.refresh(filing)
    assert filing.status == FilingStatus.APPROVED and filing.return_reason == "请上传法定代表人任命文件"
    assert _published(session, filing).public["legal_rep"] == "陈明"
    card = institutions.home(session, main).cards[0]
    assert card.return_reason == "请上传法定代表人任命文件"
    assert [a.code for a in card.actions] == ["change", "cancel"]  # it may change again

    # It edits again and resubmits; the reason goes away once submitted.
    _start(session, filing)
    again = changes.submit_change(session, main, "monitoring")
    session.commit()
    assert institutions.home(session, main).cards[0].return_reason == ""
    review.decide_submission(session, reviewer, again.submission_id, approve=True)
    session.commit()
    assert _published(session, filing).public["legal_rep"] == "赵六"


def test_refusals(session, approved):
    filing, main, _ = approved
    with pytest.raises(ServiceError, match="请先在首页点击“备案变更”"):
        changes.submit_change(session, main, "monitoring")
    _start(session, filing)
    with pytest.raises(ServiceError, match="没有任何变化"):
        changes.submit_change(session, main, "monitoring")
    with pytest.raises(StaleVersion):
        changes.submit_change(session, main, "monitoring", filing.version - 1)
    with pytest.raises(ServiceError, match="尚未办理运维机构备案"):
        changes.submit_change(session, main, "om")
    for equipment in session.exec(select(Equipment).where(Equipment.filing_id == filing.id)):
        session.delete(equipment)
    filing.org_name = NEW_NAME
    session.add(filing)
    session.commit()
    with pytest.raises(ServiceError, match="设施设备：至少需要填写一台设备"):
        changes.submit_change(session, main, "monitoring")
    session.rollback()
    assert _published(session, filing).org_name == OLD_NAME
    with pytest.raises(ServiceError):
        changes.submit_change(session, rd.reviewer(session), "monitoring")


def test_only_an_approved_filing_can_change(session):
    inst = rd.make_institution(session)
    filing, _ = rd.submitted_filing(session, inst)
    main = rd.institution_main(session, inst)
    filing.change_in_progress = True
    session.add(filing)
    session.commit()
    with pytest.raises(ServiceError, match="只有已备案的备案可以办理备案变更（当前状态：待审查）"):
        changes.submit_change(session, main, "monitoring")
    assert session.get(Filing, filing.id).status == "submitted"
