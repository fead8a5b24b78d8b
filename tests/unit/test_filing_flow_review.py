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


def test_can_edit():
    assert filing_flow.can_edit("draft", False) and filing_flow.can_edit("returned", False)
    assert filing_flow.can_edit("approved", True) and not filing_flow.can_edit("approved", False)
    for status in ("submitted", "change_pending", "cancelled"):
        assert not filing_flow.can_edit(status, True)


def test_locked_message_says_what_to_do_in_each_status():
    assert filing_flow.locked_message("submitted") == "备案已提交，待审查，审查结束前不能修改"
    assert filing_flow.locked_message("change_pending") == "备案变更审查中，审查结束前不能修改"
    assert "备案变更" in filing_flow.locked_message("approved")
    assert "重新备案" in filing_flow.locked_message("cancelled")


def test_the_other_type_may_start_once_the_registered_one_is_published():
    assert filing_flow.may_start("monitoring", "monitoring", None)
    for status in (None, "draft", "submitted", "returned", "cancelled"):
        assert not filing_flow.may_start("om", "monitoring", status)
    for status in ("approved", "change_pending"):
        assert filing_flow.may_start("om", "monitoring", status)
    assert filing_flow.start_refused_message("om", "monitoring") == "请先完成监测机构备案并通过审查，再新增运维机构备案"


def test_progress_line_of_each_status():
    from filing_app.domain.filing_flow import progress_steps

    def line(status, opened=False):
        return [(s.label, s.state) for s in progress_steps(status, opened=opened)]

    assert line(None) == [] and line("cancelled") == []
    assert line("draft") == [("填报", "current"), ("已提交", "todo"), ("审查中", "todo"), ("审查结果", "todo")]
    assert [s for _, s in line("submitted")] == ["done", "current", "todo", "todo"]
    assert [s for _, s in line("submitted", opened=True)] == ["done", "done", "current", "todo"]
    assert [s for _, s in line("change_pending", opened=True)] == ["done", "done", "current", "todo"]
    assert line("returned")[-1] == ("已退回", "returned")
    assert line("approved") == [("填报", "done"), ("已提交", "done"), ("审查中", "done"), ("已通过", "done")]


def test_review_status_label_says_under_review_only_while_waiting():
    from filing_app.domain.review import review_status_label

    assert review_status_label("pending") == "待审查"
    assert review_status_label("pending", opened=True) == "审查中"
    assert review_status_label("approved", opened=True) == "已通过"
    assert review_status_label("returned", opened=True) == "已退回"
