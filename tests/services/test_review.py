"""The provincial review: the queue, decisions, publication, refusals and two reviewers at once."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlmodel import select

from filing_app.db import session_scope
from filing_app.domain.clock import utcnow
from filing_app.domain.enums import FilingStatus
from filing_app.models import AuditLog, DuplicatePersonReport, Filing, FilingSubmission, InstitutionMessage, PublishedFiling
from filing_app.services import filings, institutions, review, review_view
from filing_app.services.errors import NotFound, PermissionDenied, StaleVersion, ValidationFailed
from tests import review_data as rd


def _denied_rows(action: str) -> list[AuditLog]:
    with session_scope(readonly=True) as s:
        return s.exec(select(AuditLog).where(AuditLog.action == action, AuditLog.result == "denied")).all()


class TestQueue:
    def test_province_scoped_oldest_first_with_waiting_days_and_filters(self, session):
        now = utcnow()
        a = rd.make_institution(session, "110000", "北京甲监测有限公司")
        b = rd.make_institution(session, "110000", "北京乙运维有限公司", registered_type="om")
        c = rd.make_institution(session, "130000", "河北丙监测有限公司")
        _, sa = rd.submitted_filing(session, a, submitted_at=now - timedelta(days=5))
        _, sb = rd.submitted_filing(session, b, "om", submitted_at=now - timedelta(days=2))
        _, sc = rd.submitted_filing(session, c, submitted_at=now - timedelta(days=9))
        name, number = rd.people(1)[0]
        report = DuplicatePersonReport(institution_id=b.id, province_code="110000", id_number=number, id_key=number,
                                       name=name, previous_leave_date=date(2025, 1, 1), holder_institution_id=a.id,
                                       created_at=now - timedelta(days=3))
        session.add(report)
        bj, hb = rd.reviewer(session, "110000"), rd.reviewer(session, "130000")
        session.commit()

        page = review.queue(session, bj)
        assert page.total == 3
        assert [r.institution_name for r in page.rows] == ["北京甲监测有限公司", "北京乙运维有限公司", "北京乙运维有限公司"]
        assert [r.kind for r in page.rows] == ["initial", "duplicate", "initial"]
        assert [r.waiting_days for r in page.rows] == [5, 3, 2]
        assert page.rows[0].href == f"/review/filing/{sa.id}" and page.rows[1].href == f"/review/report/{report.id}"
        assert page.rows[0].kind_label == "首次备案" and page.rows[0].status_label == "待审查"

        hebei = review.queue(session, hb)
        assert [r.href for r in hebei.rows] == [f"/review/filing/{sc.id}"]

        assert [r.kind for r in review.queue(session, bj, kind="duplicate").rows] == ["duplicate"]
        assert [r.href for r in review.queue(session, bj, filing_type="om").rows] == [f"/review/filing/{sb.id}"]
        assert review.queue(session, bj, keyword="甲").total == 1
        assert review.queue(session, bj, keyword=a.credit_code[:14]).total == 1
        assert review.queue(session, bj, status="approved").total == 0
        second = review.queue(session, bj, page=2, page_size=2)
        assert second.total == 3 and [r.index for r in second.rows] == [3]

    def test_decided_items_show_time_and_reviewer_latest_first(self, session):
        inst = rd.make_institution(session)
        bj = rd.reviewer(session, name="李审查")
        _, first = rd.submitted_filing(session, inst)
        other = rd.make_institution(session)
        _, second = rd.submitted_filing(session, other)
        session.commit()
        review.decide_submission(session, bj, first.id, approve=True)
        review.decide_submission(session, bj, second.id, approve=False, reason="资质认定证书已过期")
        session.commit()
        approved = review.queue(session, bj, status="approved")
        assert approved.total == 1 and approved.rows[0].reviewer == "李审查" and approved.rows[0].decided_at
        everything = review.queue(session, bj, status="")
        assert [r.status for r in everything.rows] == ["returned", "approved"]

    @pytest.mark.parametrize("role", ["institution", "admin", "anonymous"])
    def test_only_reviewers_read_the_queue(self, session, role):
        inst = rd.make_institution(session)
        _, submission = rd.submitted_filing(session, inst)
        actor = {"institution": lambda: rd.institution_main(session, inst), "admin": lambda: rd.admin(session),
                 "anonymous": lambda: None}[role]()
        session.commit()
        for call in (lambda: review.queue(session, actor), lambda: review.reviewer_home(session, actor),
                     lambda: review_view.submission_view(session, actor, submission.id),
                     lambda: review.decide_submission(session, actor, submission.id, approve=True)):
            with pytest.raises(PermissionDenied):
                call()
        if actor is not None:
            assert len(_denied_rows("review_approve")) == 1
        with session_scope(readonly=True) as s:
            assert s.get(FilingSubmission, submission.id).status == "pending"

    def test_reviewer_home_counts_by_kind_and_oldest_wait(self, session):
        now = utcnow()
        bj = rd.reviewer(session)
        for days in (1, 4):
            rd.submitted_filing(session, rd.make_institution(session), submitted_at=now - timedelta(days=days))
        rd.submitted_filing(session, rd.make_institution(session), kind="add_type", submitted_at=now)
        rd.submitted_filing(session, rd.make_institution(session, "130000"), submitted_at=now - timedelta(days=30))
        session.commit()
        home = review.reviewer_home(session, bj)
        counts = {k.kind: (k.pending, k.oldest_days) for k in home.kinds}
        assert counts == {"initial": (2, 4), "add_type": (1, 0), "change": (0, 0), "duplicate": (0, 0)}
        assert home.total_pending == 3 and home.oldest_days == 4 and home.province_name == "北京市"

    def test_national_statistics_for_the_administrator_only(self, session):
        bj = rd.reviewer(session)
        rd.reviewer(session, "130000")
        _, s1 = rd.submitted_filing(session, rd.make_institution(session))
        rd.submitted_filing(session, rd.make_institution(session))
        rd.submitted_filing(session, rd.make_institution(session, "130000"))
        session.commit()
        review.decide_submission(session, bj, s1.id, approve=True)
        session.commit()
        stats = {r.province_name: r for r in review.national_stats(session, rd.admin(session))}
        assert (stats["北京市"].pending, stats["北京市"].approved, stats["北京市"].published, stats["北京市"].reviewers) \
            == (1, 1, 1, 1)
        assert stats["河北省"].pending == 1 and stats["合计"].pending == 2 and len(stats) == 32
        with pytest.raises(PermissionDenied):
            review.national_stats(session, bj)


class TestDecisions:
    def test_approve_publishes_with_the_first_publication_time(self, session):
        inst = rd.make_institution(session, name="北京通过监测有限公司")
        filing, submission = rd.submitted_filing(session, inst)
        bj = rd.reviewer(session, name="王审查")
        session.commit()
        result = review.decide_submission(session, bj, submission.id, approve=True, expected_version=submission.version)
        session.commit()
        assert "已通过" in result.message
        session.refresh(submission)
        session.refresh(filing)
        assert submission.status == "approved" and submission.decided_by == bj.account_id and submission.decided_at
        assert filing.status == FilingStatus.APPROVED and filing.published_at is not None
        row = session.exec(select(PublishedFiling).where(PublishedFiling.filing_id == filing.id)).one()
        assert row.org_name == "北京通过监测有限公司" and row.province_code == "110000"
        assert row.submission_id == submission.id and row.published_at == filing.published_at
        assert row.qualification_attachment_ids and row.commitment_attachment_id
        message = session.exec(select(InstitutionMessage).where(InstitutionMessage.institution_id == inst.id)).one()
        assert "审查通过" in message.title
        audit_row = session.exec(select(AuditLog).where(AuditLog.action == "review_approve")).one()
        assert audit_row.actor_id == bj.account_id and audit_row.object_id == submission.id
        assert audit_row.province_code == "110000" and audit_row.institution_id == inst.id

    def test_return_needs_a_reason_then_the_institution_sees_it_and_resubmits(self, session):
        inst = rd.make_institution(session)
        filing, submission = rd.submitted_filing(session, inst)
        bj = rd.reviewer(session)
        main = rd.institution_main(session, inst)
        session.commit()
        with pytest.raises(ValidationFailed) as refused:
            review.decide_submission(session, bj, submission.id, approve=False, reason="   ")
        assert refused.value.field_errors["reason"].startswith("请填写退回原因")
        session.rollback()
        review.decide_submission(session, bj, submission.id, approve=False, reason="资质认定证书附表不清晰，请重新上传")
        session.commit()
        session.refresh(filing)
        assert filing.status == FilingStatus.RETURNED
        assert filing.return_reason == "资质认定证书附表不清晰，请重新上传"
        assert session.exec(select(PublishedFiling)).first() is None
        card = institutions.home(session, main).cards[0]
        assert card.status == "returned" and card.return_reason == filing.return_reason and card.decided_at
        assert "退回原因：资质认定证书附表不清晰" in institutions.home(session, main).messages[0].body

        filing.legal_rep_phone = "13700001111"  # what the institution fixed
        again = rd.submit(session, filing, main)
        session.commit()
        assert institutions.home(session, main).cards[0].return_reason == ""
        view = review_view.submission_view(session, bj, again.id)
        assert view.compare_title == "与上次退回的版本对比" and "资质认定证书附表不清晰" in view.compare_note
        assert [(c.label, c.old, c.new) for c in view.field_changes] == [
            ("法定代表人联系方式(手机)", "139****2222", "137****1111")]
        assert [(r.status_label, r.current) for r in view.record] == [("待审查", True), ("已退回", False)]
        assert view.record[1].reason == "资质认定证书附表不清晰，请重新上传"
        review.decide_submission(session, bj, again.id, approve=True)
        session.commit()
        history = review.institution_history(session, main)
        assert [(r.kind_label, r.status_label) for r in history.rows] == [("首次备案", "已通过"), ("首次备案", "已退回")]
        assert history.rows[1].reason == "资质认定证书附表不清晰，请重新上传" and history.rows[1].decided_at

    def test_add_type_is_reviewed_like_a_first_filing(self, session):
        inst = rd.make_institution(session)
        _, first = rd.submitted_filing(session, inst)
        bj = rd.reviewer(session)
        session.commit()
        review.decide_submission(session, bj, first.id, approve=True)
        om, added = rd.submitted_filing(session, inst, "om", kind="add_type")
        session.commit()
        row = review.queue(session, bj).rows[0]
        assert row.kind_label == "新增备案类型" and row.filing_type_label == "运维机构"
        review.decide_submission(session, bj, added.id, approve=True)
        session.commit()
        assert session.exec(select(PublishedFiling).where(PublishedFiling.filing_id == om.id)).one().filing_type == "om"

    def test_another_province_can_neither_read_nor_decide(self, session):
        inst = rd.make_institution(session)
        _, submission = rd.submitted_filing(session, inst)
        hb = rd.reviewer(session, "130000")
        attachment_id = int(next(iter(submission.snapshot["attachments"])))
        session.commit()
        calls = (
            lambda: review.decide_submission(session, hb, submission.id, approve=True),
            lambda: review.decide_submission(session, hb, submission.id, approve=False, reason="不符合"),
            lambda: review_view.submission_view(session, hb, submission.id),
            lambda: review_view.people_page(session, hb, submission.id),
            lambda: review_view.equipment_page(session, hb, submission.id),
            lambda: review_view.person_detail(session, hb, submission.id, submission.snapshot["people"][0]["id"]),
            lambda: review_view.submission_attachment_link(session, hb, submission.id, attachment_id),
        )
        for call in calls:
            with pytest.raises(PermissionDenied, match="本省"):
                call()
        with session_scope(readonly=True) as s:
            assert s.get(FilingSubmission, submission.id).status == "pending"
            assert s.get(Filing, submission.filing_id).status == "submitted"
            assert s.exec(select(PublishedFiling)).first() is None
        assert len(_denied_rows("review_approve")) == 1 and len(_denied_rows("review_return")) == 1

    def test_unknown_ids_and_minor_changes_are_not_found(self, session):
        bj = rd.reviewer(session)
        session.commit()
        for bad in (999999, "abc", None):
            with pytest.raises(NotFound):
                review.decide_submission(session, bj, bad, approve=True)

    def test_a_decided_item_cannot_be_decided_again(self, session):
        inst = rd.make_institution(session)
        _, submission = rd.submitted_filing(session, inst)
        first, second = rd.reviewer(session, name="甲审查员"), rd.reviewer(session, name="乙审查员")
        session.commit()
        seen_version = submission.version
        review.decide_submission(session, first, submission.id, approve=True, expected_version=seen_version)
        session.commit()
        with pytest.raises(StaleVersion, match="已由甲审查员于.*审查（已通过）"):
            review.decide_submission(session, second, submission.id, approve=False, reason="晚了",
                                     expected_version=seen_version)

    def test_two_reviewers_deciding_at_once_one_wins(self, db):
        with session_scope() as s:
            inst = rd.make_institution(s)
            _, submission = rd.submitted_filing(s, inst)
            actors = [rd.reviewer(s, name="甲"), rd.reviewer(s, name="乙")]
            submission_id, version = submission.id, submission.version
        barrier = threading.Barrier(2)
        outcomes: list[str] = []
        lock = threading.Lock()

        def decide(actor, approve: bool) -> None:
            barrier.wait()
            try:
                with session_scope() as s:
                    review.decide_submission(s, actor, submission_id, approve=approve, reason="" if approve else "不全",
                                             expected_version=version)
                outcome = "won"
            except StaleVersion as exc:
                outcome = "told:" + exc.message
            with lock:
                outcomes.append(outcome)

        threads = [threading.Thread(target=decide, args=(actors[0], True)),
                   threading.Thread(target=decide, args=(actors[1], False))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(o[:4] for o in outcomes) == ["told", "won"]
        assert "无需重复处理" in next(o for o in outcomes if o.startswith("told"))
        with session_scope(readonly=True) as s:
            assert len(s.exec(select(InstitutionMessage)).all()) == 1
            decisions = s.exec(select(AuditLog).where(AuditLog.action.in_(["review_approve", "review_return"]),
                                                      AuditLog.result == "ok")).all()
            assert len(decisions) == 1
            final = s.get(FilingSubmission, submission_id)
            assert final.version == version + 1 and final.decided_by == decisions[0].actor_id


class TestReviewPage:
    def test_the_whole_filing_read_only_with_lists_paged_and_numbers_masked(self, session):
        inst = rd.make_institution(session, name="北京审阅监测有限公司")
        _, submission = rd.submitted_filing(session, inst, person_count=12, equipment_count=11)
        bj = rd.reviewer(session)
        session.commit()
        view = review_view.submission_view(session, bj, submission.id)
        assert view.kind_label == "首次备案" and view.status_label == "待审查" and view.filing_type_label == "监测机构"
        basic = {i.label: i.value for i in view.basic}
        assert basic["组织名称"] == "北京审阅监测有限公司" and basic["是否独立法人"] == "是"
        assert basic["监测类别"] == "水(含大气降水)和废水、环境空气和废气、噪声"
        assert basic["法定代表人联系方式(手机)"] == "139****2222"
        assert basic["注册地址"].startswith("北京市海淀区")
        capability = {i.label: i for i in view.capability}
        assert capability["资质认定有效期"].value == "2023-06-18 至 2029-06-17"
        assert capability["资质认定证书"].attachment_id > 0 and capability["资质认定证书"].value == "资质证书.pdf"
        assert [i.label for i in view.management] == ["质量手册"]
        assert view.sites[0].attachment_name == "场所证明.pdf" and view.other_certs[0].cert_no == "JL-2024-018"
        assert (view.people_total, view.equipment_total) == (12, 11)

        first = review_view.people_page(session, bj, submission.id)
        assert (first.total, len(first.rows), first.rows[0].seq) == (12, 10, 1)
        number = submission.snapshot["people"][0]["id_number"]
        assert first.rows[0].id_masked == number[:4] + "*****" + number[-4:]
        assert number not in repr(first)
        second = review_view.people_page(session, bj, submission.id, page=2)
        assert [r.seq for r in second.rows] == [11, 12]
        assert review_view.people_page(session, bj, submission.id, name="张伟").total == 1
        assert review_view.equipment_page(session, bj, submission.id, page=2).rows[0].seq == 11
        assert review_view.equipment_page(session, bj, submission.id, name="气相").total == 2

        detail = review_view.person_detail(session, bj, submission.id, first.rows[0].id)
        items = {i.label: i for i in detail.items}
        assert items["证件号码"].value == first.rows[0].id_masked and items["学历证书"].attachment_id > 0

        link = review_view.submission_attachment_link(session, bj, submission.id, capability["资质认定证书"].attachment_id)
        assert link.startswith("/files/")
        with pytest.raises(PermissionDenied, match="不属于此审查事项"):
            review_view.submission_attachment_link(session, bj, submission.id, 987654)


class TestHistory:
    def test_only_the_institutions_own_items(self, session):
        mine, theirs = rd.make_institution(session), rd.make_institution(session)
        rd.submitted_filing(session, mine)
        rd.submitted_filing(session, theirs)
        main = rd.institution_main(session, mine)
        session.commit()
        history = review.institution_history(session, main)
        assert history.total == 1 and history.rows[0].status_label == "待审查" and history.rows[0].decided_at == ""
        with pytest.raises(PermissionDenied):
            review.institution_history(session, rd.reviewer(session))


def test_a_submission_whose_filing_moved_on_is_refused(session):
    inst = rd.make_institution(session)
    filing, submission = rd.submitted_filing(session, inst)
    bj = rd.reviewer(session)
    filing.status = FilingStatus.CANCELLED  # e.g. data repaired by hand meanwhile
    session.add(filing)
    session.commit()
    from filing_app.services.errors import ServiceError

    with pytest.raises(ServiceError, match="当前状态为“已注销”"):
        review.decide_submission(session, bj, submission.id, approve=True)
    session.rollback()
    assert session.get(FilingSubmission, submission.id).status == "pending"
    assert session.exec(select(PublishedFiling)).first() is None


class TestUnderReview:
    """审查中: the first reviewer to open a waiting submission starts its review."""

    def test_opening_shows_under_review_to_the_institution_and_the_other_reviewers(self, session):
        inst = rd.make_institution(session)
        _, submission = rd.submitted_filing(session, inst)
        first, second = rd.reviewer(session, name="李审查"), rd.reviewer(session, name="王审查")
        session.commit()
        main = rd.institution_main(session, inst)
        card = institutions.home(session, main).cards[0]
        assert card.status_label == "待审查"
        assert [(s.label, s.state) for s in card.steps] == [
            ("填报", "done"), ("已提交", "current"), ("审查中", "todo"), ("审查结果", "todo")]

        review.mark_opened(session, first, submission.id)
        session.commit()
        review.mark_opened(session, second, submission.id)  # a later opening changes nothing
        session.commit()

        card = institutions.home(session, main).cards[0]
        assert card.status_label == "审查中"
        assert filings.open_filing(session, main, "monitoring").status_note.startswith("已提交，审查中（提交时间：")
        assert [s.state for s in card.steps] == ["done", "done", "current", "todo"]
        row = review.queue(session, second).rows[0]
        assert (row.status, row.status_label, row.reviewer) == ("pending", "审查中", "李审查")
        assert review.institution_history(session, main).rows[0].status_label == "审查中"
        assert review_view.submission_view(session, second, submission.id).status_label == "审查中"
        with session_scope(readonly=True) as s:
            started = s.exec(select(AuditLog).where(AuditLog.action == "review_start")).all()
        assert [(a.object_id, a.result) for a in started] == [(submission.id, "ok")]

        review.decide_submission(session, second, submission.id, approve=False, reason="缺少承诺书")
        session.commit()
        card = institutions.home(session, main).cards[0]
        assert card.status_label == "已退回"
        assert [(s.label, s.state) for s in card.steps][-1] == ("已退回", "returned")
        # The decision names who decided, not who opened it first.
        assert review.queue(session, second, status="returned").rows[0].reviewer == "王审查"

    def test_another_province_cannot_start_a_review(self, session):
        inst = rd.make_institution(session)
        _, submission = rd.submitted_filing(session, inst)
        hebei = rd.reviewer(session, "130000")
        session.commit()
        with pytest.raises(PermissionDenied):
            review.mark_opened(session, hebei, submission.id)
        session.rollback()
        assert session.get(FilingSubmission, submission.id).opened_at is None
        assert institutions.home(session, rd.institution_main(session, inst)).cards[0].status_label == "待审查"

    def test_a_decided_submission_is_not_reopened(self, session):
        inst = rd.make_institution(session)
        _, submission = rd.submitted_filing(session, inst)
        bj = rd.reviewer(session)
        session.commit()
        review.decide_submission(session, bj, submission.id, approve=True)
        session.commit()
        review.mark_opened(session, bj, submission.id)
        session.commit()
        session.expire_all()
        assert session.get(FilingSubmission, submission.id).opened_at is None
