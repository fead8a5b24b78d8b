"""Service tests run on a real database: migrated once, emptied before each test."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlmodel import Session, SQLModel

import filing_app.models  # noqa: F401
from filing_app.cli import migrate
from filing_app.db import get_engine, session_scope
from tests.conftest import is_postgres


@pytest.fixture(scope="session")
def migrated() -> None:
    if is_postgres():
        with get_engine().begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrate()


def empty_all_tables() -> None:
    tables = list(reversed(SQLModel.metadata.sorted_tables))
    with get_engine().begin() as conn:
        if is_postgres():
            conn.execute(text("TRUNCATE " + ", ".join(t.name for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())


@pytest.fixture()
def db(migrated) -> None:  # noqa: ANN001
    """A clean database for this test."""
    empty_all_tables()
    yield


@pytest.fixture()
def session(db) -> Session:  # noqa: ANN001
    """A session whose work the test commits itself (session.commit())."""
    with session_scope() as s:
        yield s
