"""账号管理 (§3.7): the account's own details."""

from __future__ import annotations

import reflex as rx

from filing_app.db import session_scope
from filing_app.services import accounts
from filing_app.state.base import AppState


class AccountState(AppState):
    username: str = ""
    role_label: str = ""
    phone_masked: str = ""
    organization: str = ""

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
