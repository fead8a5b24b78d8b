"""The top bar and frame every page shares, bound to AppState."""

from __future__ import annotations

import reflex as rx

from filing_app import routes
from filing_app.components.layout import header, page_frame
from filing_app.state.base import AppState


def top_bar() -> rx.Component:
    return header(
        AppState.system_title,
        AppState.logged_in,
        AppState.user_name + "（" + AppState.user_role_label + "）",
        AppState.home_path,
        routes.ACCOUNT,
        AppState.logout,
    )


def frame(*children: rx.Component, crumbs: tuple[str, ...] = ()) -> rx.Component:
    return page_frame(top_bar(), *children, crumbs=crumbs)


def message_box(message) -> rx.Component:  # noqa: ANN001
    """A red box for a form-level error."""
    return rx.cond(
        message != "",
        rx.callout(message, icon="triangle_alert", color_scheme="red", size="1", width="100%",
                   class_name="form-message"),
    )
