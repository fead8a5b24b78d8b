"""Home pages of reviewers (counts by kind, waiting time) and of the national administrator
(national statistics)."""

from __future__ import annotations

import reflex as rx

from filing_app import routes
from filing_app.components.layout import content_card, section_title
from filing_app.components.table import data_table
from filing_app.components.theme import DANGER, MUTED, PRIMARY
from filing_app.pages.common import frame
from filing_app.state.staff import StaffHomeState as S


def _kind_card(k) -> rx.Component:  # noqa: ANN001
    return rx.link(
        content_card(
            rx.vstack(
                rx.text(k.label, size="2", color=MUTED),
                rx.hstack(rx.heading(k.pending, size="7", color=PRIMARY), rx.text("件待审查", size="2"),
                          align="baseline", spacing="1"),
                rx.text(rx.cond(k.pending > 0, "最长已等待 " + k.oldest_days.to_string() + " 天", "暂无待审查事项"),
                        size="1", color=rx.cond(k.oldest_days >= 10, DANGER, MUTED)),
                spacing="1",
                align="start",
            ),
            class_name="kind-card",
            data_kind=k.kind,
        ),
        href=k.href,
        underline="none",
        color="inherit",
    )


def _workbench_header(title: str, main_link: rx.Component) -> rx.Component:
    """The reviewer's and the administrator's home: title, organisation and the shared links."""
    return rx.flex(
        rx.vstack(
            rx.heading(title, size="5"),
            rx.text(S.organization, size="2", color=MUTED, id="staff-organization"),
            spacing="1",
        ),
        rx.spacer(),
        rx.link(rx.button("通知公告管理", variant="soft", id="link-manage-notices"), href=routes.MANAGE_NOTICES),
        rx.link(rx.button("备案工作建议", variant="soft", id="go-feedback"), href=routes.MANAGE_FEEDBACK),
        rx.link(rx.button("备案信息查询", variant="soft", id="go-registry"), href=routes.REGISTRY),
        main_link,
        wrap="wrap",
        gap="8px",
        width="100%",
    )


def review_home_page() -> rx.Component:
    return frame(
        rx.vstack(
            content_card(
                _workbench_header("审查工作台", rx.link(rx.button("进入审查列表", id="go-queue"), href=routes.REVIEW_QUEUE)),
                rx.text("本省待审查 ", S.total_pending, " 件",
                        rx.cond(S.total_pending > 0, "，最长已等待 " + S.oldest_days.to_string() + " 天", ""),
                        "；今日已审查 ", S.decided_today, " 件。", size="3", margin_top="10px", id="review-summary"),
            ),
            rx.grid(rx.foreach(S.kinds, _kind_card), columns=rx.breakpoints(initial="1", sm="2", md="4"),
                    spacing="4", width="100%"),
            spacing="4",
            width="100%",
        ),
        crumbs=("备案审查", "首页"),
    )


def _stats_row(r) -> rx.Component:  # noqa: ANN001
    total = r.province_code == ""
    cell = lambda v: rx.table.cell(v, white_space="nowrap", font_weight=rx.cond(total, "bold", "normal"))  # noqa: E731
    return rx.table.row(
        cell(rx.cond(total, "", r.index.to_string())),
        cell(r.province_name),
        cell(r.pending),
        cell(r.approved),
        cell(r.returned),
        cell(r.published),
        cell(r.reviewers),
        cell(rx.cond(total, "",
                     rx.link("审查员账号", href=routes.MANAGE_STAFF + "?province=" + r.province_code))),
        class_name="stats-row",
    )


def admin_home_page() -> rx.Component:
    return frame(
        rx.vstack(
            content_card(
                _workbench_header("管理工作台", rx.link(rx.button("审查员账号管理", id="go-manage"), href=routes.MANAGE_STAFF)),
            ),
            content_card(
                section_title("全国备案审查统计"),
                rx.text("审查事项含首次备案、新增备案类型、备案变更和重复人员信息报备；公开备案数为备案信息查询中可见的备案。",
                        size="1", color=MUTED, margin_bottom="6px"),
                data_table(["序号", "省份", "待审查", "已通过", "已退回", "公开备案数", "审查员", "操作"], S.stats,
                           _stats_row, table_id="national-stats"),
            ),
            spacing="4",
            width="100%",
        ),
        crumbs=("系统管理", "首页"),
    )
