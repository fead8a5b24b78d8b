"""A list paged in SQL, as the pages' states hold it: one page of rows, the total, and the
pager's page count and numbers."""

from __future__ import annotations

import reflex as rx

from filing_app.components.table import page_window

PAGE_SIZE = 10


def to_int(value, default: int = 1) -> int:  # noqa: ANN001
    """A number a browser sent (any type), or `default`."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def pages_for(total: int, page_size: int = PAGE_SIZE) -> int:
    return max(1, -(-total // page_size))


class PagedList(rx.State, mixin=True):
    """`total`, `page`, the pager's vars and `go_page` (a mixin: each page state has its own).
    The state defines `_fetch()`: read self.page, set its rows, self.total and self.page."""

    total: int = 0
    page: int = 1

    def _fetch(self):  # noqa: ANN202
        raise NotImplementedError

    @rx.event
    def go_page(self, page: int | str):
        self.page = max(1, min(to_int(page, self.page), self.page_count))
        return self._fetch()

    @rx.var
    def page_count(self) -> int:
        return pages_for(self.total)

    @rx.var
    def page_numbers(self) -> list[int]:
        return page_window(self.page, self.page_count)
