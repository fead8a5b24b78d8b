"""Page pieces shared by every page of the wizard: the five tabs, 重复人员信息报备 and 备案提交
(bound to a WizardPageState subclass)."""

from __future__ import annotations

import json

import reflex as rx

from filing_app.components.layout import content_card
from filing_app.components.theme import DANGER, MUTED
from filing_app.components.widgets import confirm_dialog
from filing_app.components.wizard import neighbour, tab_path, wizard_frame
from filing_app.pages.common import frame


def submit_form_script(form_id: str, action: str) -> rx.event.EventSpec:
    """Submit the tab's uncontrolled form from the frame's 保存 / 下一步 buttons (outside the
    form), telling the handler which button it was through the hidden _action field."""
    return rx.call_script(
        "(() => { const f = document.getElementById(" + json.dumps(form_id) + "); if (!f) return;"
        " f.elements['_action'].value = " + json.dumps(action) + "; f.requestSubmit(); })()"
    )


def hidden_action() -> rx.Component:
    return rx.el.input(type="hidden", name="_action", default_value="save")


def breadcrumb(S, extra: str = "") -> rx.Component:  # noqa: ANN001, N803
    """当前位置：机构备案>监测类机构备案信息填报(>extra)"""
    parts = ["当前位置：", S.crumb] + ([">" + extra] if extra else [])
    return rx.text(*parts, size="2", color=MUTED, margin_bottom="8px", class_name="breadcrumb")


def status_line(S) -> rx.Component:  # noqa: ANN001, N803
    """Read-only status (已提交，待审查 and the time), or the return reason to act on."""
    return rx.fragment(
        rx.cond(
            S.status_note != "",
            rx.callout(S.status_note, icon="info", color_scheme="blue", size="1", width="100%",
                       margin_bottom="8px", id="wizard-status"),
        ),
        rx.cond(
            S.return_reason != "",
            rx.callout("审查退回原因：" + S.return_reason, icon="circle_alert", color_scheme="red", size="1",
                       width="100%", margin_bottom="8px", id="wizard-return-reason"),
        ),
    )


def problem_lines(S) -> rx.Component:  # noqa: ANN001, N803
    """What 下一步 found missing on this page, one red line each."""
    return rx.cond(
        S.problems.length() > 0,
        rx.vstack(
            rx.foreach(S.problems, lambda p: rx.text(p, size="2", color=DANGER, class_name="tab-problem")),
            spacing="1",
            width="100%",
            id="wizard-problems",
        ),
    )


def message_line(S) -> rx.Component:  # noqa: ANN001, N803
    """The form-level message (a refused save), with 重新加载 after a version conflict, and the
    problems of 下一步."""
    return rx.fragment(
        rx.cond(
            S.message != "",
            rx.callout(
                rx.flex(
                    rx.text(S.message),
                    rx.cond(S.stale, rx.button("重新加载最新内容", size="1", variant="outline", type="button",
                                               on_click=S.reload, id="wizard-reload")),
                    gap="12px", align="center", wrap="wrap",
                ),
                icon="triangle_alert",
                color_scheme=rx.cond(S.stale, "red", "orange"),
                size="1",
                width="100%",
                id="wizard-message",
                class_name="form-message",
            ),
        ),
        problem_lines(S),
    )


def loading() -> rx.Component:
    return content_card(rx.center(rx.spinner(size="3"), rx.text("正在加载…", size="2", color=MUTED), padding="48px",
                                  gap="8px"))


def wizard_page(S, active: str, body: rx.Component, *, form_id: str = "", page: str = "",  # noqa: ANN001, N803
                on_prev=None, on_next=None, extra_crumb: str = "") -> rx.Component:  # noqa: ANN001
    """A wizard page: breadcrumb, the frame with the tab bar (`active` highlighted), the status
    line, and the body once the page's own data is loaded (`page`, default `active`).

    A tab with one form names it (form_id): 上一步 · 保存 · 下一步, the form's message and the
    problems of 下一步. A list tab passes its on_prev / on_next handlers instead (rows are saved
    in their dialogs, whose message is the dialog's) and shows only the problems; a page below
    a tab (重复人员信息报备) passes neither."""
    if form_id:
        prev = neighbour(active, -1)
        on_prev = rx.redirect(tab_path(S.wizard_type, prev)) if prev else None
        on_save = submit_form_script(form_id, "save")
        on_next = submit_form_script(form_id, "next")
        lines = message_line(S)
    else:
        on_save = None
        lines = problem_lines(S)
    return rx.box(frame(
        breadcrumb(S, extra_crumb),
        rx.cond(
            S.loaded_tab == (page or active),
            wizard_frame(
                S.wizard_type,
                active,
                rx.vstack(lines, body, spacing="3", width="100%"),
                read_only=S.read_only,
                on_prev=on_prev,
                on_save=on_save,
                on_next=on_next,
                status_line=status_line(S),
            ),
            loading(),
        ),
    ), on_unmount=S.leave, width="100%")


def row_actions(*buttons: rx.Component) -> rx.Component:
    return rx.hstack(*buttons, spacing="3", wrap="nowrap", white_space="nowrap")


def delete_button(on_confirm, text, *, class_name: str = "row-delete") -> rx.Component:  # noqa: ANN001
    """删除 with a confirmation."""
    return confirm_dialog(
        rx.link("删除", color=DANGER, size="2", cursor="pointer", class_name=class_name),
        "删除确认", text, on_confirm, confirm_label="删除", danger=True,
    )


def dialog(open_, on_open_change, title, *children: rx.Component, dialog_id: str,  # noqa: ANN001
           max_width: str = "640px") -> rx.Component:
    """A row dialog that fits a phone screen (full width there, scrolls inside when tall);
    on_open_change(bool) hears Esc and clicks outside."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(title),
            *children,
            max_width=f"min({max_width}, 96vw)",
            max_height="92vh",
            overflow_y="auto",
            padding=["12px", "16px", "20px"],
            id=dialog_id,
        ),
        open=open_,
        on_open_change=on_open_change,
    )


def dialog_buttons(on_cancel, submit_id: str) -> rx.Component:  # noqa: ANN001
    return rx.hstack(
        rx.button("取消", type="button", variant="soft", color_scheme="gray", on_click=on_cancel),
        rx.button("提交", type="submit", id=submit_id),
        justify="end",
        spacing="3",
        width="100%",
        margin_top="12px",
    )
