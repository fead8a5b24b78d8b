"""Pieces of the wizard's list pages (技术人员, 设施设备, 重复人员信息报备), bound to a page state
built on state/wizard_lists (S: rows, total, page, filters, the row dialog) and WizardPageState."""

from __future__ import annotations

from collections.abc import Sequence

import reflex as rx

from filing_app.components.table import filter_bar, link_button, pager
from filing_app.pages.common import message_box
from filing_app.pages.wizard_parts import delete_button, dialog, row_actions

_FIELDSET_STYLE = {"border": "none", "padding": "0", "margin": "0", "min_width": "0"}


def toolbar(primary: list[rx.Component], import_actions, export_actions) -> list[rx.Component]:  # noqa: ANN001
    """下载模板 · 导入 · 新增 · 导出: the Excel buttons come from the Excel feature
    (import_actions before 新增, export_actions after it)."""
    return [*import_actions, *primary, *export_actions]


def filter_form(S, form_id: str, filters: Sequence[tuple[str, rx.Component]], *, search_id: str,  # noqa: ANN001, N803
                actions: list[rx.Component], search_label="查询", keyed: bool = True) -> rx.Component:  # noqa: ANN001
    """The filter row (label: control …, 查询) with the action buttons at its right. An
    uncontrolled form: keyed by S.filter_key, so its inputs show the state's filters again
    after they are reset."""
    props = {"key": S.filter_key.to_string()} if keyed else {}
    return rx.form(
        filter_bar(
            *[rx.hstack(rx.text(label + ":", size="2", white_space="nowrap"), control, align="center")
              for label, control in filters],
            rx.button(search_label, type="submit", id=search_id),
            actions=actions,
        ),
        on_submit=S.search,
        id=form_id,
        **props,
    )


def list_body(S, *parts: rx.Component, table: rx.Component, dialog_: rx.Component) -> rx.Component:  # noqa: ANN001, N803
    """parts (filters, hints) above the table of one page of S.rows (components.table.data_table),
    its pager, and the row dialog."""
    return rx.vstack(
        *parts,
        table,
        pager(S.total, S.page, S.page_count, S.page_numbers, S.go_page),
        dialog_,
        spacing="2",
        width="100%",
    )


def edit_delete(S, on_edit, on_delete, name, *, prefix: str) -> rx.Component:  # noqa: ANN001, N803
    """编辑 (查看 while read-only) and 删除 of a row; classes <prefix>-edit / <prefix>-delete."""
    return row_actions(
        link_button(rx.cond(S.read_only, "查看", "编辑"), on_click=on_edit, class_name=f"{prefix}-edit"),
        rx.cond(S.read_only, rx.fragment(),
                delete_button(on_delete, "确定删除“" + name + "”吗？删除后不可恢复。", class_name=f"{prefix}-delete")),
    )


def row_dialog(S, prefix: str, title, fields: rx.Component, *, on_submit, submit_buttons: rx.Component,  # noqa: ANN001, N803
               note: rx.Component | None = None, max_width: str = "880px") -> rx.Component:
    """The 新增 / 编辑 dialog of a list row: one uncontrolled form (what was typed survives a
    refused save), disabled while read-only, the dialog's message, 取消 and the submit buttons
    (shown only while editable). Ids: <prefix>-dialog, -form, -message, -cancel."""
    return dialog(
        S.dialog_open,
        S.set_dialog_open,
        title,
        rx.form(
            rx.el.fieldset(fields, disabled=S.read_only, style=_FIELDSET_STYLE),
            rx.box(message_box(S.message), id=f"{prefix}-message", width="100%", margin_top="8px"),
            rx.flex(
                rx.button("取消", type="button", variant="soft", color_scheme="gray", on_click=S.close_dialog,
                          id=f"{prefix}-cancel"),
                rx.cond(S.read_only, rx.fragment(), submit_buttons),
                gap="12px",
                justify="end",
                margin_top="12px",
            ),
            note or rx.fragment(),
            key=S.form_key.to_string(),
            on_submit=on_submit,
            id=f"{prefix}-form",
        ),
        dialog_id=f"{prefix}-dialog",
        max_width=max_width,
    )


def cell(value, **props) -> rx.Component:  # noqa: ANN001
    return rx.table.cell(value, white_space="nowrap", **props)


def long_cell(value) -> rx.Component:  # noqa: ANN001
    """Multi-value text, cut like the manual's 授权签字人,技术管理,质... with the whole value on hover."""
    return rx.table.cell(
        rx.text(value, title=value, size="2", max_width="180px", overflow="hidden", text_overflow="ellipsis",
                white_space="nowrap"),
    )
