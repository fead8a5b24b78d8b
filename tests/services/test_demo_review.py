"""The demo of `make run`: a complete filing waits in bj_reviewer's queue, loaded once."""

from __future__ import annotations

from sqlmodel import select

from filing_app.demo import seed_demo
from filing_app.models import Account, Attachment, AuditLog, Filing, FilingSubmission, Institution
from filing_app.services import filings, review, storage
from tests import review_data as rd


def test_seed_is_idempotent_and_fills_the_demo_reviewers_queue(session):
    seed_demo()
    seed_demo()
    assert len(session.exec(select(Institution).where(Institution.name == "北京蓝天环境检测技术有限公司")).all()) == 1
    assert len(session.exec(select(FilingSubmission)).all()) == 1
    bj = rd.actor_of(session.exec(select(Account).where(Account.username == "bj_reviewer")).one())
    page = review.queue(session, bj)
    assert [(r.kind, r.institution_name, r.waiting_days) for r in page.rows] == [
        ("initial", "北京蓝天环境检测技术有限公司", 3), ("duplicate", "北京澄源环境科技有限公司", 1)]
    filing = session.exec(select(Filing).where(Filing.status == "submitted")).one()
    submission = session.exec(select(FilingSubmission)).one()
    # Submitted through the wizard's own 确认提交, by the institution's main account.
    lantian = session.exec(select(Account).where(Account.username == "demo_lantian")).one()
    assert submission.submitted_by == lantian.id and filing.completed_tabs
    assert session.exec(select(AuditLog).where(AuditLog.action == "submit", AuditLog.object_id == filing.id)).one()
    assert filings.submission_check(session, rd.actor_of(lantian), "monitoring").ready
    assert len(submission.snapshot["people"]) == 12 and len(submission.snapshot["equipment"]) == 15
    for attachment in session.exec(select(Attachment)):
        assert storage.sniff(storage.read_bytes(attachment)) == storage.PDF
