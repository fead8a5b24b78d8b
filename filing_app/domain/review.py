"""Review vocabulary: submission kinds, review statuses, waiting time, decision reasons.

Pure Python (no database), shared by the queue, the review pages, the institution's
history and the statistics, so a label is written once.
"""

from __future__ import annotations

from datetime import date, datetime

from filing_app.domain.clock import to_beijing
from filing_app.domain.text import normalize_text


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


def clean_reason(value: object) -> str:
    """A decision reason as stored: trimmed, inner line breaks kept, other whitespace runs collapsed."""
    lines = [normalize_text(line) for line in str(value or "").replace("\r\n", "\n").split("\n")]
    return "\n".join(line for line in lines if line).strip()


def reason_error(reason: str, *, required: bool, what: str = "退回原因") -> str | None:
    """The Chinese message for an unacceptable reason, or None."""
    if required and not reason:
        return f"请填写{what}，机构将按此修改后重新提交"
    if len(reason) > REASON_MAX_LENGTH:
        return f"{what}不能超过{REASON_MAX_LENGTH}个字（当前{len(reason)}个字）"
    return None
