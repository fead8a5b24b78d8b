"""The filing state machine and the actions each status allows.

    (none) --start--> draft --submit--> submitted --approve--> approved
                                   ^        |--return--> returned --submit--> submitted
    approved --submit_change(key fields)--> change_pending --approve--> approved
                                                  |--return--> approved (change refused; edit again)
    approved --submit_change(other fields only)--> approved (published at once)
    approved --cancel--> cancelled --refile--> draft
"""

from __future__ import annotations

from dataclasses import dataclass

from filing_app.domain.enums import FILING_TYPE_LABELS, FilingStatus

S = FilingStatus

# action -> {from_status: to_status}
TRANSITIONS: dict[str, dict[str, str]] = {
    "submit": {S.DRAFT: S.SUBMITTED, S.RETURNED: S.SUBMITTED},
    "approve": {S.SUBMITTED: S.APPROVED, S.CHANGE_PENDING: S.APPROVED},
    "return": {S.SUBMITTED: S.RETURNED, S.CHANGE_PENDING: S.APPROVED},
    "submit_change": {S.APPROVED: S.CHANGE_PENDING},
    "publish_minor_change": {S.APPROVED: S.APPROVED},
    "cancel": {S.APPROVED: S.CANCELLED},
    "refile": {S.CANCELLED: S.DRAFT},
}

# Statuses in which the institution may edit its working copy (APPROVED only during a change:
# can_edit is the whole rule).
EDITABLE = (S.DRAFT, S.RETURNED, S.APPROVED)
# A published filing: in the registry, possibly with a change under review.
PUBLISHED = (S.APPROVED, S.CHANGE_PENDING)


class TransitionRefused(ValueError):
    """An action that the current status does not allow."""


def can(status: str, action: str) -> bool:
    return status in TRANSITIONS.get(action, {})


def next_status(status: str, action: str) -> str:
    try:
        return TRANSITIONS[action][status]
    except KeyError:
        raise TransitionRefused(f"当前状态（{status}）不能执行该操作") from None


def is_editable(status: str) -> bool:
    return status in EDITABLE


def can_edit(status: str, change_in_progress: bool) -> bool:
    """The institution may edit its working copy: while filling it, after a return, and
    while a change (备案变更) of the published filing is in progress."""
    if status in (S.DRAFT, S.RETURNED):
        return True
    return status == S.APPROVED and bool(change_in_progress)


def locked_message(status: str) -> str:
    """Why the institution may not edit a filing in this status (shown wherever a write is refused)."""
    if status == S.SUBMITTED:
        return "备案已提交，待审查，审查结束前不能修改"
    if status == S.CHANGE_PENDING:
        return "备案变更审查中，审查结束前不能修改"
    if status == S.APPROVED:
        return "备案已通过审查，如需修改请在首页点击“备案变更”"
    if status == S.CANCELLED:
        return "备案已注销，如需重新备案请在首页点击“重新备案”"
    return "当前状态不能修改备案"


def may_start(filing_type: str, registered_type: str, registered_status: str | None) -> bool:
    """The registered type may always be started; the other type once the registered type's
    filing is published (新增备案类型, §3.2)."""
    return filing_type == registered_type or registered_status in PUBLISHED


def start_refused_message(filing_type: str, registered_type: str) -> str:
    return (f"请先完成{FILING_TYPE_LABELS[registered_type]}备案并通过审查，"
            f"再新增{FILING_TYPE_LABELS[filing_type]}备案")


# ---------------------------------------------------------------- home actions


@dataclass(frozen=True)
class HomeAction:
    code: str  # fill / add_type / change / cancel / refile / view
    label: str
    main_only: bool = False


def home_actions(
    filing_type: str,
    status: str | None,
    *,
    registered_type: str,
    other_status: str | None,
    change_in_progress: bool = False,
) -> list[HomeAction]:
    """The buttons the institution home shows for one filing type (§3).

    status None means the institution has no filing of this type yet: its registered
    type offers 立即填报; the other type is offered (新增X机构备案, §3.2) once a filing
    of the registered type is published.
    """
    if status is None:
        # With two types, the other type's status is the registered type's when it matters.
        if not may_start(filing_type, registered_type, other_status):
            return []
        if filing_type == registered_type:
            return [HomeAction("fill", "立即填报")]
        return [HomeAction("add_type", f"新增{FILING_TYPE_LABELS[filing_type]}备案")]
    if status == S.DRAFT:
        return [HomeAction("fill", "继续填报")]
    if status == S.RETURNED:
        return [HomeAction("fill", "修改后重新提交")]
    if status == S.APPROVED:
        return [
            HomeAction("change", "继续变更" if change_in_progress else "备案变更"),
            HomeAction("cancel", "备案注销", main_only=True),
        ]
    if status == S.CANCELLED:
        return [HomeAction("refile", "重新备案")]
    return [HomeAction("view", "查看备案")]


# ---------------------------------------------------------------- progress


@dataclass(frozen=True)
class ProgressStep:
    label: str
    state: str  # done / current / todo / returned


def progress_steps(status: str | None, *, opened: bool = False) -> list[ProgressStep]:
    """The home card's progress line (§3.1.3): 填报 → 已提交 → 审查中 → 审查结果.

    opened: a reviewer has opened the waiting submission. A change under review (变更审查中)
    goes through the same steps; a cancelled filing or none at all has no progress line.
    """
    if status in (None, S.CANCELLED):
        return []
    labels = ["填报", "已提交", "审查中", "审查结果"]
    if status == S.DRAFT:
        reached, last = 0, "current"
    elif status in (S.SUBMITTED, S.CHANGE_PENDING):
        reached, last = (2 if opened else 1), "current"
    elif status == S.RETURNED:
        reached, last = 3, "returned"
        labels[3] = "已退回"
    else:  # approved
        reached, last = 3, "done"
        labels[3] = "已通过"
    return [ProgressStep(label, "done" if i < reached else last if i == reached else "todo")
            for i, label in enumerate(labels)]
