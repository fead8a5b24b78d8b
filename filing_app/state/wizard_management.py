"""管理能力 tab: 质量手册 (monitoring, §3.1.1.5); 质量管理制度手册 and 管理体系认证 rows (O&M, §3.1.2.5)."""

from __future__ import annotations

import reflex as rx
from reflex_base.utils.form import FormData

from filing_app.domain import filing_rules as rules
from filing_app.services import filings
from filing_app.domain.enums import FilingType
from filing_app.services.actor import Actor
from filing_app.state.wizard import WizardPageState
from filing_app.state.wizard_certs import CertificateTabMixin


class ManagementTabState(CertificateTabMixin, WizardPageState):
    manual_id: int = 0
    manual_name: str = ""
    manual_size: str = ""
    has_mgmt_certs: str = ""

    def _cert_kind(self) -> str:
        return rules.CERT_MGMT

    @rx.event
    def load(self):
        return self._load_page("management", self._fill)

    def _fill(self, actor: Actor) -> None:
        tab = self._call_as(actor, filings.load_management, self.wizard_type, readonly=True)
        if self.wizard_type == FilingType.OM:
            self.cert_page = 1
            self._load_certs()
        self.version = tab.version
        self._show_manual(tab.quality_manual)
        self.has_mgmt_certs = tab.has_mgmt_certs

    def _show_manual(self, view: filings.FileView | None) -> None:
        self.manual_id = view.id if view else 0
        self.manual_name = view.name if view else ""
        self.manual_size = view.size_text if view else ""

    @rx.event
    def set_has_mgmt_certs(self, value: str):
        self.has_mgmt_certs = value if value in (rules.YES, rules.NO) else ""

    def _after_cert_saved(self) -> None:
        self.has_mgmt_certs = rules.YES

    @rx.event
    async def upload_manual(self, files: list[rx.UploadFile]):
        view, reply = await self._attach(files, "quality_manual")
        if view is not None:
            self._show_manual(view)
        return reply

    @rx.event
    def submit_form(self, form: FormData):
        return self._save_tab(form, "management", filings.save_management,
                              {"has_mgmt_certs": form.get("has_mgmt_certs", "")})
