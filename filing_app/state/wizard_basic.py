"""基本信息 tab (§3.1.1.1, §3.1.2.1): the institution's basic information and its 分场所."""

from __future__ import annotations

import reflex as rx
from reflex_base.utils.form import FormData

from filing_app.components.table import page_window
from filing_app.domain import regions
from filing_app.services import filings
from filing_app.services.actor import Actor
from filing_app.services.errors import ServiceError
from filing_app.state.upload import read_one
from filing_app.state.wizard import WizardPageState

BASIC_FIELDS = ("inst_category", "org_name", "independent_legal_person", "cma_first_date", "nature",
                "other_category", "legal_rep", "legal_rep_phone", "reg_city_code", "reg_address")
SITE_FIELDS = ("province_code", "city_code", "address", "area_m2")


def _city_options(province_code: str) -> list[list[str]]:
    return [[code, name] for code, name in regions.cities(province_code)]


class BasicTabState(WizardPageState):
    # the form's loaded values (defaults of an uncontrolled form)
    inst_category: str = ""
    org_name: str = ""
    independent_legal_person: str = ""
    cma_first_date: str = ""
    nature: str = ""
    categories: list[str] = []
    other_category: str = ""
    other_checked: bool = False
    legal_rep: str = ""
    phone_masked: str = ""
    province_name: str = ""
    city_code: str = ""
    reg_address: str = ""
    city_options: list[list[str]] = []

    # 分场所: one page of rows
    site_rows: list[filings.SiteRow] = []
    site_total: int = 0
    site_page: int = 1
    site_page_count: int = 1

    # the 新增/编辑 dialog
    site_dialog_open: bool = False
    site_editing: int = 0  # 0: new
    site_form_key: int = 0
    site_province: str = ""
    site_city: str = ""
    site_address: str = ""
    site_area: str = ""
    site_cities: list[list[str]] = []
    site_errors: dict[str, str] = {}
    site_proof_name: str = ""
    site_proof_size: str = ""
    _site_proof_id: int = 0  # a fresh upload waiting for the dialog's 提交

    @rx.var
    def site_page_numbers(self) -> list[int]:
        return page_window(self.site_page, self.site_page_count)

    @rx.event
    def load(self):
        return self._load_page("basic", self._fill)

    def _fill(self, actor: Actor) -> None:
        self._show_tab(self._call_as(actor, filings.load_basic, self.wizard_type, readonly=True))
        self.site_page = 1
        self._load_sites()

    def _show_tab(self, tab: filings.BasicTab) -> None:
        self.version = tab.version
        self.inst_category = tab.inst_category
        self.org_name = tab.org_name
        self.independent_legal_person = tab.independent_legal_person
        self.cma_first_date = tab.cma_first_date
        self.nature = tab.nature
        self.categories = tab.categories
        self.other_category = tab.other_category
        self.other_checked = "其他" in tab.categories
        self.legal_rep = tab.legal_rep
        self.phone_masked = tab.legal_rep_phone_masked
        self.province_name = tab.province_name
        self.city_code = tab.city_code
        self.reg_address = tab.reg_address
        self.city_options = _city_options(tab.province_code)

    def _load_sites(self) -> None:
        page = self._call(filings.list_sites, self.wizard_type, self.site_page, readonly=True)
        self.site_rows = page.rows
        self.site_total = page.total
        self.site_page = page.page
        self.site_page_count = page.page_count

    @rx.event
    def toggle_other(self, checked: bool):
        """The 其他 box of 运维类别 shows or hides 其他运维类别."""
        self.other_checked = bool(checked)

    @rx.event
    def submit_form(self, form: FormData):
        """保存 / 下一步 (the hidden _action field says which)."""
        data = {key: form.get(key, "") for key in BASIC_FIELDS}
        data["categories"] = form.getlist("categories")
        return self._save_tab(form, "basic", filings.save_basic, data)

    @rx.event
    def go_site_page(self, page: int | str):
        try:
            self.site_page = int(page)
        except (TypeError, ValueError):
            return
        try:
            self._load_sites()
        except ServiceError as exc:
            return self._error(exc)

    # ------------------------------------------------------------ the 分场所 dialog

    @rx.event
    def open_site(self, site_id: int = 0):
        """新增 (0) or 编辑 a row of the current page."""
        row = next((r for r in self.site_rows if r.id == site_id), None) if site_id else None
        self.site_editing = row.id if row else 0
        self.site_province = row.province_code if row else ""
        self.site_city = row.city_code if row else ""
        self.site_address = row.address if row else ""
        self.site_area = row.area if row else ""
        self.site_cities = _city_options(self.site_province)
        self.site_proof_name = row.proof_name if row else ""
        self.site_proof_size = row.proof_size if row else ""
        self._site_proof_id = 0
        self.site_errors = {}
        self.site_form_key += 1
        self.site_dialog_open = True

    @rx.event
    def close_site(self):
        self.site_dialog_open = False

    @rx.event
    def site_open_change(self, is_open: bool):
        self.site_dialog_open = bool(is_open) and self.site_dialog_open

    @rx.event
    def site_province_changed(self, code: str):
        self.site_province = code if regions.is_province(code) else ""
        self.site_cities = _city_options(self.site_province)

    @rx.event
    async def upload_site_proof(self, files: list[rx.UploadFile]):
        try:
            upload = await read_one(files)
            view = self._call(filings.upload_row_file, self.wizard_type, "site_proof", upload.data, upload.name)
        except ServiceError as exc:
            return self._error(exc)
        self._site_proof_id = view.id
        self.site_proof_name = view.name
        self.site_proof_size = view.size_text
        self.site_errors = {k: v for k, v in self.site_errors.items() if k != "proof"}

    @rx.event
    def save_site(self, form: dict):
        data = {key: form.get(key, "") for key in SITE_FIELDS}
        try:
            result = self._call(filings.save_site, self.wizard_type, data, version=self.version,
                                site_id=self.site_editing or None, proof_attachment_id=self._site_proof_id or None)
        except ServiceError as exc:
            if exc.field_errors:
                self.site_errors = dict(exc.field_errors)
                return rx.toast.error(exc.message)
            return self._refused(exc)
        self._saved(result)
        self.site_dialog_open = False
        if not self.site_editing:
            self.site_page = 10**6  # the new row is on the last page
        self._load_sites()
        return rx.toast.success("分场所已保存")

    @rx.event
    def delete_site(self, site_id: int):
        try:
            result = self._call(filings.delete_site, self.wizard_type, site_id, version=self.version)
        except ServiceError as exc:
            return self._refused(exc)
        self._saved(result)
        self._load_sites()
        return rx.toast.success("已删除")
