"""技术能力: monitoring (§3.1.1.3) and O&M (§3.1.2.3) on one page, driven by the route's type."""

from __future__ import annotations

import reflex as rx

from filing_app.components.forms import choice_radio, date_range, field, text_input
from filing_app.components.layout import hint, section_title
from filing_app.components.upload import upload_box
from filing_app.domain import filing_rules as rules
from filing_app.domain.enums import FilingType
from filing_app.pages.wizard_certs import add_button, cert_dialog, cert_section, cert_table
from filing_app.pages.wizard_parts import hidden_action, wizard_page
from filing_app.state.wizard_capability import CapabilityTabState as S

FORM_ID = "capability-form"


def _upload(slot: str) -> rx.Component:
    return upload_box(slot, S.file_names[slot], S.file_sizes[slot], on_upload=S.upload_slot, upload_args=(slot,),
                      on_download=S.download(S.file_ids[slot]), disabled=S.read_only,
                      error=S.errors.get(slot, ""))


def _period_error(start: str, end: str):  # noqa: ANN202
    e = S.errors
    return rx.cond(e.get(start, "") != "", e.get(start, ""), e.get(end, ""))


def _monitoring() -> rx.Component:
    e, v, ro = S.errors, S.values, S.read_only
    form = rx.form(
        hidden_action(),
        rx.grid(
            field("资质认定证书编号(CMA)", text_input("cma_cert_no", default_value=v["cma_cert_no"], max_length=64,
                                                placeholder="12位数字", disabled=ro),
                  error=e.get("cma_cert_no", ""), required=True),
            field("资质认定有效期", date_range("cma_valid_from", "cma_valid_to", start_value=v["cma_valid_from"],
                                        end_value=v["cma_valid_to"], disabled=ro),
                  error=_period_error("cma_valid_from", "cma_valid_to"), required=True),
            field("资质认定证书", _upload("cma_cert"), required=True),
            field("资质认定证书附表", rx.vstack(_upload("cma_annex"), hint("填报说明：多个分场所的能力附表合并后上传"),
                                          spacing="1"),
                  required=True),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="4",
            width="100%",
        ),
        rx.box(
            field("检测实验室认可证书(CNAS)", choice_radio("has_cnas", (rules.YES, rules.NO), default_value=S.has_cnas,
                                                    disabled=ro, on_change=S.set_has_cnas),
                  error=e.get("has_cnas", ""), required=True),
            margin_top="16px",
        ),
        rx.grid(
            field("CNAS认可证书编号", text_input("cnas_cert_no", default_value=v["cnas_cert_no"], max_length=64,
                                              placeholder="如 CNAS L1234", disabled=ro),
                  error=e.get("cnas_cert_no", ""), required=True),
            field("CNAS认可有效期", date_range("cnas_valid_from", "cnas_valid_to", start_value=v["cnas_valid_from"],
                                           end_value=v["cnas_valid_to"], disabled=ro),
                  error=_period_error("cnas_valid_from", "cnas_valid_to"), required=True),
            field("检测实验室认可证书", _upload("cnas_cert"), required=True),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="4",
            width="100%",
            margin_top="8px",
            padding="12px",
            border="1px dashed #dfe4ea",
            border_radius="6px",
            display=rx.cond(S.has_cnas == rules.YES, "grid", "none"),
            id="cnas-details",
        ),
        rx.box(
            field("其他认证认可资质", choice_radio("has_other_certs", (rules.YES, rules.NO),
                                             default_value=S.has_other_certs, disabled=ro,
                                             on_change=S.set_has_other_certs),
                  error=e.get("has_other_certs", "")),
            margin_top="16px",
        ),
        id=FORM_ID,
        key=S.form_key,
        on_submit=S.submit_form,
        width="100%",
    )
    others = cert_section(S, rules.CERT_OTHER, "其他认证认可资质",
                          "其他认证认可资质：填写证书类型、证书编号、有效期，无需上传佐证材料。",
                          shown=S.has_other_certs == rules.YES, section_id="other-certs")
    return rx.vstack(section_title("资质认定"), form, others, spacing="3", width="100%")


def _om() -> rx.Component:
    return rx.vstack(
        rx.form(hidden_action(), id=FORM_ID, key=S.form_key, on_submit=S.submit_form),
        rx.flex(section_title("运维服务能力"), rx.spacer(), add_button(S), width="100%", align="center"),
        hint("填写说明：证书信息是指外部发放的运维领域能力认定证书。"),
        cert_table(S, rules.CERT_OM_CAPABILITY),
        cert_dialog(S, rules.CERT_OM_CAPABILITY, "运维服务能力"),
        spacing="2",
        width="100%",
    )


def wizard_capability_page() -> rx.Component:
    return wizard_page(S, "capability", rx.cond(S.wizard_type == FilingType.MONITORING, _monitoring(), _om()),
                       form_id=FORM_ID)
