"""Alembic environment: the target is SQLModel.metadata with every table of filing_app.models."""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlmodel import SQLModel

import filing_app.models  # noqa: F401  (registers the tables)
from filing_app.db import get_engine
from filing_app.settings import get_settings

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = SQLModel.metadata


def _url() -> str:
    return config.attributes.get("url") or get_settings().database_url


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    with get_engine(_url()).connect() as connection:
        _run(connection)


def _render_item(type_, obj, autogen_context):  # noqa: ANN001, ANN202
    """Keep the dialect options of primary keys (PostgreSQL INCLUDE), which Alembic drops."""
    if type_ == "primary_key" and obj.dialect_kwargs:
        args = [repr(c.name) for c in obj.columns]
        if obj.name:
            args.append(f"name={str(obj.name)!r}")
        args += [f"{key}={value!r}" for key, value in sorted(obj.dialect_kwargs.items())]
        return f"sa.PrimaryKeyConstraint({', '.join(args)})"
    return False


def _run(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
