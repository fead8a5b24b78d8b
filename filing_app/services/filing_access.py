"""Which filing a wizard list tab works on, and whether the institution may edit it now.

Used by the 技术人员 and 设施设备 tabs (people.py, equipment.py) and the duplicate-person
reports. PART A's services/filings.py owns the filing lifecycle; these helpers are meant
to be folded into it at merge (same rules: a filing is edited only while draft or
returned, or approved with a change in progress).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from filing_app.domain import enums
from filing_app.domain.enums import FILING_STATUS_LABELS, FILING_TYPE_LABELS, FILING_TYPES, FilingStatus
from filing_app.models import Filing, Institution
from filing_app.services import audit, tab_checks
from filing_app.services.actor import Actor, require_institution
from filing_app.services.errors import NotFound, PermissionDenied, ServiceError

PAGE_SIZE = 10  # the manual's 10条/页
MAX_PAGE_SIZE = 50

LIST_TABS = {"people": tab_checks.people_tab_errors, "equipment": tab_checks.equipment_tab_errors}


def check_filing_type(filing_type: str) -> str:
    if filing_type not in FILING_TYPES:
        raise NotFound("备案类型不存在")
    return filing_type


def can_edit(filing: Filing) -> bool:
    """Draft or returned; or approved while a change (备案变更) is in progress."""
    if filing.status in (FilingStatus.DRAFT, FilingStatus.RETURNED):
        return True
    return filing.status == FilingStatus.APPROVED and bool(filing.change_in_progress)


def not_editable_message(filing: Filing) -> str:
    label = FILING_STATUS_LABELS.get(filing.status, filing.status)
    if filing.status == FilingStatus.APPROVED:
        return "备案已公开，如需修改请先在首页点击“备案变更”"
    return f"备案当前状态为“{label}”，不能修改"


def find_filing(session: Session, actor: Actor, filing_type: str) -> Filing | None:
    """The actor's institution's filing of this type, if it exists."""
    require_institution(actor)
    check_filing_type(filing_type)
    return session.exec(
        select(Filing).where(Filing.institution_id == actor.institution_id, Filing.filing_type == filing_type)
    ).first()


def _may_start(session: Session, institution: Institution, filing_type: str) -> bool:
    """The registered type may always be started; the other one once a filing is published (§3.2)."""
    if filing_type == institution.registered_type:
        return True
    other = session.exec(
        select(Filing.status).where(
            Filing.institution_id == institution.id, Filing.filing_type == enums.other_filing_type(filing_type)
        )
    ).first()
    return other in (FilingStatus.APPROVED, FilingStatus.CHANGE_PENDING)


def editable_filing(session: Session, actor: Actor, filing_type: str) -> Filing:
    """The filing to write to: created as a draft when the institution has none yet
    (e.g. 技术人员 opened before 基本信息 was saved); refused when it may not be edited now."""
    filing = find_filing(session, actor, filing_type)
    if filing is None:
        institution = session.get(Institution, actor.institution_id)
        if institution is None or not _may_start(session, institution, filing_type):
            raise PermissionDenied(
                f"尚不能填报{FILING_TYPE_LABELS[filing_type]}备案：请先完成本机构已有类型的备案并通过审查"
            )
        try:
            with session.begin_nested():
                filing = Filing(institution_id=actor.institution_id, filing_type=filing_type,
                                status=FilingStatus.DRAFT, updated_by=actor.account_id)
                session.add(filing)
                session.flush()
            audit.record(session, actor, "filing_start", object_type="filing", object_id=filing.id,
                         detail={"filing_type": filing_type})
        except IntegrityError:
            # Another tab or colleague created it at the same instant: use theirs.
            filing = find_filing(session, actor, filing_type)
            if filing is None:  # pragma: no cover - the unique constraint said it exists
                raise
    if not can_edit(filing):
        raise ServiceError(not_editable_message(filing))
    return filing


@dataclass(frozen=True)
class FilingInfo:
    exists: bool
    status: str
    status_label: str
    editable: bool
    read_only_reason: str


def filing_info(session: Session, actor: Actor, filing_type: str) -> FilingInfo:
    """What a list tab shows about its filing (read-only banner or not)."""
    filing = find_filing(session, actor, filing_type)
    if filing is None:
        institution = session.get(Institution, actor.institution_id)
        startable = institution is not None and _may_start(session, institution, filing_type)
        reason = "" if startable else f"尚不能填报{FILING_TYPE_LABELS[filing_type]}备案"
        return FilingInfo(False, FilingStatus.DRAFT, FILING_STATUS_LABELS[FilingStatus.DRAFT], startable, reason)
    editable = can_edit(filing)
    return FilingInfo(True, filing.status, FILING_STATUS_LABELS.get(filing.status, filing.status), editable,
                      "" if editable else not_editable_message(filing))


def check_list_tab(session: Session, actor: Actor, filing_type: str, tab: str) -> list[str]:
    """下一步 on a list tab: every problem of the tab; when there is none the tab is marked
    as passed (Filing.completed_tabs). A read-only filing is only checked, never written."""
    if tab not in LIST_TABS:
        raise NotFound("页面不存在")
    filing = find_filing(session, actor, filing_type)
    if filing is None:
        filing = editable_filing(session, actor, filing_type)
    problems = LIST_TABS[tab](session, filing)
    if can_edit(filing):
        done = [t for t in (filing.completed_tabs or []) if t != tab]
        if not problems:
            done.append(tab)
        if sorted(done) != sorted(filing.completed_tabs or []):
            filing.completed_tabs = done
            session.add(filing)
            audit.record(session, actor, "tab_check", object_type="filing", object_id=filing.id,
                         detail={"tab": tab, "passed": not problems, "problems": len(problems)})
    return problems


# ------------------------------------------------------------------ list helpers


def stamp_of(value: datetime | None) -> str:
    """A version token of a row from its updated_at, the same whichever database returned it."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.isoformat()


def page_bounds(page: Any, page_size: Any, total: int) -> tuple[int, int]:
    try:
        size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    except (TypeError, ValueError):
        size = PAGE_SIZE
    try:
        number = max(1, int(page))
    except (TypeError, ValueError):
        number = 1
    last = max(1, -(-total // size))
    return min(number, last), size
