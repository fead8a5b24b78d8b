"""Publishing notices in the browser: the administrator's national notice with an attachment
reaches the portal; a reviewer's institutions-only notice reaches institutions only; withdrawing
takes a notice down."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from filing_app.demo import DEMO_PASSWORD_ADMIN, DEMO_PASSWORD_INSTITUTION, DEMO_PASSWORD_REVIEWER
from filing_app.demo_registry import minimal_pdf


def _open_new_form(app, scope: str) -> None:
    page = app.page
    page.locator("#link-manage-notices").click()
    app.wait_path("/manage/notices")
    page.locator("#notice-new").click()
    page.wait_for_url(re.compile(r"/manage/notices/new$"))
    expect(page.locator("#notice-scope")).to_have_text("发布范围：" + scope)  # loaded: typing is kept


def _new_notice(app, scope: str, title: str, body: str, audience_label: str, *,
                attachment: bytes | None = None) -> None:
    page = app.page
    _open_new_form(app, scope)
    page.locator("#notice-title-input").fill(title)
    page.get_by_label(audience_label).check()
    page.locator("#notice-body").fill(body)
    if attachment:
        page.locator("#notice-upload input[type=file]").set_input_files(
            {"name": "附件说明.pdf", "mimeType": "application/pdf", "buffer": attachment})
        page.locator("#notice-upload-button").click()
        expect(page.locator(".notice-attachment")).to_contain_text("附件说明.pdf")
    page.locator("#notice-publish-now").check()
    page.locator("#notice-save").click()
    page.wait_for_url(re.compile(r"/manage/notices/\d+$"))
    expect(page.locator(".status-badge")).to_have_text("已发布")


def test_admin_and_reviewer_publish_and_withdraw_notices(app):
    page = app.page
    app.login("admin", DEMO_PASSWORD_ADMIN)
    app.wait_path("/admin")
    # A missing title is refused under the field; the body typed stays.
    _open_new_form(app, "全国")
    page.locator("#notice-body").fill("正文已经写好")
    page.locator("#notice-save").click()
    expect(page.locator(".field-error")).to_contain_text("请填写公告标题")
    expect(page.locator("#notice-body")).to_have_value("正文已经写好")
    app.open("/admin")
    _new_notice(app, "全国", "全国备案系统升级公告（端到端）", "系统将于周末升级。", "公众", attachment=minimal_pdf("upgrade"))
    app.logout()

    # Anyone sees it first on the portal and can open it and its attachment.
    page = app.open("/")
    first = page.locator(".notice-title").first
    expect(first).to_have_text("全国备案系统升级公告（端到端）")
    first.click()
    expect(page.locator("#notice-title")).to_have_text("全国备案系统升级公告（端到端）")
    with page.expect_download() as info:
        page.get_by_text("附件：附件说明.pdf").click()
    assert info.value.suggested_filename == "附件说明.pdf"

    # A reviewer's notice for institutions only: not on the public portal, on the institution home.
    app.login("bj_reviewer", DEMO_PASSWORD_REVIEWER)
    app.wait_path("/review")
    _new_notice(app, "北京市", "北京市机构填报提醒（端到端）", "请尽快完成填报。", "仅机构")
    app.logout()
    page = app.open("/p/110000")
    expect(page.locator(".notice-title").first).to_have_text("全国备案系统升级公告（端到端）")
    expect(page.get_by_text("北京市机构填报提醒（端到端）")).to_have_count(0)
    app.login("demo_jiance", DEMO_PASSWORD_INSTITUTION)
    app.wait_path("/institution")
    expect(page.get_by_text("北京市机构填报提醒（端到端）")).to_be_visible()
    app.logout()

    # Withdrawn: gone from the portal.
    app.login("admin", DEMO_PASSWORD_ADMIN)
    app.wait_path("/admin")
    page.locator("#link-manage-notices").click()
    row = page.locator(".managed-notice-row", has_text="全国备案系统升级公告（端到端）")
    row.locator(".notice-withdraw").click()
    page.locator(".confirm-ok").click()
    expect(row).to_contain_text("已撤回")
    app.logout()
    page = app.open("/")
    expect(page.locator(".notice-title").first).not_to_have_text("全国备案系统升级公告（端到端）")
    expect(page.get_by_text("全国备案系统升级公告（端到端）")).to_have_count(0)
