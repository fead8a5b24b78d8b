"""通知公告管理 (§2.2, §3.5): list, edit, publish, withdraw."""

from __future__ import annotations

import reflex as rx

from filing_app import routes
from filing_app.components.forms import field, radio, text_input
from filing_app.components.layout import content_card, hint, section_title
from filing_app.components.table import data_table, filter_bar, link_button, pager
from filing_app.components.theme import MUTED
from filing_app.components.widgets import confirm_dialog, status_badge
from filing_app.pages.common import frame, message_box
from filing_app.services.notice_admin import AUDIENCE_LABELS, AUDIENCES, STATUS_LABELS
from filing_app.state.notice_admin import UPLOAD_ID, NoticeAdminState, NoticeEditState

STATUS_COLORS = {"draft": "draft", "published": "approved", "withdrawn": "cancelled"}


def _row(r) -> rx.Component:  # noqa: ANN001
    return rx.table.row(
        rx.table.cell(r.seq),
        rx.table.cell(rx.link(r.title, href=routes.MANAGE_NOTICES + "/" + r.id.to_string(),
                              class_name="managed-title"), min_width="220px"),
        rx.table.cell(r.scope_label, white_space="nowrap"),
        rx.table.cell(r.audience_label, white_space="nowrap"),
        rx.table.cell(status_badge(rx.match(r.status, *STATUS_COLORS.items(), "draft"), r.status_label)),
        rx.table.cell(rx.cond(r.published_date != "", r.published_date, "—"), white_space="nowrap"),
        rx.table.cell(r.updated, white_space="nowrap"),
        rx.table.cell(
            rx.hstack(
                rx.link("编辑", href=routes.MANAGE_NOTICES + "/" + r.id.to_string(), size="2"),
                rx.cond(
                    r.status == "published",
                    confirm_dialog(link_button("撤回", class_name="notice-withdraw"), "撤回公告",
                                   "撤回后门户和机构首页将不再显示该公告，确定撤回吗？",
                                   NoticeAdminState.withdraw(r.id), confirm_label="撤回", danger=True),
                    confirm_dialog(link_button("发布", class_name="notice-publish"), "发布公告",
                                   "发布后公告将按发布对象在门户或机构首页显示，确定发布吗？",
                                   NoticeAdminState.publish(r.id), confirm_label="发布"),
                ),
                spacing="3",
            ),
        ),
        class_name="managed-notice-row",
    )


def notice_admin_page() -> rx.Component:
    S = NoticeAdminState
    return frame(
        content_card(
            section_title("通知公告管理", rx.text("（发布范围：", S.scope_label, "）", size="2", color=MUTED)),
            filter_bar(
                rx.hstack(
                    rx.text("状态：", size="2"),
                    rx.el.select(
                        rx.el.option("全部", value=""),
                        *[rx.el.option(label, value=code) for code, label in STATUS_LABELS.items()],
                        value=S.status_filter,
                        on_change=S.set_status_filter,
                        class_name="native-select",
                        id="notice-status-filter",
                        width="120px",
                    ),
                    align="center",
                ),
                actions=[rx.link(rx.button("新增公告", id="notice-new"), href=routes.manage_notice("new"))],
            ),
            data_table(["序号", "公告标题", "发布范围", "发布对象", "状态", "发布日期", "最后修改", "操作"], S.rows, _row,
                       table_id="managed-notices"),
            pager(S.total, S.page, S.page_count, S.page_numbers, S.go_page),
        ),
        crumbs=("通知公告管理",),
    )


def notice_edit_page() -> rx.Component:
    S = NoticeEditState
    e = S.errors
    return frame(
        content_card(
            section_title(
                rx.cond(S.notice_id == 0, "新增公告", "编辑公告"),
                status_badge(rx.match(S.status, *STATUS_COLORS.items(), "draft"), S.status_label),
                rx.text("发布范围：", S.scope_label, size="2", color=MUTED, id="notice-scope"),
            ),
            rx.form(
                rx.vstack(
                    field("公告标题", text_input("title", default_value=S.title, max_length=200,
                                             placeholder="请输入公告标题", id="notice-title-input"),
                          error=e.get("title", ""), required=True),
                    field("发布对象", radio("audience", list(AUDIENCES), default_value=S.audience,
                                           labels=AUDIENCE_LABELS, id="notice-audience"),
                          error=e.get("audience", ""), required=True, hint="“仅机构”的公告只在机构登录后的首页和公告列表中显示"),
                    field("公告正文", rx.text_area(name="body", id="notice-body", default_value=S.body, rows="12",
                                               width="100%", placeholder="请输入公告正文"),
                          error=e.get("body", ""), required=True),
                    rx.cond(
                        S.status != "published",
                        rx.el.label(
                            rx.el.input(type="checkbox", name="publish_now", value="1", id="notice-publish-now"),
                            rx.text("保存后立即发布", as_="span", size="2"),
                            style={"display": "inline-flex", "align_items": "center", "gap": "6px"},
                        ),
                        rx.text("该公告已发布，保存后门户立即显示修改后的内容", size="2", color=MUTED),
                    ),
                    message_box(S.message),
                    rx.hstack(
                        rx.button("保存", type="submit", id="notice-save"),
                        rx.link(rx.button("返回列表", type="button", variant="soft", color_scheme="gray"),
                                href=routes.MANAGE_NOTICES),
                        spacing="3",
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=S.save,
                key=S.form_key.to_string(),
                id="notice-form",
                width="100%",
            ),
            rx.divider(margin_y="16px"),
            section_title("附件"),
            hint("支持PDF、JPG、PNG，最多10个；上传或移除后请点击“保存”"),
            rx.vstack(
                rx.foreach(
                    S.attachments,
                    lambda a: rx.hstack(
                        rx.icon("paperclip", size=14),
                        rx.text(a.name, size="2"),
                        rx.text(a.size_text, size="1", color=MUTED),
                        link_button("移除", on_click=S.remove_attachment(a.id)),
                        align="center",
                        class_name="notice-attachment",
                    ),
                ),
                rx.upload.root(
                    rx.hstack(
                        rx.button("选择文件", type="button", variant="outline", size="2"),
                        rx.text(rx.selected_files(UPLOAD_ID).join("、"), size="1", color=MUTED),
                        align="center",
                    ),
                    id=UPLOAD_ID,
                    multiple=True,
                    accept={"application/pdf": [".pdf"], "image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"]},
                ),
                rx.button(
                    rx.cond(S.uploading, "上传中…", "上传附件"),
                    type="button",
                    size="2",
                    variant="soft",
                    disabled=S.uploading,
                    on_click=S.upload(rx.upload_files(upload_id=UPLOAD_ID)),
                    id="notice-upload-button",
                ),
                spacing="2",
                align="start",
            ),
        ),
        crumbs=("通知公告管理", "编辑公告"),
    )
