"""Time: stored as aware UTC, shown in Beijing time (UTC+8, no daylight saving)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def to_beijing(value: datetime) -> datetime:
    if value.tzinfo is None:  # naive values are UTC
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(BEIJING)


def today_beijing() -> date:
    return datetime.now(BEIJING).date()


def show_date(value: datetime | date | None) -> str:
    """2025-12-24 (a datetime is converted to Beijing time first)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_beijing(value).date()
    return value.isoformat()


def show_datetime(value: datetime | None) -> str:
    """2025-12-24 09:30 in Beijing time."""
    if value is None:
        return ""
    return to_beijing(value).strftime("%Y-%m-%d %H:%M")
