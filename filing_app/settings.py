"""The one place that reads the environment.

Every knob of the system is an environment variable with a safe default, so the
embedded set-up (SQLite, disk state, outbox SMS) needs no configuration at all and
production (PostgreSQL, Redis, a real SMS gateway) needs configuration only.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str) -> str:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _int(name: str, default: int) -> int:
    return int(_env(name, str(default)))


def _bool(name: str, default: bool) -> bool:
    return _env(name, "1" if default else "0").lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    redis_url: str | None
    upload_dir: Path
    secret_key: str
    # uploads and imports
    max_upload_bytes: int
    import_max_bytes: int
    import_max_rows: int
    # accounts
    password_min_length: int
    password_min_classes: int
    argon2_memory_kib: int
    argon2_time_cost: int
    lockout_threshold: int
    lockout_minutes: int
    session_idle_minutes: int
    session_absolute_hours: int
    sms_code_ttl_seconds: int
    sms_resend_seconds: int
    sms_max_attempts: int
    sms_sender: str
    # developer pages (SMS outbox) are never on in production unless asked for
    dev_tools: bool
    # a reverse proxy's X-Forwarded-For is trusted only when this is on
    trust_forwarded_for: bool


def _secret_key(data_dir: Path) -> str:
    """FILING_SECRET_KEY, or a random key kept in the data folder (made once, mode 0600)."""
    configured = os.environ.get("FILING_SECRET_KEY")
    if configured:
        return configured
    path = data_dir / "secret_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def _dev_mode_default() -> bool:
    # Reflex exports REFLEX_ENV_MODE=prod for `reflex run --env prod`.
    return os.environ.get("REFLEX_ENV_MODE", "dev").lower() != "prod"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    data_dir = Path(_env("FILING_DATA_DIR", str(PROJECT_ROOT / "data"))).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    default_db = f"sqlite:///{data_dir / 'filing.db'}"
    return Settings(
        data_dir=data_dir,
        database_url=_env("REFLEX_DB_URL", default_db),
        redis_url=os.environ.get("REFLEX_REDIS_URL") or None,
        upload_dir=Path(_env("FILING_UPLOAD_DIR", str(data_dir / "files"))).resolve(),
        secret_key=_secret_key(data_dir),
        max_upload_bytes=_int("FILING_MAX_UPLOAD_MB", 20) * 1024 * 1024,
        import_max_bytes=_int("FILING_IMPORT_MAX_MB", 10) * 1024 * 1024,
        import_max_rows=_int("FILING_IMPORT_MAX_ROWS", 10_000),
        password_min_length=_int("FILING_PASSWORD_MIN_LENGTH", 8),
        password_min_classes=_int("FILING_PASSWORD_MIN_CLASSES", 3),
        argon2_memory_kib=_int("FILING_ARGON2_MEMORY_KIB", 65536),
        argon2_time_cost=_int("FILING_ARGON2_TIME_COST", 3),
        lockout_threshold=_int("FILING_LOCKOUT_THRESHOLD", 5),
        lockout_minutes=_int("FILING_LOCKOUT_MINUTES", 15),
        session_idle_minutes=_int("FILING_SESSION_IDLE_MINUTES", 30),
        session_absolute_hours=_int("FILING_SESSION_ABSOLUTE_HOURS", 12),
        sms_code_ttl_seconds=_int("FILING_SMS_CODE_TTL_SECONDS", 300),
        sms_resend_seconds=_int("FILING_SMS_RESEND_SECONDS", 60),
        sms_max_attempts=_int("FILING_SMS_MAX_ATTEMPTS", 5),
        sms_sender=_env("FILING_SMS_SENDER", "outbox"),
        dev_tools=_bool("FILING_DEV_TOOLS", _dev_mode_default()),
        trust_forwarded_for=_bool("FILING_TRUST_FORWARDED_FOR", False),
    )
