"""New institution registration (§2.3.1)."""

from __future__ import annotations

import reflex as rx

from filing_app import routes
from filing_app.db import session_scope
from filing_app.domain import regions
from filing_app.domain.validators import division_of_credit_code, normalize_credit_code
from filing_app.services import auth
from filing_app.services.errors import ServiceError
from filing_app.state.base import AppState


class RegisterState(AppState):
    errors: dict[str, str] = {}
    message: str = ""
    province_options: list[list[str]] = [[code, name] for code, name in regions.PROVINCES]
    # Pre-selected province: the portal's, or the one encoded in the credit code.
    suggested_province: str = ""

    @rx.event
    def load(self):
        self.errors = {}
        self.message = ""
        self.suggested_province = self.portal_province or ""
        self.load_session()

    @rx.event
    def credit_code_entered(self, value: str):
        """When the code is typed, suggest the province of its registration authority."""
        division = division_of_credit_code(normalize_credit_code(value))
        province = regions.province_of(division) if division else ""
        if regions.is_province(province) and not self.portal_province:
            self.suggested_province = province

    @rx.event
    def submit(self, form: dict):
        data = auth.RegistrationForm(
            credit_code=form.get("credit_code", ""),
            name=form.get("name", ""),
            registered_type=form.get("registered_type", ""),
            province_code=form.get("province_code", ""),
            username=form.get("username", ""),
            phone=form.get("phone", ""),
            password=form.get("password", ""),
            password_confirm=form.get("password_confirm", ""),
        )
        try:
            with session_scope() as session:
                account = auth.register_institution(session, data, self._client_ip())
                result = auth.start_session_after_registration(session, account, self._client_ip(),
                                                               self._user_agent())
        except ServiceError as exc:
            self.errors = exc.field_errors
            self.message = exc.message
            return
        self.errors = {}
        self.message = ""
        self.session_token = result.token
        self._show_actor(result.actor)
        return [rx.toast.success("注册成功，已自动登录"), rx.redirect(routes.INSTITUTION_HOME)]

    @rx.event
    def set_suggested_province(self, value: str):
        self.suggested_province = value if regions.is_province(value) else ""
