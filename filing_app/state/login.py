"""Login by password or by SMS code (§2.3.2)."""

from __future__ import annotations

import reflex as rx

from filing_app import routes
from filing_app.db import session_scope
from filing_app.services import auth
from filing_app.services.errors import ServiceError
from filing_app.state.base import AppState


class LoginState(AppState):
    mode: str = "password"  # password / sms
    errors: dict[str, str] = {}
    message: str = ""
    sms_phone: str = ""
    sms_notice: str = ""

    @rx.event
    def load(self):
        self.errors = {}
        self.message = ""
        self.sms_notice = ""
        actor = self._actor()
        if actor is not None:
            self._show_actor(actor)
            return rx.redirect(self._after_login(actor.role))

    def _after_login(self, role: str) -> str:
        return routes.safe_next(self.router.url.query_parameters.get("next", "")) or routes.home_for(role)

    @rx.event
    def set_mode(self, mode: str | list[str]):
        self.mode = "sms" if mode == "sms" else "password"
        self.errors = {}
        self.message = ""

    @rx.event
    def set_sms_phone(self, value: str):
        self.sms_phone = value.strip()[:20]

    def _finish(self, result: auth.LoginResult):
        self.session_token = result.token
        self._show_actor(result.actor)
        self.errors = {}
        self.message = ""
        if result.actor.must_change_password:
            return [rx.toast.warning("首次登录请先修改初始密码"), rx.redirect(routes.ACCOUNT)]
        return rx.redirect(self._after_login(result.actor.role))

    @rx.event
    def login_password(self, form: dict):
        try:
            with session_scope() as session:
                result = auth.login_with_password(
                    session, form.get("username", ""), form.get("password", ""), self._client_ip(), self._user_agent()
                )
        except ServiceError as exc:
            self.errors = exc.field_errors
            self.message = "" if exc.field_errors else exc.message
            return
        return self._finish(result)

    @rx.event
    def send_code(self):
        try:
            with session_scope() as session:
                self.sms_notice = auth.send_sms_code(session, self.sms_phone, auth.SMS_LOGIN,
                                                     client_ip=self._client_ip())
            self.errors = {}
        except ServiceError as exc:
            self.errors = exc.field_errors
            self.sms_notice = ""
            self.message = "" if exc.field_errors else exc.message

    @rx.event
    def login_sms(self, form: dict):
        try:
            with session_scope() as session:
                result = auth.login_with_sms(
                    session, form.get("phone", "") or self.sms_phone, form.get("code", ""), self._client_ip(),
                    self._user_agent()
                )
        except ServiceError as exc:
            self.errors = exc.field_errors
            self.message = "" if exc.field_errors else exc.message
            return
        return self._finish(result)
