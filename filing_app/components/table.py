"""A paged table: 序号 first, 操作 last, footer 10条/页 · 共 N 条 · pages · 前往 N 页."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from filing_app.components.theme import BORDER, MUTED, PRIMARY


def data_table(headers: list[str], rows, render_row: Callable, *, empty_text: str = "暂无数据",  # noqa: ANN001
               table_id: str = "") -> rx.Component:
    """Rows scroll sideways on narrow screens."""
    return rx.box(
        rx.table.root(
            rx.table.header(
                rx.table.row(*[rx.table.column_header_cell(h, white_space="nowrap") for h in headers]),
            ),
            rx.table.body(rx.foreach(rows, render_row)),
            variant="surface",
            size="1",
            width="100%",
            id=table_id or None,
        ),
        rx.cond(
            rows.length() == 0,
            rx.center(rx.text(empty_text, color=MUTED, size="2"), padding="24px"),
        ),
        overflow_x="auto",
        width="100%",
    )


def pager(total, page, page_count, page_numbers, on_page, page_size: int = 10) -> rx.Component:  # noqa: ANN001
    """Footer: 10条/页 · 共 N 条 · 1 2 3 · 前往 N 页. on_page receives the page number."""
    return rx.hstack(
        rx.text(f"{page_size}条/页", size="2", color=MUTED),
        rx.text("共 ", total, " 条", size="2", color=MUTED, class_name="pager-total"),
        rx.button("<", size="1", variant="soft", disabled=page <= 1, on_click=on_page(page - 1),
                  aria_label="上一页"),
        rx.foreach(
            page_numbers,
            lambda n: rx.button(
                n,
                size="1",
                variant=rx.cond(n == page, "solid", "soft"),
                on_click=on_page(n),
            ),
        ),
        rx.button(">", size="1", variant="soft", disabled=page >= page_count, on_click=on_page(page + 1),
                  aria_label="下一页"),
        rx.text("前往", size="2", color=MUTED),
        rx.input(
            key=page.to_string(),
            default_value=page.to_string(),
            width="52px",
            size="1",
            on_blur=lambda v: on_page(v),
            aria_label="前往页码",
        ),
        rx.text("页", size="2", color=MUTED),
        spacing="2",
        align="center",
        justify="end",
        wrap="wrap",
        width="100%",
        padding_top="8px",
    )


def filter_bar(*controls: rx.Component, actions: list[rx.Component] | None = None) -> rx.Component:
    """Filters on the left (fields, then 查询), action buttons at the right."""
    return rx.flex(
        rx.flex(*controls, gap="8px", align="end", wrap="wrap"),
        rx.spacer(),
        rx.flex(*(actions or []), gap="8px", wrap="wrap"),
        gap="8px",
        wrap="wrap",
        align="end",
        width="100%",
        margin_bottom="8px",
    )


def link_button(label: str, **props) -> rx.Component:
    return rx.link(label, color=PRIMARY, size="2", cursor="pointer", **props)


def page_window(page: int, page_count: int, width: int = 7) -> list[int]:
    """The page numbers to show around the current page."""
    if page_count <= 0:
        return [1]
    start = max(1, min(page - width // 2, page_count - width + 1))
    return list(range(start, min(page_count, start + width - 1) + 1))


__all__ = ["BORDER", "data_table", "filter_bar", "link_button", "page_window", "pager"]
