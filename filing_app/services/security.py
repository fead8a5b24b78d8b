"""The only place that hashes passwords, tokens and one-time codes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import lru_cache

from passlib.context import CryptContext

from filing_app.settings import get_settings


@lru_cache(maxsize=1)
def _context() -> CryptContext:
    # argon2id; the default cost (m=64 MiB, t=3) takes about 0.2 s here. Tests lower it.
    settings = get_settings()
    return CryptContext(
        schemes=["argon2"],
        deprecated="auto",
        argon2__type="ID",
        argon2__memory_cost=settings.argon2_memory_kib,
        argon2__rounds=settings.argon2_time_cost,
    )


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # Verifying against this keeps a login for an unknown user as slow as for a known one.
    return _context().hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _context().hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    if not password_hash:
        _context().verify(password, _dummy_hash())
        return False
    try:
        return _context().verify(password, password_hash)
    except (ValueError, TypeError):
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """Tokens are random and long: a keyed SHA-256 is enough and lets us look them up."""
    key = get_settings().secret_key.encode()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def new_sms_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def code_hash(phone: str, code: str) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def code_matches(phone: str, code: str, stored_hash: str) -> bool:
    return hmac.compare_digest(code_hash(phone, code), stored_hash)


def sign(payload: str) -> str:
    """An HMAC signature for short-lived URLs (file downloads)."""
    key = get_settings().secret_key.encode()
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()[:32]


def signature_ok(payload: str, signature: str) -> bool:
    return hmac.compare_digest(sign(payload), signature)
