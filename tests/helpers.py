"""Builders of valid test values and records (not fixtures: plain functions)."""

from __future__ import annotations

import random
import string

from filing_app.domain.validators import complete_credit_code, complete_identity_number

_ORG_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_rng = random.Random()


def new_credit_code(division: str = "110108") -> str:
    """A fresh valid 统一社会信用代码 for a company registered in `division`."""
    body = "".join(_rng.choice(_ORG_CHARS) for _ in range(7))
    return complete_credit_code(f"91{division}MA{body[:6]}")


def new_identity_number(region: str = "110108", birth: str = "19900307", male: bool = True) -> str:
    seq = f"{_rng.randrange(0, 100):02d}"
    gender_digit = _rng.choice("13579" if male else "02468")
    return complete_identity_number(f"{region}{birth}{seq}{gender_digit}")


def new_phone() -> str:
    return "13" + "".join(_rng.choice(string.digits) for _ in range(9))


def new_username(prefix: str = "u") -> str:
    return prefix + "".join(_rng.choice(string.ascii_lowercase + string.digits) for _ in range(9))


STRONG_PASSWORD = "Filing#2026"
