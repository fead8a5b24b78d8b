"""Developer page: the SMS outbox (dev mode only)."""

from __future__ import annotations

import reflex as rx

from filing_app.components.layout import content_card, section_title
from filing_app.components.table import data_table
from filing_app.pages.common import frame
from filing_app.state.dev import DevOutboxState as S


def sms_outbox_page() -> rx.Component:
    return frame(
        content_card(
            section_title("短信发件箱（开发环境）"),
            rx.cond(
                S.enabled,
                data_table(
                    ["时间", "手机号", "内容"],
                    S.rows,
                    lambda r: rx.table.row(
                        rx.table.cell(r["at"], white_space="nowrap"),
                        rx.table.cell(r["phone"], class_name="outbox-phone"),
                        rx.table.cell(r["message"], class_name="outbox-message"),
                    ),
                    table_id="sms-outbox",
                ),
                rx.text("该页面仅在开发环境提供。"),
            ),
        ),
        crumbs=("开发工具", "短信发件箱"),
    )
