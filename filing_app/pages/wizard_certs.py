"""The certificate list and dialog of 技术能力 and 管理能力 (tab states with CertificateTabMixin)."""

from __future__ import annotations

import reflex as rx

from filing_app.components.forms import choice_radio, date_range, field, select, text_input
from filing_app.components.layout import hint
from filing_app.components.table import data_table, link_button, pager
from filing_app.components.theme import MUTED
from filing_app.components.upload import upload_box
from filing_app.domain import enums
from filing_app.domain import filing_rules as rules
from filing_app.pages.wizard_parts import delete_button, dialog, dialog_buttons, row_actions

# kind -> (headers between 序号 and 操作, dialog title)
HEADERS = {
    rules.CERT_OTHER: ["证书类型", "证书编号", "有效期"],
    rules.CERT_OM_CAPABILITY: ["运维服务能力", "证书编号(有/无)", "证书编号", "证书有效期", "发证单位",
                               "认证机构批准书批准号", "证书附件"],
    rules.CERT_MGMT: ["证书类别", "证书编号", "证书附件"],
}


def _period(row) -> rx.Component:  # noqa: ANN001
    return rx.cond(row.valid_from != "", rx.text(row.valid_from, rx.cond(row.valid_to != "", " 至 " + row.valid_to, ""),
                                                 size="2", white_space="nowrap"), rx.fragment())


def _file(S, row) -> rx.Component:  # noqa: ANN001, N803
    return rx.cond(row.attachment_id > 0, link_button(row.attachment_name, on_click=S.download(row.attachment_id)),
                   rx.text("", size="2"))


def _cells(S, kind: str, row) -> list[rx.Component]:  # noqa: ANN001, N803
    if kind == rules.CERT_OTHER:
        return [rx.table.cell(row.cert_type), rx.table.cell(row.cert_no), rx.table.cell(_period(row))]
    if kind == rules.CERT_OM_CAPABILITY:
        return [rx.table.cell(row.capability, white_space="nowrap"), rx.table.cell(row.has_cert),
                rx.table.cell(row.cert_no), rx.table.cell(_period(row)), rx.table.cell(row.issuer),
                rx.table.cell(row.approval_no), rx.table.cell(_file(S, row))]
    return [rx.table.cell(row.cert_type), rx.table.cell(row.cert_no), rx.table.cell(_file(S, row))]


def cert_table(S, kind: str, *, editable: bool = True) -> rx.Component:  # noqa: ANN001, N803
    """The paged rows of one kind with 编辑 (where the manual has it) and 删除."""
    def render(row) -> rx.Component:  # noqa: ANN001
        actions = [delete_button(S.delete_cert(row.id), "确定删除该记录吗？")]
        if editable:
            actions.insert(0, link_button("编辑", on_click=S.open_cert(row.id), class_name="row-edit"))
        return rx.table.row(
            rx.table.cell(row.seq),
            *_cells(S, kind, row),
            rx.table.cell(rx.cond(S.read_only, rx.text("—", color=MUTED), row_actions(*actions))),
            class_name="cert-row",
        )

    return rx.vstack(
        data_table(["序号", *HEADERS[kind], "操作"], S.cert_rows, render, table_id=f"cert-table-{kind}"),
        pager(S.cert_total, S.cert_page, S.cert_page_count, S.cert_page_numbers, S.go_cert_page),
        width="100%",
        spacing="2",
    )


def add_button(S) -> rx.Component:  # noqa: ANN001, N803
    return rx.cond(S.read_only, rx.fragment(),
                   rx.button("新增", size="1", type="button", on_click=S.open_cert(0), id="cert-add"))


def _fields(S, kind: str) -> list[rx.Component]:  # noqa: ANN001, N803
    e, v = S.cert_errors, S.cert_values
    if kind == rules.CERT_OTHER:
        return [
            field("证书类型", text_input("cert_type", default_value=v["cert_type"], max_length=64,
                                     placeholder="如 计量认证、能力验证"),
                  error=e.get("cert_type", ""), required=True),
            field("证书编号", text_input("cert_no", default_value=v["cert_no"], max_length=64),
                  error=e.get("cert_no", ""), required=True),
            field("有效期", date_range("valid_from", "valid_to", start_value=v["valid_from"],
                                    end_value=v["valid_to"]),
                  error=rx.cond(e.get("valid_from", "") != "", e.get("valid_from", ""), e.get("valid_to", "")),
                  required=True, hint="开始日期必填；长期有效的证书可不填结束日期"),
        ]
    if kind == rules.CERT_MGMT:
        return [
            field("证书类别", select("cert_type", enums.MGMT_CERT_CATEGORIES, default_value=v["cert_type"]),
                  error=e.get("cert_type", ""), required=True),
            field("证书编号", text_input("cert_no", default_value=v["cert_no"], max_length=64),
                  error=e.get("cert_no", ""), required=True),
            field("证书附件", upload_box("cert-file", S.cert_file_name, S.cert_file_size,
                                     on_upload=S.upload_cert_file, error=e.get("attachment", "")),
                  hint="选填"),
        ]
    return [
        field("运维服务能力", select("capability", enums.OM_CAPABILITIES, default_value=v["capability"]),
              error=e.get("capability", ""), required=True),
        field("证书编号(有/无)", choice_radio("has_cert", (rules.YES, rules.NO), default_value=S.cert_has_cert,
                                          on_change=S.set_cert_has_cert),
              error=e.get("has_cert", ""), required=True),
        rx.cond(
            S.cert_has_cert == rules.YES,
            rx.vstack(
                field("证书编号", text_input("cert_no", default_value=v["cert_no"], max_length=64),
                      error=e.get("cert_no", ""), required=True),
                field("证书有效期", date_range("valid_from", "valid_to", start_value=v["valid_from"],
                                          end_value=v["valid_to"]),
                      error=rx.cond(e.get("valid_from", "") != "", e.get("valid_from", ""), e.get("valid_to", "")),
                      required=True),
                field("发证单位", text_input("issuer", default_value=v["issuer"], max_length=200),
                      error=e.get("issuer", ""), required=True),
                field("认证机构批准书批准号", text_input("approval_no", default_value=v["approval_no"], max_length=64),
                      error=e.get("approval_no", ""), required=True),
                field("证书附件", upload_box("cert-file", S.cert_file_name, S.cert_file_size,
                                         on_upload=S.upload_cert_file, error=e.get("attachment", "")),
                      required=True),
                spacing="3",
                width="100%",
            ),
        ),
    ]


def cert_dialog(S, kind: str, title: str) -> rx.Component:  # noqa: ANN001, N803
    return dialog(
        S.cert_dialog_open,
        S.cert_open_change,
        title,
        rx.form(
            rx.vstack(*_fields(S, kind), dialog_buttons(S.close_cert, "cert-submit"), spacing="3", width="100%"),
            key=S.cert_form_key,
            on_submit=S.save_cert,
            id="cert-form",
        ),
        dialog_id="cert-dialog",
    )


def cert_section(S, kind: str, title: str, note: str, *, shown, section_id: str) -> rx.Component:  # noqa: ANN001, N803
    """The rows of a 有/无 question (其他认证认可资质, 管理体系认证): the note with 新增, the paged
    table and the dialog, shown while the question is answered 有 (`shown`)."""
    return rx.box(
        rx.vstack(
            rx.flex(hint(note), rx.spacer(), add_button(S), width="100%", align="center"),
            cert_table(S, kind),
            cert_dialog(S, kind, title),
            width="100%",
            spacing="2",
        ),
        display=rx.cond(shown, "block", "none"),
        width="100%",
        id=section_id,
    )
