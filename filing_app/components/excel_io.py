"""下载模板 · 导入 · 导出 buttons and the import dialog of a list (no State import).

A page gets an ExcelIOView bound to its state (state/excel_io.excel_view) and places
the buttons in its filter bar, in the manual's order 下载模板 · 导入 · 新增 · 导出:

    view = excel_view("people", filters={"name": S.filter_name, "status": S.filter_status}, on_done=S.load)
    filter_bar(..., actions=excel_actions(view, add_button=rx.button("新增", on_click=...)))

or, for the wizard's list pages, people_tab_page(**excel_toolbar(view)) (pages/wizard_excel.py).

The import dialog (progress bar, result, the error table 行 · 列 · 错误说明 with its
pager, 下载错误报告) is rendered by import_button, so it comes with the 导入 button.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx

from filing_app.components.table import data_table, pager
from filing_app.components.theme import BORDER, MUTED, PRIMARY


@dataclass(frozen=True)
class ExcelIOView:
    kind: str  # "people" / "equipment"
    upload_id: str
    # toolbar
    on_mount: Any
    on_template: Any
    on_open_import: Any
    on_export: Any
    on_export_full: Any
    can_export_full: Any
    exporting: Any
    full_confirm_open: Any
    on_full_confirm: Any  # receives True / False
    # dialog
    open: Any
    on_open_change: Any
    on_close: Any
    on_upload: Any
    on_rejected: Any
    title: Any
    busy: Any
    progress: Any
    stage: Any
    finished: Any
    result_ok: Any
    result_message: Any
    errors: Any  # one page of rows with row / column / message
    error_total: Any
    error_page: Any
    error_page_count: Any
    error_page_numbers: Any
    on_error_page: Any
    has_report: Any
    report_busy: Any
    on_download_report: Any
    max_bytes: int
    import_disabled: Any = False  # e.g. while the filing is under review


def template_button(v: ExcelIOView) -> rx.Component:
    return rx.button("下载模板", variant="outline", on_click=v.on_template, id=f"{v.kind}-template", type="button")


def export_button(v: ExcelIOView) -> rx.Component:
    plain = rx.button("导出", variant="outline", on_click=v.on_export, loading=v.exporting,
                      id=f"{v.kind}-export", type="button")
    if v.kind != "people":
        return rx.box(plain, on_mount=v.on_mount, display="contents")
    menu = rx.menu.root(
        rx.menu.trigger(rx.button("导出", rx.icon("chevron-down", size=14), variant="outline", loading=v.exporting,
                                  id=f"{v.kind}-export", type="button")),
        rx.menu.content(
            rx.menu.item("导出（证件号码脱敏）", on_select=v.on_export, id=f"{v.kind}-export-masked"),
            rx.menu.item("导出完整证件号码…", on_select=v.on_full_confirm(True), id=f"{v.kind}-export-full"),
        ),
    )
    confirm = rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("导出完整证件号码"),
            rx.alert_dialog.description(
                "导出的文件将包含人员的完整证件号码，属于个人信息，请妥善保管、仅用于备案工作。本次导出将记入操作日志。"
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("取消", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button("确定导出", on_click=v.on_export_full, id=f"{v.kind}-export-full-ok")),
                justify="end",
                spacing="3",
                margin_top="16px",
            ),
            max_width="min(460px, 94vw)",
        ),
        open=v.full_confirm_open,
        on_open_change=v.on_full_confirm,
    )
    return rx.box(rx.cond(v.can_export_full, menu, plain), confirm, on_mount=v.on_mount, display="contents")


def _error_row(row) -> rx.Component:  # noqa: ANN001
    return rx.table.row(
        rx.table.cell(row.row, white_space="nowrap"),
        rx.table.cell(row.column, white_space="nowrap"),
        rx.table.cell(row.message, class_name="excel-error-message"),
    )


def _drop_zone(v: ExcelIOView) -> rx.Component:
    return rx.upload(
        rx.vstack(
            rx.icon("file-spreadsheet", size=28, color=PRIMARY),
            rx.text("点击选择或将文件拖到此处", size="2"),
            rx.text(f"Excel工作簿（.xlsx），不超过{v.max_bytes // (1024 * 1024)}MB", size="1", color=MUTED),
            align="center",
            spacing="1",
        ),
        id=v.upload_id,
        multiple=False,
        max_files=1,
        max_size=v.max_bytes,
        disabled=v.busy,
        on_drop=v.on_upload,
        on_drop_rejected=v.on_rejected,
        border=f"1px dashed {BORDER}",
        border_radius="6px",
        padding="16px",
        width="100%",
        cursor="pointer",
        class_name="excel-drop",
    )


def import_dialog(v: ExcelIOView) -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(v.title),
            rx.dialog.description(
                "请选择按本页模板填写的文件。全部行校验通过才会导入；任何一行有错误，所有数据都不会写入，"
                "下方会列出每个错误所在的行、列和原因。",
                size="2",
                color=MUTED,
            ),
            rx.vstack(
                _drop_zone(v),
                rx.cond(
                    v.busy,
                    rx.vstack(
                        rx.progress(value=v.progress, max=100, width="100%", id="excel-progress"),
                        rx.text(v.stage, "（", v.progress, "%）", size="2", color=MUTED, id="excel-stage"),
                        rx.text("导入在后台进行，可以关闭本窗口继续操作，完成后再打开查看结果。", size="1", color=MUTED),
                        width="100%",
                        spacing="1",
                    ),
                ),
                rx.cond(
                    v.finished & (v.result_message != ""),
                    rx.callout(
                        v.result_message,
                        icon=rx.cond(v.result_ok, "circle_check", "triangle_alert"),
                        color_scheme=rx.cond(v.result_ok, "green", "red"),
                        size="1",
                        width="100%",
                        id="excel-result",
                    ),
                ),
                rx.cond(
                    v.error_total > 0,
                    rx.vstack(
                        rx.hstack(
                            rx.text("错误列表", weight="bold", size="2"),
                            rx.spacer(),
                            rx.cond(
                                v.has_report,
                                rx.button("下载错误报告", size="1", variant="soft", loading=v.report_busy,
                                          on_click=v.on_download_report, id="excel-report", type="button"),
                            ),
                            width="100%",
                            align="center",
                        ),
                        data_table(["行", "列", "错误说明"], v.errors, _error_row, table_id="excel-errors"),
                        pager(v.error_total, v.error_page, v.error_page_count, v.error_page_numbers,
                              v.on_error_page),
                        width="100%",
                        spacing="2",
                    ),
                ),
                width="100%",
                spacing="3",
                margin_top="12px",
            ),
            rx.hstack(
                rx.button("关闭", variant="soft", color_scheme="gray", on_click=v.on_close, id="excel-close",
                          type="button"),
                justify="end",
                margin_top="16px",
            ),
            max_width="min(880px, 96vw)",
            id="excel-import-dialog",
        ),
        open=v.open,
        on_open_change=v.on_open_change,
    )


def import_button(v: ExcelIOView) -> rx.Component:
    return rx.box(
        rx.button("导入", variant="outline", on_click=v.on_open_import, disabled=v.import_disabled,
                  id=f"{v.kind}-import", type="button"),
        import_dialog(v),
        on_mount=v.on_mount,
        display="contents",
    )


def excel_toolbar(v: ExcelIOView) -> dict[str, list[rx.Component]]:
    """The buttons as the wizard's list pages take them: import_actions (下载模板 · 导入) go
    before their 新增, export_actions (导出) after it."""
    return {"import_actions": [template_button(v), import_button(v)], "export_actions": [export_button(v)]}


def excel_actions(v: ExcelIOView, add_button: rx.Component | None = None) -> list[rx.Component]:
    """下载模板 · 导入 · (新增) · 导出, for filter_bar(actions=...)."""
    buttons = [template_button(v), import_button(v)]
    if add_button is not None:
        buttons.append(add_button)
    buttons.append(export_button(v))
    return buttons
