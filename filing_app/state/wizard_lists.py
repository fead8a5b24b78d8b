"""The paged lists of the wizard's pages 技术人员, 设施设备 and 重复人员信息报备.

Mixins, not base states: a base state's handlers run on the base's own instance, where the
page's rows and hooks are unknown; a mixin's vars and handlers are copied into each page state
(which also subclasses WizardPageState for the filing, the breadcrumb and read-only).

A page state defines `rows` and the hooks `_fetch` (one page from its service) and, when its
filters are more than 姓名, `_set_filters` / `_clear_filters`; a list tab also `_tab`.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from filing_app.components.table import page_window
from filing_app.services.actor import Actor
from filing_app.services.errors import ServiceError
from filing_app.services.filing_access import PAGE_SIZE, page_count

NAME_FILTER_MAX = 50


class ListPageMixin(rx.State, mixin=True):
    """One page of rows with its filters, pager and the row dialog's open/close."""

    total: int = 0
    page: int = 1
    filter_name: str = ""
    dialog_open: bool = False
    editing_id: int = 0  # the row the dialog edits; 0 while adding

    @rx.var
    def page_count(self) -> int:
        return page_count(self.total, PAGE_SIZE)

    @rx.var
    def page_numbers(self) -> list[int]:
        return page_window(self.page, page_count(self.total, PAGE_SIZE))

    def _fetch(self, actor: Actor | None) -> Any:
        """One page of the list (a DTO with rows, total, page) for the current filters and page."""
        raise NotImplementedError

    def _set_filters(self, form: dict) -> None:
        self.filter_name = str(form.get("name", ""))[:NAME_FILTER_MAX]

    def _show_rows(self, actor: Actor | None = None) -> None:
        """Fetch the current page into rows (raises ServiceError)."""
        result = self._fetch(actor)
        self.rows = result.rows
        self.total = result.total
        self.page = result.page

    def _load_rows(self, actor: Actor | None = None) -> Any:
        try:
            self._show_rows(actor)
        except ServiceError as exc:
            return self._error(exc)
        return None

    def _close(self) -> None:
        self.dialog_open = False

    def _delete_row(self, delete: Any, row_id: Any) -> Any:
        """删除 of a row (the service checks the row is the institution's and the filing editable)."""
        try:
            self._call(delete, row_id)
        except ServiceError as exc:
            return self._error(exc)
        self._load_rows()
        return rx.toast.success("已删除")

    @rx.event
    def search(self, form: dict):
        """查询 (an uncontrolled filter form)."""
        self._set_filters(form)
        self.page = 1
        return self._load_rows()

    @rx.event
    def go_page(self, page: int | str):
        try:
            self.page = max(1, min(int(page), page_count(self.total, PAGE_SIZE)))
        except (TypeError, ValueError):
            return None
        return self._load_rows()

    @rx.event
    def set_dialog_open(self, value: bool):
        """The dialog's on_open_change (Esc, a click outside): it only ever closes here."""
        if not value:
            self._close()

    @rx.event
    def close_dialog(self):
        """取消."""
        self._close()


class ListTabMixin(ListPageMixin, mixin=True):
    """A wizard tab that is a list (技术人员, 设施设备): its load, 上一步 and 下一步."""

    # Filters and page are kept while the user moves between tabs (Reflex may run on_load twice
    # on a client-side navigation, so load must not undo what the user did in between); they
    # reset when the page shows the other filing type, and filter_key makes the uncontrolled
    # filter inputs remount with the reset values.
    filter_key: int = 0
    _list_type: str = ""
    _stamp: str = ""  # the edited row's version (services.filing_access.stamp_of)

    def _tab(self) -> str:
        raise NotImplementedError

    def _clear_filters(self) -> None:
        self.filter_name = ""

    @rx.event
    def load(self):
        return self._load_page(self._tab(), self._fill)

    def _fill(self, actor: Actor) -> None:
        if self._list_type != self.wizard_type:
            self._list_type = self.wizard_type
            self._clear_filters()
            self.filter_key += 1
            self.page = 1
            self._close()
        self._show_rows(actor)

    @rx.event
    def next_tab(self):
        return self._next_from(self._tab())

    @rx.event
    def prev_tab(self):
        return self._step(self._tab(), -1)
