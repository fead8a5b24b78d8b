"""Review vocabulary: submission kinds, review statuses, waiting time, decision reasons.

Pure Python (no database), shared by the queue, the review pages, the institution's
history and the statistics, so a label is written once.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from filing_app.domain.clock import to_beijing


class SubmissionKind:
    INITIAL = "initial"  # 首次备案
    ADD_TYPE = "add_type"  # 新增备案类型 (§3.2)
    CHANGE = "change"  # 备案变更 touching key fields: reviewed (§3.3)
    MINOR_CHANGE = "minor_change"  # 备案变更 of other fields: published at once, recorded
    DUPLICATE = "duplicate"  # 重复人员信息报备 (a DuplicatePersonReport, not a FilingSubmission)


# Kinds a reviewer decides, in the order the queue's filter lists them.
QUEUE_KINDS: tuple[str, ...] = (
    SubmissionKind.INITIAL,
    SubmissionKind.ADD_TYPE,
    SubmissionKind.CHANGE,
    SubmissionKind.DUPLICATE,
)
# FilingSubmission kinds that go through review.
REVIEWED_SUBMISSION_KINDS: tuple[str, ...] = (SubmissionKind.INITIAL, SubmissionKind.ADD_TYPE, SubmissionKind.CHANGE)

KIND_LABELS: dict[str, str] = {
    SubmissionKind.INITIAL: "首次备案",
    SubmissionKind.ADD_TYPE: "新增备案类型",
    SubmissionKind.CHANGE: "备案变更",
    SubmissionKind.MINOR_CHANGE: "备案变更（无需审查）",
    SubmissionKind.DUPLICATE: "重复人员信息报备",
}


class ReviewStatus:
    """The queue's view of an item. Duplicate-person reports store accepted / rejected."""

    PENDING = "pending"
    APPROVED = "approved"
    RETURNED = "returned"


REVIEW_STATUSES: tuple[str, ...] = (ReviewStatus.PENDING, ReviewStatus.APPROVED, ReviewStatus.RETURNED)
REVIEW_STATUS_LABELS: dict[str, str] = {
    ReviewStatus.PENDING: "待审查",
    ReviewStatus.APPROVED: "已通过",
    ReviewStatus.RETURNED: "已退回",
}
# A waiting submission a reviewer has opened.
REVIEWING_LABEL = "审查中"


def review_status_label(status: str, opened: bool = False) -> str:
    """待审查 / 审查中 / 已通过 / 已退回."""
    if status == ReviewStatus.PENDING and opened:
        return REVIEWING_LABEL
    return REVIEW_STATUS_LABELS.get(status, "")


# How a minor change shows in the institution's history: nobody approved it, it took effect.
MINOR_CHANGE_STATUS_LABEL = "已生效"

REPORT_PENDING = "pending"
REPORT_ACCEPTED = "accepted"
REPORT_REJECTED = "rejected"
REPORT_TO_REVIEW_STATUS: dict[str, str] = {
    REPORT_PENDING: ReviewStatus.PENDING,
    REPORT_ACCEPTED: ReviewStatus.APPROVED,
    REPORT_REJECTED: ReviewStatus.RETURNED,
}
REVIEW_TO_REPORT_STATUS: dict[str, str] = {v: k for k, v in REPORT_TO_REVIEW_STATUS.items()}

REASON_MAX_LENGTH = 500


def waiting_days(submitted_at: datetime, today: date) -> int:
    """Whole calendar days since submission, counted on Beijing dates (0 = submitted today)."""
    return max(0, (today - to_beijing(submitted_at).date()).days)


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_SPACES = re.compile(r"[ \t\u3000\xa0]+")


def clean_reason(value: object) -> str:
    """A decision reason as stored: trimmed, blank lines dropped, runs of spaces collapsed.

    Unlike form fields it is prose: full-width punctuation (，。) is kept as written.
    """
    text = str(value or "").translate(_INVISIBLE).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def reason_error(reason: str, *, required: bool, what: str = "退回原因") -> str | None:
    """The Chinese message for an unacceptable reason, or None."""
    if required and not reason:
        return f"请填写{what}，机构将按此修改后重新提交"
    if len(reason) > REASON_MAX_LENGTH:
        return f"{what}不能超过{REASON_MAX_LENGTH}个字（当前{len(reason)}个字）"
    return None
