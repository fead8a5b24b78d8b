"""SMS sending behind a small interface.

The embedded default writes every message to the sms_outbox table (a developer page
and the tests read it). A deployment names its own sender class with
FILING_SMS_SENDER=package.module:ClassName; the class gets send(session, phone, text).
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Protocol

from sqlmodel import Session, select

from filing_app.models import SmsOutbox
from filing_app.settings import get_settings


class SmsSender(Protocol):
    def send(self, session: Session, phone: str, text: str) -> None: ...


class OutboxSender:
    """Keeps messages in the database instead of sending them."""

    def send(self, session: Session, phone: str, text: str) -> None:
        session.add(SmsOutbox(phone=phone, message=text))


@lru_cache(maxsize=1)
def get_sender() -> SmsSender:
    name = get_settings().sms_sender
    if name == "outbox":
        return OutboxSender()
    module_name, _, class_name = name.partition(":")
    return getattr(importlib.import_module(module_name), class_name)()


def latest_outbox(session: Session, limit: int = 50, phone: str | None = None) -> list[SmsOutbox]:
    """The newest outbox messages (developer page and tests only)."""
    query = select(SmsOutbox).order_by(SmsOutbox.id.desc()).limit(limit)
    if phone:
        query = query.where(SmsOutbox.phone == phone)
    return list(session.exec(query))
