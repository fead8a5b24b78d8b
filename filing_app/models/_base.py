"""Shared column helpers for the table models."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

# Stable constraint names on every database, so migrations can name what they alter.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Aware UTC (sqlmodel's UTCDateTime columns require it); the UI shows Beijing time."""
    return datetime.now(timezone.utc)


def json_field(default_factory=list, **kwargs: Any) -> Any:  # noqa: ANN001
    return Field(default_factory=default_factory, sa_column=sa.Column(sa.JSON, nullable=False), **kwargs)


def text_field(default: str = "", **kwargs: Any) -> Any:
    return Field(default=default, sa_column=sa.Column(sa.Text, nullable=False), **kwargs)


def fk(target: str, *, nullable: bool = False, index: bool = True, ondelete: str | None = None) -> Any:
    return Field(
        default=None,
        sa_column=sa.Column(sa.Integer, sa.ForeignKey(target, ondelete=ondelete), nullable=nullable, index=index),
    )
