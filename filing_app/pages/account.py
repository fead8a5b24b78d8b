"""账号管理 (§3.7)."""

from __future__ import annotations

import reflex as rx

from filing_app.components.layout import content_card, section_title
from filing_app.pages.common import frame
from filing_app.state.account import AccountState as S


def _row(label: str, value) -> rx.Component:  # noqa: ANN001
    return rx.hstack(rx.text(label, size="2", width="96px", color="#6b7280"), rx.text(value, size="2"))


def account_page() -> rx.Component:
    return frame(
        content_card(
            section_title("账号信息"),
            rx.vstack(
                _row("用户名", S.username),
                _row("账号类型", S.role_label),
                _row("所属单位", S.organization),
                _row("绑定手机", S.phone_masked),
                spacing="2",
                id="account-profile",
            ),
        ),
        crumbs=("账号管理",),
    )
