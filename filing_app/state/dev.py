"""Developer page: the SMS outbox of the embedded sender (dev mode only)."""

from __future__ import annotations

import reflex as rx

from filing_app.db import session_scope
from filing_app.domain.clock import show_datetime
from filing_app.services import sms
from filing_app.settings import get_settings
from filing_app.state.base import AppState


class DevOutboxState(AppState):
    enabled: bool = False
    rows: list[dict[str, str]] = []

    @rx.event
    def load(self):
        self.enabled = get_settings().dev_tools
        if not self.enabled:
            self.rows = []
            return
        with session_scope(readonly=True) as session:
            self.rows = [
                {"phone": m.phone, "message": m.message, "at": show_datetime(m.created_at)}
                for m in sms.latest_outbox(session, 50)
            ]
