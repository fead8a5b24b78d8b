"""Demo filings: published institutions for the registry and a filing waiting for review.

Filled in by the filing, review and registry features.
"""

from __future__ import annotations

from sqlmodel import Session

from filing_app import demo_review


def seed(session: Session) -> None:
    demo_review.seed(session)
