"""Writes audit rows in the caller's transaction."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from filing_app.models import AuditLog
from filing_app.services.actor import Actor


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    *,
    object_type: str = "",
    object_id: int | None = None,
    result: str = "ok",
    detail: dict[str, Any] | None = None,
    institution_id: int | None = None,
    province_code: str | None = None,
    client_ip: str | None = None,
    actor_id: int | None = None,
    actor_name: str | None = None,
) -> AuditLog:
    row = AuditLog(
        actor_id=actor.account_id if actor else actor_id,
        actor_name=(actor.username if actor else actor_name) or "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        result=result,
        institution_id=institution_id if institution_id is not None else (actor.institution_id if actor else None),
        province_code=province_code if province_code is not None else (actor.province_code if actor else None),
        client_ip=(client_ip if client_ip is not None else (actor.client_ip if actor else "")) or "",
        detail=detail or {},
    )
    session.add(row)
    return row


def refuse(session: Session, error: Exception) -> None:
    """Raise a refusal whose record must survive it (failed logins, wrong codes, denials).

    The caller's transaction would be rolled back by the error, so what was written so
    far (audit rows, counters) is committed first. Use only where nothing else in the
    transaction may be half-done.
    """
    session.commit()
    raise error
