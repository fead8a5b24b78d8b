"""技术人员 tab (§3.1.1.2, §3.1.2.2) and the 重复人员信息报备 page."""

from __future__ import annotations

from collections.abc import Sequence

import reflex as rx

from filing_app.components.forms import checkbox_group, error_text, field, radio, select, text_input
from filing_app.components.layout import hint, section_title
from filing_app.components.table import data_table, link_button
from filing_app.components.theme import DANGER, MUTED
from filing_app.components.upload import upload_box
from filing_app.components.wizard import tab_path
from filing_app.domain import enums
from filing_app.domain.enums import FilingType
from filing_app.domain.records import PERSON_CERTIFICATES, PERSON_FIELDS, TRAINING_FIELDS, FieldSpec
from filing_app.pages.common import message_box
from filing_app.pages.wizard_lists import (
    cell,
    edit_delete,
    filter_form,
    list_body,
    long_cell,
    row_dialog,
    toolbar,
)
from filing_app.pages.wizard_parts import dialog, wizard_page
from filing_app.state.wizard_people import DuplicatesState as D
from filing_app.state.wizard_people import PeopleTabState as S

PEOPLE_HINT = "填写说明:机构内从事专业技术活动的人员信息。"
SIGNER_HINT = "填写说明:请在栏目中选择授权签字人。"
STATUS_HINT = "填写说明:人员由技术岗转为非技术岗请勾选“转非技术人员”"
RULE_TEXT = ("系统遵循“一人一机构”备案原则，同一身份证号人员不允许同时在多家机构备案，须完成上一家机构的离职备案手续后，"
             "方可办理新机构入职备案。若原机构未及时处理离职备案，新入职机构需按流程提交相关情况报备。")

HELD_ELSEWHERE_HINT = "该人员目前不在本机构在职备案（例如重新备案时已在其他机构在职）：请办理离职备案或重复人员信息报备，备案提交前须处理"

MONITORING_HEADERS = ["序号", "姓名", "性别", "身份证号", "学历", "职务", "监测岗位", "专业技术人员职称", "人员状态", "操作"]
OM_HEADERS = ["序号", "姓名", "性别", "身份证号", "学历", "运维岗位", "专业技术人员职称", "人员状态", "操作"]

_SPECS = {spec.key: spec for spec in PERSON_FIELDS}
_TRAINING_SPECS = {spec.key: spec for spec in TRAINING_FIELDS}


def _spec(key: str) -> FieldSpec:
    return _SPECS[key]


def _err(key: str):  # noqa: ANN202
    return S.errors.get(key, "")


# ------------------------------------------------------------------ list


def _person_row(r, monitoring: bool) -> rx.Component:  # noqa: ANN001
    cells = [cell(r.seq), cell(r.name), cell(r.gender), cell(r.id_masked, class_name="id-masked"), cell(r.education)]
    if monitoring:
        cells.append(long_cell(r.duties))
    # A 在职 person this institution does not hold (after 重新备案): flagged until settled.
    flag = rx.cond(r.flag != "", rx.badge(r.flag, color_scheme="red", variant="soft", margin_left="4px",
                                          class_name="person-flag", title=HELD_ELSEWHERE_HINT))
    cells += [long_cell(r.posts), cell(r.title), rx.table.cell(r.status, flag, white_space="nowrap")]
    cells.append(rx.table.cell(edit_delete(S, S.open_edit(r.id), S.delete_person(r.id), r.name, prefix="person")))
    return rx.table.row(*cells, class_name="person-row")


