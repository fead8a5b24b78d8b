"""Institution home (§3): a card per filing type with its status and actions."""

from __future__ import annotations

import reflex as rx

from filing_app import routes
from filing_app.components.layout import content_card, section_title
from filing_app.components.theme import MUTED
from filing_app.components.widgets import confirm_dialog, progress_line, status_badge
from filing_app.pages.common import frame
from filing_app.state.institution_home import InstitutionHomeState as S


def _cancel_button(card, action) -> rx.Component:  # noqa: ANN001
    """备案注销 (§3.4): confirm, then 提交."""
    return confirm_dialog(
        rx.button(action.label, color_scheme="red", variant="soft", class_name="filing-action",
                  data_action=action.code),
        "备案注销",
        "注销后，本单位的" + card.type_label + "备案将从备案信息公开中移除，备案中的技术人员将解除在本单位的在职备案"
        "（可由其他机构备案）。注销后如需再次备案，须重新填报并审查。确认无误后点击“提交”。",
        S.cancel_filing(card.filing_type),
        confirm_label="提交",
        danger=True,
    )


def _filing_card(card) -> rx.Component:  # noqa: ANN001
    return content_card(
        rx.vstack(
            rx.hstack(
                rx.heading(card.type_label, "备案", size="4"),
                status_badge(card.status, card.status_label),
                rx.cond(
                    card.return_reason != "",
                    rx.tooltip(
                        rx.icon("circle_alert", color="#d93025", size=18, class_name="return-reason-icon",
                                cursor="pointer"),
                        content="退回原因：" + card.return_reason,
                    ),
                ),
                align="center",
                spacing="2",
            ),
            rx.cond(card.steps.length() > 0, progress_line(card.steps)),
            rx.cond(
                card.return_reason != "",
                rx.text("退回原因：", card.return_reason, size="2", color="#d93025", class_name="return-reason"),
            ),
            rx.cond(card.submitted_at != "", rx.text("提交时间：", card.submitted_at, size="2", color=MUTED)),
            rx.cond(card.published_at != "", rx.text("备案公开时间：", card.published_at, size="2", color=MUTED)),
            rx.cond(card.decided_at != "", rx.text("审查时间：", card.decided_at, size="2", color=MUTED)),
            rx.hstack(
                rx.foreach(
                    card.actions,
                    lambda a: rx.cond(
                        a.code == "cancel",
                        _cancel_button(card, a),
                        rx.button(
                            a.label,
                            on_click=S.act(card.filing_type, a.code),
                            class_name="filing-action",
                            data_action=a.code,
                        ),
                    ),
                ),
                spacing="2",
                wrap="wrap",
            ),
            spacing="2",
            align="start",
        ),
        class_name="filing-card",
        data_type=card.filing_type,
    )


def institution_home_page() -> rx.Component:
    return frame(
        rx.vstack(
            content_card(
                rx.flex(
                    rx.vstack(
                        rx.heading(S.name, size="5", id="institution-name"),
                        rx.text("统一社会信用代码：", S.credit_code, "　注册地：", S.province_name, size="2", color=MUTED),
                        spacing="1",
                    ),
                    rx.spacer(),
                    rx.hstack(
                        rx.link(rx.button("备案信息查询", variant="soft", id="go-registry"),
                                href=S.registry_href),
                        rx.link(rx.button("备案记录", variant="soft", id="go-history"), href=routes.INSTITUTION_HISTORY),
                        rx.link(rx.button("账号管理", variant="soft"), href=routes.ACCOUNT),
                        rx.link(rx.button("备案工作建议", variant="soft"), href=routes.INSTITUTION_FEEDBACK,
                                id="go-feedback"),
                        spacing="2",
                        wrap="wrap",
                    ),
                    wrap="wrap",
                    gap="8px",
                    width="100%",
                ),
            ),
            rx.grid(rx.foreach(S.cards, _filing_card), columns=rx.breakpoints(initial="1", md="2"), spacing="4",
                    width="100%"),
            rx.cond(
                S.messages.length() > 0,
                content_card(
                    section_title("系统消息"),
                    rx.foreach(
                        S.messages,
                        lambda m: rx.vstack(
                            rx.hstack(rx.text(m.title, weight="medium", size="2"), rx.spacer(),
                                      rx.text(m.date, size="1", color=MUTED), width="100%"),
                            rx.text(m.body, size="2"),
                            spacing="1",
                            width="100%",
                            padding_y="6px",
                            border_bottom="1px dashed #e5e7eb",
                        ),
                    ),
                ),
            ),
            content_card(
                section_title("通知公告", rx.spacer(), rx.link("更多>>", href=routes.NOTICES, size="2")),
                rx.foreach(
                    S.notices,
                    lambda n: rx.hstack(
                        rx.link(n.title, href=routes.NOTICES + "/" + n.id.to_string(), size="2"),
                        rx.spacer(),
                        rx.text(n.date, size="2", color=MUTED),
                        width="100%",
                        padding_y="4px",
                    ),
                ),
                rx.cond(S.notices.length() == 0, rx.text("暂无公告", size="2", color=MUTED)),
            ),
            spacing="4",
            width="100%",
        ),
        crumbs=("机构备案", "首页"),
    )
