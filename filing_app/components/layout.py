"""Page frame: header with the system name, account links, breadcrumb, content card."""

from __future__ import annotations

import reflex as rx

from filing_app.components.theme import BORDER, MUTED, PRIMARY


_WHITE_LINK = {"color": "white", "&:hover": {"color": "white", "text_decoration": "underline"}}


def header(title, logged_in, user_label, home_href, account_href: str, on_logout) -> rx.Component:  # noqa: ANN001
    """The blue top bar: 国家生态环境监测技术服务机构管理系统 (+province) and, once logged in,
    账号管理 | 退出登录 at the right."""
    return rx.box(
        rx.hstack(
            rx.link(
                rx.hstack(
                    rx.icon("leaf", size=22, color="white"),
                    rx.text(title, weight="bold", size="4", color="white", id="system-title"),
                    align="center",
                    spacing="2",
                ),
                href=home_href,
                underline="none",
            ),
            rx.spacer(),
            rx.cond(
                logged_in,
                rx.hstack(
                    rx.text(user_label, color="white", size="2", display=["none", "none", "block"]),
                    rx.link("账号管理", href=account_href, size="2", id="nav-account", style=_WHITE_LINK),
                    rx.text("|", color="white", size="2"),
                    rx.link("退出登录", on_click=on_logout, size="2", id="nav-logout", cursor="pointer",
                            style=_WHITE_LINK),
                    align="center",
                    spacing="2",
                ),
            ),
            align="center",
            width="100%",
            max_width="1280px",
            margin="0 auto",
            padding_x="16px",
            flex_wrap="wrap",
            row_gap="4px",
        ),
        background=PRIMARY,
        padding_y="12px",
        width="100%",
    )


def breadcrumb(*parts: str) -> rx.Component:
    """当前位置：机构备案>监测类机构备案信息填报"""
    return rx.text(
        "当前位置：" + ">".join(parts),
        size="2",
        color=MUTED,
        margin_bottom="8px",
        class_name="breadcrumb",
    )


def content_card(*children: rx.Component, **props) -> rx.Component:
    return rx.box(
        *children,
        background="white",
        border=f"1px solid {BORDER}",
        border_radius="6px",
        padding=["12px", "16px", "20px"],
        width="100%",
        **props,
    )


def page_frame(top_bar: rx.Component, *children: rx.Component, crumbs: tuple[str, ...] = ()) -> rx.Component:
    return rx.box(
        top_bar,
        rx.box(
            breadcrumb(*crumbs) if crumbs else rx.fragment(),
            *children,
            width="100%",
            max_width="1280px",
            margin="0 auto",
            padding=["8px", "12px", "16px"],
        ),
        rx.box(
            rx.text(
                "主办：生态环境部　依据《生态环境监测条例》第二十八条开展技术服务机构备案",
                size="1",
                color=MUTED,
                text_align="center",
            ),
            padding_y="16px",
        ),
        min_height="100vh",
        width="100%",
    )


def section_title(text: str, *extra: rx.Component) -> rx.Component:
    return rx.hstack(
        rx.box(width="4px", height="16px", background=PRIMARY, border_radius="2px"),
        rx.text(text, weight="bold", size="3"),
        *extra,
        align="center",
        spacing="2",
        margin_bottom="8px",
    )


def hint(text: str) -> rx.Component:
    """A 填写说明 line under a section."""
    return rx.text(text, size="1", color="#b45309", margin_y="4px", class_name="fill-hint")
