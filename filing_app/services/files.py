"""Who may download an attachment, and short-lived signed download links.

A State handler asks `download_link` (which checks permission and audits); the
browser then fetches /files/<id>/<expiry>/<signature> from the backend, which only
verifies the signature. Links live a few minutes, so a copied link soon stops working.
"""

from __future__ import annotations

import time
from urllib.parse import quote

from sqlalchemy import Text, cast, func
from sqlmodel import Session, select

from filing_app.models import Attachment, Institution, Notice, PublishedFiling
from filing_app.services import audit, security
from filing_app.services.actor import Actor
from filing_app.services.errors import NotFound, PermissionDenied

LINK_SECONDS = 300
FILES_PATH = "/files"


def is_public(session: Session, attachment_id: int) -> bool:
    """Public documents: 资质能力 and 承诺书 of published filings, attachments of public notices."""
    if session.exec(
        select(PublishedFiling.id).where(PublishedFiling.commitment_attachment_id == attachment_id).limit(1)
    ).first():
        return True
    if _json_list_contains(session, PublishedFiling, PublishedFiling.qualification_attachment_ids, attachment_id):
        return True
    return _json_list_contains(
        session,
        Notice,
        Notice.attachment_ids,
        attachment_id,
        Notice.status == "published",
        Notice.audience == "public",
    )


def _json_list_contains(session: Session, model, column, value: int, *where) -> bool:  # noqa: ANN001
    # JSON containment differs between SQLite and PostgreSQL; these lists are short,
    # so compare on the text form, which both render as "[1, 2, 3]".
    text = func.replace(func.replace(func.replace(cast(column, Text), "[", ","), "]", ","), " ", "")
    query = select(model.id).where(text.like(f"%,{int(value)},%"), *where).limit(1)
    return session.exec(query).first() is not None


def can_download(session: Session, actor: Actor | None, attachment: Attachment) -> bool:
    if actor is not None:
        if actor.is_admin:
            return True
        if attachment.institution_id is not None:
            if actor.is_institution and actor.institution_id == attachment.institution_id:
                return True
            if actor.is_reviewer:
                institution = session.get(Institution, attachment.institution_id)
                if institution is not None and institution.province_code == actor.province_code:
                    return True
        if attachment.purpose == "notice" and _json_list_contains(
            session, Notice, Notice.attachment_ids, attachment.id, Notice.status == "published"
        ):
            return True  # institution-only notices are readable by any logged-in account
    return is_public(session, attachment.id)


def download_link(session: Session, actor: Actor | None, attachment_id: int) -> str:
    """A signed path for the attachment, after the permission check (audited)."""
    attachment = session.get(Attachment, attachment_id)
    if attachment is None:
        raise NotFound("文件不存在")
    if not can_download(session, actor, attachment):
        audit.record(session, actor, "download", object_type="attachment", object_id=attachment_id, result="denied")
        audit.refuse(session, PermissionDenied("无权下载该文件"))
    if actor is not None:
        audit.record(
            session, actor, "download", object_type="attachment", object_id=attachment_id,
            institution_id=attachment.institution_id,
        )
    return _signed_path(attachment.id)


def public_link(attachment_id: int) -> str:
    """A signed path without any permission check: only for a caller that has just checked the
    attachment is a public document (services/registry.public_document_link)."""
    return _signed_path(int(attachment_id))


def _signed_path(attachment_id: int) -> str:
    expires = int(time.time()) + LINK_SECONDS
    return f"{FILES_PATH}/{attachment_id}/{expires}/{security.sign(f'{attachment_id}.{expires}')}"


def verify_link(attachment_id: int, expires: int, signature: str) -> bool:
    return expires >= int(time.time()) and security.signature_ok(f"{attachment_id}.{expires}", signature)


def content_disposition(name: str) -> str:
    """attachment; with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987)."""
    fallback = "".join(ch if ch.isascii() and ch not in '"\\;' else "_" for ch in name) or "file"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
