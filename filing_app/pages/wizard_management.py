"""管理能力: 质量手册 (monitoring, §3.1.1.5); 质量管理制度手册 + 管理体系认证 (O&M, §3.1.2.5)."""

from __future__ import annotations

import reflex as rx

from filing_app.components.forms import choice_radio, field
from filing_app.components.layout import hint, section_title
from filing_app.components.upload import upload_box
from filing_app.domain import filing_rules as rules
from filing_app.domain.enums import FilingType
from filing_app.pages.wizard_certs import cert_section
from filing_app.pages.wizard_parts import hidden_action, wizard_page
from filing_app.state.wizard_management import ManagementTabState as S

FORM_ID = "management-form"


def _manual(label: str, note: str) -> rx.Component:
    return field(
        label,
        rx.vstack(
            upload_box("quality_manual", S.manual_name, S.manual_size, on_upload=S.upload_manual,
                       on_download=S.download(S.manual_id), disabled=S.read_only,
                       error=S.errors.get("quality_manual", "")),
            hint(note),
            spacing="1",
        ),
        required=True,
    )


def _body() -> rx.Component:
    is_om = S.wizard_type == FilingType.OM
    form = rx.form(
        hidden_action(),
        rx.cond(
            is_om,
            rx.vstack(
                _manual("质量管理制度手册", "填写说明：请上传盖章版"),
                field("管理体系认证", choice_radio("has_mgmt_certs", (rules.YES, rules.NO),
                                             default_value=S.has_mgmt_certs, disabled=S.read_only,
                                             on_change=S.set_has_mgmt_certs),
                      error=S.errors.get("has_mgmt_certs", "")),
                spacing="4",
                width="100%",
            ),
            _manual("质量手册", "填写说明：请上传机构现行有效的《质量手册》"),
        ),
        id=FORM_ID,
        key=S.form_key,
        on_submit=S.submit_form,
        width="100%",
    )
    certs = rx.cond(
        is_om,
        cert_section(S, rules.CERT_MGMT, "管理体系认证", "管理体系认证：选择证书类别并填写证书编号，证书附件可选上传。",
                     shown=S.has_mgmt_certs == rules.YES, section_id="mgmt-certs"),
    )
    return rx.vstack(section_title("管理能力"), form, certs, spacing="3", width="100%")


def wizard_management_page() -> rx.Component:
    return wizard_page(S, "management", _body(), form_id=FORM_ID)
