"""技术能力 tab: monitoring (§3.1.1.3: CMA, CNAS, 其他认证认可资质) and O&M (§3.1.2.3: 运维服务能力 rows)."""

from __future__ import annotations

import reflex as rx
from reflex_base.utils.form import FormData

from filing_app.domain import filing_rules as rules
from filing_app.domain.enums import FilingType
from filing_app.services import filings
from filing_app.services.actor import Actor
from filing_app.state.wizard import WizardPageState
from filing_app.state.wizard_certs import CertificateTabMixin

CAPABILITY_FIELDS = ("cma_cert_no", "cma_valid_from", "cma_valid_to", "has_cnas", "cnas_cert_no", "cnas_valid_from",
                     "cnas_valid_to", "has_other_certs")
SLOTS = ("cma_cert", "cma_annex", "cnas_cert")


class CapabilityTabState(CertificateTabMixin, WizardPageState):
    values: dict[str, str] = {}
    has_cnas: str = ""
    has_other_certs: str = ""
    file_ids: dict[str, int] = {}
    file_names: dict[str, str] = {}
    file_sizes: dict[str, str] = {}

    def _cert_kind(self) -> str:
        return rules.CERT_OTHER if self.wizard_type == FilingType.MONITORING else rules.CERT_OM_CAPABILITY

    @rx.event
    def load(self):
        return self._load_page("capability", self._fill)

    def _fill(self, actor: Actor) -> None:
        tab = self._call_as(actor, filings.load_capability, self.wizard_type, readonly=True)
        self.cert_page = 1
        self._load_certs()
        self.version = tab.version
        self.values = {key: getattr(tab, key) for key in CAPABILITY_FIELDS}
        self.has_cnas = tab.has_cnas
        self.has_other_certs = tab.has_other_certs
        for slot in SLOTS:
            self._show_file(slot, getattr(tab, slot))

    def _show_file(self, slot: str, view: filings.FileView | None) -> None:
        self.file_ids[slot] = view.id if view else 0
        self.file_names[slot] = view.name if view else ""
        self.file_sizes[slot] = view.size_text if view else ""

    @rx.event
    def set_has_cnas(self, value: str):
        self.has_cnas = value if value in (rules.YES, rules.NO) else ""

    @rx.event
    def set_has_other_certs(self, value: str):
        self.has_other_certs = value if value in (rules.YES, rules.NO) else ""

    def _after_cert_saved(self) -> None:
        self.has_other_certs = rules.YES

    @rx.event
    async def upload_slot(self, files: list[rx.UploadFile], slot: str):
        if slot not in SLOTS:
            return rx.toast.error("上传项目不存在")
        view, reply = await self._attach(files, slot)
        if view is not None:
            self._show_file(slot, view)
        return reply

    @rx.event
    def submit_form(self, form: FormData):
        """保存 / 下一步 of the monitoring form; for O&M only 下一步's check of the rows."""
        data = {key: form.get(key, "") for key in CAPABILITY_FIELDS}
        return self._save_tab(form, "capability", filings.save_capability, data)
