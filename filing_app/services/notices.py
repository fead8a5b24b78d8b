"""Reading notices (通知公告). Publishing them is the administrators' and reviewers' work."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from filing_app.domain import regions
from filing_app.domain.clock import show_date
from filing_app.models import Attachment, Notice
from filing_app.services.actor import Actor
from filing_app.services.errors import NotFound

NATIONAL = "national"
AUDIENCE_PUBLIC = "public"
AUDIENCE_INSTITUTIONS = "institutions"


@dataclass(frozen=True)
class NoticeRow:
    id: int
    title: str
    date: str
    scope_label: str


@dataclass(frozen=True)
class NoticePage:
    rows: list[NoticeRow]
    total: int
    page: int
    page_size: int


@dataclass(frozen=True)
class NoticeAttachmentRow:
    id: int
    name: str


@dataclass(frozen=True)
class NoticeDetail:
    id: int
    title: str
    date: str
    scope_label: str
    body: str
    attachments: list[NoticeAttachmentRow]


def scope_label(scope: str) -> str:
    return "全国" if scope == NATIONAL else regions.province_name(scope)


def _visible(actor: Actor | None, province_code: str | None, institutions_only: bool = False):  # noqa: ANN202
    """Published notices for the portal (national + the chosen province) or an institution."""
    scopes = [NATIONAL]
    if province_code:
        scopes.append(province_code)
    conditions = [Notice.status == "published", Notice.scope.in_(scopes)]
    if institutions_only:
        conditions.append(Notice.audience == AUDIENCE_INSTITUTIONS)
    elif actor is None or not (actor.is_institution or actor.is_reviewer or actor.is_admin):
        conditions.append(Notice.audience == AUDIENCE_PUBLIC)
    return conditions


def list_notices(
    session: Session,
    actor: Actor | None,
    *,
    province_code: str | None,
    page: int = 1,
    page_size: int = 10,
    institutions_only: bool = False,
) -> NoticePage:
    conditions = _visible(actor, province_code, institutions_only)
    total = session.exec(select(func.count()).select_from(Notice).where(*conditions)).one()
    page = max(1, page)
    rows = session.exec(
        select(Notice)
        .where(*conditions)
        .order_by(Notice.published_at.desc(), Notice.id.desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    return NoticePage(
        rows=[NoticeRow(n.id, n.title, show_date(n.published_at), scope_label(n.scope)) for n in rows],
        total=total,
        page=page,
        page_size=page_size,
    )


def get_notice(session: Session, actor: Actor | None, notice_id: int) -> NoticeDetail:
    notice = session.get(Notice, notice_id)
    if notice is None or notice.status != "published":
        raise NotFound("公告不存在或已撤回")
    if notice.audience != AUDIENCE_PUBLIC and actor is None:
        raise NotFound("该公告仅面向已登录的机构，请登录后查看")
    attachments = []
    if notice.attachment_ids:
        found = session.exec(select(Attachment).where(Attachment.id.in_(notice.attachment_ids))).all()
        attachments = [NoticeAttachmentRow(a.id, a.original_name) for a in found]
    return NoticeDetail(
        id=notice.id,
        title=notice.title,
        date=show_date(notice.published_at),
        scope_label=scope_label(notice.scope),
        body=notice.body,
        attachments=attachments,
    )
