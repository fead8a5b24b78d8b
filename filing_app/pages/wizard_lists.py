"""Pieces shared by the wizard's list-tab pages (技术人员, 设施设备, 重复人员信息报备)."""

from __future__ import annotations

import reflex as rx

from filing_app.components.layout import page_frame
from filing_app.components.table import link_button
from filing_app.components.theme import DANGER, MUTED
from filing_app.components.widgets import confirm_dialog
from filing_app.components.wizard import wizard_frame
from filing_app.pages.common import top_bar
from filing_app.services.storage import DOCUMENT_TYPES, EXTENSIONS
from filing_app.settings import get_settings
from filing_app.state.wizard_lists import WizardListState as W

UPLOAD_ACCEPT = {kind: [EXTENSIONS[kind]] + ([".jpeg"] if EXTENSIONS[kind] == ".jpg" else [])
                 for kind in DOCUMENT_TYPES}


def wizard_page(active: str, body: rx.Component, *, on_prev=None, on_next=None, extra_crumb: str = "") -> rx.Component:  # noqa: ANN001
    """A list tab inside the site frame: breadcrumb by filing type, read-only banner, problems of 下一步."""
    return page_frame(
        top_bar(),
        rx.text(W.crumb + (">" + extra_crumb if extra_crumb else ""), size="2", color=MUTED,
                margin_bottom="8px", class_name="breadcrumb"),
        wizard_frame(
            W.wizard_type,
            active,
            rx.vstack(
                rx.cond(
                    W.read_only_reason != "",
                    rx.callout(W.read_only_reason, icon="lock", color_scheme="gray", size="1", width="100%",
                               id="read-only-banner"),
                ),
                body,
                rx.cond(
                    W.tab_problems.length() > 0,
                    rx.callout.root(
                        rx.callout.text("请补充或修改以下内容后再点击“下一步”：", weight="bold"),
                        rx.foreach(W.tab_problems, lambda p: rx.callout.text(p, size="1", class_name="tab-problem")),
                        color_scheme="red",
                        size="1",
                        width="100%",
                        id="tab-problems",
                    ),
                ),
                spacing="3",
                width="100%",
            ),
            read_only=~W.editable,
            on_prev=on_prev,
            on_next=on_next,
        ),
    )


def toolbar(primary: list[rx.Component], import_actions, export_actions) -> list[rx.Component]:  # noqa: ANN001
    """下载模板 · 导入 · 新增 · 导出: the Excel buttons come from the Excel feature
    (import_actions before 新增, export_actions after it)."""
    return [*import_actions, *primary, *export_actions]


def row_actions(on_edit, on_delete, name, *, edit_class: str, delete_class: str) -> rx.Component:  # noqa: ANN001
    return rx.hstack(
        link_button(rx.cond(W.editable, "编辑", "查看"), on_click=on_edit, class_name=edit_class),
        rx.cond(
            W.editable,
            confirm_dialog(
                rx.link("删除", color=DANGER, size="2", cursor="pointer", class_name=delete_class),
                "删除确认",
                "确定删除“" + name + "”吗？删除后不可恢复。",
                on_delete,
                confirm_label="删除",
                danger=True,
            ),
        ),
        spacing="3",
        white_space="nowrap",
    )


def cell(value, **props) -> rx.Component:  # noqa: ANN001
    return rx.table.cell(value, white_space="nowrap", **props)


def long_cell(value) -> rx.Component:  # noqa: ANN001
    """Multi-value text, cut like the manual's 授权签字人,技术管理,质... with the whole value on hover."""
    return rx.table.cell(
        rx.text(value, title=value, size="2", max_width="180px", overflow="hidden", text_overflow="ellipsis",
                white_space="nowrap"),
    )


def upload_slot(upload_id: str, file_label, *, on_drop, on_download=None, on_remove=None,  # noqa: ANN001
                disabled=False, button_text: str = "选择文件") -> rx.Component:  # noqa: ANN001
    """One attachment: a picker that uploads at once (PDF/JPG/PNG), the stored file's name
    and size (click to download) and, when allowed, 删除."""
    limit = get_settings().max_upload_bytes
    return rx.flex(
        rx.box(
            rx.upload.root(
                rx.button(button_text, type="button", variant="outline", size="1", disabled=disabled),
                id=upload_id,
                accept=UPLOAD_ACCEPT,
                multiple=False,
                max_files=1,
                max_size=limit,
                no_drag=True,
                disabled=disabled,
                on_drop=on_drop,
                on_drop_rejected=lambda _files: rx.toast.error(
                    f"只能上传PDF、JPG、PNG文件，且不超过{limit // 1024 // 1024} MB"),
            ),
            id=upload_id + "-box",
        ),
        rx.cond(
            file_label != "",
            rx.hstack(
                rx.link(file_label, on_click=on_download, size="2", cursor="pointer", class_name="uploaded-file")
                if on_download is not None else rx.text(file_label, size="2", class_name="uploaded-file"),
                rx.link("删除", on_click=on_remove, size="2", color=DANGER, cursor="pointer")
                if on_remove is not None else rx.fragment(),
                spacing="2",
                align="center",
            ),
            rx.text("PDF、JPG、PNG，不超过" + str(limit // 1024 // 1024) + " MB", size="1", color=MUTED),
        ),
        gap="8px",
        align="center",
        wrap="wrap",
    )


def dialog_content(title, *children: rx.Component, dialog_id: str, max_width: str = "880px") -> rx.Component:  # noqa: ANN001
    """Fits a phone screen: full width there, scrolls inside when tall."""
    return rx.dialog.content(
        rx.dialog.title(title),
        *children,
        max_width=f"min({max_width}, 96vw)",
        max_height="92vh",
        overflow_y="auto",
        padding=["12px", "16px", "20px"],
        id=dialog_id,
    )
