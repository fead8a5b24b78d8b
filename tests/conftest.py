"""Test set-up shared by every suite.

The environment is fixed here, before anything imports filing_app.settings or reflex:
a private data folder, the test database (SQLite by default; TEST_DATABASE_URL for
PostgreSQL) and cheap password hashing.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

_DATA_DIR = Path(tempfile.mkdtemp(prefix="filing-test-"))
os.environ["FILING_DATA_DIR"] = str(_DATA_DIR)
os.environ["REFLEX_DB_URL"] = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{_DATA_DIR / 'test.db'}"
if os.environ.get("TEST_REDIS_URL"):
    os.environ["REFLEX_REDIS_URL"] = os.environ["TEST_REDIS_URL"]
    # Under AppHarness (backend in a thread of the test process) a state lock that two
    # events of one tab contend for was seen to be released only when it expired, not
    # on Redis's release notice: a logout followed by a page load then stalled for the
    # whole expiry (10 s by default). Production under granian did not show it
    # (bench/prod_smoke.py). A short expiry keeps the Redis pass from stalling.
    os.environ.setdefault("REFLEX_REDIS_LOCK_EXPIRATION", "4000")
else:
    os.environ.pop("REFLEX_REDIS_URL", None)
os.environ.setdefault("FILING_ARGON2_MEMORY_KIB", "1024")
os.environ.setdefault("FILING_ARGON2_TIME_COST", "1")
os.environ.setdefault("FILING_SECRET_KEY", secrets.token_urlsafe(32))
os.environ["FILING_DEV_TOOLS"] = "1"
os.environ["REFLEX_TELEMETRY_ENABLED"] = "false"

import pytest  # noqa: E402

from filing_app.settings import get_settings  # noqa: E402


def is_postgres() -> bool:
    return get_settings().database_url.startswith("postgresql")


def pytest_report_header(config) -> str:  # noqa: ANN001
    return f"database: {'PostgreSQL' if is_postgres() else 'SQLite'}; data dir: {_DATA_DIR}"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return _DATA_DIR
