"""Demo filings: a filing waiting in the Beijing reviewer's queue, and published
institutions of both types in several provinces for the registry."""

from __future__ import annotations

from sqlmodel import Session

from filing_app import demo_registry, demo_review


def seed(session: Session) -> None:
    demo_review.seed(session)
    demo_registry.seed(session)
