"""The Alembic history builds the whole schema, and the models have nothing it lacks."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import filing_app.models  # noqa: F401
from filing_app.cli import migrate
from filing_app.db import make_engine
from filing_app.settings import get_settings
from tests.conftest import is_postgres


@pytest.fixture()
def empty_database_url(data_dir):  # noqa: ANN001
    """A brand-new empty database of the kind under test."""
    if not is_postgres():
        yield f"sqlite:///{data_dir / f'migration-{uuid.uuid4().hex}.db'}"
        return
    base = get_settings().database_url
    name = f"filing_migration_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield base.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_head_on_an_empty_database_then_autogenerate_finds_nothing(empty_database_url):
    migrate(empty_database_url)
    engine = make_engine(empty_database_url)
    with engine.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
        assert set(SQLModel.metadata.tables) <= tables
        assert "alembic_version" in tables
        context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        diff = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert diff == []


def test_one_person_one_institution_is_a_database_constraint(empty_database_url):
    """The unique index exists in the migrated schema itself, not only in the models."""
    migrate(empty_database_url)
    engine = make_engine(empty_database_url)
    with engine.connect() as conn:
        uniques = sa.inspect(conn).get_unique_constraints("active_employment")
        indexes = sa.inspect(conn).get_indexes("active_employment")
    engine.dispose()
    unique_columns = [u["column_names"] for u in uniques] + [i["column_names"] for i in indexes if i["unique"]]
    assert ["id_key"] in unique_columns
