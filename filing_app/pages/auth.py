"""Login and registration pages (§2.3)."""

from __future__ import annotations

import reflex as rx

from filing_app import routes
from filing_app.components.forms import field, radio, select, text_input
from filing_app.components.layout import content_card
from filing_app.components.theme import MUTED
from filing_app.domain.enums import FILING_TYPE_LABELS, FILING_TYPES
from filing_app.pages.common import frame, message_box
from filing_app.state.login import LoginState
from filing_app.state.register import RegisterState


def _narrow(*children: rx.Component) -> rx.Component:
    return rx.center(content_card(*children, max_width="460px"), width="100%", padding_top="24px")


def _password_form() -> rx.Component:
    e = LoginState.errors
    return rx.form(
        rx.vstack(
            field("用户名", text_input("username", placeholder="请输入用户名", auto_complete="username"),
                  error=e.get("username", ""), required=True),
            field("密码", text_input("password", type="password", placeholder="请输入密码",
                                    auto_complete="current-password"),
                  error=e.get("password", ""), required=True),
            message_box(LoginState.message),
            rx.button("登录", type="submit", width="100%", id="login-submit"),
            spacing="3",
            width="100%",
        ),
        on_submit=LoginState.login_password,
        id="password-login-form",
    )


def _sms_form() -> rx.Component:
    e = LoginState.errors
    return rx.form(
        rx.vstack(
            field(
                "手机号",
                rx.hstack(
                    rx.input(name="phone", id="sms-phone", placeholder="请输入绑定的手机号", value=LoginState.sms_phone,
                             on_change=LoginState.set_sms_phone, width="100%", type="tel", max_length=11),
                    rx.button("获取验证码", type="button", variant="outline", on_click=LoginState.send_code,
                              id="send-code", white_space="nowrap"),
                    width="100%",
                ),
                error=e.get("phone", ""),
                required=True,
            ),
            rx.cond(LoginState.sms_notice != "", rx.text(LoginState.sms_notice, size="1", color="green",
                                                         id="sms-notice")),
            field("验证码", text_input("code", placeholder="6位数字验证码", id="sms-code", max_length=6,
                                      auto_complete="one-time-code"),
                  error=e.get("code", ""), required=True),
            message_box(LoginState.message),
            rx.button("登录", type="submit", width="100%", id="sms-login-submit"),
            spacing="3",
            width="100%",
        ),
        on_submit=LoginState.login_sms,
        id="sms-login-form",
    )


def login_page() -> rx.Component:
    return frame(
        _narrow(
            rx.heading("用户登录", size="5", margin_bottom="12px"),
            rx.segmented_control.root(
                rx.segmented_control.item("账号密码登录", value="password", id="mode-password"),
                rx.segmented_control.item("手机验证码登录", value="sms", id="mode-sms"),
                value=LoginState.mode,
                on_change=LoginState.set_mode,
                width="100%",
                margin_bottom="12px",
            ),
            rx.cond(LoginState.mode == "sms", _sms_form(), _password_form()),
            rx.hstack(
                rx.text("还没有账号？", size="2", color=MUTED),
                rx.link("新用户注册", href=routes.REGISTER, size="2", id="link-register"),
                margin_top="12px",
            ),
        ),
        crumbs=("机构备案", "用户登录"),
    )


def register_page() -> rx.Component:
    e = RegisterState.errors
    return frame(
        _narrow(
            rx.heading("新用户注册", size="5", margin_bottom="12px"),
            rx.form(
                rx.vstack(
                    field("统一社会信用代码", text_input("credit_code", placeholder="18位统一社会信用代码", max_length=18,
                                                 on_blur=RegisterState.credit_code_entered),
                          error=e.get("credit_code", ""), required=True),
                    field("技术服务机构名称", text_input("name", placeholder="与营业执照/法人登记证书一致", max_length=100),
                          error=e.get("name", ""), required=True),
                    field("机构类别", radio("registered_type", FILING_TYPES, labels=FILING_TYPE_LABELS),
                          error=e.get("registered_type", ""), required=True),
                    field("注册地所在省份",
                          select("province_code", RegisterState.province_options,
                                 value=RegisterState.suggested_province,
                                 on_change=RegisterState.set_suggested_province),
                          error=e.get("province_code", ""), required=True,
                          hint="由注册地所在省级生态环境部门审查"),
                    field("用户名", text_input("username", placeholder="字母开头，4-32位字母、数字或下划线",
                                            auto_complete="username", max_length=32),
                          error=e.get("username", ""), required=True),
                    field("手机号", text_input("phone", placeholder="11位手机号", type="tel", max_length=11),
                          error=e.get("phone", ""), required=True),
                    field("密码", text_input("password", type="password", placeholder="至少8位，含大小写字母、数字、符号中的3类",
                                           auto_complete="new-password"),
                          error=e.get("password", ""), required=True),
                    field("确认密码", text_input("password_confirm", type="password", placeholder="再次输入密码",
                                             auto_complete="new-password"),
                          error=e.get("password_confirm", ""), required=True),
                    message_box(RegisterState.message),
                    rx.button("注册", type="submit", width="100%", id="register-submit"),
                    spacing="3",
                    width="100%",
                ),
                on_submit=RegisterState.submit,
                id="register-form",
            ),
            rx.hstack(
                rx.text("已有账号？", size="2", color=MUTED),
                rx.link("立即登录", href=routes.LOGIN, size="2"),
                margin_top="12px",
            ),
        ),
        crumbs=("机构备案", "新用户注册"),
    )
