"""The transitions the review drives, and the ones it refuses (domain/filing_flow.py)."""

from __future__ import annotations

import pytest

from filing_app.domain import filing_flow
from filing_app.domain.filing_flow import TransitionRefused

ALLOWED = [
    ("submitted", "approve", "approved"),
    ("submitted", "return", "returned"),
    ("returned", "submit", "submitted"),
    ("approved", "submit_change", "change_pending"),
    ("change_pending", "approve", "approved"),
    ("change_pending", "return", "approved"),  # a refused change leaves the approved filing as it was
    ("approved", "publish_minor_change", "approved"),
    ("approved", "cancel", "cancelled"),
    ("cancelled", "refile", "draft"),
]


@pytest.mark.parametrize(("status", "action", "after"), ALLOWED)
def test_allowed(status, action, after):
    assert filing_flow.can(status, action)
    assert filing_flow.next_status(status, action) == after


@pytest.mark.parametrize(("status", "action"), [
    ("draft", "approve"), ("returned", "approve"), ("approved", "approve"), ("cancelled", "approve"),
    ("draft", "return"), ("approved", "return"),
    ("submitted", "submit_change"), ("change_pending", "submit_change"), ("returned", "submit_change"),
    ("submitted", "cancel"), ("change_pending", "cancel"), ("returned", "cancel"), ("cancelled", "cancel"),
])
def test_refused(status, action):
    assert not filing_flow.can(status, action)
    with pytest.raises(TransitionRefused, match="不能执行该操作"):
        filing_flow.next_status(status, action)