def _filters(import_actions: Sequence[rx.Component], export_actions: Sequence[rx.Component]) -> rx.Component:
    return filter_form(
        S,
        "people-filter-form",
        [("姓名", text_input("name", id="people-filter-name", placeholder="请输入姓名", default_value=S.filter_name,
                           width="140px")),
         ("人员状态", select("status", enums.PERSON_STATUSES, placeholder="全部", id="people-filter-status",
                          default_value=S.filter_status, style={"width": "140px"}))],
        search_id="people-search",
        actions=toolbar(
            [
                rx.link(rx.button("重复人员信息报备", variant="outline", type="button"),
                        href=tab_path(S.wizard_type, "people/duplicates"), id="people-duplicates"),
                rx.button("新增", type="button", on_click=S.open_add, disabled=S.read_only, id="person-add"),
            ],
            import_actions,
            export_actions,
        ),
    )


# ------------------------------------------------------------------ person dialog


def _select_field(key: str, options, *, required: bool | None = None) -> rx.Component:  # noqa: ANN001
    spec = _spec(key)
    return field(spec.label, select(key, options, id="person-" + key, default_value=S.form[key]),
                 error=_err(key), required=spec.required if required is None else required)


def _cert_field(slot) -> rx.Component:  # noqa: ANN001
    return field(
        slot.label,
        upload_box(
            "cert-" + slot.key,
            S.cert_names.get(slot.key, ""),
            S.cert_sizes.get(slot.key, ""),
            on_upload=S.upload_cert,
            upload_args=(slot.key,),
            on_download=S.download_cert(slot.key),
            on_remove=S.remove_cert(slot.key),
            disabled=S.read_only,
        ),
        error=_err(slot.key),
        required=True,
    )


def _posts_field(filing_type: str) -> rx.Component:
    spec = _spec("posts")
    label = enums.post_label(filing_type)
    return field(label, checkbox_group("posts", spec.choices(filing_type), default_values=S.form_posts,
                                       id="person-posts"),
                 error=_err("posts"), required=True,
                 hint=SIGNER_HINT if filing_type == FilingType.MONITORING else "")


def _training_table() -> rx.Component:
    labels = [_TRAINING_SPECS[k].label for k in ("level", "organization", "content", "cert_no")]
    return rx.vstack(
        rx.box(
            rx.table.root(
                rx.table.header(rx.table.row(
                    *[rx.table.column_header_cell(h, white_space="nowrap") for h in ["序号", *labels, "操作"]])),
                rx.table.body(
                    rx.foreach(
                        S.trainings,
                        lambda t, i: rx.table.row(
                            cell(i + 1), cell(t.level), cell(t.organization), cell(t.content), cell(t.cert_no),
                            rx.table.cell(link_button("删除", on_click=S.delete_training(i),
                                                      class_name="training-delete")),
                            class_name="training-row",
                        ),
                    ),
                ),
                size="1",
                variant="surface",
                width="100%",
                id="training-table",
            ),
            overflow_x="auto",
            width="100%",
        ),
        rx.cond(S.trainings.length() == 0, rx.text("暂无培训记录", size="1", color=MUTED)),
        rx.flex(
            select("t_level", _TRAINING_SPECS["level"].choices(FilingType.OM), placeholder="培训层级",
                   id="training-level", style={"width": "110px"}),
            text_input("t_organization", placeholder="培训机构", id="training-organization", width="180px",
                       max_length=200),
            text_input("t_content", placeholder="培训内容", id="training-content", width="180px", max_length=300),
            text_input("t_cert_no", placeholder="培训证书编号", id="training-cert-no", width="150px", max_length=64),
            rx.button("添加培训记录", type="button", variant="soft", id="training-add",
                      on_click=[S.set_mode("training"),
                                rx.call_script("document.getElementById('person-form').requestSubmit()")]),
            key=S.training_key.to_string(),
            gap="6px",
            wrap="wrap",
            align="center",
            width="100%",
        ),
        error_text(_err("training_row")),
        error_text(_err("trainings")),
        spacing="2",
        width="100%",
        id="training-section",
    )


