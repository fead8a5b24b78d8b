"""Home pages of reviewers and the national administrator."""

from __future__ import annotations

import reflex as rx

from filing_app import routes
from filing_app.components.layout import content_card, section_title
from filing_app.pages.common import frame
from filing_app.state.staff import StaffHomeState as S


def review_home_page() -> rx.Component:
    return frame(
        content_card(
            section_title("审查工作台"),
            rx.text(S.organization, size="3", id="staff-organization"),
            rx.link("通知公告管理", href=routes.MANAGE_NOTICES, id="link-manage-notices"),
        ),
        crumbs=("备案审查", "首页"),
    )


def admin_home_page() -> rx.Component:
    return frame(
        content_card(
            section_title("管理工作台"),
            rx.text(S.organization, size="3", id="staff-organization"),
            rx.link("通知公告管理", href=routes.MANAGE_NOTICES, id="link-manage-notices"),
        ),
        crumbs=("系统管理", "首页"),
    )
