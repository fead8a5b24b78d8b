"""The reviewer's queue and review pages. Every handler re-resolves the actor from the
server-side session; the services check the province of whatever id arrives."""

from __future__ import annotations

from typing import Any

import reflex as rx

from filing_app.components.table import page_window
from filing_app.domain.enums import Role
from filing_app.domain.review import ReviewStatus
from filing_app.services import equipment, people, review, review_view
from filing_app.services.errors import ServiceError, StaleVersion, ValidationFailed
from filing_app.state.base import AppState
from filing_app.state.paging import PAGE_SIZE, PagedList, pages_for, to_int

LIST_PAGE_SIZE = review_view.LIST_PAGE_SIZE


def _text(value, limit: int = 50) -> str:  # noqa: ANN001
    return str(value or "").strip()[:limit]


def _reason(form: dict) -> str:
    return str(form.get("reason", ""))[:2000]


class ReviewQueueState(PagedList, AppState):
    rows: list[review.QueueRow] = []
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
                                keyword=self.keyword, page=self.page, page_size=PAGE_SIZE)
        except ServiceError as exc:
            self.rows = []
            self.total = 0
            return self._error(exc)
        self.rows, self.total, self.page = result.rows, result.total, result.page

    @rx.event
    def search(self, form: dict):
        self.kind = _text(form.get("kind", self.kind), 16)
        self.filing_type = _text(form.get("filing_type", self.filing_type), 16)
        self.status = _text(form.get("status", self.status), 16)
        self.keyword = _text(form.get("keyword", ""))
        self.page = 1
        return self._fetch()


class _ReviewItem(rx.State, mixin=True):
    """One item of the queue (/review/<kind>/<id>): its id from the path, its decision, the
    退回 dialog, and what follows a decision (a mixin: each page state has its own copy)."""

    error: str = ""
    loaded: bool = False
    item_id: int = 0  # the id from the path (not named like the route argument)
    _version: int = 0
    status: str = ""
    status_label: str = ""
    decided_at: str = ""
    reviewer: str = ""
    reason: str = ""
    return_open: bool = False
    reason_error: str = ""
    next_href: str = ""

    def _view(self) -> Any:
        """The item as its service shows it to this reviewer (raises ServiceError)."""
        raise NotImplementedError

    def _show(self, view: Any) -> None:
        raise NotImplementedError

    def _decision(self, approve: bool, reason: str) -> review.DecisionResult:
        raise NotImplementedError

    def _reset(self) -> None:
        """What else a fresh load clears."""

    def _opened(self) -> None:
        """A reviewer opened the item (a fresh load, not a reload after a decision)."""

    def _copy(self, view: Any, names: tuple[str, ...]) -> None:
        for name in names:
            setattr(self, name, getattr(view, name))

    @rx.event
    def load(self):
        actor, redirect = self._guard(Role.REVIEWER)
        if redirect:
            return redirect
        self.item_id = to_int((self.router.url.path or "").rstrip("/").rsplit("/", 1)[-1], 0)
        self.return_open = False
        self.reason_error = ""
        self.next_href = ""
        self._reset()
        self._opened()
        return self._reload()

    def _reload(self):
        try:
            view = self._view()
        except ServiceError as exc:
            self.loaded = False
            self.error = exc.message
            return None
        self.error = ""
        self.loaded = True
        self._version = view.version
        self._copy(view, ("status", "status_label", "decided_at", "reviewer", "reason"))
        self._show(view)
        return None

    @rx.var
    def is_pending(self) -> bool:
        return self.status == ReviewStatus.PENDING

    @rx.event
    def set_return_open(self, value: bool):
        self.return_open = bool(value)
        self.reason_error = ""

    def _decide(self, approve: bool, reason: str):
        try:
            result = self._decision(approve, reason)
        except ValidationFailed as exc:
            self.reason_error = exc.field_errors.get("reason", exc.message)
            return None
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

    def _download_link(self, fn, *args: Any):  # noqa: ANN001
        try:
            path = self._call(fn, self.item_id, *args)
        except ServiceError as exc:
            return self._error(exc)
        return self._download(path)


_FILING_FIELDS = ("kind", "kind_label", "filing_type", "filing_type_label", "institution_name", "credit_code",
                  "org_name", "submitted_at", "waiting_days", "compare_title", "compare_note", "people_active", "basic",
                  "capability", "management", "commitment", "sites", "other_certs", "om_capabilities", "mgmt_certs",
                  "field_changes", "list_changes", "record")


# The snapshot's paged lists: service, and the filter besides 名称.
_LISTS = {"people": (review_view.people_page, "status"), "equipment": (review_view.equipment_page, "condition")}


