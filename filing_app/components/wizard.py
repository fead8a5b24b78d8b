"""The filing wizard's frame (§3.1, SPEC §10): the five tabs in a row with the current one
highlighted, 备案提交 and <返回首页 at the top right, and under the form 上一步 · 保存 · 下一步
with the hint line. Each tab is its own route: /institution/filing/<type>/<tab>."""

from __future__ import annotations

import reflex as rx

from filing_app.components.layout import content_card
from filing_app.components.theme import BORDER, MUTED, PRIMARY

WIZARD_TABS: tuple[tuple[str, str], ...] = (
    ("basic", "基本信息"),
    ("people", "技术人员"),
    ("capability", "技术能力"),
    ("equipment", "设施设备"),
    ("management", "管理能力"),
)
TAB_KEYS = tuple(key for key, _ in WIZARD_TABS)
BUTTON_HINT = "保存:暂存当前填报信息;下一步:提交并校验当前信息;上一步:返回上一节点信息。"


def tab_path(filing_type, tab: str):  # noqa: ANN001, ANN201
    """/institution/filing/<type>/<tab>; filing_type may be a str or a Var."""
    return "/institution/filing/" + filing_type + "/" + tab


def submit_path(filing_type):  # noqa: ANN001, ANN201
    return "/institution/filing/" + filing_type + "/submit"


def neighbour(tab: str, step: int) -> str | None:
    index = TAB_KEYS.index(tab) + step
    return TAB_KEYS[index] if 0 <= index < len(TAB_KEYS) else None


def _tab_bar(filing_type, active: str) -> rx.Component:  # noqa: ANN001
    return rx.flex(
        *[
            rx.link(
                label,
                href=tab_path(filing_type, key),
                padding="10px 18px",
                white_space="nowrap",
                style={"color": "white" if key == active else PRIMARY},
                background=PRIMARY if key == active else "transparent",
                border_bottom=f"2px solid {PRIMARY}",
                underline="none",
                weight="medium",
                class_name="wizard-tab active" if key == active else "wizard-tab",
                data_tab=key,
            )
            for key, label in WIZARD_TABS
        ],
        overflow_x="auto",
        border_bottom=f"1px solid {BORDER}",
        width="100%",
    )


def wizard_frame(
    filing_type,  # noqa: ANN001
    active: str,
    body: rx.Component,
    *,
    read_only=False,  # noqa: ANN001
    on_prev=None,  # noqa: ANN001
    on_save=None,  # noqa: ANN001
    on_next=None,  # noqa: ANN001
    home_href: str = "/institution",
    status_line: rx.Component | None = None,
) -> rx.Component:
    """A tab page of the wizard. Buttons whose handler is None are not shown."""
    buttons = []
    if on_prev is not None:
        buttons.append(rx.button("上一步", variant="outline", on_click=on_prev, id="wizard-prev", type="button"))
    if on_save is not None:
        buttons.append(rx.button("保存", variant="soft", on_click=on_save, id="wizard-save", type="button",
                                 disabled=read_only))
    if on_next is not None:
        buttons.append(rx.button("下一步", on_click=on_next, id="wizard-next", type="button"))
    return content_card(
        rx.flex(
            rx.text("备案提交:全部填写完毕, 提交所有内容。", size="2", color=MUTED),
            rx.link(rx.button("备案提交", id="wizard-submit", disabled=read_only), href=submit_path(filing_type)),
            rx.link("<返回首页", href=home_href, size="2", id="wizard-home"),
            gap="12px",
            align="center",
            justify="end",
            wrap="wrap",
            width="100%",
            margin_bottom="8px",
        ),
        status_line or rx.fragment(),
        _tab_bar(filing_type, active),
        rx.box(body, padding_y="16px", width="100%"),
        rx.flex(
            *buttons,
            rx.text(BUTTON_HINT, size="1", color=MUTED),
            gap="12px",
            align="center",
            wrap="wrap",
            border_top=f"1px solid {BORDER}",
            padding_top="12px",
        )
        if buttons
        else rx.fragment(),
    )
