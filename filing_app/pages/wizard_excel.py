"""下载模板 · 导入 · 导出 on the wizard's 技术人员 and 设施设备 tabs (§3.1.1.2, §3.1.1.4).

The tab pages take the Excel buttons as arguments; here they are bound to each page's own
filter vars (set by 查询), so 导出 writes the list as the page shows it, and closing the
import dialog reloads the page's list.
"""

from __future__ import annotations

import reflex as rx

from filing_app.components.excel_io import excel_toolbar
from filing_app.state.excel_io import excel_view
from filing_app.state.wizard_equipment import EquipmentTabState
from filing_app.state.wizard_people import PeopleTabState


def people_excel_actions() -> dict[str, list[rx.Component]]:
    s = PeopleTabState
    return excel_toolbar(excel_view("people", filters={"name": s.filter_name, "status": s.filter_status},
                                    on_done=s.load, editable=~s.read_only))


def equipment_excel_actions() -> dict[str, list[rx.Component]]:
    s = EquipmentTabState
    return excel_toolbar(excel_view("equipment", filters={"name": s.filter_name, "condition": s.filter_condition},
                                    on_done=s.load, editable=~s.read_only))
