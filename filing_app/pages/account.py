"""账号管理 (§3.7): 账号信息, 修改密码, 更换手机号, and the main account's 子账号管理."""

from __future__ import annotations

import reflex as rx

from filing_app import routes
from filing_app.components.forms import field, text_input
from filing_app.components.layout import content_card, hint, section_title
from filing_app.components.table import data_table, filter_bar, pager
from filing_app.components.theme import MUTED
from filing_app.components.widgets import confirm_dialog
from filing_app.pages.common import frame
from filing_app.state.account import AccountState as S
from filing_app.state.account import SubAccountsState as Sub

PASSWORD_HINT = "至少8位，含大写字母、小写字母、数字、符号中的3类"


def _row(label: str, value) -> rx.Component:  # noqa: ANN001
    return rx.hstack(rx.text(label, size="2", width="96px", color=MUTED, flex_shrink="0"), rx.text(value, size="2"))


def _profile_card() -> rx.Component:
    return content_card(
        section_title("账号信息"),
        rx.vstack(
            _row("用户名", S.username),
            # A main account's name is its institution's, already shown as 所属单位.
            rx.cond((S.display_name != "") & (S.display_name != S.organization), _row("姓名", S.display_name)),
            _row("账号类型", S.role_label),
            _row("所属单位", S.organization),
            _row("绑定手机", rx.text(S.phone_masked, as_="span", id="account-phone")),
            spacing="2",
            id="account-profile",
        ),
    )


def _password_card() -> rx.Component:
    e = S.password_errors
    return content_card(
        section_title("修改密码"),
        rx.cond(
            S.must_change_password,
            rx.callout("首次登录请先修改初始密码：原密码为主账号告知您的初始密码。修改后方可使用系统其他功能。",
                       icon="info", color_scheme="orange", size="1", margin_bottom="8px", id="must-change-notice"),
            hint("修改密码后，该账号在其他设备上的登录将全部退出。"),
        ),
        rx.form(
            rx.vstack(
                field("原密码", text_input("old_password", type="password", auto_complete="current-password"),
                      error=e.get("old_password", ""), required=True),
                field("新密码", text_input("new_password", type="password", auto_complete="new-password",
                                        placeholder=PASSWORD_HINT),
                      error=e.get("new_password", ""), required=True),
                field("确认新密码", text_input("new_password_confirm", type="password", auto_complete="new-password",
                                          placeholder="再次输入新密码"),
                      error=e.get("new_password_confirm", ""), required=True),
                rx.button("确认修改", type="submit", id="password-submit"),
                spacing="3",
                align="start",
                width="100%",
                max_width="420px",
            ),
            on_submit=S.change_password,
            key=S.password_form_key.to_string(),
            id="password-form",
        ),
    )


def _phone_card() -> rx.Component:
    e = S.phone_errors
    return content_card(
        section_title("更换绑定手机"),
        hint("验证码将发送至新手机号；一个手机号只能绑定一个账号。"),
        rx.form(
            rx.vstack(
                _row("当前手机", S.phone_masked),
                field(
                    "新手机号",
                    rx.hstack(
                        rx.input(name="phone", id="new-phone", type="tel", max_length=11, placeholder="11位手机号",
                                 value=S.new_phone, on_change=S.set_new_phone, width="100%"),
                        rx.button("获取验证码", type="button", variant="outline", on_click=S.send_phone_code,
                                  id="send-phone-code", white_space="nowrap"),
                        width="100%",
                    ),
                    error=e.get("phone", ""),
                    required=True,
                ),
                rx.cond(S.phone_notice != "", rx.text(S.phone_notice, size="1", color="green", id="phone-notice")),
                field("验证码", text_input("code", id="phone-code", max_length=6, placeholder="6位数字验证码",
                                          auto_complete="one-time-code"),
                      error=e.get("code", ""), required=True),
                rx.button("确认更换", type="submit", id="phone-submit"),
                spacing="3",
                align="start",
                width="100%",
                max_width="420px",
            ),
            on_submit=S.change_phone,
            key=S.phone_form_key.to_string(),
            id="phone-form",
        ),
    )


def _sub_accounts_entry() -> rx.Component:
    return content_card(
        section_title("子账号管理"),
        rx.text("主账号可为本机构同事创建子账号。子账号可填报、修改备案信息，不能管理账号、注销备案或导出完整身份证号。",
                size="2", color=MUTED),
        rx.link(rx.button("进入子账号管理", margin_top="8px"), href=routes.SUB_ACCOUNTS, id="go-sub-accounts"),
        id="sub-accounts-entry",
    )


