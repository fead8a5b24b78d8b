"""Database engine and sessions.

The app keeps its own engine instead of Reflex's so that SQLite gets WAL, a busy
timeout and foreign keys on every connection, and so that engines inherited over a
fork are never shared between worker processes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session

from filing_app.settings import get_settings

_engines: dict[str, Engine] = {}


def _configure_sqlite(engine: Engine, immediate: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001
        # Let SQLAlchemy manage transactions explicitly (BEGIN IMMEDIATE below).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        # A write transaction takes the lock at its start, so two writers queue on
        # busy_timeout instead of failing with "database is locked" when a reader
        # upgrades. Read-only sessions use plain BEGIN and never block anyone (WAL).
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def is_sqlite(url: str | None = None) -> bool:
    return (url or get_settings().database_url).startswith("sqlite")


def make_engine(url: str, immediate: bool = True) -> Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        _configure_sqlite(engine, immediate)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10, pool_recycle=1800)


def get_engine(url: str | None = None, *, readonly: bool = False) -> Engine:
    url = url or get_settings().database_url
    # On PostgreSQL both kinds of session share one engine.
    key = f"{url}#ro" if readonly and url.startswith("sqlite") else url
    engine = _engines.get(key)
    if engine is None:
        engine = _engines[key] = make_engine(url, immediate=key == url)
    return engine


@contextmanager
def session_scope(*, readonly: bool = False) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error.

    Use readonly=True for sessions that only read (lists, searches): on SQLite they
    do not queue behind writers.
    """
    with Session(get_engine(readonly=readonly), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def reset_engines() -> None:
    """Forget every engine (tests switch databases between runs)."""
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()


def _dispose_after_fork() -> None:
    # A forked worker must not reuse the parent's pooled sockets (RECIPE.md §5).
    for engine in _engines.values():
        engine.dispose(close=False)
    try:
        from reflex import model as rx_model

        for engine in rx_model._ENGINE.values():
            engine.dispose(close=False)
    except Exception:  # pragma: no cover - reflex absent or changed
        pass


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_dispose_after_fork)
