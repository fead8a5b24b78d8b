"""The reviewer's queue and review pages. Every handler re-resolves the actor from the
server-side session; the services check the province of whatever id arrives."""

from __future__ import annotations


import reflex as rx

from filing_app.components.table import page_window
from filing_app.domain.enums import Role
from filing_app.domain.review import ReviewStatus
from filing_app.services import equipment, people, review, review_view
from filing_app.services.errors import ServiceError, StaleVersion, ValidationFailed
from filing_app.state.base import AppState

QUEUE_PAGE_SIZE = 10
LIST_PAGE_SIZE = review_view.LIST_PAGE_SIZE


def _int(value, default: int = 1) -> int:  # noqa: ANN001
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _text(value, limit: int = 50) -> str:  # noqa: ANN001
    return str(value or "").strip()[:limit]


def _last_segment(path: str) -> int:
    return _int((path or "").rstrip("/").rsplit("/", 1)[-1], 0)


class ReviewQueueState(AppState):
    rows: list[review.QueueRow] = []
    total: int = 0
    page: int = 1
    kind: str = ""
    filing_type: str = ""
    status: str = ReviewStatus.PENDING
    keyword: str = ""

    @rx.event
    def load(self):
        actor, redirect = self._guard(Role.REVIEWER)
        if redirect:
            return redirect
        params = self.router.url.query_parameters
        self.kind = _text(params.get("kind", ""), 16)
        self.filing_type = ""
        self.status = ReviewStatus.PENDING
        self.keyword = ""
        self.page = 1
        return self._fetch()

    def _fetch(self):
        try:
            result = self._call(review.queue, kind=self.kind, filing_type=self.filing_type, status=self.status,
                                keyword=self.keyword, page=self.page, page_size=QUEUE_PAGE_SIZE)
        except ServiceError as exc:
            self.rows = []
            self.total = 0
            return self._error(exc)
        self.rows = result.rows
        self.total = result.total
        self.page = result.page

    @rx.event
    def search(self, form: dict):
        self.kind = _text(form.get("kind", self.kind), 16)
        self.filing_type = _text(form.get("filing_type", self.filing_type), 16)
        self.status = _text(form.get("status", self.status), 16)
        self.keyword = _text(form.get("keyword", ""))
        self.page = 1
        return self._fetch()

    @rx.event
    def go_page(self, page: int | str):
        self.page = max(1, min(_int(page, self.page), self.page_count))
        return self._fetch()

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // QUEUE_PAGE_SIZE))

    @rx.var
    def page_numbers(self) -> list[int]:
        return page_window(self.page, self.page_count)


