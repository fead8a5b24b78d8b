"""备案注销 (§3.4): the main account cancels an approved filing after confirming.

The filing leaves the public registry at once and its people are released from the
one-person register (another institution may then file them), unless the institution's
other live filing still lists them 在职.
"""

from __future__ import annotations

from sqlmodel import Session

from filing_app.domain import filing_flow
from filing_app.domain.clock import show_datetime, utcnow
from filing_app.domain.enums import FILING_STATUS_LABELS, FILING_TYPE_LABELS, FilingStatus
from filing_app.models import InstitutionMessage
from filing_app.services import audit, employment, publication
from filing_app.services.actor import Actor
from filing_app.services.changes import own_filing
from filing_app.services.errors import PermissionDenied, ServiceError, StaleVersion


def cancel_filing(session: Session, actor: Actor | None, filing_type: str, confirmed: bool,
                  expected_version: int | None = None) -> str:
    """Cancel the filing; returns the message to show."""
    if actor is None or not actor.is_institution or actor.institution_id is None:
        raise PermissionDenied()
    if not actor.is_main:
        audit.record(session, actor, "filing_cancel", object_type="filing", result="denied",
                     detail={"filing_type": filing_type, "reason": "sub_account"})
        audit.refuse(session, PermissionDenied("仅主账号可以办理备案注销，请使用主账号登录"))
    if confirmed is not True:
        raise ServiceError("请在确认框中确认后再提交备案注销")
    filing = own_filing(session, actor, filing_type)
    type_label = FILING_TYPE_LABELS[filing.filing_type]
    if expected_version is not None and filing.version != expected_version:
        raise StaleVersion("备案状态已变化，请刷新页面后再办理注销")
    if filing.status == FilingStatus.CHANGE_PENDING:
        raise ServiceError("备案变更正在审查中，暂不能注销；请等待审查结果后再办理")
    if not filing_flow.can(filing.status, "cancel"):
        raise ServiceError(f"只有已备案的备案可以注销（当前状态：{FILING_STATUS_LABELS.get(filing.status, '')}）")
    now = utcnow()
    filing.status = filing_flow.next_status(filing.status, "cancel")
    filing.cancelled_at = now
    filing.change_in_progress = False
    filing.return_reason = ""
    filing.version += 1
    filing.updated_at = now
    filing.updated_by = actor.account_id
    session.add(filing)
    session.flush()
    was_public = publication.unpublish(session, filing)
    released = employment.release_filing(session, filing)
    session.add(InstitutionMessage(
        institution_id=filing.institution_id,
        title=f"{type_label}备案已注销",
        body=(f"您单位的{type_label}备案已于{show_datetime(now)}注销，已从备案信息公开中移除；"
              f"{released}名技术人员已解除在本单位的在职备案。如需再次备案，请在首页点击“重新备案”。"),
        created_at=now,
    ))
    audit.record(session, actor, "filing_cancel", object_type="filing", object_id=filing.id,
                 detail={"filing_type": filing.filing_type, "unpublished": was_public, "released": released})
    session.flush()
    return f"{type_label}备案已注销，已从备案信息公开中移除，{released}名技术人员已解除在职备案"
