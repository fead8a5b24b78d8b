"""基本信息 (§3.1.1.1 / §3.1.2.1): one page for both filing types, driven by the route's type."""

from __future__ import annotations

import reflex as rx

from filing_app.components.forms import checkbox_group, choice_radio, date_input, field, select, text_input
from filing_app.components.layout import hint, section_title
from filing_app.components.table import data_table, link_button, pager
from filing_app.components.theme import MUTED
from filing_app.components.upload import formats_hint, upload_box
from filing_app.domain import enums, regions
from filing_app.domain.enums import FilingType
from filing_app.domain.filing_rules import FALSE_LABEL, TRUE_LABEL
from filing_app.pages.wizard_parts import (
    delete_button,
    dialog,
    dialog_buttons,
    hidden_action,
    row_actions,
    wizard_page,
)
from filing_app.state.wizard_basic import BasicTabState as S

FORM_ID = "basic-form"
PROVINCE_CODES = [code for code, _ in regions.PROVINCES]
PROVINCE_LABELS = dict(regions.PROVINCES)


def _by_type(monitoring: rx.Component, om: rx.Component) -> rx.Component:
    return rx.cond(S.wizard_type == FilingType.MONITORING, monitoring, om)


def _categories() -> rx.Component:
    return _by_type(
        field("监测类别（可多选）", checkbox_group("categories", enums.MONITORING_CATEGORIES,
                                          default_values=S.categories, disabled=S.read_only, id="categories"),
              error=S.errors.get("categories", ""), required=True),
        rx.vstack(
            field("运维类别（可多选）", checkbox_group("categories", enums.OM_CATEGORIES, default_values=S.categories,
                                              disabled=S.read_only, id="categories",
                                              on_change_option={"其他": S.toggle_other}),
                  error=S.errors.get("categories", ""), required=True),
            rx.box(
                field("其他运维类别", text_input("other_category", default_value=S.other_category, max_length=200,
                                           placeholder="选择“其他”时填写具体类别", disabled=S.read_only),
                      error=S.errors.get("other_category", ""), required=True),
                display=rx.cond(S.other_checked, "block", "none"),
                width="100%",
            ),
            width="100%",
            spacing="3",
        ),
    )


def _form() -> rx.Component:
    e = S.errors
    ro = S.read_only
    return rx.form(
        hidden_action(),
        section_title("机构基本信息"),
        rx.grid(
            field("机构类别",
                  _by_type(choice_radio("inst_category", enums.MONITORING_INSTITUTION_CATEGORIES,
                                        default_value=S.inst_category, disabled=ro),
                           choice_radio("inst_category", enums.OM_INSTITUTION_CATEGORIES,
                                        default_value=S.inst_category, disabled=ro)),
                  error=e.get("inst_category", ""), required=True),
            field("组织名称", text_input("org_name", default_value=S.org_name, max_length=200, disabled=ro,
                                     placeholder="与营业执照或法人登记证书一致"),
                  error=e.get("org_name", ""), required=True),
            field("是否独立法人", choice_radio("independent_legal_person", (TRUE_LABEL, FALSE_LABEL),
                                         default_value=S.independent_legal_person, disabled=ro),
                  error=e.get("independent_legal_person", ""), required=True),
            rx.cond(
                S.wizard_type == FilingType.MONITORING,
                field("首次获得资质认定时间(CMA)", date_input("cma_first_date", default_value=S.cma_first_date,
                                                      disabled=ro),
                      error=e.get("cma_first_date", ""), required=True),
            ),
            field("机构性质", select("nature", enums.INSTITUTION_NATURES, default_value=S.nature, disabled=ro),
                  error=e.get("nature", ""), required=True),
            field("法定代表人", text_input("legal_rep", default_value=S.legal_rep, max_length=50, disabled=ro),
                  error=e.get("legal_rep", ""), required=True),
            field("法定代表人联系方式(手机)",
                  text_input("legal_rep_phone", default_value=S.phone_masked, type="tel", max_length=13,
                             placeholder="11位手机号", disabled=ro, auto_complete="off"),
                  error=e.get("legal_rep_phone", ""), required=True,
                  hint="已填号码以 188****7808 的形式显示，不修改则保持原号码；如需更换，请清空后输入新号码"),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="4",
            width="100%",
        ),
        rx.box(_categories(), margin_top="16px", width="100%"),
        rx.box(section_title("注册地址"), margin_top="20px"),
        rx.grid(
            field("省份", rx.text(S.province_name, size="2", id="reg-province", padding_y="6px"), required=True,
                  hint="注册地所在省份，由该省生态环境部门审查"),
            field("城市", select("reg_city_code", S.city_options, default_value=S.city_code, disabled=ro),
                  error=e.get("reg_city_code", ""), required=True),
            field("详细地址", text_input("reg_address", default_value=S.reg_address, max_length=300, disabled=ro,
                                     placeholder="街道、门牌号"),
                  error=e.get("reg_address", ""), required=True),
            columns=rx.breakpoints(initial="1", md="3"),
            spacing="4",
            width="100%",
        ),
        id=FORM_ID,
        key=S.form_key,
        on_submit=S.submit_form,
        width="100%",
    )


