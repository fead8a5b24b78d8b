"""Developer page /dev/excel/<type>: 下载模板 · 导入 · 导出 of both lists against the actor's filing.

Registered only when settings.dev_tools is on. It lets the Excel flow be tried end to
end before the wizard's 技术人员 and 设施设备 tabs host the same buttons.
"""

from __future__ import annotations

import reflex as rx

from filing_app.components.excel_io import excel_actions
from filing_app.components.forms import select
from filing_app.components.layout import content_card, hint, section_title
from filing_app.components.table import data_table, filter_bar
from filing_app.domain.enums import EQUIPMENT_CONDITIONS, PERSON_STATUSES
from filing_app.pages.common import frame
from filing_app.state.dev_excel import DevExcelState as S
from filing_app.state.excel_io import excel_view


def _people() -> rx.Component:
    view = excel_view("people", filters={"name": S.q_name, "status": S.q_status}, on_done=S.reload)
    return rx.box(
        section_title("技术人员", rx.text("共 ", S.people_total, " 人", size="2", color="gray", id="people-total")),
        filter_bar(
            rx.input(placeholder="姓名", on_change=lambda v: S.set_filter("name", v), id="q-name", width="140px"),
            select("q-status", list(PERSON_STATUSES), placeholder="人员状态",
                   on_change=lambda v: S.set_filter("status", v)),
            actions=excel_actions(view),
        ),
        hint("填写说明:机构内从事专业技术活动的人员信息。"),
        data_table(
            ["序号", "姓名", "性别", "身份证号", "学历", "岗位", "职称", "人员状态"],
            S.people,
            lambda p, i: rx.table.row(
                rx.table.cell(i + 1), rx.table.cell(p.name), rx.table.cell(p.gender), rx.table.cell(p.id_masked),
                rx.table.cell(p.education), rx.table.cell(p.posts), rx.table.cell(p.title), rx.table.cell(p.status),
            ),
            table_id="dev-people",
        ),
        margin_bottom="24px",
    )


def _equipment() -> rx.Component:
    view = excel_view("equipment", filters={"name": S.q_device, "condition": S.q_condition}, on_done=S.reload)
    return rx.box(
        section_title("设施设备", rx.text("共 ", S.equipment_total, " 台", size="2", color="gray",
                                          id="equipment-total")),
        filter_bar(
            rx.input(placeholder="设备名称", on_change=lambda v: S.set_filter("device", v), id="q-device",
                     width="140px"),
            select("q-condition", list(EQUIPMENT_CONDITIONS), placeholder="设备状况",
                   on_change=lambda v: S.set_filter("condition", v)),
            actions=excel_actions(view),
        ),
        data_table(
            ["序号", "设备类型", "设备名称", "型号/规格", "设备编号", "设备状况"],
            S.equipment,
            lambda e, i: rx.table.row(
                rx.table.cell(i + 1), rx.table.cell(e.equipment_type), rx.table.cell(e.name),
                rx.table.cell(e.model), rx.table.cell(e.number), rx.table.cell(e.condition),
            ),
            table_id="dev-equipment",
        ),
    )


def dev_excel_page() -> rx.Component:
    return frame(
        content_card(
            rx.cond(
                S.enabled,
                rx.box(
                    rx.text("备案类型：", S.type_label, "　状态：", S.status_label, size="2", margin_bottom="12px",
                            id="dev-excel-filing"),
                    _people(),
                    _equipment(),
                ),
                rx.text("该页面仅在开发环境提供。"),
            ),
        ),
        crumbs=("开发工具", "Excel导入导出"),
    )
