"""/manage/reviewers: reviewer and administrator accounts (national administrator only)."""

from __future__ import annotations

import reflex as rx

from filing_app.components.forms import field, select, text_input
from filing_app.components.layout import content_card, section_title
from filing_app.components.table import data_table, filter_bar, pager
from filing_app.components.theme import MUTED
from filing_app.components.widgets import confirm_dialog, status_badge
from filing_app.domain.enums import ROLE_LABELS, Role
from filing_app.pages.common import frame, message_box
from filing_app.state.manage import ManageStaffState as S

STAFF_ROLES = [Role.REVIEWER, Role.ADMIN]


def _actions(r) -> rx.Component:  # noqa: ANN001
    return rx.hstack(
        rx.cond(
            r.status == "active",
            confirm_dialog(
                rx.link("停用", cursor="pointer", class_name="staff-disable"),
                "停用账号",
                "停用后该账号立即退出登录且不能再登录，可随时重新启用。确定停用 " + r.username + " 吗？",
                S.set_enabled(r.id, False),
                confirm_label="停用",
                danger=True,
            ),
            rx.cond(r.status == "disabled",
                    rx.link("启用", cursor="pointer", on_click=S.set_enabled(r.id, True), class_name="staff-enable")),
        ),
        rx.cond(
            r.status != "cancelled",
            confirm_dialog(
                rx.link("重置密码", cursor="pointer", class_name="staff-reset"),
                "重置密码",
                "将为 " + r.username + " 生成新的初始密码，原密码和已登录的会话立即失效，首次登录须修改密码。",
                S.reset_password(r.id),
                confirm_label="重置",
            ),
        ),
        spacing="3",
    )


def _create_dialog() -> rx.Component:
    e = S.errors
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("新增账号"),
            rx.form(
                rx.vstack(
                    field("账号类型", select("role", STAFF_ROLES, placeholder="请选择", labels=ROLE_LABELS,
                                             value=S.create_role, on_change=S.set_create_role, id="staff-role"),
                          error=e.get("role", ""), required=True),
                    field("用户名", text_input("username", placeholder="字母开头，4-32位字母、数字或下划线",
                                            id="staff-username", max_length=32),
                          error=e.get("username", ""), required=True),
                    field("姓名", text_input("name", placeholder="审查员姓名", id="staff-name", max_length=50),
                          error=e.get("name", ""), required=True),
                    rx.cond(
                        S.create_role == Role.REVIEWER,
                        field("所属省份", select("province_code", S.province_options, placeholder="请选择省份",
                                                 id="staff-province"),
                              error=e.get("province_code", ""), required=True, hint="审查员只能审查本省的备案事项"),
                    ),
                    field("手机号", text_input("phone", placeholder="11位手机号", type="tel", id="staff-phone",
                                            max_length=11),
                          error=e.get("phone", ""), required=True),
                    rx.text("系统将生成初始密码并只显示一次，请通过安全渠道告知本人；首次登录须修改密码。", size="1",
                            color=MUTED),
                    message_box(S.message),
                    rx.hstack(
                        rx.dialog.close(rx.button("取消", variant="soft", color_scheme="gray", type="button")),
                        rx.button("创建", type="submit", id="staff-create-submit"),
                        justify="end",
                        spacing="3",
                        width="100%",
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=S.create,
            ),
            max_width="min(480px, 94vw)",
        ),
        open=S.create_open,
        on_open_change=S.set_create_open,
    )


def _issued_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(S.issued_title),
            rx.vstack(
                rx.text("用户名：", rx.code(S.issued_username, id="issued-username"), size="3"),
                rx.text("初始密码：", rx.code(S.issued_password, id="issued-password"), size="3"),
                rx.callout("初始密码只显示这一次，关闭后无法再查看。请通过安全渠道告知本人，首次登录须修改密码。",
                           icon="info", size="1"),
                rx.hstack(rx.dialog.close(rx.button("我已记下，关闭", id="issued-close")), justify="end",
                          width="100%"),
                spacing="3",
            ),
            max_width="min(460px, 94vw)",
        ),
        open=S.issued_open,
        on_open_change=S.set_issued_open,
    )


def manage_staff_page() -> rx.Component:
    return frame(
        content_card(
            section_title("审查员与管理员账号"),
            rx.form(
                filter_bar(
                    field("账号类型", select("role", STAFF_ROLES, placeholder="全部", labels=ROLE_LABELS,
                                             default_value=Role.REVIEWER, id="filter-role"), width="auto"),
                    field("省份", select("province_code", S.province_options, placeholder="全部省份",
                                         id="filter-province", default_value=S.province_filter,
                                         key="province-" + S.province_filter), width="auto"),
                    rx.button("查询", type="submit", id="staff-search"),
                    actions=[rx.button("新增账号", type="button", on_click=S.set_create_open(True), id="staff-new")],
                ),
                on_submit=S.search,
            ),
            data_table(
                ["序号", "用户名", "姓名", "账号类型", "省份", "手机号", "状态", "创建时间", "操作"],
                S.rows,
                lambda r: rx.table.row(
                    rx.table.cell(r.index),
                    rx.table.cell(r.username, white_space="nowrap", class_name="staff-username"),
                    rx.table.cell(r.name, white_space="nowrap"),
                    rx.table.cell(r.role_label, white_space="nowrap"),
                    rx.table.cell(r.province_name, white_space="nowrap"),
                    rx.table.cell(r.phone_masked, white_space="nowrap"),
                    rx.table.cell(status_badge(rx.cond(r.status == "active", "approved", "cancelled"),
                                               r.status_label)),
                    rx.table.cell(r.created_at, white_space="nowrap"),
                    rx.table.cell(_actions(r)),
                    class_name="staff-row",
                    data_username=r.username,
                ),
                table_id="staff-table",
            ),
            pager(S.total, S.page, S.page_count, S.page_numbers, S.go_page),
        ),
        _create_dialog(),
        _issued_dialog(),
        crumbs=("系统管理", "审查员账号管理"),
    )
