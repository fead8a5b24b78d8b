"""The audit log: one row for every state change and every login attempt."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from filing_app.models._base import json_field, utcnow


class AuditLog(SQLModel, table=True):
    __tablename__ = "audit_log"
    __table_args__ = (
        sa.Index("ix_audit_object", "object_type", "object_id"),
        sa.Index("ix_audit_actor_at", "actor_id", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: int | None = Field(default=None)
    # username at the time (kept even if the account is later renamed or cancelled)
    actor_name: str = Field(default="", max_length=64)
    action: str = Field(max_length=48, index=True)
    object_type: str = Field(default="", max_length=32)
    object_id: int | None = Field(default=None)
    result: str = Field(default="ok", max_length=16)  # ok / fail / denied
    institution_id: int | None = Field(default=None, index=True)
    province_code: str | None = Field(default=None, max_length=6)
    client_ip: str = Field(default="", max_length=64)
    detail: dict[str, Any] = json_field(default_factory=dict)
