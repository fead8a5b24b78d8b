"""Demo filings: published institutions for the registry and a filing waiting for review.

Filled in by the filing, review and registry features.
"""

from __future__ import annotations

from sqlmodel import Session


def seed(session: Session) -> None:
    from filing_app import demo_registry

    demo_registry.seed(session)
