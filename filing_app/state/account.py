"""账号管理 (§3.7): the account's own details, password and bound phone; the main account's
sub-accounts (§3.7.2)."""

from __future__ import annotations

import reflex as rx

from filing_app import routes
from filing_app.state.paging import PAGE_SIZE, PagedList
from filing_app.db import session_scope
from filing_app.domain.enums import Role
from filing_app.services import accounts
from filing_app.services.errors import ServiceError
from filing_app.state.base import AppState



class AccountState(AppState):
    username: str = ""
    role_label: str = ""
    phone_masked: str = ""
    organization: str = ""
    display_name: str = ""
    must_change_password: bool = False
    is_main: bool = False

    password_errors: dict[str, str] = {}
    # Changing the key remounts the (uncontrolled) form, which empties it after a success only.
    password_form_key: int = 0

    new_phone: str = ""
    phone_notice: str = ""
    phone_errors: dict[str, str] = {}
    phone_form_key: int = 0

    @rx.event
    def load(self):
        actor, redirect = self._guard()
        if redirect:
            return redirect
        with session_scope(readonly=True) as session:
            data = accounts.profile(session, actor)
        self.username = data.username
        self.role_label = data.role_label
        self.phone_masked = data.phone_masked
        self.organization = data.organization
        self.display_name = data.display_name
        self.must_change_password = data.must_change_password
        self.is_main = actor.role == Role.INST_MAIN
        self.password_errors = {}
        self.phone_errors = {}
        self.phone_notice = ""
        self.new_phone = ""

    @rx.event
    def change_password(self, form: dict):
        try:
            actor = self._require_actor(allow_initial_password=True)
            with session_scope() as session:
                accounts.change_password(
                    session, actor, str(form.get("old_password", "")), str(form.get("new_password", "")),
                    str(form.get("new_password_confirm", "")), keep_token=self.session_token,
                )
        except ServiceError as exc:
            self.password_errors = exc.field_errors
            return self._error(exc) if not exc.field_errors else None
        self.password_errors = {}
        self.password_form_key += 1
        if self.must_change_password:
            self.must_change_password = False
            return [rx.toast.success("密码已修改，欢迎使用"), rx.redirect(routes.home_for(actor.role))]
        return rx.toast.success("密码已修改，其他设备上的登录已退出")

    @rx.event
    def set_new_phone(self, value: str):
        self.new_phone = (value or "").strip()[:20]

    @rx.event
    def send_phone_code(self):
        try:
            self.phone_notice = self._call(accounts.send_bind_phone_code, self.new_phone)
        except ServiceError as exc:
            self.phone_notice = ""
            self.phone_errors = exc.field_errors
            return self._error(exc) if not exc.field_errors else None
        self.phone_errors = {}

    @rx.event
    def change_phone(self, form: dict):
        try:
            masked = self._call(accounts.change_phone, self.new_phone, str(form.get("code", "")))
        except ServiceError as exc:
            self.phone_errors = exc.field_errors
            return self._error(exc) if not exc.field_errors else None
        self.phone_masked = masked
        self.phone_errors = {}
        self.phone_notice = ""
        self.new_phone = ""
        self.phone_form_key += 1
        return rx.toast.success(f"绑定手机已更换为 {masked}")


class SubAccountsState(PagedList, AppState):
    """子账号管理: the main account only (the services refuse anyone else, too)."""

    rows: list[accounts.SubAccountRow] = []
    dialog_open: bool = False
    errors: dict[str, str] = {}
    form_key: int = 0

    def _refresh(self) -> None:
        with session_scope(readonly=True) as session:
            result = accounts.list_sub_accounts(session, self._require_actor(), self.page, PAGE_SIZE)
        self.rows = result.rows
        self.total = result.total
        self.page = result.page

    @rx.event
    def load(self):
        actor, redirect = self._guard(Role.INST_MAIN)
        if redirect:
            return redirect
        self.page = 1
        self.dialog_open = False
        try:
            self._refresh()
        except ServiceError as exc:
            return self._error(exc)

    def _fetch(self):  # noqa: ANN202  (PagedList.go_page)
        try:
            self._refresh()
        except ServiceError as exc:
            return self._error(exc)

    @rx.event
    def open_create(self):
        self.errors = {}
        self.form_key += 1
        self.dialog_open = True

    @rx.event
    def set_dialog_open(self, value: bool):
        self.dialog_open = bool(value)

    @rx.event
    def create(self, form: dict):
        data = accounts.SubAccountForm(
            username=str(form.get("username", "")),
            display_name=str(form.get("display_name", "")),
            phone=str(form.get("phone", "")),
            password=str(form.get("password", "")),
            password_confirm=str(form.get("password_confirm", "")),
        )
        try:
            self._call(accounts.create_sub_account, data)
            self.page = 1
            self._refresh()
        except ServiceError as exc:
            self.errors = exc.field_errors
            return self._error(exc)
        self.errors = {}
        self.dialog_open = False
        return rx.toast.success(f"已创建子账号 {data.username.strip()}，首次登录需修改初始密码")

    @rx.event
    def change_status(self, account_id: int, action: str):
        """停用 / 启用 / 注销 one sub-account."""
        try:
            message = self._call(accounts.set_sub_account_status, account_id, str(action))
            self._refresh()
        except ServiceError as exc:
            return self._error(exc)
        return rx.toast.success(message)
