"""Portal (§2): home with the three modules, province portals, notices."""

from __future__ import annotations

import reflex as rx

from filing_app import routes
from filing_app.components.forms import select
from filing_app.components.layout import content_card, section_title
from filing_app.components.table import data_table, pager
from filing_app.components.theme import MUTED, PRIMARY
from filing_app.pages.common import frame
from filing_app.state.base import AppState
from filing_app.state.portal import NoticeDetailState, PortalState


def _module(icon: str, title: str, text: str, *actions: rx.Component, card_id: str) -> rx.Component:
    return content_card(
        rx.vstack(
            rx.hstack(rx.icon(icon, size=28, color=PRIMARY), rx.heading(title, size="5"), align="center"),
            rx.text(text, size="2", color=MUTED),
            rx.hstack(*actions, spacing="2", wrap="wrap"),
            spacing="3",
            align="start",
        ),
        id=card_id,
    )


def _province_chooser() -> rx.Component:
    return rx.hstack(
        rx.text("选择省份门户：", size="2"),
        select(
            "portal_province",
            PortalState.province_options,
            placeholder="全国",
            value=AppState.portal_province,
            on_change=AppState.choose_province,
            id="province-chooser",
        ),
        align="center",
        spacing="2",
    )


def _notice_list(rows) -> rx.Component:  # noqa: ANN001
    return rx.vstack(
        rx.foreach(
            rows,
            lambda n: rx.hstack(
                rx.link(n.title, href=routes.NOTICES + "/" + n.id.to_string(), size="2",
                        class_name="notice-title"),
                rx.spacer(),
                rx.text(n.date, size="2", color=MUTED, white_space="nowrap"),
                width="100%",
                border_bottom="1px dashed #e5e7eb",
                padding_y="6px",
            ),
        ),
        rx.cond(rows.length() == 0, rx.text("暂无公告", size="2", color=MUTED)),
        width="100%",
        spacing="0",
    )


def home_page() -> rx.Component:
    return frame(
        rx.vstack(
            rx.flex(
                rx.heading("生态环境监测技术服务机构备案", size="6"),
                rx.spacer(),
                _province_chooser(),
                width="100%",
                align="center",
                wrap="wrap",
                gap="8px",
            ),
            rx.grid(
                _module(
                    "megaphone",
                    "通知公告",
                    "备案工作的政策文件、通知与公告。",
                    rx.link(rx.button("查看全部", variant="soft"), href=routes.NOTICES),
                    card_id="module-notices",
                ),
                _module(
                    "file-pen-line",
                    "机构备案",
                    "监测机构、运维机构在注册地所在省份进行备案、变更、注销。",
                    rx.cond(
                        AppState.logged_in,
                        rx.link(rx.button("进入工作台"), href=AppState.home_path),
                        rx.fragment(
                            rx.link(rx.button("登录", id="go-login"), href=routes.LOGIN),
                            rx.link(rx.button("新用户注册", variant="outline", id="go-register"),
                                    href=routes.REGISTER),
                        ),
                    ),
                    card_id="module-filing",
                ),
                _module(
                    "search",
                    "备案信息查询",
                    "查询已备案并公开的监测机构、运维机构信息。各省仅展示注册地为本省的机构。",
                    rx.link(rx.button("备案信息查询", variant="soft"), id="go-registry",
                            href=rx.cond(AppState.portal_province != "",
                                         "/p/" + AppState.portal_province + "/registry", routes.REGISTRY)),
                    card_id="module-registry",
                ),
                columns=rx.breakpoints(initial="1", md="3"),
                spacing="4",
                width="100%",
            ),
            content_card(
                section_title("通知公告", rx.spacer(), rx.link("更多>>", href=routes.NOTICES, size="2")),
                _notice_list(PortalState.home_notices),
            ),
            spacing="4",
            width="100%",
        ),
    )


def notices_page() -> rx.Component:
    return frame(
        content_card(
            section_title("通知公告"),
            _notice_list(PortalState.notice_rows),
            pager(
                PortalState.notice_total,
                PortalState.notice_page,
                PortalState.notice_page_count,
                PortalState.notice_page_numbers,
                PortalState.go_notice_page,
            ),
        ),
        crumbs=("通知公告",),
    )


def notice_detail_page() -> rx.Component:
    return frame(
        content_card(
            rx.cond(
                NoticeDetailState.error != "",
                rx.text(NoticeDetailState.error, color="red"),
                rx.vstack(
                    rx.heading(NoticeDetailState.title, size="5", text_align="center", width="100%",
                               id="notice-title"),
                    rx.text("发布日期：", NoticeDetailState.date, "　发布范围：", NoticeDetailState.scope_label,
                            size="2", color=MUTED, text_align="center", width="100%"),
                    rx.separator(),
                    rx.box(rx.text(NoticeDetailState.body, white_space="pre-wrap", size="3"), width="100%"),
                    rx.foreach(
                        NoticeDetailState.attachments,
                        lambda a: rx.link("附件：" + a.name, on_click=NoticeDetailState.download(a.id),
                                          cursor="pointer", size="2"),
                    ),
                    rx.link("< 返回列表", href=routes.NOTICES, size="2"),
                    spacing="3",
                    width="100%",
                ),
            ),
        ),
        crumbs=("通知公告", "公告详情"),
    )


__all__ = ["data_table", "home_page", "notice_detail_page", "notices_page"]
