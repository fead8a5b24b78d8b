"""Publishing notices (通知公告, §2.2, §3.5).

The national administrator manages national notices; a provincial reviewer manages the
notices of its own province. Each notice is for the public or for institutions only,
and goes draft -> published -> withdrawn (and may be published again). Reading them is
services/notices.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from sqlalchemy import func
from sqlmodel import Session, select

from filing_app.domain.clock import show_date, show_datetime, utcnow
from filing_app.models import Attachment, Notice
from filing_app.services import audit, storage
from filing_app.services.actor import Actor
from filing_app.services.errors import NotFound, PermissionDenied, ServiceError, StaleVersion, ValidationFailed
from filing_app.services.notices import AUDIENCE_INSTITUTIONS, AUDIENCE_PUBLIC, NATIONAL, scope_label

DRAFT = "draft"
PUBLISHED = "published"
WITHDRAWN = "withdrawn"
STATUS_LABELS = {DRAFT: "草稿", PUBLISHED: "已发布", WITHDRAWN: "已撤回"}
AUDIENCES = (AUDIENCE_PUBLIC, AUDIENCE_INSTITUTIONS)
AUDIENCE_LABELS = {AUDIENCE_PUBLIC: "公众", AUDIENCE_INSTITUTIONS: "仅机构"}
TITLE_MAX = 200
BODY_MAX = 20000
MAX_ATTACHMENTS = 10
PAGE_SIZE = 10


@dataclass(frozen=True)
class ManagedNoticeRow:
    id: int
    seq: int
    title: str
    scope_label: str
    audience_label: str
    status: str
    status_label: str
    published_date: str
    updated: str


@dataclass(frozen=True)
class ManagedNoticePage:
    rows: list[ManagedNoticeRow]
    total: int
    page: int
    page_count: int
    scope_label: str


@dataclass(frozen=True)
class AttachmentRow:
    id: int
    name: str
    size_text: str


@dataclass(frozen=True)
class NoticeForm:
    id: int
    title: str
    body: str
    audience: str
    status: str
    status_label: str
    scope_label: str
    published_date: str
    version: str  # updated_at of the version being edited (optimistic lock)
    attachments: list[AttachmentRow]


def managed_scope(actor: Actor | None) -> str:
    """The notice scope this actor manages: "national" or its province code."""
    if actor is not None and actor.is_admin:
        return NATIONAL
    if actor is not None and actor.is_reviewer and actor.province_code:
        return actor.province_code
    raise PermissionDenied("只有国家管理员和省级审查员可以管理通知公告")


def _own_notice(session: Session, actor: Actor, notice_id: int) -> Notice:
    scope = managed_scope(actor)
    notice = session.get(Notice, int(notice_id))
    if notice is None:
        raise NotFound("公告不存在")
    if notice.scope != scope:
        audit.record(session, actor, "notice_denied", object_type="notice", object_id=notice.id, result="denied")
        audit.refuse(session, PermissionDenied("只能管理本级发布的通知公告"))
    return notice


def _version(notice: Notice) -> str:
    return notice.updated_at.isoformat() if notice.updated_at else ""


def list_managed(session: Session, actor: Actor, *, status: str = "", page: int = 1,
                 page_size: int = PAGE_SIZE) -> ManagedNoticePage:
    scope = managed_scope(actor)
    conditions = [Notice.scope == scope]
    if status in STATUS_LABELS:
        conditions.append(Notice.status == status)
    total = session.exec(select(func.count()).select_from(Notice).where(*conditions)).one()
    page_count = max(1, -(-total // page_size))
    page = max(1, min(int(page), page_count))
    notices = session.exec(
        select(Notice).where(*conditions)
        .order_by(Notice.updated_at.desc(), Notice.id.desc())
        .offset((page - 1) * page_size).limit(page_size)
    ).all()
    rows = [
        ManagedNoticeRow(
            id=n.id, seq=(page - 1) * page_size + i + 1, title=n.title, scope_label=scope_label(n.scope),
            audience_label=AUDIENCE_LABELS.get(n.audience, n.audience), status=n.status,
            status_label=STATUS_LABELS.get(n.status, n.status), published_date=show_date(n.published_at),
            updated=show_datetime(n.updated_at),
        )
        for i, n in enumerate(notices)
    ]
    return ManagedNoticePage(rows=rows, total=total, page=page, page_count=page_count, scope_label=scope_label(scope))


def _attachments(session: Session, ids: list[int]) -> list[AttachmentRow]:
    if not ids:
        return []
    found = {a.id: a for a in session.exec(select(Attachment).where(Attachment.id.in_(ids))).all()}
    return [AttachmentRow(a.id, a.original_name, storage.human_size(a.size)) for i in ids if (a := found.get(i))]


def get_form(session: Session, actor: Actor, notice_id: int) -> NoticeForm:
    notice = _own_notice(session, actor, notice_id)
    return NoticeForm(
        id=notice.id, title=notice.title, body=notice.body, audience=notice.audience, status=notice.status,
        status_label=STATUS_LABELS.get(notice.status, notice.status), scope_label=scope_label(notice.scope),
        published_date=show_date(notice.published_at), version=_version(notice),
        attachments=_attachments(session, list(notice.attachment_ids or [])),
    )


def _validate(title: str, body: str, audience: str, attachment_ids: list[int]) -> tuple[str, str]:
    errors: dict[str, str] = {}
    title = " ".join((title or "").split())  # keep full-width punctuation as typed
    body = (body or "").replace("\r\n", "\n").strip()
    if not title:
        errors["title"] = "请填写公告标题"
    elif len(title) > TITLE_MAX:
        errors["title"] = f"公告标题最多{TITLE_MAX}个字，当前{len(title)}个字"
    if not body:
        errors["body"] = "请填写公告正文"
    elif len(body) > BODY_MAX:
        errors["body"] = f"公告正文最多{BODY_MAX}个字，当前{len(body)}个字"
    if audience not in AUDIENCES:
        errors["audience"] = "请选择发布对象：公众或仅机构"
    if len(attachment_ids) > MAX_ATTACHMENTS:
        errors["attachments"] = f"附件最多{MAX_ATTACHMENTS}个"
    if errors:
        raise ValidationFailed(errors)
    return title, body


def _check_attachments(session: Session, actor: Actor, attachment_ids: list[int], already: list[int]) -> None:
    """Only notice files this actor uploaded (or ones the notice already has) may be attached."""
    for attachment_id in attachment_ids:
        if attachment_id in already:
            continue
        attachment = session.get(Attachment, attachment_id)
        if attachment is None or attachment.purpose != "notice" or attachment.uploaded_by != actor.account_id:
            raise PermissionDenied("附件无效，请重新上传")


def save(session: Session, actor: Actor, notice_id: int | None, *, title: str, body: str, audience: str,
         attachment_ids: list[int], version: str = "") -> Notice:
    """Create a draft (notice_id None) or edit a notice; a published notice stays published."""
    scope = managed_scope(actor)
    attachment_ids = [int(i) for i in dict.fromkeys(attachment_ids)]
    title, body = _validate(title, body, audience, attachment_ids)
    now = utcnow()
    if notice_id is None:
        _check_attachments(session, actor, attachment_ids, [])
        notice = Notice(scope=scope, audience=audience, title=title, body=body, attachment_ids=attachment_ids,
                        status=DRAFT, created_by=actor.account_id, created_at=now, updated_at=now)
        session.add(notice)
        session.flush()
        audit.record(session, actor, "notice_create", object_type="notice", object_id=notice.id,
                     province_code=None if scope == NATIONAL else scope,
                     detail={"title": title, "audience": audience, "attachments": attachment_ids})
        return notice
    notice = _own_notice(session, actor, notice_id)
    if version and version != _version(notice):
        raise StaleVersion()
    _check_attachments(session, actor, attachment_ids, list(notice.attachment_ids or []))
    before = {"title": notice.title, "audience": notice.audience, "attachments": list(notice.attachment_ids or [])}
    body_changed = notice.body != body
    notice.title, notice.body, notice.audience = title, body, audience
    notice.attachment_ids = attachment_ids
    notice.updated_at = now
    session.add(notice)
    audit.record(session, actor, "notice_update", object_type="notice", object_id=notice.id,
                 province_code=None if scope == NATIONAL else scope,
                 detail={"before": before, "after": {"title": title, "audience": audience,
                                                     "attachments": attachment_ids},
                         "body_changed": body_changed})
    return notice


def publish(session: Session, actor: Actor, notice_id: int) -> Notice:
    notice = _own_notice(session, actor, notice_id)
    if notice.status == PUBLISHED:
        raise ServiceError("该公告已发布")
    if not notice.title or not notice.body:
        raise ServiceError("公告标题和正文填写完整后才能发布")
    now = utcnow()
    notice.status = PUBLISHED
    notice.published_at = now
    notice.updated_at = now
    session.add(notice)
    audit.record(session, actor, "notice_publish", object_type="notice", object_id=notice.id,
                 province_code=None if notice.scope == NATIONAL else notice.scope,
                 detail={"title": notice.title, "audience": notice.audience})
    return notice


def withdraw(session: Session, actor: Actor, notice_id: int) -> Notice:
    notice = _own_notice(session, actor, notice_id)
    if notice.status != PUBLISHED:
        raise ServiceError("只有已发布的公告可以撤回")
    notice.status = WITHDRAWN
    notice.updated_at = utcnow()
    session.add(notice)
    audit.record(session, actor, "notice_withdraw", object_type="notice", object_id=notice.id,
                 province_code=None if notice.scope == NATIONAL else notice.scope, detail={"title": notice.title})
    return notice


def upload_attachment(session: Session, actor: Actor, data: bytes, filename: str) -> AttachmentRow:
    """Store a file for a notice being edited (PDF/JPG/PNG); it is attached on 保存."""
    managed_scope(actor)
    attachment = storage.save_upload(session, actor, data, filename, "notice", institution_id=None)
    return AttachmentRow(attachment.id, attachment.original_name, storage.human_size(attachment.size))