class ReviewFilingState(_ReviewItem, AppState):
    """/review/filing/[submission_id]: the submitted filing, read-only, and the decision."""

    kind: str = ""
    kind_label: str = ""
    filing_type: str = ""
    filing_type_label: str = ""
    institution_name: str = ""
    credit_code: str = ""
    org_name: str = ""
    submitted_at: str = ""
    waiting_days: int = 0
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

    # The snapshot's lists, one page each (<list>_rows/_total/_page/_page_count/_page_numbers).
    people_rows: list[people.PersonRow] = []
    people_total: int = 0
    people_page: int = 1
    people_page_count: int = 1
    people_page_numbers: list[int] = [1]
    people_name: str = ""
    people_status: str = ""
    equipment_rows: list[equipment.EquipmentRow] = []
    equipment_total: int = 0
    equipment_page: int = 1
    equipment_page_count: int = 1
    equipment_page_numbers: list[int] = [1]
    equipment_name: str = ""
    equipment_condition: str = ""

    person_open: bool = False
    person_title: str = ""
    person_items: list[review_view.InfoItem] = []
    person_trainings: list[review_view.TrainingRow] = []

    def _view(self) -> review_view.SubmissionView:
        return self._call(review_view.submission_view, self.item_id)

    def _opened(self) -> None:
        try:
            self._call(review.mark_opened, self.item_id)  # 审查中 for the institution
        except ServiceError:
            pass  # the view that follows shows why this item cannot be opened

    def _reset(self) -> None:
        self.people_name = self.people_status = self.equipment_name = self.equipment_condition = ""
        self.people_page = self.equipment_page = 1
        self.person_open = False

    def _show(self, view: review_view.SubmissionView) -> None:
        self._copy(view, _FILING_FIELDS)
        for name in _LISTS:
            self._fetch_list(name)

    def _decision(self, approve: bool, reason: str) -> review.DecisionResult:
        return self._call(review.decide_submission, self.item_id, approve=approve, reason=reason,
                          expected_version=self._version)

    # ------------------------------------------------------------ lists

    def _fetch_list(self, name: str):
        fn, key = _LISTS[name]
        try:
            result = self._call(fn, self.item_id, page=getattr(self, f"{name}_page"),
                                name=getattr(self, f"{name}_name"), **{key: getattr(self, f"{name}_{key}")})
        except ServiceError as exc:
            return self._error(exc)
        count = pages_for(result.total, LIST_PAGE_SIZE)
        for suffix, value in (("rows", result.rows), ("total", result.total), ("page", result.page),
                              ("page_count", count), ("page_numbers", page_window(result.page, count))):
            setattr(self, f"{name}_{suffix}", value)
        return None

    def _search_list(self, name: str, form: dict):
        key = _LISTS[name][1]
        setattr(self, f"{name}_name", _text(form.get("name", "")))
        setattr(self, f"{name}_{key}", _text(form.get(key, ""), 16))
        setattr(self, f"{name}_page", 1)
        return self._fetch_list(name)

    def _go_list_page(self, name: str, page: int | str):
        setattr(self, f"{name}_page", max(1, to_int(page, getattr(self, f"{name}_page"))))
        return self._fetch_list(name)

    @rx.event
    def search_people(self, form: dict):
        return self._search_list("people", form)

    @rx.event
    def go_people_page(self, page: int | str):
        return self._go_list_page("people", page)

    @rx.event
    def search_equipment(self, form: dict):
        return self._search_list("equipment", form)

    @rx.event
    def go_equipment_page(self, page: int | str):
        return self._go_list_page("equipment", page)

    @rx.var
    def is_change(self) -> bool:
        return self.kind == "change"

    @rx.var
    def is_monitoring(self) -> bool:
        return self.filing_type == "monitoring"

    # ------------------------------------------------------------ person dialog, downloads, decisions

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
        return self._download_link(review_view.submission_attachment_link, attachment_id)

    @rx.event
    def approve(self):
        return self._decide(True, "")

    @rx.event
    def return_item(self, form: dict):
        return self._decide(False, _reason(form))


_REPORT_FIELDS = ("credit_code", "filing_type_label", "name", "gender", "id_type", "id_masked", "leave_date",
                  "holder_name", "holder_status", "statement_name", "submitted_at", "waiting_days")


class ReviewReportState(_ReviewItem, AppState):
    """/review/report/[report_id]: a duplicate-person report and its decision."""

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

    def _view(self) -> review_view.ReportView:
        return self._call(review_view.report_view, self.item_id)

    def _show(self, view: review_view.ReportView) -> None:
        self.view_institution = view.institution_name
        self._copy(view, _REPORT_FIELDS)

    def _decision(self, approve: bool, reason: str) -> review.DecisionResult:
        return self._call(review.decide_report, self.item_id, accept=approve, reason=reason,
                          expected_version=self._version)

    @rx.event
    def download_statement(self):
        return self._download_link(review_view.report_attachment_link)

    @rx.event
    def accept(self):
        return self._decide(True, "")

    @rx.event
    def reject(self, form: dict):
        return self._decide(False, _reason(form))
