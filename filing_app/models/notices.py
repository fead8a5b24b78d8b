"""Notices (通知公告) and messages to one institution."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from filing_app.models._base import fk, json_field, text_field, utcnow


class Notice(SQLModel, table=True):
    __tablename__ = "notice"
    __table_args__ = (sa.Index("ix_notice_listing", "status", "scope", "published_at"),)

    id: int | None = Field(default=None, primary_key=True)
    # "national" or a 6-digit province code
    scope: str = Field(max_length=8)
    # public (everyone) / institutions (logged-in institutions only)
    audience: str = Field(default="public", max_length=16)
    title: str = Field(max_length=200)
    body: str = text_field()
    attachment_ids: list[int] = json_field()
    status: str = Field(default="draft", max_length=16)  # draft / published / withdrawn
    published_at: datetime | None = Field(default=None)
    created_by: int | None = fk("account.id", nullable=True, index=False)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class InstitutionMessage(SQLModel, table=True):
    """A message to one institution shown on its home (e.g. a person was released)."""

    __tablename__ = "institution_message"

    id: int | None = Field(default=None, primary_key=True)
    institution_id: int = fk("institution.id")
    title: str = Field(max_length=200)
    body: str = text_field()
    created_at: datetime = Field(default_factory=utcnow)
    read_at: datetime | None = Field(default=None)
