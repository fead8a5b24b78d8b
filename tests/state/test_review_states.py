"""The reviewer's page states as a browser drives them: an item's page with its paged lists,
a refused 退回 without a reason, a decision, another province's item, the queue's pager."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from filing_app.db import session_scope
from filing_app.models import DuplicatePersonReport, FilingSubmission, Person
from filing_app.services import auth
from filing_app.state.review import ReviewFilingState, ReviewQueueState, ReviewReportState
from tests import review_data as rd
from tests.helpers import STRONG_PASSWORD
from tests.services.conftest import db, migrated  # noqa: F401  (fixtures)
from tests.state.test_change_states import _state


def _reviewer_token(province: str = "110000") -> str:
    with session_scope() as s:
        username = rd.make_account(s, "reviewer", province=province).username
    with session_scope() as s:
        return auth.login_with_password(s, username, STRONG_PASSWORD).token


def test_a_filing_page_pages_its_lists_refuses_an_empty_reason_and_decides(db):  # noqa: F811
    with session_scope() as s:
        _, submission = rd.submitted_filing(s, rd.make_institution(s, name="北京状态审查监测有限公司"),
                                            person_count=12, equipment_count=3)
        submission_id = submission.id
    token = _reviewer_token()
    page = _state(token, ReviewFilingState, f"/review/filing/{submission_id}")
    ReviewFilingState.load.fn(page)
    assert page.loaded and page.is_pending and page.org_name == "北京状态审查监测有限公司"
    assert (page.people_total, len(page.people_rows), page.people_page_numbers) == (12, 10, [1, 2])
    assert page.people_rows[0].id_masked.count("*") == 5 and page.equipment_total == 3
    assert page.status_label == "审查中"  # opening the page started the review
    with session_scope(readonly=True) as s:
        assert s.get(FilingSubmission, submission_id).opened_at is not None

    ReviewFilingState.go_people_page.fn(page, "2")
    assert [r.seq for r in page.people_rows] == [11, 12] and page.people_page == 2
    ReviewFilingState.search_people.fn(page, {"name": "张伟", "status": "在职"})
    assert page.people_total == 1 and page.people_page == 1
    ReviewFilingState.search_equipment.fn(page, {"name": "色谱", "condition": ""})
    assert [r.name for r in page.equipment_rows] == ["气相色谱仪"]

    ReviewFilingState.set_return_open.fn(page, True)
    ReviewFilingState.return_item.fn(page, {"reason": "  "})
    assert page.reason_error.startswith("请填写退回原因") and page.return_open and page.is_pending
    ReviewFilingState.return_item.fn(page, {"reason": "资质认定证书已过期"})
    assert not page.return_open and page.status == "returned" and page.reason == "资质认定证书已过期"
    with session_scope(readonly=True) as s:
        assert s.get(FilingSubmission, submission_id).status == "returned"


def test_another_provinces_items_are_not_shown_or_decided(db):  # noqa: F811
    with session_scope() as s:
        holder = rd.make_institution(s, "130000")
        _, submission = rd.submitted_filing(s, holder)
        person = s.exec(select(Person).where(Person.filing_id == submission.filing_id)).first()
        report = DuplicatePersonReport(institution_id=rd.make_institution(s, "130000").id, province_code="130000",
                                       id_number=person.id_number, id_key=person.id_key, name=person.name,
                                       previous_leave_date=date(2025, 1, 1), holder_institution_id=holder.id)
        s.add(report)
        s.flush()
        submission_id, report_id = submission.id, report.id
    token = _reviewer_token("110000")
    filing_page = _state(token, ReviewFilingState, f"/review/filing/{submission_id}")
    ReviewFilingState.load.fn(filing_page)
    assert not filing_page.loaded and "本省" in filing_page.error and filing_page.people_rows == []
    filing_page.item_id = submission_id
    ReviewFilingState.approve.fn(filing_page)
    report_page = _state(token, ReviewReportState, f"/review/report/{report_id}")
    ReviewReportState.load.fn(report_page)
    assert not report_page.loaded and report_page.name == ""
    ReviewReportState.accept.fn(report_page)
    with session_scope(readonly=True) as s:
        assert s.get(FilingSubmission, submission_id).status == "pending"
        assert s.get(FilingSubmission, submission_id).opened_at is None  # not 审查中 for Beijing's visit
        assert s.get(DuplicatePersonReport, report_id).status == "pending"

    hebei = _state(_reviewer_token("130000"), ReviewReportState, f"/review/report/{report_id}")
    ReviewReportState.load.fn(hebei)
    assert hebei.loaded and hebei.is_pending and hebei.id_masked.count("*") == 5
    ReviewReportState.reject.fn(hebei, {"reason": "离职说明未签字"})
    assert hebei.status == "returned" and hebei.reason == "离职说明未签字"


def test_the_queue_pages_with_the_shared_pager(db):  # noqa: F811
    with session_scope() as s:
        for _ in range(12):
            rd.submitted_filing(s, rd.make_institution(s), person_count=1, equipment_count=1)
    queue = _state(_reviewer_token(), ReviewQueueState, "/review/queue")
    ReviewQueueState.load.fn(queue)
    assert (queue.total, len(queue.rows), queue.page_count, queue.page_numbers) == (12, 10, 2, [1, 2])
    ReviewQueueState.go_page.fn(queue, "99")
    assert queue.page == 2 and [r.index for r in queue.rows] == [11, 12]
    ReviewQueueState.go_page.fn(queue, "x")
    assert queue.page == 2
