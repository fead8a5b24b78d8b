"""设施设备 tab (§3.1.1.4, §3.1.2.4)."""

from __future__ import annotations

from collections.abc import Sequence

import reflex as rx

from filing_app.components.forms import field, select, text_input
from filing_app.components.layout import hint
from filing_app.components.table import data_table
from filing_app.domain import enums
from filing_app.domain.enums import FilingType
from filing_app.domain.records import EQUIPMENT_FIELDS, ENUM
from filing_app.pages.wizard_lists import cell, edit_delete, filter_form, list_body, row_dialog, toolbar
from filing_app.pages.wizard_parts import wizard_page
from filing_app.state.wizard_equipment import EquipmentTabState as S

OM_HINT = "填报说明:设备类型为自动监测设备或用于自动监测比对、校准等用途的采样、分析和校准类手工监测设备。"
HEADERS = ["序号", *[spec.label for spec in EQUIPMENT_FIELDS], "操作"]
# The dialog in the manual's order (图 3-8 / 3-15).
DIALOG_ORDER = ("equipment_type", "name", "model", "ownership", "number_type", "number", "manufacturer",
                "metrology_status", "condition")
_SPECS = {spec.key: spec for spec in EQUIPMENT_FIELDS}


def _row(r) -> rx.Component:  # noqa: ANN001
    return rx.table.row(
        cell(r.seq), cell(r.equipment_type), cell(r.name), cell(r.model), cell(r.number_type), cell(r.number),
        cell(r.ownership), cell(r.manufacturer), cell(r.metrology_status), cell(r.condition),
        rx.table.cell(edit_delete(S, S.open_edit(r.id), S.delete_equipment(r.id), r.name, prefix="equipment")),
        class_name="equipment-row",
    )


def _filters(import_actions: Sequence[rx.Component], export_actions: Sequence[rx.Component]) -> rx.Component:
    return filter_form(
        S,
        "equipment-filter-form",
        [("设备名称", text_input("name", id="equipment-filter-name", placeholder="请输入设备名称",
                              default_value=S.filter_name, width="160px")),
         ("设备状况", select("condition", enums.EQUIPMENT_CONDITIONS, placeholder="请选择设备状况",
                          id="equipment-filter-condition", default_value=S.filter_condition,
                          style={"width": "140px"}))],
        search_id="equipment-search",
        search_label=rx.cond(S.is_monitoring, "查询", "立即查询"),
        actions=toolbar(
            [rx.button("新增", type="button", on_click=S.open_add, disabled=S.read_only, id="equipment-add")],
            import_actions,
            export_actions,
        ),
    )


def _dialog_field(key: str) -> rx.Component:
    spec = _SPECS[key]
    if spec.kind == ENUM:
        control = select(key, spec.choices(FilingType.MONITORING), id="equipment-" + key,
                         default_value=S.form[key], placeholder="请选择" + spec.label)
    else:
        control = text_input(key, id="equipment-" + key, default_value=S.form[key], max_length=spec.max_length,
                             placeholder="请输入" + spec.label)
    return field(spec.label, control, error=S.errors.get(key, ""), required=spec.required)


def _dialog() -> rx.Component:
    return row_dialog(
        S,
        "equipment",
        rx.cond(S.editing_id == 0, "新增设备信息", "编辑设备信息"),
        rx.grid(*[_dialog_field(k) for k in DIALOG_ORDER], columns=rx.breakpoints(initial="1", sm="2"),
                spacing="3", width="100%"),
        on_submit=S.submit,
        submit_buttons=rx.button("提交", type="submit", id="equipment-submit"),
        max_width="720px",
    )


def equipment_tab_page(import_actions: Sequence[rx.Component] = (),
                       export_actions: Sequence[rx.Component] = ()) -> rx.Component:
    """The 设施设备 tab. import_actions (下载模板, 导入) and export_actions (导出) are the
    Excel feature's buttons; they go before and after 新增."""
    body = list_body(
        S,
        _filters(import_actions, export_actions),
        rx.cond(~S.is_monitoring, hint(OM_HINT)),
        table=data_table(HEADERS, S.rows, _row, table_id="equipment-table"),
        dialog_=_dialog(),
    )
    return wizard_page(S, "equipment", body, on_prev=S.prev_tab, on_next=S.next_tab)
