"""设施设备 tab (§3.1.1.4, §3.1.2.4): the list with its filters and the equipment dialog."""

from __future__ import annotations

from typing import Any

import reflex as rx

from filing_app.domain import enums
from filing_app.services import equipment
from filing_app.services.actor import Actor
from filing_app.services.errors import ServiceError
from filing_app.state.wizard_lists import WizardListState, page_count, page_numbers


def _empty_form() -> dict[str, str]:
    return dict.fromkeys(equipment.FIELD_KEYS, "")


class EquipmentTabState(WizardListState):
    rows: list[equipment.EquipmentRow] = []
    total: int = 0
    page: int = 1
    filter_name: str = ""
    # Filters and page are kept while the user moves between tabs (Reflex may run on_load twice
    # on a client-side navigation, so load must not undo what the user did in between); they
    # reset when the page shows the other filing type, and filter_key makes the uncontrolled
    # filter inputs remount with the reset values.
    filter_key: int = 0
    _list_type: str = ""
    filter_condition: str = ""

    dialog_open: bool = False
    editing_id: int = 0
    form_key: int = 0
    form: dict[str, str] = _empty_form()
    errors: dict[str, str] = {}
    message: str = ""
    _stamp: str = ""

    @rx.var
    def page_count(self) -> int:
        return page_count(self.total)

    @rx.var
    def page_numbers(self) -> list[int]:
        return page_numbers(self.page, self.total)

    def _load_rows(self, actor: Actor | None = None) -> Any:
        try:
            result = self._read(actor, equipment.list_equipment, self.wizard_type, name=self.filter_name,
                                condition=self.filter_condition, page=self.page)
        except ServiceError as exc:
            return self._error(exc)
        self.rows = result.rows
        self.total = result.total
        self.page = result.page
        return None

    @rx.event
    def load(self):
        actor, redirect = self._enter()
        if redirect:
            return redirect
        if self._list_type != self.wizard_type:
            self._list_type = self.wizard_type
            self.filter_name = ""
            self.filter_condition = ""
            self.filter_key += 1
            self.page = 1
            self.dialog_open = False
        return self._load_rows(actor)

    @rx.event
    def search(self, form: dict):
        self.filter_name = str(form.get("name", ""))[:100]
        condition = str(form.get("condition", ""))
        self.filter_condition = condition if condition in enums.EQUIPMENT_CONDITIONS else ""
        self.page = 1
        return self._load_rows()

    @rx.event
    def go_page(self, page: int | str):
        try:
            self.page = max(1, min(int(page), self.page_count))
        except (TypeError, ValueError):
            return None
        return self._load_rows()

    @rx.event
    def open_add(self):
        if not self.editable:
            return rx.toast.error(self.read_only_reason or "当前不能修改")
        self.editing_id = 0
        self._stamp = ""
        self.form = _empty_form()
        self.form_key += 1
        self.errors = {}
        self.message = ""
        self.dialog_open = True
        return None

    @rx.event
    def open_edit(self, equipment_id: int):
        try:
            detail = self._call(equipment.get_equipment, equipment_id, readonly=True)
        except ServiceError as exc:
            return self._error(exc)
        self.editing_id = detail.id
        self._stamp = detail.stamp
        self.form = dict(detail.values)
        self.form_key += 1
        self.errors = {}
        self.message = ""
        self.dialog_open = True
        return None

    @rx.event
    def set_dialog_open(self, value: bool):
        self.dialog_open = bool(value)

    @rx.event
    def submit(self, form: dict):
        if not self.editable:
            return rx.toast.error(self.read_only_reason or "当前不能修改")
        data = {key: str(form.get(key, "")) for key in equipment.FIELD_KEYS}
        try:
            if self.editing_id:
                saved = self._call(equipment.update_equipment, self.editing_id, data, stamp=self._stamp)
            else:
                saved = self._call(equipment.add_equipment, self.wizard_type, data)
        except ServiceError as exc:
            self.errors = exc.field_errors
            self.message = exc.message
            return None
        self.errors = {}
        self.message = ""
        self.dialog_open = False
        self._load_rows()
        return rx.toast.success(f"已提交：{saved.name}")

    @rx.event
    def delete_equipment(self, equipment_id: int):
        try:
            self._call(equipment.delete_equipment, equipment_id)
        except ServiceError as exc:
            return self._error(exc)
        self._load_rows()
        return rx.toast.success("已删除")

    @rx.event
    def next_tab(self):
        return self._next_from("equipment")

    @rx.event
    def prev_tab(self):
        return self._step("equipment", -1)
