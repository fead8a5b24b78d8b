"""Institutions, accounts, login sessions and SMS."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from filing_app.models._base import fk, utcnow


class Institution(SQLModel, table=True):
    """A technical service institution, identified by its unified social credit code."""

    __tablename__ = "institution"

    id: int | None = Field(default=None, primary_key=True)
    credit_code: str = Field(max_length=18, sa_column_kwargs={"unique": True})
    name: str = Field(max_length=200)
    # The filing type chosen at registration (monitoring / om); the first filing's type.
    registered_type: str = Field(max_length=16)
    # The province whose reviewers handle this institution (its registered address).
    province_code: str = Field(max_length=6, index=True)
    city_code: str = Field(default="", max_length=6)
    address: str = Field(default="", max_length=300)
    created_at: datetime = Field(default_factory=utcnow)


class Account(SQLModel, table=True):
    __tablename__ = "account"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=32, sa_column_kwargs={"unique": True})
    # Mobile numbers are unique among accounts; administrators may have none.
    phone: str | None = Field(default=None, max_length=11, sa_column_kwargs={"unique": True})
    display_name: str = Field(default="", max_length=50)
    password_hash: str = Field(max_length=255)
    role: str = Field(max_length=16, index=True)
    institution_id: int | None = fk("institution.id", nullable=True)
    # Reviewers belong to one province (6-digit GB/T 2260 code).
    province_code: str | None = Field(default=None, max_length=6, index=True)
    # active / disabled / cancelled
    status: str = Field(default="active", max_length=16)
    must_change_password: bool = Field(default=False)
    failed_logins: int = Field(default=0)
    locked_until: datetime | None = Field(default=None)
    password_changed_at: datetime = Field(default_factory=utcnow)
    created_at: datetime = Field(default_factory=utcnow)
    created_by: int | None = Field(default=None)


class AuthSession(SQLModel, table=True):
    """A server-side login session; the browser holds the token, we keep its hash."""

    __tablename__ = "auth_session"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = fk("account.id", ondelete="CASCADE")
    token_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True})
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked_at: datetime | None = Field(default=None)
    client_ip: str = Field(default="", max_length=64)
    user_agent: str = Field(default="", max_length=300)


class SmsCode(SQLModel, table=True):
    """A one-time verification code sent by SMS (login, binding a new phone)."""

    __tablename__ = "sms_code"
    __table_args__ = (sa.Index("ix_sms_code_phone_purpose_created", "phone", "purpose", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    phone: str = Field(max_length=11)
    purpose: str = Field(max_length=16)
    code_hash: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    attempts: int = Field(default=0)
    used_at: datetime | None = Field(default=None)
    account_id: int | None = Field(default=None)


class SmsOutbox(SQLModel, table=True):
    """Messages of the embedded SMS sender: a developer page and the tests read them."""

    __tablename__ = "sms_outbox"

    id: int | None = Field(default=None, primary_key=True)
    phone: str = Field(max_length=11, index=True)
    message: str = Field(max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