def _person_fields(filing_type: str) -> rx.Component:
    monitoring = filing_type == FilingType.MONITORING
    grid = rx.grid(
        field(_spec("id_type").label,
              select("id_type", enums.ID_TYPES, id="person-id_type", default_value=S.form["id_type"],
                     placeholder="居民身份证", on_change=S.set_id_type),
              error=_err("id_type"), required=True),
        field(_spec("id_number").label,
              text_input("id_number", id="person-id_number", placeholder="18位证件号码",
                         default_value=S.form["id_number"], max_length=20, on_blur=S.id_entered,
                         auto_complete="off"),
              error=_err("id_number"), required=True),
        field(_spec("name").label, text_input("name", id="person-name", default_value=S.form["name"], max_length=50),
              error=_err("name"), required=True),
        field(_spec("gender").label,
              rx.input(value=S.form_gender, read_only=True, placeholder="由证件号码自动识别",
                       class_name="person-gender", width="100%"),
              error=_err("gender")),
        _select_field("education", enums.EDUCATIONS),
        _select_field("degree", enums.DEGREES),
        field(_spec("major").label, text_input("major", id="person-major", default_value=S.form["major"],
                                               max_length=100),
              error=_err("major"), required=True),
        field(_spec("hire_date").label, text_input("hire_date", id="person-hire_date", type="date",
                                                   default_value=S.form["hire_date"]),
              error=_err("hire_date"), required=True),
        field(_spec("labor_relation").label,
              radio("labor_relation", enums.LABOR_RELATIONS, default_value=S.form["labor_relation"],
                    id="person-labor_relation"),
              error=_err("labor_relation"), required=True),
        _select_field("title", enums.TITLES),
        columns=rx.breakpoints(initial="1", sm="2"),
        spacing="3",
        width="100%",
    )
    return rx.vstack(
        grid,
        field(_spec("duties").label, checkbox_group("duties", enums.DUTIES, default_values=S.form_duties,
                                                    id="person-duties"),
              error=_err("duties"), required=True) if monitoring else rx.fragment(),
        _posts_field(filing_type),
        rx.grid(*[_cert_field(slot) for slot in PERSON_CERTIFICATES], columns=rx.breakpoints(initial="1", sm="3"),
                spacing="3", width="100%"),
        field(_spec("status").label,
              radio("status", enums.PERSON_STATUSES, default_value=S.form["status"], on_change=S.set_status,
                    id="person-status"),
              error=_err("status"), required=True, hint=STATUS_HINT),
        rx.cond(
            S.form_status == enums.PERSON_STATUS_LEFT,
            field(_spec("leave_date").label, text_input("leave_date", id="person-leave_date", type="date",
                                                        default_value=S.form["leave_date"], width="200px"),
                  error=_err("leave_date"), required=True),
        ),
        field(_spec("has_training").label,
              radio("has_training", enums.YES_NO, default_value=S.form_has_training, on_change=S.set_has_training,
                    id="person-has_training"),
              error=_err("has_training"), required=True),
        rx.cond(S.form_has_training == "有", _training_table()) if not monitoring else rx.fragment(),
        spacing="3",
        width="100%",
    )


def _person_dialog() -> rx.Component:
    return row_dialog(
        S,
        "person",
        rx.cond(S.editing_id == 0, "新增技术人员", "编辑人员信息"),
        rx.cond(S.is_monitoring, _person_fields(FilingType.MONITORING), _person_fields(FilingType.OM)),
        on_submit=S.submit_person,
        submit_buttons=rx.fragment(
            rx.button("保存", type="submit", variant="outline", on_click=S.set_mode("save"), id="person-save"),
            rx.button("提交", type="submit", on_click=S.set_mode("submit"), id="person-submit"),
        ),
        note=rx.text("保存:暂存人员信息，对话框保持打开;提交:校验证书等完整信息后保存并关闭。", size="1", color=MUTED,
                     margin_top="4px"),
    )


