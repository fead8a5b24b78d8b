"""The certificate rows shared by 技术能力 and 管理能力: one paged list and its 新增/编辑 dialog.

Which kind of row a page lists is decided here from the page and the filing type
(`_cert_kind`), never taken from the browser.

A state mixin, not a base state: Reflex runs a base state's handlers on the base's own
instance, where `_cert_kind` would be unknown; a mixin's vars and handlers are copied into
each tab state.
"""

from __future__ import annotations

import reflex as rx

from filing_app.components.table import page_window
from filing_app.domain import filing_rules as rules
from filing_app.services import filings
from filing_app.services.errors import ServiceError
from filing_app.state.upload import read_one

CERT_FIELDS = ("cert_type", "capability", "has_cert", "cert_no", "valid_from", "valid_to", "issuer", "approval_no")


class CertificateTabMixin(rx.State, mixin=True):
    # one page of rows
    cert_rows: list[filings.CertRow] = []
    cert_total: int = 0
    cert_page: int = 1
    cert_page_count: int = 1

    # the dialog
    cert_dialog_open: bool = False
    cert_editing: int = 0
    cert_form_key: int = 0
    cert_errors: dict[str, str] = {}
    cert_values: dict[str, str] = {}
    cert_has_cert: str = ""
    cert_file_name: str = ""
    cert_file_size: str = ""
    _cert_file_id: int = 0

    def _cert_kind(self) -> str:
        raise NotImplementedError

    @rx.var
    def cert_page_numbers(self) -> list[int]:
        return page_window(self.cert_page, self.cert_page_count)

    def _load_certs(self) -> None:
        page = self._call(filings.list_certificates, self.wizard_type, self._cert_kind(), self.cert_page,
                          readonly=True)
        self.cert_rows = page.rows
        self.cert_total = page.total
        self.cert_page = page.page
        self.cert_page_count = page.page_count

    @rx.event
    def go_cert_page(self, page: int | str):
        try:
            self.cert_page = int(page)
        except (TypeError, ValueError):
            return
        try:
            self._load_certs()
        except ServiceError as exc:
            return self._error(exc)

    @rx.event
    def open_cert(self, cert_id: int = 0):
        row = next((r for r in self.cert_rows if r.id == cert_id), None) if cert_id else None
        self.cert_editing = row.id if row else 0
        self.cert_values = {key: (getattr(row, key) if row else "") for key in CERT_FIELDS}
        self.cert_has_cert = row.has_cert if row else ""
        self.cert_file_name = row.attachment_name if row else ""
        self.cert_file_size = row.attachment_size if row else ""
        self._cert_file_id = 0
        self.cert_errors = {}
        self.cert_form_key += 1
        self.cert_dialog_open = True

    @rx.event
    def close_cert(self):
        self.cert_dialog_open = False

    @rx.event
    def cert_open_change(self, is_open: bool):
        self.cert_dialog_open = bool(is_open) and self.cert_dialog_open

    @rx.event
    def set_cert_has_cert(self, value: str):
        self.cert_has_cert = value if value in (rules.YES, rules.NO) else ""

    @rx.event
    async def upload_cert_file(self, files: list[rx.UploadFile]):
        purpose = filings.ROW_PURPOSE_OF_KIND.get(self._cert_kind())
        if purpose is None:
            return rx.toast.error("此类证书无需上传附件")
        try:
            upload = await read_one(files)
            view = self._call(filings.upload_row_file, self.wizard_type, purpose, upload.data, upload.name)
        except ServiceError as exc:
            return self._error(exc)
        self._cert_file_id = view.id
        self.cert_file_name = view.name
        self.cert_file_size = view.size_text
        self.cert_errors = {k: v for k, v in self.cert_errors.items() if k != "attachment"}

    @rx.event
    def save_cert(self, form: dict):
        data = {key: form.get(key, "") for key in CERT_FIELDS}
        try:
            result = self._call(filings.save_certificate, self.wizard_type, self._cert_kind(), data,
                                version=self.version, cert_id=self.cert_editing or None,
                                attachment_id=self._cert_file_id or None)
        except ServiceError as exc:
            if exc.field_errors:
                self.cert_errors = dict(exc.field_errors)
                return rx.toast.error(exc.message)
            return self._refused(exc)
        self._saved(result)
        self._after_cert_saved()
        self.cert_dialog_open = False
        if not self.cert_editing:
            self.cert_page = 10**6
        self._load_certs()
        return rx.toast.success("已保存")

    def _after_cert_saved(self) -> None:
        """A row answers the page's 有/无 question with 有 (the service stores it too)."""

    @rx.event
    def delete_cert(self, cert_id: int):
        try:
            result = self._call(filings.delete_certificate, self.wizard_type, self._cert_kind(), cert_id,
                                version=self.version)
        except ServiceError as exc:
            return self._refused(exc)
        self._saved(result)
        self._load_certs()
        return rx.toast.success("已删除")
