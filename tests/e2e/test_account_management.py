"""Issue 7 in the browser: sub-accounts (created, forced password change, filling the filing that
the main account then sees, no account management, cancelled while logged in) and 备案工作建议
(submitted with an attachment, answered by the province's reviewer, the answer seen by the
institution)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from filing_app.db import session_scope
from filing_app.services import auth
from tests.e2e.conftest import App
from tests.helpers import STRONG_PASSWORD, new_credit_code, new_phone, new_username

INITIAL_PASSWORD = "Start#2026a"
SUB_PASSWORD = "Mine#2026b"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 256


def _institution(name: str) -> str:
    """A registered Beijing institution (registration's own UI is tested elsewhere); its main username."""
    username = new_username("main")
    with session_scope() as session:
        auth.register_institution(session, auth.RegistrationForm(
            credit_code=new_credit_code(), name=name, registered_type="monitoring", province_code="110000",
            username=username, phone=new_phone(), password=STRONG_PASSWORD, password_confirm=STRONG_PASSWORD,
        ))
    return username


def test_main_account_creates_a_sub_account_which_must_change_its_password(app, browser):
    page = app.page
    main = _institution("北京子账号测试环境监测有限公司")
    sub_username, sub_phone = new_username("sub"), new_phone()

    app.login(main, STRONG_PASSWORD)
    app.wait_path("/institution")
    page.locator("#nav-account").click()
    app.wait_path("/account")
    expect(page.locator("#account-profile")).to_contain_text("主账号")
    page.locator("#go-sub-accounts").click()
    app.wait_path("/account/sub-accounts")
    expect(page.locator(".breadcrumb")).to_have_text("当前位置：账号管理>子账号管理")

    # A weak initial password is refused under its field; what was typed stays.
    page.locator("#sub-new").click()
    page.locator("#sub-username").fill(sub_username)
    page.locator("#sub-name").fill("王五")
    page.locator("#sub-phone").fill(sub_phone)
    page.locator("#sub-password").fill("weak")
    page.locator("#sub-password-confirm").fill("weak")
    page.locator("#sub-submit").click()
    expect(page.locator("#sub-account-form .field-error")).to_contain_text("至少8位")
    expect(page.locator("#sub-username")).to_have_value(sub_username)

    page.locator("#sub-password").fill(INITIAL_PASSWORD)
    page.locator("#sub-password-confirm").fill(INITIAL_PASSWORD)
    page.locator("#sub-submit").click()
    row = page.locator(".sub-row", has_text=sub_username)
    expect(row).to_contain_text("王五")
    expect(row).to_contain_text(sub_phone[:3] + "****" + sub_phone[-4:])
    expect(row).to_contain_text("正常")
    expect(page.locator("#sub-accounts-table")).not_to_contain_text(sub_phone)

    # The colleague logs in on another computer.
    other = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    sub = App(other.new_page(), app.base_url)
    sub.login(sub_username, INITIAL_PASSWORD)
    sub.wait_path("/account")
    expect(sub.page.locator("#must-change-notice")).to_be_visible()
    expect(sub.page.locator("#phone-form")).to_have_count(0)
    # Nothing else opens before the password is changed.
    sub.open("/institution")
    sub.wait_path("/account")

    sub.page.locator("#old_password").fill("Wrong#2026x")
    sub.page.locator("#new_password").fill(SUB_PASSWORD)
    sub.page.locator("#new_password_confirm").fill(SUB_PASSWORD)
    sub.page.locator("#password-submit").click()
    expect(sub.page.locator("#password-form .field-error")).to_contain_text("原密码错误")
    sub.page.locator("#old_password").fill(INITIAL_PASSWORD)
    sub.page.locator("#password-submit").click()
    sub.wait_path("/institution")
    expect(sub.page.locator("#institution-name")).to_have_text("北京子账号测试环境监测有限公司")

    # The sub-account fills the filing: 立即填报, 基本信息, 保存; the edit is stored, not just shown.
    sub.page.locator(".filing-card", has_text="立即填报").locator(".filing-action").click()
    sub.wait_path("/institution/filing/monitoring/basic")
    expect(sub.page.locator("#org_name")).to_have_value("北京子账号测试环境监测有限公司")
    sub.page.locator("#org_name").fill("北京子账号填报环境监测有限公司")
    sub.page.locator("#legal_rep").fill("王五代表")
    sub.page.locator("#wizard-save").click()
    expect(sub.page.get_by_text("已保存")).to_be_visible()
    sub.page.reload()
    expect(sub.page.locator("#legal_rep")).to_have_value("王五代表")
    expect(sub.page.locator("#org_name")).to_have_value("北京子账号填报环境监测有限公司")
    # The main account opens the same filing and sees the colleague's edit.
    main_view = page.context.new_page()
    main_view.goto(app.base_url + "/institution/filing/monitoring/basic")
    expect(main_view.locator("#legal_rep")).to_have_value("王五代表")
    expect(main_view.locator("#org_name")).to_have_value("北京子账号填报环境监测有限公司")
    main_view.close()

    # 账号管理 shows the sub-account its own password and phone, but no sub-account management.
    sub.page.locator("#nav-account").click()
    sub.wait_path("/account")
    expect(sub.page.locator("#account-profile")).to_contain_text("子账号")
    expect(sub.page.locator("#password-form")).to_be_visible()
    expect(sub.page.locator("#sub-accounts-entry")).to_have_count(0)
    sub.open("/account/sub-accounts")
    sub.wait_path("/institution")
    expect(sub.page.get_by_text("当前账号无权访问该页面")).to_be_visible()

    # The main account cancels the sub-account: its session ends at once.
    page.reload()
    row = page.locator(".sub-row", has_text=sub_username)
    row.locator(".sub-cancel").click()
    page.locator(".confirm-ok").click()
    expect(row).to_contain_text("已注销")
    expect(row.locator(".sub-cancel")).to_have_count(0)

    sub.page.locator("#nav-account").click()
    sub.wait_path("/login")
    sub.page.locator("#username").fill(sub_username)
    sub.page.locator("#password").fill(SUB_PASSWORD)
    sub.page.locator("#login-submit").click()
    expect(sub.page.locator(".form-message")).to_contain_text("已停用或注销")
    other.close()


def test_suggestion_with_attachment_is_answered_by_the_provinces_reviewer(app, tmp_path):
    page = app.page
    name = "北京建议反馈测试监测有限公司"
    main = _institution(name)
    question = "技术人员导入模板能否增加一行填写示例？"
    screenshot = tmp_path / "模板截图.png"
    screenshot.write_bytes(PNG)

    app.login(main, STRONG_PASSWORD)
    app.wait_path("/institution")
    page.locator("#go-feedback").click()
    app.wait_path("/institution/feedback")
    expect(page.get_by_text("暂无数据")).to_be_visible()

    page.locator("#feedback-new").click()
    page.locator("#feedback-submit").click()
    expect(page.locator("#feedback-form .field-error")).to_contain_text("请填写问题描述")
    page.locator("#feedback-content").fill(question)
    page.locator("#feedback-upload input[type=file]").set_input_files(str(screenshot))
    expect(page.locator("#feedback-attachment-name")).to_contain_text("模板截图.png")
    page.locator("#feedback-submit").click()
    row = page.locator(".feedback-row").first
    expect(row).to_contain_text(question)
    expect(row).to_contain_text("模板截图.png")
    expect(row).to_contain_text(re.compile(r"\d{4}-\d\d-\d\d"))
    expect(row).to_contain_text("待回复")
    app.logout()

    app.login("bj_reviewer", "Review@2026")
    app.wait_path("/review")
    page.locator("#go-feedback").click()
    app.wait_path("/manage/feedback")
    page.locator("#filter-institution").fill(name)
    page.locator("#feedback-search").click()
    row = page.locator(".feedback-row", has_text=name)
    expect(row).to_contain_text(question)
    with page.expect_download() as download:
        row.locator(".feedback-file").click()
    assert download.value.suggested_filename == "模板截图.png"
    row.locator(".feedback-reply-button").click()
    page.locator("#reply-submit").click()
    expect(page.get_by_text("请填写回复内容")).to_be_visible()
    page.locator("#reply-content").fill("感谢建议，下一版模板将增加示例行。")
    page.locator("#reply-submit").click()
    expect(row.locator(".feedback-reply")).to_contain_text("下一版模板将增加示例行")
    app.logout()

    app.login(main, STRONG_PASSWORD)
    app.wait_path("/institution")
    app.open("/institution/feedback")
    expect(page.locator(".feedback-row").first.locator(".feedback-reply")).to_contain_text("下一版模板将增加示例行")


def test_main_account_changes_its_phone_by_sms_code_and_its_password(app, browser):
    page = app.page
    main = _institution("北京换绑手机测试监测有限公司")
    new = new_phone()
    other = browser.new_context()
    elsewhere = App(other.new_page(), app.base_url)
    elsewhere.login(main, STRONG_PASSWORD)
    elsewhere.wait_path("/institution")

    app.login(main, STRONG_PASSWORD)
    app.wait_path("/institution")
    app.open("/account")
    page.locator("#new-phone").fill(new)
    page.locator("#send-phone-code").click()
    expect(page.locator("#phone-notice")).to_contain_text("验证码已发送至 " + new[:3] + "****" + new[-4:])
    outbox = page.context.new_page()
    outbox.goto(app.base_url + "/dev/sms")
    message = outbox.locator("#sms-outbox tr", has_text=new).first
    expect(message).to_be_visible()
    code = re.search(r"验证码是(\d{6})", message.inner_text()).group(1)
    outbox.close()
    page.locator("#phone-code").fill(code)
    page.locator("#phone-submit").click()
    expect(page.locator("#account-phone")).to_have_text(new[:3] + "****" + new[-4:])
    expect(page.locator("#new-phone")).to_have_value("")

    page.locator("#old_password").fill(STRONG_PASSWORD)
    page.locator("#new_password").fill(SUB_PASSWORD)
    page.locator("#new_password_confirm").fill(SUB_PASSWORD)
    page.locator("#password-submit").click()
    expect(page.get_by_text("密码已修改")).to_be_visible()
    expect(page.locator("#old_password")).to_have_value("")
    # This browser stays logged in; the other one is logged out.
    app.open("/institution")
    expect(page.locator("#institution-name")).to_have_text("北京换绑手机测试监测有限公司")
    elsewhere.open("/account")
    elsewhere.wait_path("/login")
    other.close()
