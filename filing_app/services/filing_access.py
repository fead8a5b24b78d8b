"""The one way to an institution's filing: find it, start it, and refuse writes to a locked one.

Every wizard service (filings.py for 基本信息 / 技术能力 / 管理能力 / 备案提交, people.py,
equipment.py, duplicates.py) reaches the filing through here, so the filing is always the
actor's own institution's filing of the route's type and the rules read the same everywhere:

- who may start which type, editability and the refusal's wording: domain/filing_flow
  (may_start, can_edit, locked_message);
- `start_filing` creates the draft as 立即填报 / 新增X机构备案 do (the institution's name and
  address; the other type copies the published filing's basic information and 分场所), whichever
  page or import writes first;
- `editable_filing` is what a writer asks for: the filing, started if need be, or the refusal.

Also what the wizard's lists share: a row reached by id only through its filing, the paging
bounds, one page in SQL, and row version stamps.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from filing_app.domain import enums, filing_flow, regions
from filing_app.domain.enums import FILING_TYPE_LABELS, FILING_TYPES
from filing_app.domain.text import normalize_text
from filing_app.models import BranchSite, Filing, Institution
from filing_app.services import audit
from filing_app.services.actor import Actor, require_institution
from filing_app.services.errors import NotFound, PermissionDenied, ServiceError

M = TypeVar("M")

PAGE_SIZE = 10  # the manual's 10条/页
MAX_PAGE_SIZE = 50

# Fields 新增备案类型 copies from the institution's published filing (§3.2).
SHARED_BASIC_FIELDS = (
    "org_name", "independent_legal_person", "nature", "legal_rep", "legal_rep_phone",
    "reg_province_code", "reg_city_code", "reg_address",
)


def check_filing_type(filing_type: str) -> str:
    if filing_type not in FILING_TYPES:
        raise NotFound("备案类型不存在")
    return filing_type


def _find(session: Session, institution_id: int, filing_type: str) -> Filing | None:
    return session.exec(
        select(Filing).where(Filing.institution_id == institution_id, Filing.filing_type == filing_type)
    ).first()


def find_filing(session: Session, actor: Actor | None, filing_type: str) -> Filing | None:
    """The actor's institution's filing of this type, if it exists (never another institution's)."""
    require_institution(actor)
    check_filing_type(filing_type)
    return _find(session, actor.institution_id, filing_type)


def own_filing(session: Session, actor: Actor | None, filing_type: str) -> Filing:
    """The actor's institution's filing of this type; NotFound before it is started."""
    filing = find_filing(session, actor, filing_type)
    if filing is None:
        raise NotFound(f"尚未开始{FILING_TYPE_LABELS[filing_type]}备案，请在首页点击“立即填报”")
    return filing


def _institution(session: Session, actor: Actor | None) -> Institution:
    require_institution(actor)
    institution = session.get(Institution, actor.institution_id)
    if institution is None:
        raise PermissionDenied()
    return institution


def _registered_status(session: Session, institution: Institution) -> str | None:
    return session.exec(
        select(Filing.status).where(Filing.institution_id == institution.id,
                                    Filing.filing_type == institution.registered_type)
    ).first()


def may_start(session: Session, actor: Actor | None, filing_type: str) -> bool:
    """Whether the actor's institution may start (or already has) a filing of this type."""
    institution = _institution(session, actor)
    check_filing_type(filing_type)
    return filing_flow.may_start(filing_type, institution.registered_type, _registered_status(session, institution))


def start_filing(session: Session, actor: Actor | None, filing_type: str) -> Filing:
    """The actor's filing of this type, created as a draft on first use.

    Refused (PermissionDenied) for the other type until the registered type's filing is
    published; that start copies the published filing's basic information and 分场所.
    Two accounts starting it at the same instant end with one filing (unique institution + type).
    """
    institution = _institution(session, actor)
    check_filing_type(filing_type)
    existing = _find(session, institution.id, filing_type)
    if existing is not None:
        return existing
    if not filing_flow.may_start(filing_type, institution.registered_type, _registered_status(session, institution)):
        raise PermissionDenied(filing_flow.start_refused_message(filing_type, institution.registered_type))
    base = None
    if filing_type != institution.registered_type:
        base = _find(session, institution.id, institution.registered_type)
    filing = Filing(
        institution_id=institution.id,
        filing_type=filing_type,
        org_name=institution.name,
        reg_province_code=institution.province_code,
        reg_city_code=institution.city_code if regions.city_in_province(institution.city_code,
                                                                         institution.province_code) else "",
        reg_address=institution.address or "",
        updated_by=actor.account_id,
    )
    if base is not None:
        for name in SHARED_BASIC_FIELDS:
            setattr(filing, name, getattr(base, name))
    try:
        with session.begin_nested():
            session.add(filing)
            session.flush()
            if base is not None:
                for site in session.exec(select(BranchSite).where(BranchSite.filing_id == base.id)
                                         .order_by(BranchSite.id)):
                    session.add(BranchSite(filing_id=filing.id, province_code=site.province_code,
                                           city_code=site.city_code, address=site.address, area_m2=site.area_m2,
                                           proof_attachment_id=site.proof_attachment_id))
                session.flush()
    except IntegrityError:
        # Another account or tab of the institution started it a moment ago: use theirs.
        existing = _find(session, institution.id, filing_type)
        if existing is None:
            raise
        return existing
    audit.record(session, actor, "create_filing", object_type="filing", object_id=filing.id,
                 institution_id=institution.id,
                 detail={"filing_type": filing_type, "add_type": base is not None,
                         "copied_from": base.id if base is not None else None})
    return filing


def require_editable(filing: Filing) -> Filing:
    """The filing, or a ServiceError saying why the institution may not change it now."""
    if not filing_flow.can_edit(filing.status, filing.change_in_progress):
        raise ServiceError(filing_flow.locked_message(filing.status))
    return filing


def editable_filing(session: Session, actor: Actor | None, filing_type: str) -> Filing:
    """The filing a write goes to: started when the institution has none yet (e.g. 技术人员
    or an import before 基本信息), refused when it may not be edited now."""
    return require_editable(start_filing(session, actor, filing_type))


# ------------------------------------------------------------------ rows and lists


def filing_row(session: Session, actor: Actor | None, model: type[M], row_id: Any, action: str, *,
               object_type: str, missing: str, denied: str) -> tuple[M, Filing]:
    """A row of a filing's list (model has filing_id) and its filing, when the filing is the
    actor's institution's; another institution's id is refused and audited (the refusal stays
    on record)."""
    require_institution(actor)
    try:
        key = int(row_id)
    except (TypeError, ValueError):
        raise NotFound(missing) from None
    row = session.get(model, key)
    filing = session.get(Filing, row.filing_id) if row is not None else None
    if row is None or filing is None:
        raise NotFound(missing)
    if filing.institution_id != actor.institution_id:
        audit.record(session, actor, action, object_type=object_type, object_id=key, result="denied")
        audit.refuse(session, PermissionDenied(denied))
    return row, filing


def name_filter(column: Any, name: Any, limit: int) -> list[Any]:
    """The 姓名 / 设备名称 filter of a list: contains, as typed (wildcards are literal)."""
    name = normalize_text(name)[:limit]
    return [column.contains(name, autoescape=True)] if name else []


def choice_filter(column: Any, enum_name: str, value: Any) -> list[Any]:
    """The 人员状态 / 设备状况 filter of a list: one value of an enumeration (anything else: no filter)."""
    value = enums.match_enum(enum_name, value) if value else None
    return [column == value] if value else []


def list_page(session: Session, model: Any, conditions: list[Any], columns: Sequence[Any], page: Any,
              page_size: Any, *, outerjoin: tuple[Any, Any] | None = None) -> tuple[list[Any], int, PageBounds]:
    """One page of a list in SQL (COUNT, then LIMIT/OFFSET in id order): its rows of `columns`,
    the total and the bounds of the page shown."""
    total = session.exec(select(func.count()).select_from(model).where(*conditions)).one()
    bounds = page_bounds(total, page, page_size)
    query = select(*columns)
    if outerjoin is not None:
        query = query.outerjoin(*outerjoin)
    rows = session.exec(query.where(*conditions).order_by(model.id).offset(bounds.offset).limit(bounds.size)).all()
    return list(rows), total, bounds



class PageBounds(NamedTuple):
    page: int  # 1-based, within 1..page_count
    size: int
    page_count: int
    offset: int


def page_count(total: int, size: int = PAGE_SIZE) -> int:
    return max(1, -(-total // size))


def page_bounds(total: int, page: Any = 1, page_size: Any = PAGE_SIZE) -> PageBounds:
    """The page a list shows for any page / page size a browser sends: sizes within 1..50,
    pages past the end on the last page, garbage on the first."""
    try:
        size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    except (TypeError, ValueError):
        size = PAGE_SIZE
    try:
        number = max(1, int(page))
    except (TypeError, ValueError):
        number = 1
    count = page_count(total, size)
    number = min(number, count)
    return PageBounds(number, size, count, (number - 1) * size)


def stamp_of(value: datetime | None) -> str:
    """A version token of a row from its updated_at, the same whichever database returned it."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.isoformat()


__all__ = [
    "MAX_PAGE_SIZE",
    "PAGE_SIZE",
    "SHARED_BASIC_FIELDS",
    "PageBounds",
    "check_filing_type",
    "choice_filter",
    "editable_filing",
    "filing_row",
    "find_filing",
    "list_page",
    "may_start",
    "name_filter",
    "own_filing",
    "page_bounds",
    "page_count",
    "require_editable",
    "start_filing",
    "stamp_of",
]
