"""The reviewer's half in Chromium, with data seeded through the services: the queue, the
read-only filing with paged lists and downloads, 退回 with a required reason (which the
institution then sees), 通过 (which publishes), and the administrator creating a reviewer
of 河北省 who sees only 河北省's queue."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from filing_app.db import session_scope
from filing_app.demo import DEMO_PASSWORD_ADMIN, DEMO_PASSWORD_REVIEWER
from filing_app.models import Account, Filing, PublishedFiling
from tests import review_data as rd
from tests.helpers import STRONG_PASSWORD, new_phone, new_username


def _seed(province: str, name: str, people: int = 3) -> tuple[int, str]:
    """An institution of `province` with a submitted filing; returns (submission id, main username)."""
    with session_scope() as s:
        institution = rd.make_institution(s, province, name)
        main = rd.make_account(s, "inst_main", institution=institution)
        _, submission = rd.submitted_filing(s, institution, person_count=people, equipment_count=12)
        return submission.id, main.username


def _fresh(app):  # noqa: ANN001, ANN202
    """Another browser (its own cookies and tab token) for the next user.

    Logging out and straight back in on one tab sometimes loses the login click on the
    PostgreSQL + Redis pass (the old page's redirect races the new page's socket); a second
    browser is also what two people at two desks use."""
    from tests.e2e.conftest import App

    page = app.page.context.browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN",
                                                accept_downloads=True).new_page()
    return App(page, app.base_url), page


def _queue_row(page, text: str):
    return page.locator("#review-queue tr.queue-row", has_text=text)


@pytest.mark.postgres_pass
def test_reviewer_returns_one_filing_with_a_reason_and_approves_another(app):
    returned_id, returned_user = _seed("110000", "北京端到端退回监测有限公司", people=12)
    approved_id, _ = _seed("110000", "北京端到端通过监测有限公司")
    _seed("130000", "河北不可见监测有限公司")
    page = app.page

    app.login("bj_reviewer", DEMO_PASSWORD_REVIEWER)
    app.wait_path("/review")
    expect(page.locator("#review-summary")).to_contain_text("本省待审查")
    expect(page.locator(".kind-card[data-kind='initial']")).to_contain_text("件待审查")
    page.locator("#go-queue").click()
    app.wait_path("/review/queue")
    expect(_queue_row(page, "北京蓝天环境检测技术有限公司")).to_contain_text("3天")  # the demo item
    expect(_queue_row(page, "北京端到端退回监测有限公司")).to_be_visible()
    expect(page.locator("#review-queue")).not_to_contain_text("河北不可见监测有限公司")

    # Filter by kind: only the demo's duplicate-person report.
    page.locator("#queue-kind").select_option("duplicate")
    page.locator("#queue-search").click()
    expect(page.locator("#review-queue tr.queue-row")).to_have_count(1)
    expect(page.locator("#review-queue tr.queue-row")).to_contain_text("重复人员信息报备")
    page.locator("#queue-kind").select_option("")
    page.locator("#queue-search").click()

    _queue_row(page, "北京端到端退回监测有限公司").locator(".queue-open").click()
    app.wait_path(f"/review/filing/{returned_id}")
    expect(page.locator("#review-org-name")).to_have_text("北京端到端退回监测有限公司")
    expect(page.locator("#basic-info")).to_contain_text("139****2222")

    # 技术人员: 10 a page, identity numbers masked, a person's detail in a dialog.
    page.get_by_role("tab", name="技术人员").click()
    expect(page.locator("#people-table tr.person-row")).to_have_count(10)
    expect(page.locator("#people-table .id-masked").first).to_have_text(re.compile(r"^\d{4}\*{5}\d{3}[\dX]$"))
    page.get_by_role("tab", name="技术人员").click()
    page.get_by_label("下一页").first.click()
    expect(page.locator("#people-table tr.person-row")).to_have_count(2)
    page.locator(".person-open").first.click()
    expect(page.locator("#person-detail")).to_contain_text("学历证书")
    page.keyboard.press("Escape")

    # Every attachment downloads: the CMA certificate from 技术能力.
    page.get_by_role("tab", name="技术能力").click()
    with page.expect_download() as download:
        page.locator(".attachment-link", has_text="资质证书.pdf").first.click()
    assert download.value.suggested_filename == "资质证书.pdf"

    # 退回 without a reason is refused with a message; with one it is recorded.
    page.locator("#review-return").click()
    page.locator("#return-submit").click()
    expect(page.locator(".field-error")).to_contain_text("请填写退回原因")
    page.locator("#return-reason").fill("资质认定证书附表不清晰，请重新上传")
    page.locator("#return-submit").click()
    expect(page.locator("#decision-box")).to_contain_text("已退回")
    expect(page.locator("#decision-box")).to_contain_text("资质认定证书附表不清晰，请重新上传")
    expect(page.locator("#review-return")).to_have_count(0)
    expect(page.locator("#record-table tr.record-row").first).to_contain_text("已退回")

    # The other item: 通过.
    app.open(f"/review/filing/{approved_id}")
    expect(page.locator("#review-org-name")).to_have_text("北京端到端通过监测有限公司")
    page.locator("#review-approve").click()
    page.locator(".confirm-ok").click()
    expect(page.locator("#decision-box")).to_contain_text("已通过")
    with session_scope(readonly=True) as s:
        published = s.exec(select(PublishedFiling).where(PublishedFiling.org_name == "北京端到端通过监测有限公司")).all()
        assert len(published) == 1
        assert s.exec(select(Filing).where(Filing.org_name == "北京端到端退回监测有限公司")).one().status == "returned"

    # The queue now lists both as decided, with the reviewer.
    app.open("/review/queue")
    expect(_queue_row(page, "北京蓝天环境检测技术有限公司")).to_be_visible()  # loaded: filters are set
    page.locator("#queue-status").select_option("returned")
    page.locator("#queue-search").click()
    expect(_queue_row(page, "北京端到端退回监测有限公司")).to_contain_text("北京市审查员")

    # The institution sees the reason on its home and in its history.
    app, page = _fresh(app)
    app.login(returned_user, STRONG_PASSWORD)
    app.wait_path("/institution")
    expect(page.locator(".return-reason")).to_contain_text("资质认定证书附表不清晰，请重新上传")
    page.locator("#go-history").click()
    app.wait_path("/institution/history")
    expect(page.locator("#history-table tr.history-row").first).to_contain_text("已退回")
    expect(page.locator("#history-table tr.history-row").first).to_contain_text("资质认定证书附表不清晰")


def test_admin_creates_a_hebei_reviewer_who_sees_only_hebei(app):
    _, _ = _seed("130000", "河北端到端监测有限公司")
    page = app.page
    username = new_username("hb")

    app.login("admin", DEMO_PASSWORD_ADMIN)
    app.wait_path("/admin")
    expect(page.locator("#national-stats tr.stats-row", has_text="河北省")).to_be_visible()
    page.locator("#go-manage").click()
    app.wait_path("/manage/reviewers")
    page.locator("#staff-new").click()
    page.locator("#staff-create-submit").click()
    expect(page.locator(".field-error").first).to_be_visible()  # every missing field is named
    page.locator("#staff-username").fill(username)
    page.locator("#staff-name").fill("河北审查员甲")
    page.locator("#staff-province").select_option("130000")
    page.locator("#staff-phone").fill(new_phone())
    page.locator("#staff-create-submit").click()
    expect(page.locator("#issued-username")).to_have_text(username)
    password = page.locator("#issued-password").inner_text().strip()
    assert len(password) >= 8
    page.locator("#issued-close").click()
    row = page.locator("#staff-table tr.staff-row", has_text=username)
    expect(row).to_contain_text("河北省")
    expect(row).to_contain_text("正常")

    app, page = _fresh(app)
    app.login(username, password)
    app.wait_path("/account")  # the initial password must be changed first
    expect(page.locator("#must-change-notice")).to_be_visible()
    page.locator("#old_password").fill(password)
    page.locator("#new_password").fill("Hebei#Review2026")
    page.locator("#new_password_confirm").fill("Hebei#Review2026")
    page.locator("#password-submit").click()
    expect(page.locator("#must-change-notice")).to_have_count(0)
    app.open("/review/queue")
    expect(_queue_row(page, "河北端到端监测有限公司")).to_be_visible()
    expect(page.locator("#review-queue")).not_to_contain_text("北京")
    expect(page.locator("#system-title")).to_be_visible()


def test_reviewer_accepts_a_duplicate_person_report(app):
    from datetime import date

    from filing_app.models import DuplicatePersonReport, InstitutionMessage, Person

    with session_scope() as s:
        holder = rd.make_institution(s, "110000", "北京原单位端到端监测有限公司")
        filing, _ = rd.submitted_filing(s, holder)
        person = s.exec(select(Person).where(Person.filing_id == filing.id)).first()
        reporter = rd.make_institution(s, "110000", "北京新单位端到端运维有限公司", registered_type="om")
        report = DuplicatePersonReport(institution_id=reporter.id, province_code="110000", id_number=person.id_number,
                                       id_key=person.id_key, name=person.name, gender=person.gender,
                                       previous_leave_date=date(2025, 10, 31), holder_institution_id=holder.id,
                                       statement_attachment_id=filing.commitment_attachment_id)
        s.add(report)
        s.flush()
        report_id, person_id, number = report.id, person.id, person.id_number
    page = app.page
    app.login("bj_reviewer", DEMO_PASSWORD_REVIEWER)
    app.wait_path("/review")
    app.open("/review/queue?kind=duplicate")
    _queue_row(page, "北京新单位端到端运维有限公司").locator(".queue-open").click()
    app.wait_path(f"/review/report/{report_id}")
    detail = page.locator("#report-detail")
    expect(detail).to_contain_text(number[:4] + "*****" + number[-4:])
    expect(detail).to_contain_text("北京原单位端到端监测有限公司")
    expect(detail).to_contain_text("2025-10-31")
    expect(detail).to_contain_text("该人员目前仍在原单位在职备案")
    assert number not in page.content()
    with page.expect_download() as download:
        page.locator("#statement-download").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.locator("#review-approve").click()
    page.locator(".confirm-ok").click()
    expect(page.locator("#decision-box")).to_contain_text("已通过")
    with session_scope(readonly=True) as s:
        released = s.get(Person, person_id)
        assert released.status == "离职" and released.leave_date == date(2025, 10, 31)
        told = s.exec(select(InstitutionMessage).where(InstitutionMessage.institution_id == holder.id)).one()
        assert "离职" in told.title


def test_main_account_cancels_an_approved_filing_after_confirming(app):
    from filing_app.services import review

    with session_scope() as s:
        institution = rd.make_institution(s, "110000", "北京注销端到端监测有限公司")
        main = rd.make_account(s, "inst_main", institution=institution)
        filing, submission = rd.submitted_filing(s, institution)
        review.decide_submission(s, rd.reviewer(s), submission.id, approve=True)
        filing_id, username = filing.id, main.username
    page = app.page
    app.login(username, STRONG_PASSWORD)
    app.wait_path("/institution")
    card = page.locator(".filing-card[data-type='monitoring']")
    expect(card).to_contain_text("已备案")
    card.locator("[data-action='cancel']").click()
    expect(page.get_by_role("alertdialog")).to_contain_text("从备案信息公开中移除")
    page.locator(".confirm-ok").click()
    expect(card).to_contain_text("已注销")
    expect(card.locator("[data-action='refile']")).to_be_visible()
    expect(page.get_by_role("paragraph").filter(has_text="监测机构备案已注销")).to_be_visible()  # the message
    with session_scope(readonly=True) as s:
        assert s.get(Filing, filing_id).status == "cancelled"
        assert s.exec(select(PublishedFiling).where(PublishedFiling.filing_id == filing_id)).first() is None