class ReviewFilingState(AppState):
    """/review/filing/[submission_id]: the submitted filing, read-only, and the decision."""

    error: str = ""
    loaded: bool = False
    item_id: int = 0  # the submission id from the path (not named like the route arg)
    _version: int = 0

    kind: str = ""
    kind_label: str = ""
    filing_type: str = ""
    filing_type_label: str = ""
    institution_name: str = ""
    credit_code: str = ""
    org_name: str = ""
    submitted_at: str = ""
    waiting_days: int = 0
    status: str = ""
    status_label: str = ""
    decided_at: str = ""
    reviewer: str = ""
    reason: str = ""
    compare_title: str = ""
    compare_note: str = ""
    people_active: int = 0

    basic: list[review_view.InfoItem] = []
    capability: list[review_view.InfoItem] = []
    management: list[review_view.InfoItem] = []
    commitment: list[review_view.InfoItem] = []
    sites: list[review_view.SiteRow] = []
    other_certs: list[review_view.CertRow] = []
    om_capabilities: list[review_view.CertRow] = []
    mgmt_certs: list[review_view.CertRow] = []
    field_changes: list[review_view.ChangeRow] = []
    record: list[review_view.RecordRow] = []
    list_changes: list[review_view.ListChangeRow] = []

    people_rows: list[people.PersonRow] = []
    people_total: int = 0
    people_page: int = 1
    people_name: str = ""
    people_status: str = ""
    equipment_rows: list[equipment.EquipmentRow] = []
    equipment_total: int = 0
    equipment_page: int = 1
    equipment_name: str = ""
    equipment_condition: str = ""

    person_open: bool = False
    person_title: str = ""
    person_items: list[review_view.InfoItem] = []
    person_trainings: list[review_view.TrainingRow] = []

    return_open: bool = False
    reason_error: str = ""
    next_href: str = ""

    @rx.event
    def load(self):
        actor, redirect = self._guard(Role.REVIEWER)
        if redirect:
            return redirect
        self.item_id = _last_segment(self.router.url.path)
        self.people_name = self.people_status = self.equipment_name = self.equipment_condition = ""
        self.people_page = self.equipment_page = 1
        self.person_open = self.return_open = False
        self.reason_error = ""
        self.next_href = ""
        return self._reload()

    def _reload(self):
        try:
            view = self._call(review_view.submission_view, self.item_id)
        except ServiceError as exc:
            self.loaded = False
            self.error = exc.message
            return
        self.error = ""
        self.loaded = True
        self._version = view.version
        for name in ("kind", "kind_label", "filing_type", "filing_type_label", "institution_name", "credit_code",
                     "org_name", "submitted_at", "waiting_days", "status", "status_label", "decided_at", "reviewer",
                     "reason", "compare_title", "compare_note", "people_active", "basic", "capability", "management", "commitment",
                     "sites", "other_certs", "om_capabilities", "mgmt_certs", "field_changes", "list_changes",
                     "record"):
            setattr(self, name, getattr(view, name))
        self._fetch_people()
        self._fetch_equipment()

    def _fetch_people(self):
        try:
            result = self._call(review_view.people_page, self.item_id, page=self.people_page,
                                name=self.people_name, status=self.people_status)
        except ServiceError as exc:
            return self._error(exc)
        self.people_rows, self.people_total, self.people_page = result.rows, result.total, result.page

    def _fetch_equipment(self):
        try:
            result = self._call(review_view.equipment_page, self.item_id, page=self.equipment_page,
                                name=self.equipment_name, condition=self.equipment_condition)
        except ServiceError as exc:
            return self._error(exc)
        self.equipment_rows, self.equipment_total, self.equipment_page = result.rows, result.total, result.page

    # ------------------------------------------------------------ lists

    @rx.event
    def search_people(self, form: dict):
        self.people_name = _text(form.get("name", ""))
        self.people_status = _text(form.get("status", ""), 16)
        self.people_page = 1
        return self._fetch_people()

    @rx.event
    def go_people_page(self, page: int | str):
        self.people_page = max(1, _int(page, self.people_page))
        return self._fetch_people()

    @rx.event
    def search_equipment(self, form: dict):
        self.equipment_name = _text(form.get("name", ""))
        self.equipment_condition = _text(form.get("condition", ""), 16)
        self.equipment_page = 1
        return self._fetch_equipment()

    @rx.event
    def go_equipment_page(self, page: int | str):
        self.equipment_page = max(1, _int(page, self.equipment_page))
        return self._fetch_equipment()

    @rx.var
    def people_page_count(self) -> int:
        return max(1, -(-self.people_total // LIST_PAGE_SIZE))

    @rx.var
    def people_page_numbers(self) -> list[int]:
        return page_window(self.people_page, self.people_page_count)

    @rx.var
    def equipment_page_count(self) -> int:
        return max(1, -(-self.equipment_total // LIST_PAGE_SIZE))

    @rx.var
    def equipment_page_numbers(self) -> list[int]:
        return page_window(self.equipment_page, self.equipment_page_count)

    @rx.var
    def is_pending(self) -> bool:
        return self.status == ReviewStatus.PENDING

    @rx.var
    def is_change(self) -> bool:
        return self.kind == "change"

    @rx.var
    def is_monitoring(self) -> bool:
        return self.filing_type == "monitoring"

    # ------------------------------------------------------------ person dialog and downloads

    @rx.event
    def open_person(self, row_id: int):
        try:
            detail = self._call(review_view.person_detail, self.item_id, row_id)
        except ServiceError as exc:
            return self._error(exc)
        self.person_title = detail.title
        self.person_items = detail.items
        self.person_trainings = detail.trainings
        self.person_open = True

    @rx.event
    def set_person_open(self, value: bool):
        self.person_open = bool(value)

    @rx.event
    def download(self, attachment_id: int):
        try:
            path = self._call(review_view.submission_attachment_link, self.item_id, attachment_id)
        except ServiceError as exc:
            return self._error(exc)
        return self._download(path)

    # ------------------------------------------------------------ decisions

    @rx.event
    def approve(self):
        return self._decide(True, "")

    @rx.event
    def set_return_open(self, value: bool):
        self.return_open = bool(value)
        self.reason_error = ""

    @rx.event
    def return_item(self, form: dict):
        return self._decide(False, str(form.get("reason", ""))[:2000])

    def _decide(self, approve: bool, reason: str):
        try:
            result = self._call(review.decide_submission, self.item_id, approve=approve, reason=reason,
                                expected_version=self._version)
        except ValidationFailed as exc:
            self.reason_error = exc.field_errors.get("reason", exc.message)
            return
        except StaleVersion as exc:
            self.return_open = False
            self._reload()
            return rx.toast.error(exc.message, duration=8000)
        except ServiceError as exc:
            return self._error(exc)
        self.return_open = False
        self.reason_error = ""
        self.next_href = result.next_href
        self._reload()
        return rx.toast.success(result.message)


class ReviewReportState(AppState):
    """/review/report/[report_id]: a duplicate-person report and its decision."""

    error: str = ""
    loaded: bool = False
    item_id: int = 0  # the report id from the path
    _version: int = 0
    view_institution: str = ""
    credit_code: str = ""
    filing_type_label: str = ""
    name: str = ""
    gender: str = ""
    id_type: str = ""
    id_masked: str = ""
    leave_date: str = ""
    holder_name: str = ""
    holder_status: str = ""
    statement_name: str = ""
    submitted_at: str = ""
    waiting_days: int = 0
    status: str = ""
    status_label: str = ""
    decided_at: str = ""
    reviewer: str = ""
    reason: str = ""
    return_open: bool = False
    reason_error: str = ""
    next_href: str = ""

    @rx.event
    def load(self):
        actor, redirect = self._guard(Role.REVIEWER)
        if redirect:
            return redirect
        self.item_id = _last_segment(self.router.url.path)
        self.return_open = False
        self.reason_error = ""
        self.next_href = ""
        return self._reload()

    def _reload(self):
        try:
            view = self._call(review_view.report_view, self.item_id)
        except ServiceError as exc:
            self.loaded = False
            self.error = exc.message
            return
        self.error = ""
        self.loaded = True
        self._version = view.version
        self.view_institution = view.institution_name
        for name in ("credit_code", "filing_type_label", "name", "gender", "id_type", "id_masked", "leave_date",
                     "holder_name", "holder_status", "statement_name", "submitted_at", "waiting_days", "status",
                     "status_label", "decided_at", "reviewer", "reason"):
            setattr(self, name, getattr(view, name))

    @rx.var
    def is_pending(self) -> bool:
        return self.status == ReviewStatus.PENDING

    @rx.event
    def download_statement(self):
        try:
            path = self._call(review_view.report_attachment_link, self.item_id)
        except ServiceError as exc:
            return self._error(exc)
        return self._download(path)

    @rx.event
    def accept(self):
        return self._decide(True, "")

    @rx.event
    def set_return_open(self, value: bool):
        self.return_open = bool(value)
        self.reason_error = ""

    @rx.event
    def reject(self, form: dict):
        return self._decide(False, str(form.get("reason", ""))[:2000])

    def _decide(self, accept: bool, reason: str):
        try:
            result = self._call(review.decide_report, self.item_id, accept=accept, reason=reason,
                                expected_version=self._version)
        except ValidationFailed as exc:
            self.reason_error = exc.field_errors.get("reason", exc.message)
            return
        except StaleVersion as exc:
            self.return_open = False
            self._reload()
            return rx.toast.error(exc.message, duration=8000)
        except ServiceError as exc:
            return self._error(exc)
        self.return_open = False
        self.next_href = result.next_href
        self._reload()
        return rx.toast.success(result.message)

