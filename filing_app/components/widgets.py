"""Small widgets: status badge, progress line, confirm dialog."""

from __future__ import annotations

import reflex as rx

STATUS_COLORS = {
    "draft": "gray",
    "submitted": "blue",
    "returned": "red",
    "approved": "green",
    "change_pending": "orange",
    "cancelled": "gray",
    "pending": "blue",
    "accepted": "green",
    "rejected": "red",
}


def status_badge(status, label) -> rx.Component:  # noqa: ANN001
    return rx.badge(
        label,
        color_scheme=rx.match(status, *[(k, v) for k, v in STATUS_COLORS.items()], "gray"),
        size="2",
        class_name="status-badge",
    )


_STEP_COLORS = {"done": "green", "current": "blue", "returned": "red", "todo": "gray"}


def progress_line(steps) -> rx.Component:  # noqa: ANN001
    """填报 → 已提交 → 审查中 → 审查结果: steps of domain.filing_flow.ProgressStep (label, state)."""
    return rx.hstack(
        rx.foreach(
            steps,
            lambda step, i: rx.hstack(
                rx.cond(i > 0, rx.text("→", size="1", color="gray")),
                rx.badge(step.label, variant=rx.cond(step.state == "todo", "outline", "soft"),
                         color_scheme=rx.match(step.state, *_STEP_COLORS.items(), "gray"),
                         class_name="progress-step", data_state=step.state),
                spacing="1",
                align="center",
            ),
        ),
        spacing="1",
        align="center",
        wrap="wrap",
        class_name="progress-line",
    )


def confirm_dialog(trigger: rx.Component, title: str, text, on_confirm, confirm_label: str = "确定",  # noqa: ANN001
                   danger: bool = False) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(trigger),
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(text),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("取消", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(confirm_label, color_scheme="red" if danger else "blue", on_click=on_confirm,
                              class_name="confirm-ok")
                ),
                justify="end",
                spacing="3",
                margin_top="16px",
            ),
            max_width="min(460px, 94vw)",
        ),
    )
