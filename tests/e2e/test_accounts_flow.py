"""Issue 2's browser path: register, log out, log in by password, log in by SMS code
read from the outbox page, and five wrong passwords lock the account."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.helpers import STRONG_PASSWORD, new_credit_code, new_phone, new_username


def _register(app, username: str, phone: str, credit_code: str, name: str) -> None:
    page = app.open("/register")
    page.locator("#credit_code").fill(credit_code)
    page.locator("#name").fill(name)
    page.get_by_label("监测机构").check()
    page.locator("#province_code").select_option("110000")
    page.locator("#username").fill(username)
    page.locator("#phone").fill(phone)
    page.locator("#password").fill(STRONG_PASSWORD)
    page.locator("#password_confirm").fill(STRONG_PASSWORD)
    page.locator("#register-submit").click()


@pytest.mark.postgres_pass
def test_register_logout_login_by_password_and_by_sms(app):
    page = app.page
    username, phone, name = new_username("reg"), new_phone(), "北京端到端环境监测有限公司"

    # A wrong credit code is refused with its reason under the field; nothing typed is lost.
    _register(app, username, phone, "91110108MA007J3P0U", name)
    expect(page.locator(".field-error").first).to_contain_text("第18位")
    expect(page.locator("#name")).to_have_value(name)

    page.locator("#credit_code").fill(new_credit_code())
    page.locator("#register-submit").click()
    app.wait_path("/institution")
    expect(page.locator("#institution-name")).to_have_text(name)
    expect(page.locator(".filing-card").first).to_contain_text("立即填报")

    app.logout()
    app.open("/institution")
    app.wait_path("/login")
    assert "next=/institution" in page.url

    page.locator("#username").fill(username)
    page.locator("#password").fill(STRONG_PASSWORD)
    page.locator("#login-submit").click()
    app.wait_path("/institution")
    expect(page.locator("#nav-account")).to_be_visible()
    app.logout()

    page = app.open("/login")
    page.locator("#mode-sms").click()
    page.locator("#sms-phone").fill(phone)
    page.locator("#send-code").click()
    expect(page.locator("#sms-notice")).to_contain_text("验证码已发送")

    outbox = app.page.context.new_page()
    outbox.goto(app.base_url + "/dev/sms")
    row = outbox.locator("#sms-outbox tr", has_text=phone).first
    expect(row).to_be_visible()
    code = re.search(r"验证码是(\d{6})", row.inner_text()).group(1)
    outbox.close()

    page.locator("#sms-code").fill(code)
    page.locator("#sms-login-submit").click()
    app.wait_path("/institution")
    expect(page.locator("#institution-name")).to_have_text(name)


def test_five_wrong_passwords_show_the_lock_message(app):
    username = new_username("lock")
    _register(app, username, new_phone(), new_credit_code(), "北京锁定测试监测有限公司")
    app.wait_path("/institution")
    app.logout()
    page = app.open("/login")
    for attempt in range(1, 6):
        page.locator("#username").fill(username)
        page.locator("#password").fill("Wrong#pass1")
        page.locator("#login-submit").click()
        if attempt < 5:
            expect(page.locator(".form-message")).to_contain_text(f"再输错{5 - attempt}次")
    expect(page.locator(".form-message")).to_contain_text(re.compile(r"账号已锁定至 \d{4}-\d\d-\d\d \d\d:\d\d"))
    page.locator("#password").fill(STRONG_PASSWORD)
    page.locator("#login-submit").click()
    expect(page.locator(".form-message")).to_contain_text("已锁定")
    assert "/login" in page.url
