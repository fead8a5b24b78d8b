"""备案工作建议 (§3.6): the institution's page and the reviewers' / administrator's page."""

from __future__ import annotations

import reflex as rx

from filing_app.components.forms import field, select, text_input
from filing_app.components.layout import content_card, hint, section_title
from filing_app.components.table import data_table, filter_bar, link_button, pager
from filing_app.components.theme import BORDER, MUTED
from filing_app.pages.common import frame
from filing_app.services.feedback import CONTENT_MAX, REPLY_MAX
from filing_app.settings import get_settings
from filing_app.state.feedback import UPLOAD_ID
from filing_app.state.feedback import InstitutionFeedbackState as I
from filing_app.state.feedback import StaffFeedbackState as St

ACCEPT = {"application/pdf": [".pdf"], "image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"]}


def _attachment_cell(row, state) -> rx.Component:  # noqa: ANN001
    return rx.cond(
        row.attachment_id > 0,
        link_button(row.attachment_name, on_click=state.download(row.attachment_id), class_name="feedback-file"),
        rx.text("—", size="2", color=MUTED),
    )


def _content_cell(text) -> rx.Component:  # noqa: ANN001
    return rx.text(text, size="2", white_space="pre-wrap", min_width="220px", max_width="480px")


def _reply_cell(row) -> rx.Component:  # noqa: ANN001
    return rx.cond(
        row.reply != "",
        rx.vstack(
            _content_cell(row.reply),
            rx.text("回复时间：", row.replied_at, size="1", color=MUTED),
            spacing="1",
            class_name="feedback-reply",
        ),
        rx.text("待回复", size="2", color=MUTED),
    )


# ---------------------------------------------------------------- institution


def _own_row(row) -> rx.Component:  # noqa: ANN001
    return rx.table.row(
        rx.table.cell(row.no),
        rx.table.cell(_content_cell(row.content)),
        rx.table.cell(_attachment_cell(row, I)),
        rx.table.cell(row.created_at, white_space="nowrap"),
        rx.table.cell(_reply_cell(row)),
        class_name="feedback-row",
    )


def _upload_box() -> rx.Component:
    limit_mb = get_settings().max_upload_bytes // (1024 * 1024)
    return rx.vstack(
        rx.cond(
            I.attachment_name != "",
            rx.hstack(
                rx.icon("paperclip", size=16),
                rx.text(I.attachment_name, size="2", id="feedback-attachment-name"),
                rx.button("移除", type="button", size="1", variant="ghost", color_scheme="red",
                          on_click=I.remove_attachment),
                align="center",
                spacing="2",
            ),
            rx.upload.root(
                rx.box(
                    rx.hstack(rx.icon("upload", size=16), rx.text("点击或拖入文件上传", size="2"), spacing="2",
                              align="center"),
                    border=f"1px dashed {BORDER}",
                    border_radius="4px",
                    padding="10px 14px",
                    cursor="pointer",
                ),
                id=UPLOAD_ID,
                accept=ACCEPT,
                multiple=False,
                max_files=1,
                on_drop=I.upload_attachment,
            ),
        ),
        rx.text(f"支持PDF、JPG、PNG，不超过{limit_mb}MB", size="1", color=MUTED),
        spacing="1",
        align="start",
    )


def _feedback_dialog() -> rx.Component:
    e = I.errors
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("意见反馈"),
            rx.form(
                rx.vstack(
                    field("问题描述",
                          rx.text_area(name="content", id="feedback-content", rows="6", max_length=CONTENT_MAX,
                                       placeholder=f"请描述备案工作中遇到的问题或建议（不超过{CONTENT_MAX}字）",
                                       width="100%"),
                          error=e.get("content", ""), required=True),
                    field("附件", _upload_box(), error=e.get("attachment", "")),
                    rx.hstack(
                        rx.dialog.close(rx.button("取消", type="button", variant="soft", color_scheme="gray")),
                        rx.button("提交", type="submit", id="feedback-submit"),
                        justify="end",
                        spacing="3",
                        width="100%",
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=I.submit,
                key=I.form_key.to_string(),
                id="feedback-form",
            ),
            max_width="min(560px, 94vw)",
        ),
        open=I.dialog_open,
        on_open_change=I.set_dialog_open,
    )


