"""Uploaded files: metadata here, bytes in the private storage folder."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from filing_app.models._base import fk, utcnow


class Attachment(SQLModel, table=True):
    __tablename__ = "attachment"

    id: int | None = Field(default=None, primary_key=True)
    # The owner decides who may download: an institution's files go to it and to the
    # reviewers of its province; published public documents go to everyone.
    institution_id: int | None = fk("institution.id", nullable=True)
    purpose: str = Field(max_length=32)  # e.g. cma_cert, edu_cert, commitment, notice
    original_name: str = Field(max_length=255)
    stored_name: str = Field(max_length=64, sa_column_kwargs={"unique": True})
    content_type: str = Field(max_length=64)
    size: int
    sha256: str = Field(max_length=64)
    uploaded_by: int | None = fk("account.id", nullable=True, index=False)
    uploaded_at: datetime = Field(default_factory=utcnow)
