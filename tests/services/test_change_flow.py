"""备案变更 (§3.3) end to end in services: what the public registry row shows at each step."""

from __future__ import annotations

import pytest
from sqlmodel import select

from filing_app.domain.enums import FilingStatus
from filing_app.models import (
    AuditLog,
    Equipment,
    Filing,
    FilingSubmission,
    Institution,
    PublishedFiling,
    PublishedNameGram,
    PublishedNameGramCount,
)
from filing_app.services import changes, filings, institutions, registry, review, review_view
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


def _start(session, filing, main) -> None:
    """备案变更 on the home: the wizard's start_change opens the working copy for editing."""
    filings.start_change(session, main, filing.filing_type)
    session.commit()
    session.refresh(filing)


def test_other_fields_take_effect_at_once_and_are_recorded(session, approved):
    filing, main, _ = approved
    first_published = filing.published_at
    _start(session, filing, main)
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
    _start(session, filing, main)
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
    assert session.get(Institution, filing.institution_id).name == OLD_NAME

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
    # The approved name is now the institution's own (home header, queue, commitment letter).
    institution = session.get(Institution, filing.institution_id)
    session.refresh(institution)
    assert institution.name == NEW_NAME


def test_returned_key_change_keeps_the_old_values_and_tells_the_institution(session, approved):
    filing, main, reviewer = approved
    _start(session, filing, main)
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
    _start(session, filing, main)
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
    _start(session, filing, main)
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
    # The wizard's whole-filing check applies: a change cannot publish a filing without its 质量手册.
    filing.quality_manual_attachment_id = None
    filing.legal_rep_phone = "1391111"
    session.add(filing)
    session.commit()
    with pytest.raises(ServiceError) as refused:
        changes.submit_change(session, main, "monitoring")
    assert "管理能力：请上传质量手册" in refused.value.message and "基本信息：" in refused.value.message
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


# ---------------------------------------------------------------- the registry's name index


def _found(session, *, name: str = "", code: str = "", province: str = "110000") -> list[str]:
    """What a visitor of the province's registry finds (services/registry.search)."""
    session.expire_all()
    page = registry.search(session, None, registry.RegistryQuery(name=name, credit_code=code),
                           scope_province=province)
    return [row.org_name for row in page.rows]


def _index_is_exact(session) -> None:
    """The name index and its character counts equal a rebuild from published_filing."""
    def tables():
        grams = sorted(session.exec(select(PublishedNameGram.gram, PublishedNameGram.published_id,
                                           PublishedNameGram.name_norm)).all())
        counts = sorted((g, t, n) for g, t, n in session.exec(
            select(PublishedNameGramCount.gram, PublishedNameGramCount.filing_type,
                   PublishedNameGramCount.entries)).all() if n)
        return grams, counts

    before = tables()
    registry.rebuild_name_index(session)
    assert tables() == before
    session.rollback()


def test_the_registry_search_follows_approval_changes_and_cancellation(session, approved):
    filing, main, reviewer = approved
    code = session.get(Institution, filing.institution_id).credit_code
    assert _found(session, name="变更前") == [OLD_NAME]  # approval indexed the name
    assert _found(session, code=code) == [OLD_NAME]
    assert _found(session, name="变更前", province="130000") == []
    _index_is_exact(session)

    # An immediate change (no key field): the row and its index stay in step.
    _start(session, filing, main)
    filing.nature = "国有"
    session.add(filing)
    session.commit()
    changes.submit_change(session, main, "monitoring")
    session.commit()
    assert _found(session, name="变更前") == [OLD_NAME]
    _index_is_exact(session)

    # A key change: the public keeps the old name until the reviewer approves.
    _start(session, filing, main)
    filing.org_name = NEW_NAME
    filing.legal_rep_phone = "13700001111"
    session.add(filing)
    session.commit()
    result = changes.submit_change(session, main, "monitoring")
    session.commit()
    assert _found(session, name="变更前") == [OLD_NAME]
    assert _found(session, name="变更后") == []
    _index_is_exact(session)
    review.decide_submission(session, reviewer, result.submission_id, approve=True)
    session.commit()
    assert _found(session, name="变更后") == [NEW_NAME]
    assert _found(session, name="变更前") == []
    assert _found(session, name="后", code=code[:8]) == [NEW_NAME]
    _index_is_exact(session)

    # 备案注销: gone from every search, index entries and counts included.
    from filing_app.services import cancellation

    cancellation.cancel_filing(session, main, "monitoring", True)
    session.commit()
    assert _found(session, name="变更后") == [] and _found(session, code=code) == []
    assert session.exec(select(PublishedNameGram)).first() is None
    assert not [n for n in session.exec(select(PublishedNameGramCount.entries)).all() if n]


def test_a_returned_key_change_leaves_the_old_name_searchable(session, approved):
    filing, main, reviewer = approved
    _start(session, filing, main)
    filing.org_name = NEW_NAME
    session.add(filing)
    session.commit()
    result = changes.submit_change(session, main, "monitoring")
    session.commit()
    review.decide_submission(session, reviewer, result.submission_id, approve=False, reason="请上传名称变更核准通知书")
    session.commit()
    assert _found(session, name="变更前") == [OLD_NAME] and _found(session, name="变更后") == []
    _index_is_exact(session)
