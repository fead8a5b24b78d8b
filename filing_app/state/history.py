"""/institution/history: the institution's submissions and the decisions on them."""

from __future__ import annotations

import reflex as rx

from filing_app.components.table import page_window
from filing_app.domain.enums import Role
from filing_app.services import review
from filing_app.services.errors import ServiceError
from filing_app.state.base import AppState

PAGE_SIZE = 10


class InstitutionHistoryState(AppState):
    rows: list[review.HistoryRow] = []
    total: int = 0
    page: int = 1

    @rx.event
    def load(self):
        actor, redirect = self._guard(Role.INST_MAIN, Role.INST_SUB)
        if redirect:
            return redirect
        self.page = 1
        return self._fetch()

    def _fetch(self):
        try:
            result = self._call(review.institution_history, page=self.page, page_size=PAGE_SIZE, readonly=True)
        except ServiceError as exc:
            return self._error(exc)
        self.rows, self.total, self.page = result.rows, result.total, result.page

    @rx.event
    def go_page(self, page: int | str):
        try:
            page = int(page)
        except (TypeError, ValueError):
            page = self.page
        self.page = max(1, min(page, self.page_count))
        return self._fetch()

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @rx.var
    def page_numbers(self) -> list[int]:
        return page_window(self.page, self.page_count)