def people_tab_page(import_actions: Sequence[rx.Component] = (),
                    export_actions: Sequence[rx.Component] = ()) -> rx.Component:
    """The 技术人员 tab. import_actions (下载模板, 导入) and export_actions (导出) are the
    Excel feature's buttons; they go before and after 新增."""
    body = list_body(
        S,
        _filters(import_actions, export_actions),
        hint(PEOPLE_HINT),
        table=rx.cond(
            S.is_monitoring,
            data_table(MONITORING_HEADERS, S.rows, lambda r: _person_row(r, True), table_id="people-table"),
            data_table(OM_HEADERS, S.rows, lambda r: _person_row(r, False), table_id="people-table"),
        ),
        dialog_=_person_dialog(),
    )
    return wizard_page(S, "people", body, on_prev=S.prev_tab, on_next=S.next_tab)


# ------------------------------------------------------------------ 重复人员信息报备


def _report_row(r) -> rx.Component:  # noqa: ANN001
    return rx.table.row(
        cell(r.seq), cell(r.applied_at), cell(r.name), cell(r.gender), cell(r.id_masked), cell(r.leave_date),
        rx.table.cell(rx.cond(r.statement_attachment_id > 0,
                              link_button("下载", on_click=D.download(r.statement_attachment_id),
                                          class_name="statement-download"))),
        rx.table.cell(
            rx.vstack(
                rx.text(r.status_label, size="2", class_name="report-status"),
                rx.cond(r.reason != "", rx.text("驳回原因：", r.reason, size="1", color=DANGER)),
                spacing="0",
            ),
        ),
        class_name="report-row",
    )


def _report_dialog() -> rx.Component:
    e = D.errors
    return dialog(
        D.dialog_open,
        D.set_dialog_open,
        "新增重复人员",
        rx.form(
            rx.vstack(
                field("人员身份证号", text_input("id_number", id="report-id_number", placeholder="请输入人员身份证号",
                                           max_length=20, auto_complete="off"),
                      error=e.get("id_number", ""), required=True),
                field("人员姓名", text_input("name", id="report-name", placeholder="请输入人员姓名", max_length=50),
                      error=e.get("name", ""), required=True),
                field("原单位离职时间", text_input("leave_date", id="report-leave_date", type="date"),
                      error=e.get("leave_date", ""), required=True),
                field("附件上传",
                      upload_box("report-statement", D.statement_name, D.statement_size,
                                 on_upload=D.upload_statement, button_text="上传人员签字的离职说明"),
                      error=e.get("statement", ""), required=True),
                rx.box(message_box(D.message), id="report-message", width="100%"),
                rx.flex(
                    rx.button("取消", type="button", variant="soft", color_scheme="gray", on_click=D.close_dialog),
                    rx.button("提交", type="submit", id="report-submit"),
                    gap="12px",
                    justify="end",
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
            key=D.form_key.to_string(),
            on_submit=D.submit,
            id="report-form",
        ),
        dialog_id="report-dialog",
        max_width="520px",
    )


def duplicates_page() -> rx.Component:
    """重复人员信息报备, below the 技术人员 tab: the institution's reports (whatever the filing type)."""
    body = list_body(
        D,
        rx.hstack(
            section_title("重复人员信息报备"),
            rx.spacer(),
            rx.link("<返回技术人员", href=tab_path(D.wizard_type, "people"), size="2", id="back-to-people"),
            width="100%",
            align="center",
        ),
        rx.text(RULE_TEXT, size="2", color=MUTED),
        filter_form(
            D,
            "reports-filter-form",
            [("姓名", text_input("name", id="reports-filter-name", placeholder="请输入姓名", width="160px"))],
            search_id="reports-search",
            actions=[rx.button("新增", type="button", on_click=D.open_add, id="report-add")],
            keyed=False,
        ),
        table=data_table(["序号", "申请时间", "人员姓名", "性别", "人员身份证号", "原单位离职时间", "离职证明附件", "状态"],
                         D.rows, _report_row, table_id="reports-table"),
        dialog_=_report_dialog(),
    )
    return wizard_page(D, "people", body, page="duplicates", extra_crumb="重复人员信息报备")