def _site_row(row) -> rx.Component:  # noqa: ANN001
    return rx.table.row(
        rx.table.cell(row.seq),
        rx.table.cell(row.province_name, white_space="nowrap"),
        rx.table.cell(row.city_name, white_space="nowrap"),
        rx.table.cell(row.address),
        rx.table.cell(row.area),
        rx.table.cell(rx.cond(row.proof_id > 0, link_button(row.proof_name, on_click=S.download(row.proof_id)),
                              rx.text("未上传", color=MUTED, size="2"))),
        rx.table.cell(
            rx.cond(
                S.read_only,
                rx.text("—", color=MUTED),
                row_actions(
                    link_button("编辑", on_click=S.open_site(row.id), class_name="row-edit"),
                    delete_button(S.delete_site(row.id), "确定删除该分场所吗？"),
                ),
            ),
        ),
        class_name="site-row",
    )


def _sites() -> rx.Component:
    return rx.vstack(
        section_title(
            "分场所",
            rx.spacer(),
            rx.cond(S.read_only, rx.fragment(),
                    rx.button("新增", size="1", on_click=S.open_site(0), id="site-add", type="button")),
        ),
        hint("填写说明：若存在多个分场所地址，点击“新增”填写省份、城市、详细地址、面积，并上传证明材料。"),
        data_table(["序号", "省份", "城市", "详细地址", "面积(m²)", "证明材料", "操作"], S.site_rows, _site_row,
                   table_id="site-table"),
        pager(S.site_total, S.site_page, S.site_page_count, S.site_page_numbers, S.go_site_page),
        width="100%",
        spacing="2",
    )


def _site_dialog() -> rx.Component:
    e = S.site_errors
    return dialog(
        S.site_dialog_open,
        S.site_open_change,
        "分场所信息",
        rx.form(
            rx.vstack(
                rx.grid(
                    field("省份", select("province_code", PROVINCE_CODES, labels=PROVINCE_LABELS,
                                       default_value=S.site_province, on_change=S.site_province_changed,
                                       id="site_province"),
                          error=e.get("province_code", ""), required=True),
                    field("城市", rx.box(select("city_code", S.site_cities, default_value=S.site_city,
                                              id="site_city"), key=S.site_province, width="100%"),
                          error=e.get("city_code", ""), required=True),
                    columns="2",
                    spacing="3",
                    width="100%",
                ),
                field("详细地址", text_input("address", default_value=S.site_address, max_length=300,
                                         id="site_address"),
                      error=e.get("address", ""), required=True),
                field("面积(m²)", text_input("area_m2", default_value=S.site_area, id="site_area",
                                           placeholder="如 120.5", input_mode="decimal"),
                      error=e.get("area_m2", ""), required=True),
                field("证明材料", upload_box("site-proof", S.site_proof_name, S.site_proof_size,
                                         on_upload=S.upload_site_proof, error=e.get("proof", ""),
                                         hint=formats_hint("房产证明或租赁合同等，")),
                      required=True),
                dialog_buttons(S.close_site, "site-submit"),
                spacing="3",
                width="100%",
            ),
            key=S.site_form_key,
            on_submit=S.save_site,
            id="site-form",
        ),
        dialog_id="site-dialog",
    )


def wizard_basic_page() -> rx.Component:
    return wizard_page(
        S,
        "basic",
        rx.vstack(_form(), _sites(), _site_dialog(), spacing="4", width="100%"),
        form_id=FORM_ID,
    )
