"""备案工作建议 (§3.6): an institution's suggestions, read and answered by the reviewers of
its province and by the national administrator."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from filing_app.domain import regions
from filing_app.domain.clock import show_date, utcnow
from filing_app.models import Attachment, Feedback, Institution
from filing_app.services import audit, storage
from filing_app.services.actor import Actor, can_oversee_province, require_institution
from filing_app.services.errors import NotFound, PermissionDenied, ValidationFailed

CONTENT_MAX = 1000
REPLY_MAX = 1000
ATTACHMENT_PURPOSE = "feedback"

# Filters of the staff list.
REPLY_ALL = ""
REPLY_PENDING = "pending"
REPLY_DONE = "replied"
REPLY_FILTER_LABELS = {REPLY_ALL: "全部", REPLY_PENDING: "未回复", REPLY_DONE: "已回复"}


@dataclass(frozen=True)
class FeedbackRow:
    id: int
    no: int
    institution_name: str
    province_name: str
    content: str
    attachment_id: int  # 0 when none
    attachment_name: str
    created_at: str
    reply: str
    replied_at: str


@dataclass(frozen=True)
class FeedbackPage:
    rows: list[FeedbackRow]
    total: int
    page: int
    page_size: int


def _text(value: str | None, limit: int, field: str, label: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed({field: f"请填写{label}"})
    if len(text) > limit:
        raise ValidationFailed({field: f"{label}不能超过{limit}个字，当前为{len(text)}个字"})
    return text


def save_attachment(session: Session, actor: Actor, data: bytes, original_name: str) -> storage.AttachmentInfo:
    """Store the optional attachment of a suggestion before it is submitted."""
    actor = require_institution(actor)
    attachment = storage.save_upload(session, actor, data, original_name, ATTACHMENT_PURPOSE,
                                     institution_id=actor.institution_id)
    return storage.info(attachment)


def submit(session: Session, actor: Actor, content: str, attachment_id: int | None = None) -> int:
    """意见反馈: a suggestion with text and an optional attachment uploaded by this institution."""
    actor = require_institution(actor)
    text = _text(content, CONTENT_MAX, "content", "问题描述")
    if attachment_id:
        attachment = session.get(Attachment, int(attachment_id))
        used = session.exec(select(Feedback.id).where(Feedback.attachment_id == int(attachment_id))).first()
        if (attachment is None or attachment.institution_id != actor.institution_id
                or attachment.purpose != ATTACHMENT_PURPOSE or used is not None):
            raise ValidationFailed({"attachment": "附件无效，请重新上传"})
    institution = session.get(Institution, actor.institution_id)
    row = Feedback(
        institution_id=institution.id,
        province_code=institution.province_code,
        account_id=actor.account_id,
        content=text,
        attachment_id=int(attachment_id) if attachment_id else None,
    )
    session.add(row)
    session.flush()
    audit.record(session, actor, "submit_feedback", object_type="feedback", object_id=row.id,
                 province_code=institution.province_code,
                 detail={"length": len(text), "attachment_id": row.attachment_id})
    return row.id


def _page(session: Session, query, count_query, page: int, page_size: int) -> tuple[list, int, int, int]:  # noqa: ANN001
    total = session.exec(count_query).one()
    page = min(max(1, page), max(1, -(-total // page_size)))
    offset = (page - 1) * page_size
    rows = session.exec(
        query.order_by(Feedback.created_at.desc(), Feedback.id.desc()).offset(offset).limit(page_size)
    ).all()
    return rows, total, page, offset


def _row(no: int, fb: Feedback, institution: Institution | None, attachment: Attachment | None) -> FeedbackRow:
    return FeedbackRow(
        id=fb.id,
        no=no,
        institution_name=institution.name if institution else "",
        province_name=regions.province_name(fb.province_code),
        content=fb.content,
        attachment_id=attachment.id if attachment else 0,
        attachment_name=attachment.original_name if attachment else "",
        created_at=show_date(fb.created_at),
        reply=fb.reply,
        replied_at=show_date(fb.replied_at),
    )


def list_own(session: Session, actor: Actor, page: int = 1, page_size: int = 10) -> FeedbackPage:
    """The institution's own suggestions, newest first (main and sub-accounts alike)."""
    actor = require_institution(actor)
    where = Feedback.institution_id == actor.institution_id
    query = (
        select(Feedback, Attachment)
        .join(Attachment, Attachment.id == Feedback.attachment_id, isouter=True)
        .where(where)
    )
    count = select(func.count()).select_from(Feedback).where(where)
    rows, total, page, offset = _page(session, query, count, page, page_size)
    return FeedbackPage([_row(offset + i + 1, fb, None, att) for i, (fb, att) in enumerate(rows)], total, page,
                        page_size)


def _require_staff(session: Session, actor: Actor | None, action: str) -> Actor:
    if actor is None or not (actor.is_reviewer or actor.is_admin):
        audit.record(session, actor, action, result="denied", object_type="feedback")
        audit.refuse(session, PermissionDenied("仅省级审查员和国家管理员可查看备案工作建议"))
    return actor


def list_for_staff(session: Session, actor: Actor, *, page: int = 1, page_size: int = 10, reply_state: str = "",
                   institution_name: str = "", province_code: str = "") -> FeedbackPage:
    """Reviewers see their own province only; the administrator sees every province (optionally one)."""
    actor = _require_staff(session, actor, "list_feedback")
    conditions = []
    if actor.is_reviewer:
        conditions.append(Feedback.province_code == actor.province_code)
    elif province_code and regions.is_province(province_code):
        conditions.append(Feedback.province_code == province_code)
    if reply_state == REPLY_PENDING:
        conditions.append(Feedback.replied_at.is_(None))
    elif reply_state == REPLY_DONE:
        conditions.append(Feedback.replied_at.is_not(None))
    name = (institution_name or "").strip()[:100]
    if name:
        conditions.append(Institution.name.contains(name, autoescape=True))
    query = (
        select(Feedback, Institution, Attachment)
        .join(Institution, Institution.id == Feedback.institution_id)
        .join(Attachment, Attachment.id == Feedback.attachment_id, isouter=True)
        .where(*conditions)
    )
    count = (
        select(func.count()).select_from(Feedback)
        .join(Institution, Institution.id == Feedback.institution_id)
        .where(*conditions)
    )
    rows, total, page, offset = _page(session, query, count, page, page_size)
    return FeedbackPage([_row(offset + i + 1, fb, inst, att) for i, (fb, inst, att) in enumerate(rows)], total,
                        page, page_size)


def reply(session: Session, actor: Actor, feedback_id: int, text: str) -> None:
    """Answer a suggestion (or correct the answer); the institution sees it in its list."""
    actor = _require_staff(session, actor, "reply_feedback")
    try:
        fb = session.get(Feedback, int(feedback_id))
    except (TypeError, ValueError):
        fb = None
    if fb is None or not can_oversee_province(actor, fb.province_code):
        audit.record(session, actor, "reply_feedback", result="denied", object_type="feedback",
                     object_id=fb.id if fb else None)
        # Another province's suggestion is as good as absent to this reviewer.
        audit.refuse(session, NotFound("该建议不存在或不属于本省"))
    answer = _text(text, REPLY_MAX, "reply", "回复内容")
    before = fb.reply
    fb.reply = answer
    fb.replied_by = actor.account_id
    fb.replied_at = utcnow()
    session.add(fb)
    audit.record(session, actor, "reply_feedback", object_type="feedback", object_id=fb.id,
                 institution_id=fb.institution_id, province_code=fb.province_code,
                 detail={"edited": bool(before), "length": len(answer)})
