"""/institution/history: 备案记录, the institution's submissions and the decisions on them."""

from __future__ import annotations

import reflex as rx

from filing_app import routes
from filing_app.components.layout import content_card, section_title
from filing_app.components.table import data_table, pager
from filing_app.components.widgets import status_badge
from filing_app.pages.common import frame
from filing_app.state.history import InstitutionHistoryState as S


def history_page() -> rx.Component:
    return frame(
        content_card(
            section_title("备案记录", rx.spacer(), rx.link("<返回首页", href=routes.INSTITUTION_HOME, size="2")),
            rx.text("本单位历次备案提交、备案变更、重复人员信息报备及审查结果。", size="1", color="#6b7280",
                    margin_bottom="6px"),
            data_table(
                ["序号", "提交时间", "类型", "备案类别", "状态", "审查时间", "审查意见"],
                S.rows,
                lambda r: rx.table.row(
                    rx.table.cell(r.index),
                    rx.table.cell(r.submitted_at, white_space="nowrap"),
                    rx.table.cell(r.kind_label, white_space="nowrap"),
                    rx.table.cell(r.filing_type_label, white_space="nowrap"),
                    rx.table.cell(status_badge(r.status, r.status_label)),
                    rx.table.cell(r.decided_at, white_space="nowrap"),
                    rx.table.cell(r.reason, min_width="200px", white_space="pre-wrap"),
                    class_name="history-row",
                ),
                table_id="history-table",
                empty_text="暂无提交记录",
            ),
            pager(S.total, S.page, S.page_count, S.page_numbers, S.go_page),
        ),
        crumbs=("机构备案", "备案记录"),
    )
