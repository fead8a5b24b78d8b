"""Reviewer and administrator homes: the reviewer's counts by kind, the national statistics."""

from __future__ import annotations

import reflex as rx

from filing_app.db import session_scope
from filing_app.domain.enums import Role
from filing_app.services import accounts, review
from filing_app.services.errors import ServiceError
from filing_app.state.base import AppState


class StaffHomeState(AppState):
    organization: str = ""
    province_name: str = ""
    total_pending: int = 0
    oldest_days: int = 0
    decided_today: int = 0
    kinds: list[review.KindCount] = []
    stats: list[review.ProvinceStats] = []

    def _load_for(self, role: str):
        actor, redirect = self._guard(role)
        if redirect:
            return redirect
        try:
            with session_scope() as session:
                self.organization = accounts.profile(session, actor).organization
                if role == Role.REVIEWER:
                    home = review.reviewer_home(session, actor)
                    self.province_name = home.province_name
                    self.total_pending = home.total_pending
                    self.oldest_days = home.oldest_days
                    self.decided_today = home.decided_today
                    self.kinds = home.kinds
                else:
                    self.stats = review.national_stats(session, actor)
        except ServiceError as exc:
            return self._error(exc)

    @rx.event
    def load_reviewer(self):
        return self._load_for(Role.REVIEWER)

    @rx.event
    def load_admin(self):
        return self._load_for(Role.ADMIN)
