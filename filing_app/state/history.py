"""/institution/history: the institution's submissions and the decisions on them."""

from __future__ import annotations

import reflex as rx

from filing_app.domain.enums import Role
from filing_app.services import review
from filing_app.services.errors import ServiceError
from filing_app.state.base import AppState
from filing_app.state.paging import PAGE_SIZE, PagedList


class InstitutionHistoryState(PagedList, AppState):
    rows: list[review.HistoryRow] = []

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
