"""/manage/reviewers: the national administrator's accounts of reviewers and administrators."""

from __future__ import annotations

import reflex as rx

from filing_app.domain import regions
from filing_app.domain.enums import Role
from filing_app.services import staff_accounts
from filing_app.services.errors import ServiceError
from filing_app.state.base import AppState
from filing_app.state.paging import PAGE_SIZE, PagedList


class ManageStaffState(PagedList, AppState):
    rows: list[staff_accounts.StaffRow] = []
    role_filter: str = Role.REVIEWER
    province_filter: str = ""
    province_options: list[list[str]] = [[code, name] for code, name in regions.PROVINCES]

    create_open: bool = False
    create_role: str = Role.REVIEWER
    errors: dict[str, str] = {}
    message: str = ""
    # The generated password is shown once, then forgotten when its dialog closes.
    issued_open: bool = False
    issued_username: str = ""
    issued_password: str = ""
    issued_title: str = ""

    @rx.event
    def load(self):
        actor, redirect = self._guard(Role.ADMIN)
        if redirect:
            return redirect
        province = self.router.url.query_parameters.get("province", "")
        self.province_filter = province if regions.is_province(province) else ""
        self.role_filter = Role.REVIEWER
        self.page = 1
        self.create_open = False
        self._forget_password()
        return self._fetch()

    def _fetch(self):
        try:
            result = self._call(staff_accounts.list_staff, role=self.role_filter, province_code=self.province_filter,
                                page=self.page, page_size=PAGE_SIZE)
        except ServiceError as exc:
            return self._error(exc)
        self.rows, self.total, self.page = result.rows, result.total, result.page

    @rx.event
    def search(self, form: dict):
        role = str(form.get("role", self.role_filter))
        province = str(form.get("province_code", self.province_filter))
        self.role_filter = role if role in (Role.REVIEWER, Role.ADMIN, "") else Role.REVIEWER
        self.province_filter = province if regions.is_province(province) else ""
        self.page = 1
        return self._fetch()

    # ------------------------------------------------------------ create

    @rx.event
    def set_create_open(self, value: bool):
        self.create_open = bool(value)
        self.errors = {}
        self.message = ""
        self.create_role = Role.REVIEWER

    @rx.event
    def set_create_role(self, value: str):
        self.create_role = Role.ADMIN if value == Role.ADMIN else Role.REVIEWER

    @rx.event
    def create(self, form: dict):
        data = staff_accounts.StaffForm(
            role=str(form.get("role", self.create_role))[:16],
            username=str(form.get("username", ""))[:64],
            name=str(form.get("name", ""))[:100],
            province_code=str(form.get("province_code", ""))[:6],
            phone=str(form.get("phone", ""))[:20],
        )
        try:
            issued = self._call(staff_accounts.create_staff, data)
        except ServiceError as exc:
            self.errors = exc.field_errors
            self.message = "" if exc.field_errors else exc.message
            return
        self.create_open = False
        self.errors = {}
        self._show_password(issued, "账号已创建")
        return self._fetch()

    # ------------------------------------------------------------ disable / enable / reset

    @rx.event
    def set_enabled(self, account_id: int, enabled: bool):
        try:
            message = self._call(staff_accounts.set_staff_enabled, account_id, bool(enabled))
        except ServiceError as exc:
            return self._error(exc)
        self._fetch()
        return rx.toast.success(message)

    @rx.event
    def reset_password(self, account_id: int):
        try:
            issued = self._call(staff_accounts.reset_staff_password, account_id)
        except ServiceError as exc:
            return self._error(exc)
        self._show_password(issued, "密码已重置")
        return self._fetch()

    def _show_password(self, issued: staff_accounts.IssuedPassword, title: str) -> None:
        self.issued_title = title
        self.issued_username = issued.username
        self.issued_password = issued.password
        self.issued_open = True

    def _forget_password(self) -> None:
        self.issued_open = False
        self.issued_password = ""
        self.issued_username = ""

    @rx.event
    def set_issued_open(self, value: bool):
        if not value:
            self._forget_password()