def account_page() -> rx.Component:
    return frame(
        rx.cond(
            S.must_change_password,
            rx.box(_password_card(), max_width="640px"),
            rx.vstack(
                rx.grid(
                    _profile_card(),
                    _password_card(),
                    _phone_card(),
                    rx.cond(S.is_main, _sub_accounts_entry()),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="4",
                    width="100%",
                ),
                width="100%",
            ),
        ),
        crumbs=("账号管理",),
    )


# ---------------------------------------------------------------- 子账号管理


def _status_actions(row) -> rx.Component:  # noqa: ANN001
    return rx.hstack(
        rx.cond(
            row.status == "active",
            confirm_dialog(rx.button("停用", size="1", variant="soft", class_name="sub-disable"), "停用子账号",
                           "停用后该子账号立即退出登录且无法登录，可随时重新启用。确定停用 " + row.username + " 吗？",
                           Sub.change_status(row.id, "disable"), confirm_label="停用"),
        ),
        rx.cond(
            row.status == "disabled",
            rx.button("启用", size="1", variant="soft", on_click=Sub.change_status(row.id, "enable"),
                      class_name="sub-enable"),
        ),
        rx.cond(
            row.status != "cancelled",
            confirm_dialog(rx.button("注销", size="1", variant="soft", color_scheme="red", class_name="sub-cancel"),
                           "注销子账号",
                           "注销后该子账号立即退出登录，且不能恢复。确定注销 " + row.username + " 吗？",
                           Sub.change_status(row.id, "cancel"), confirm_label="注销", danger=True),
            rx.text("—", size="2", color=MUTED),
        ),
        spacing="2",
    )


def _sub_row(row) -> rx.Component:  # noqa: ANN001
    return rx.table.row(
        rx.table.cell(row.no),
        rx.table.cell(row.username, class_name="sub-username"),
        rx.table.cell(row.display_name),
        rx.table.cell(row.phone_masked, white_space="nowrap"),
        rx.table.cell(rx.badge(row.status_label, color_scheme=rx.match(row.status, ("active", "green"),
                                                                       ("disabled", "orange"), "gray"),
                               class_name="sub-status")),
        rx.table.cell(row.created_at, white_space="nowrap"),
        rx.table.cell(_status_actions(row)),
        class_name="sub-row",
    )


def _create_dialog() -> rx.Component:
    e = Sub.errors
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("新增子账号"),
            rx.form(
                rx.vstack(
                    field("用户名", text_input("username", id="sub-username", placeholder="字母开头，4-32位字母、数字或下划线",
                                            max_length=32, auto_complete="off"),
                          error=e.get("username", ""), required=True),
                    field("姓名", text_input("display_name", id="sub-name", max_length=50),
                          error=e.get("display_name", ""), required=True),
                    field("手机号", text_input("phone", id="sub-phone", type="tel", max_length=11),
                          error=e.get("phone", ""), required=True),
                    field("初始密码", text_input("password", id="sub-password", type="password",
                                             auto_complete="new-password", placeholder=PASSWORD_HINT),
                          error=e.get("password", ""), required=True, hint="请告知使用人；首次登录时须修改"),
                    field("确认初始密码", text_input("password_confirm", id="sub-password-confirm", type="password",
                                               auto_complete="new-password"),
                          error=e.get("password_confirm", ""), required=True),
                    rx.hstack(
                        rx.dialog.close(rx.button("取消", type="button", variant="soft", color_scheme="gray")),
                        rx.button("提交", type="submit", id="sub-submit"),
                        justify="end",
                        spacing="3",
                        width="100%",
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=Sub.create,
                key=Sub.form_key.to_string(),
                id="sub-account-form",
            ),
            max_width="min(480px, 94vw)",
        ),
        open=Sub.dialog_open,
        on_open_change=Sub.set_dialog_open,
    )


def sub_accounts_page() -> rx.Component:
    return frame(
        content_card(
            section_title("子账号管理"),
            filter_bar(
                rx.text("子账号首次登录须修改初始密码；停用、注销后立即退出登录。", size="2", color=MUTED),
                actions=[rx.button("新增", on_click=Sub.open_create, id="sub-new")],
            ),
            data_table(["序号", "用户名", "姓名", "手机号", "状态", "创建时间", "操作"], Sub.rows, _sub_row,
                       table_id="sub-accounts-table"),
            pager(Sub.total, Sub.page, Sub.page_count, Sub.page_numbers, Sub.go_page),
            _create_dialog(),
        ),
        crumbs=("账号管理", "子账号管理"),
    )
