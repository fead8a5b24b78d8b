"""备案工作建议: suggestions from institutions and the replies to them."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from filing_app.models._base import fk, text_field, utcnow


class Feedback(SQLModel, table=True):
    __tablename__ = "feedback"

    id: int | None = Field(default=None, primary_key=True)
    institution_id: int = fk("institution.id")
    province_code: str = Field(max_length=6, index=True)
    account_id: int | None = fk("account.id", nullable=True, index=False)
    content: str = text_field()
    attachment_id: int | None = fk("attachment.id", nullable=True, index=False)
    created_at: datetime = Field(default_factory=utcnow)
    reply: str = text_field()
    replied_by: int | None = fk("account.id", nullable=True, index=False)
    replied_at: datetime | None = Field(default=None)
