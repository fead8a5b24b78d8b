"""设施设备 tab (§3.1.1.4, §3.1.2.4): the list with its filters and the equipment dialog."""

from __future__ import annotations

import reflex as rx

from filing_app.domain import enums
from filing_app.services import equipment
from filing_app.services.actor import Actor
from filing_app.services.errors import ServiceError
from filing_app.state.wizard import WizardPageState
from filing_app.state.wizard_lists import ListTabMixin

NAME_FILTER_MAX = 100


def _empty_form() -> dict[str, str]:
    return dict.fromkeys(equipment.FIELD_KEYS, "")


class EquipmentTabState(ListTabMixin, WizardPageState):
    rows: list[equipment.EquipmentRow] = []
    filter_condition: str = ""
    # the dialog's loaded values (form_key remounts its uncontrolled inputs; errors / message are the base's)
    form: dict[str, str] = _empty_form()

    def _tab(self) -> str:
        return "equipment"

    def _fetch(self, actor: Actor | None) -> equipment.EquipmentPage:
        return self._call_as(actor, equipment.list_equipment, self.wizard_type, name=self.filter_name,
                        condition=self.filter_condition, page=self.page, readonly=True)

    def _set_filters(self, form: dict) -> None:
        self.filter_name = str(form.get("name", ""))[:NAME_FILTER_MAX]
        condition = str(form.get("condition", ""))
        self.filter_condition = condition if condition in enums.EQUIPMENT_CONDITIONS else ""

    def _clear_filters(self) -> None:
        super()._clear_filters()
        self.filter_condition = ""

    def _show_dialog(self, editing_id: int, stamp: str, values: dict[str, str]) -> None:
        self.editing_id = editing_id
        self._stamp = stamp
        self.form = values
        self.form_key += 1
        self.errors = {}
        self.message = ""
        self.dialog_open = True

    @rx.event
    def open_add(self):
        if self.read_only:
            return self._locked()
        self._show_dialog(0, "", _empty_form())
        return None

    @rx.event
    def open_edit(self, equipment_id: int):
        try:
            detail = self._call(equipment.get_equipment, equipment_id, readonly=True)
        except ServiceError as exc:
            return self._error(exc)
        self._show_dialog(detail.id, detail.stamp, dict(detail.values))
        return None

    @rx.event
    def submit(self, form: dict):
        if self.read_only:
            return self._locked()
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
        return self._delete_row(equipment.delete_equipment, equipment_id)
