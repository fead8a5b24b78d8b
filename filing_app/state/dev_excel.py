"""Developer page /dev/excel/<type>: the Excel buttons against the actor's filing (dev tools only)."""

from __future__ import annotations

import reflex as rx

from filing_app.domain.enums import FILING_TYPE_LABELS, FILING_TYPES, Role
from filing_app.services.errors import ServiceError
from filing_app.services.excel import preview
from filing_app.settings import get_settings
from filing_app.state.base import AppState


class DevExcelState(AppState):
    enabled: bool = False
    type_label: str = ""
    status_label: str = ""
    people_total: int = 0
    equipment_total: int = 0
    people: list[preview.PersonLine] = []
    equipment: list[preview.EquipmentLine] = []
    # The filters an export passes on (explicit handlers, no automatic setters).
    q_name: str = ""
    q_status: str = ""
    q_device: str = ""
    q_condition: str = ""

    @rx.event
    def load(self):
        self.enabled = get_settings().dev_tools
        if not self.enabled:
            return None
        actor, redirect = self._guard(Role.INST_MAIN, Role.INST_SUB)
        if redirect:
            return redirect
        return self._refresh()

    def _refresh(self):
        filing_type = self.router.page.params.get("filing_type", "")
        if filing_type not in FILING_TYPES:
            return rx.toast.error("备案类型无效")
        self.type_label = FILING_TYPE_LABELS[filing_type]
        try:
            data = self._call(preview.preview, filing_type, readonly=True)
        except ServiceError as exc:
            return self._error(exc)
        self.status_label = data.status_label
        self.people_total = data.people_total
        self.equipment_total = data.equipment_total
        self.people = data.people
        self.equipment = data.equipment
        return None

    @rx.event
    def reload(self):
        if not get_settings().dev_tools:
            return None
        return self._refresh()

    @rx.event
    def set_filter(self, key: str, value: str):
        value = str(value)[:50]
        if key == "name":
            self.q_name = value
        elif key == "status":
            self.q_status = value
        elif key == "device":
            self.q_device = value
        elif key == "condition":
            self.q_condition = value
