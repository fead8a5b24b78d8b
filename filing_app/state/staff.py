"""Reviewer and administrator homes."""

from __future__ import annotations

import reflex as rx

from filing_app.db import session_scope
from filing_app.domain.enums import Role
from filing_app.services import accounts
from filing_app.state.base import AppState


class StaffHomeState(AppState):
    organization: str = ""

    def _load_for(self, role: str):
        actor, redirect = self._guard(role)
        if redirect:
            return redirect
        with session_scope(readonly=True) as session:
            self.organization = accounts.profile(session, actor).organization

    @rx.event
    def load_reviewer(self):
        return self._load_for(Role.REVIEWER)

    @rx.event
    def load_admin(self):
        return self._load_for(Role.ADMIN)
