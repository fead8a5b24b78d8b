"""备案信息查询 (§2.4): the registry list, its detail page, downloads and export.

Public pages: no login. The applied query lives in a backend var; the browser holds one
page of rows. A province portal (/p/<code>/registry) fixes the province server-side.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import asdict

import reflex as rx

from filing_app import routes
from filing_app.components.table import page_window
from filing_app.db import session_scope
from filing_app.domain import regions
from filing_app.domain.enums import FILING_TYPES, FilingType
from filing_app.services import excel_export_registry, registry
from filing_app.services.errors import ServiceError
from filing_app.state.base import AppState


class RegistryState(AppState):
    filing_type: str = FilingType.MONITORING
    # The province of a province portal ("" = national registry with a province filter).
    scope_province: str = ""
    scope_name: str = ""
    filter_province: str = ""
    filter_city: str = ""
    province_options: list[list[str]] = [[code, name] for code, name in regions.PROVINCES]
    city_options: list[list[str]] = []
    # Applied text filters, shown back in the inputs after a reset or a page change.
    name: str = ""
    credit_code: str = ""
    form_key: int = 0

    rows: list[registry.RegistryRow] = []
    total: int = 0
    page: int = 1
    page_count: int = 1
    errors: dict[str, str] = {}
    message: str = ""
    # Bumped by every search that changed the table (browser tests and the benchmark wait on it).
    search_seq: int = 0
    exporting: bool = False

    _query: dict = {}

    # ------------------------------------------------------------ loading

    @rx.event
    def load(self):
        """/registry (national) and /p/<province>/registry (one province)."""
        self.load_session()
        match = re.match(r"^/p/([^/]+)/registry", self.router.url.path or "")
        code = match.group(1) if match else ""
        if code and not regions.is_province(code):
            self.scope_province = ""
            self.rows, self.total = [], 0
            self.message = "该省份门户不存在，请从首页选择省份"
            return
        self.scope_province = code
        self.scope_name = regions.province_name(code) if code else ""
        self.portal_province = code
        self.filing_type = FilingType.MONITORING
        self.name = self.credit_code = self.filter_city = ""
        self.filter_province = code
        self.city_options = [list(c) for c in regions.cities(code)] if code else []
        self.form_key += 1
        self._query = {}
        self._run(1, {"province_code": code})

    def _applied(self, filters: dict | None = None) -> registry.RegistryQuery:
        """The given (or last searched) filters, with the type currently switched to."""
        filters = self._query if filters is None else filters
        fields = {k: v for k, v in filters.items() if k in ("province_code", "city_code", "name", "credit_code")}
        return registry.RegistryQuery(filing_type=self.filing_type, **fields)

    def _run(self, page: int, filters: dict | None = None) -> None:
        query = self._applied(filters)
        try:
            with session_scope(readonly=True) as session:
                result = registry.search(session, None, query, page=page, scope_province=self.scope_province or None)
        except ServiceError as exc:
            self.errors = exc.field_errors
            self.message = exc.message
            return
        self._query = {k: v for k, v in asdict(result.query).items() if k != "filing_type"}
        self.errors = {}
        self.message = ""
        self.rows = result.rows
        self.total = result.total
        self.page = result.page
        self.page_count = result.page_count
        self.search_seq += 1

    # ------------------------------------------------------------ filters

    @rx.event
    def set_type(self, value: str | list[str]):
        value = value if isinstance(value, str) else (value[0] if value else "")
        if value not in FILING_TYPES or value == self.filing_type:
            return
        self.filing_type = value
        self._run(1)

    @rx.event
    def set_province(self, code: str):
        if self.scope_province:
            return  # a province portal's province is fixed
        self.filter_province = code if regions.is_province(code) else ""
        self.filter_city = ""
        self.city_options = [list(c) for c in regions.cities(self.filter_province)] if self.filter_province else []

    @rx.event
    def set_city(self, code: str):
        self.filter_city = code if regions.city_in_province(code, self.filter_province) else ""

    @rx.event
    def search(self, form: dict):
        self.name = str(form.get("name", ""))[:100]
        self.credit_code = str(form.get("credit_code", ""))[:40]
        self._run(1, {
            "province_code": self.scope_province or self.filter_province,
            "city_code": self.filter_city,
            "name": self.name,
            "credit_code": self.credit_code,
        })

    @rx.event
    def reset_filters(self):
        self.name = self.credit_code = self.filter_city = ""
        if not self.scope_province:
            self.filter_province = ""
            self.city_options = []
        self.form_key += 1
        self._run(1, {"province_code": self.scope_province})

    @rx.event
    def go_page(self, page: int | str):
        try:
            page = int(page)
        except (TypeError, ValueError):
            return
        self._run(max(1, min(page, self.page_count)))

    @rx.var
    def page_numbers(self) -> list[int]:
        return page_window(self.page, self.page_count)

    # ------------------------------------------------------------ downloads and export

    @rx.event
    def download_doc(self, published_id: int, doc: int):
        actor = self._actor()
        try:
            with session_scope() as session:
                path = registry.public_document_link(session, actor, int(published_id), int(doc))
        except (ServiceError, TypeError, ValueError) as exc:
            return rx.toast.error(getattr(exc, "message", "文件不存在"))
        return self._download(path)

    @rx.event(background=True)
    async def export(self):
        async with self:
            if self.exporting:
                return
            self.exporting = True
            query = self._applied()
            scope = self.scope_province or None

        def build() -> tuple[bytes, str]:
            with session_scope(readonly=True) as session:
                return excel_export_registry.export(session, None, query, scope_province=scope)

        try:
            data, filename = await asyncio.to_thread(build)
        except ServiceError as exc:
            async with self:
                self.exporting = False
            yield rx.toast.error(exc.message)
            return
        async with self:
            self.exporting = False
        yield rx.download(data=data, filename=filename, mime_type=excel_export_registry.XLSX_TYPE)


class RegistryDetailState(AppState):
    found: bool = False
    error: str = ""
    published_id: int = 0
    org_name: str = ""
    type_label: str = ""
    filing_type: str = ""
    basics: list[registry.LabelValue] = []
    qualifications: list[registry.LabelValue] = []
    other_certs: list[registry.CertRow] = []
    capabilities: list[registry.CapabilityRow] = []
    mgmt_certs: list[registry.CertRow] = []
    branch_sites: list[registry.SiteRow] = []
    docs: list[registry.DocLink] = []
    back_path: str = routes.REGISTRY

    @rx.event
    def load(self):
        self.load_session()
        self.back_path = routes.registry_home(self.portal_province)
        try:
            published_id = int((self.router.url.path or "").rstrip("/").rsplit("/", 1)[-1])
            with session_scope(readonly=True) as session:
                detail = registry.get_detail(session, None, published_id)
        except (ServiceError, TypeError, ValueError) as exc:
            self.found = False
            self.error = getattr(exc, "message", "该机构的备案信息未公开或已注销")
            return
        self.found = True
        self.error = ""
        self.published_id = detail.id
        self.org_name = detail.org_name
        self.type_label = detail.type_label
        self.filing_type = detail.filing_type
        self.basics = detail.basics
        self.qualifications = detail.qualifications
        self.other_certs = detail.other_certs
        self.capabilities = detail.capabilities
        self.mgmt_certs = detail.mgmt_certs
        self.branch_sites = detail.branch_sites
        self.docs = detail.docs

    @rx.event
    def download_doc(self, doc: int):
        actor = self._actor()
        try:
            with session_scope() as session:
                path = registry.public_document_link(session, actor, self.published_id, int(doc))
        except (ServiceError, TypeError, ValueError) as exc:
            return rx.toast.error(getattr(exc, "message", "文件不存在"))
        return self._download(path)