def institution_feedback_page() -> rx.Component:
    return frame(
        content_card(
            section_title("备案工作建议"),
            filter_bar(
                hint("对备案工作的问题和建议，将由注册地省级生态环境部门和生态环境部查看并答复。"),
                actions=[rx.button("意见反馈", on_click=I.open_dialog, id="feedback-new")],
            ),
            data_table(["序号", "问题", "附件", "提交时间", "回复"], I.rows, _own_row, table_id="feedback-table"),
            pager(I.total, I.page, I.page_count, I.page_numbers, I.go_page),
            _feedback_dialog(),
        ),
        crumbs=("机构备案", "备案工作建议"),
    )


# ---------------------------------------------------------------- reviewers and administrator


def _staff_row(row) -> rx.Component:  # noqa: ANN001
    return rx.table.row(
        rx.table.cell(row.no),
        rx.table.cell(row.institution_name, min_width="160px"),
        rx.cond(St.is_admin, rx.table.cell(row.province_name, white_space="nowrap")),
        rx.table.cell(_content_cell(row.content)),
        rx.table.cell(_attachment_cell(row, St)),
        rx.table.cell(row.created_at, white_space="nowrap"),
        rx.table.cell(_reply_cell(row)),
        rx.table.cell(
            rx.button(rx.cond(row.reply != "", "修改回复", "回复"), size="1", variant="soft",
                      on_click=St.open_reply(row.id), class_name="feedback-reply-button"),
        ),
        class_name="feedback-row",
    )


def _reply_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("回复建议"),
            rx.vstack(
                _row_text("机构名称", St.reply_institution),
                _row_text("问题", St.reply_question),
                rx.form(
                    rx.vstack(
                        field("回复内容",
                              rx.text_area(name="reply", id="reply-content", rows="5", max_length=REPLY_MAX,
                                           default_value=St.reply_default, width="100%"),
                              error=St.reply_errors.get("reply", ""), required=True),
                        rx.hstack(
                            rx.dialog.close(rx.button("取消", type="button", variant="soft", color_scheme="gray")),
                            rx.button("提交", type="submit", id="reply-submit"),
                            justify="end",
                            spacing="3",
                            width="100%",
                        ),
                        spacing="3",
                        width="100%",
                    ),
                    on_submit=St.send_reply,
                    key=St.reply_form_key.to_string(),
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
            max_width="min(560px, 94vw)",
        ),
        open=St.reply_open,
        on_open_change=St.set_reply_open,
    )


def _row_text(label: str, value) -> rx.Component:  # noqa: ANN001
    return rx.hstack(
        rx.text(label + "：", size="2", color=MUTED, white_space="nowrap"),
        rx.text(value, size="2", white_space="pre-wrap"),
        align="start",
    )


def staff_feedback_page() -> rx.Component:
    headers_reviewer = ["序号", "机构名称", "问题", "附件", "提交时间", "回复", "操作"]
    headers_admin = ["序号", "机构名称", "省份", "问题", "附件", "提交时间", "回复", "操作"]
    return frame(
        content_card(
            section_title("备案工作建议"),
            rx.form(
                filter_bar(
                    field("机构名称", text_input("institution_name", id="filter-institution", max_length=100),
                          width="200px"),
                    rx.cond(St.is_admin, field("省份", select("province_code", St.province_options, placeholder="全部"),
                                               width="140px")),
                    field("回复状态", select("reply_state", St.reply_state_options, placeholder="全部"),
                          width="120px"),
                    rx.button("查询", type="submit", id="feedback-search"),
                ),
                on_submit=St.search,
                width="100%",
            ),
            rx.cond(
                St.is_admin,
                data_table(headers_admin, St.rows, _staff_row, table_id="feedback-table"),
                data_table(headers_reviewer, St.rows, _staff_row, table_id="feedback-table"),
            ),
            pager(St.total, St.page, St.page_count, St.page_numbers, St.go_page),
            _reply_dialog(),
        ),
        crumbs=("备案管理", "备案工作建议"),
    )
