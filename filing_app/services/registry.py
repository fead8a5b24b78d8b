"""The public registry (备案信息查询, §2.4): search, detail page, public documents.

The registry reads only `published_filing` (one row per approved, non-cancelled filing,
as last approved) and its name index `published_name_gram`. Nothing here reads the
working copy of a filing, so a pending change is never visible.

For the review feature, the only writer of published rows (all in the caller's
transaction, no commit):

    upsert_published(session, filing_id=..., institution_id=..., submission_id=...,
                     filing_type=..., province_code=..., city_code=..., org_name=...,
                     credit_code=..., reg_address=..., inst_category=..., published_at=...,
                     qualification_attachment_ids=[...], commitment_attachment_id=...,
                     public={...}) -> PublishedFiling
        On approval: insert the filing's public row, or replace it (same filing_id), and
        refresh its name index.
    remove_published(session, filing_id) -> bool
        On cancellation: the row and its index rows go; False if it was not published.
    index_published_name(session, published)
        Refresh the index of one row changed by other means (name, type, region, date).
    rebuild_name_index(session) -> int
        Rebuild the whole index and its character counts (after a bulk load or a repair);
        returns the number of published rows.
Deleting a published row directly also drops its index entries (ON DELETE CASCADE) but
leaves the character counts high, which only makes searches on those characters walk a
little more until the next rebuild; remove_published keeps them exact.

Name search (national scale). `published_name_gram` holds, per published row, one entry
for each distinct character of its normalised name (NFKC, case-folded, no spaces),
carrying that name and the filter columns. A query picks its rarest character (from
published_name_gram_count), walks that character's entries newest first and keeps those
whose name contains the whole query. It is exact for any length, one Chinese character
included (FTS5 trigrams need three), works the same on SQLite and PostgreSQL, and costs
at most the entries of one character within one registry: measured in bench/registry_bench.py.

Credit codes: 18 characters match exactly; fewer match as a prefix, written as a range
over the code alphabet so that both databases use the (filing_type, credit_code) index.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy import func
from sqlmodel import Session, select

from filing_app.domain import regions
from filing_app.domain.clock import show_date
from filing_app.domain.enums import FILING_TYPE_LABELS, FILING_TYPES, FilingType, business_category_label
from filing_app.domain.validators import normalize_credit_code
from filing_app.models import Attachment, PublishedFiling, PublishedNameGram, PublishedNameGramCount
from filing_app.services import audit, files
from filing_app.services.actor import Actor
from filing_app.services.errors import NotFound, PermissionDenied, ValidationFailed

PAGE_SIZE = 10
MAX_PAGE_SIZE = 50
NAME_MAX_CHARS = 50
EXPORT_MAX_ROWS = 5000
# A character missing from the count table is counted up to this.
RAREST_PROBE = 1000
# A credit code (or prefix) matching at most this many rows of a registry is answered from those
# rows; a broader prefix is read in date order with the prefix checked on each row.
CODE_SCAN_MAX = 3000

COMMITMENT_DOC = -1  # `doc` of public_document_link for 承诺书; 0.. index 资质能力 documents
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

G = PublishedNameGram
C = PublishedNameGramCount
P = PublishedFiling

# ------------------------------------------------------------------ DTOs


@dataclass(frozen=True)
class RegistryQuery:
    filing_type: str = FilingType.MONITORING
    province_code: str = ""
    city_code: str = ""
    name: str = ""
    credit_code: str = ""


@dataclass(frozen=True)
class DocLink:
    doc: int  # COMMITMENT_DOC, or the index in qualification_attachment_ids
    label: str


@dataclass(frozen=True)
class RegistryRow:
    id: int
    seq: int  # 序号 across pages
    org_name: str
    credit_code: str
    reg_address: str
    inst_category: str
    published_date: str
    qualification_docs: list[DocLink] = field(default_factory=list)
    commitment_docs: list[DocLink] = field(default_factory=list)  # zero or one


@dataclass(frozen=True)
class RegistryPage:
    rows: list[RegistryRow]
    total: int
    page: int
    page_size: int
    page_count: int
    query: RegistryQuery


@dataclass(frozen=True)
class LabelValue:
    label: str
    value: str


@dataclass(frozen=True)
class CertRow:
    cert_type: str
    cert_no: str
    validity: str


@dataclass(frozen=True)
class CapabilityRow:
    capability: str
    has_cert: str  # 有 / 无
    cert_no: str
    valid_to: str
    issuer: str


@dataclass(frozen=True)
class SiteRow:
    region: str
    address: str


@dataclass(frozen=True)
class RegistryDetail:
    id: int
    filing_type: str
    type_label: str
    org_name: str
    province_code: str
    basics: list[LabelValue]
    qualifications: list[LabelValue]
    other_certs: list[CertRow]
    capabilities: list[CapabilityRow]
    mgmt_certs: list[CertRow]
    branch_sites: list[SiteRow]
    docs: list[DocLink]


@dataclass(frozen=True)
class ExportRow:
    org_name: str
    credit_code: str
    province: str
    city: str
    reg_address: str
    inst_category: str
    categories: str
    published_date: str


# ------------------------------------------------------------------ normalisation


def normalize_name(value: object) -> str:
    """The form names are indexed and searched in: NFKC (full-width to half-width), case-folded,
    without any whitespace."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value)).casefold()
    return "".join(ch for ch in text if not ch.isspace() and ch.isprintable())


def published_us(value: datetime) -> int:
    """备案公开时间 as microseconds since the epoch (the name index's sort key)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    delta = value - datetime(1970, 1, 1, tzinfo=timezone.utc)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def code_prefix_bounds(prefix: str) -> tuple[str, str | None]:
    """[low, high) holding exactly the credit codes that start with `prefix`.

    Codes use a 31-character alphabet in ascending byte order, so the upper bound is the
    prefix with its last non-final character incremented (None when there is none).
    """
    chars = list(prefix)
    while chars and chars[-1] == CREDIT_CODE_ALPHABET[-1]:
        chars.pop()
    if not chars:
        return prefix, None
    chars[-1] = CREDIT_CODE_ALPHABET[CREDIT_CODE_ALPHABET.index(chars[-1]) + 1]
    return prefix, "".join(chars)


def clean_query(query: RegistryQuery, scope_province: str | None = None) -> RegistryQuery:
    """Checked and normalised filters; a province portal fixes the province to its own."""
    errors: dict[str, str] = {}
    filing_type = query.filing_type or FilingType.MONITORING
    if filing_type not in FILING_TYPES:
        errors["filing_type"] = "机构类型只能是监测机构或运维机构"
    province = (query.province_code or "").strip()
    city = (query.city_code or "").strip()
    if scope_province:
        if not regions.is_province(scope_province):
            raise NotFound("该省份门户不存在")
        province = scope_province
    if province and not regions.is_province(province):
        errors["province_code"] = "请选择有效的省份"
    if city:
        if not province and regions.is_province(regions.province_of(city)):
            province = regions.province_of(city)
        if not regions.city_in_province(city, province):
            errors["city_code"] = "所选城市不属于所选省份，请重新选择城市"
    name = normalize_name(query.name)
    if len(name) > NAME_MAX_CHARS:
        errors["name"] = f"机构名称最多输入{NAME_MAX_CHARS}个字"
    code = normalize_credit_code(query.credit_code)
    if len(code) > 18:
        errors["credit_code"] = f"统一社会信用代码为18位，当前输入了{len(code)}位"
    elif any(ch not in CREDIT_CODE_ALPHABET for ch in code):
        bad = next(ch for ch in code if ch not in CREDIT_CODE_ALPHABET)
        errors["credit_code"] = f"统一社会信用代码只含数字和大写字母（不含I、O、Z、S、V），“{bad}”不是合法字符"
    if errors:
        raise ValidationFailed(errors, "查询条件有误，请按提示修改")
    return RegistryQuery(filing_type=filing_type, province_code=province, city_code=city, name=name,
                         credit_code=code)


# ------------------------------------------------------------------ index maintenance


def index_published_name(session: Session, published: PublishedFiling) -> None:
    """Replace the name-index entries of one published row (flushes the row first)."""
    if published.id is None:
        session.add(published)
        session.flush()
    old = session.exec(select(G.gram, G.filing_type).where(G.published_id == published.id)).all()
    session.exec(sa.delete(G).where(G.published_id == published.id))
    rows = _gram_rows(published.id, published.filing_type, published.published_at, published.province_code,
                      published.city_code, published.org_name)
    if rows:
        session.exec(sa.insert(G), params=rows)
    _adjust_counts(session, old, [(r["gram"], r["filing_type"]) for r in rows])


def _adjust_counts(session: Session, removed: Iterable[tuple[str, str]], added: Iterable[tuple[str, str]]) -> None:
    """Keep published_name_gram_count in step; keys in a fixed order, so concurrent writers never deadlock."""
    delta: dict[tuple[str, str], int] = {}
    for key in removed:
        delta[tuple(key)] = delta.get(tuple(key), 0) - 1
    for key in added:
        delta[tuple(key)] = delta.get(tuple(key), 0) + 1
    params = [{"gram": g, "filing_type": t, "entries": d} for (g, t), d in sorted(delta.items()) if d]
    if not params:
        return
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    statement = insert(C)
    statement = statement.on_conflict_do_update(index_elements=[C.gram, C.filing_type],
                                                set_={"entries": C.entries + statement.excluded.entries})
    session.exec(statement, params=params)


def _gram_rows(published_id: int, filing_type: str, published_at: datetime, province_code: str, city_code: str,
               org_name: str) -> list[dict[str, Any]]:
    name = normalize_name(org_name)[:200]
    stamp = published_us(published_at)
    return [
        {"gram": ch, "filing_type": filing_type, "published_us": stamp, "published_id": published_id,
         "province_code": province_code or "", "city_code": city_code or "", "name_norm": name}
        for ch in sorted(set(name))
    ]


def upsert_published(
    session: Session,
    *,
    filing_id: int,
    institution_id: int,
    filing_type: str,
    province_code: str,
    city_code: str,
    org_name: str,
    credit_code: str,
    reg_address: str,
    inst_category: str,
    published_at: datetime,
    qualification_attachment_ids: Sequence[int] = (),
    commitment_attachment_id: int | None = None,
    public: dict[str, Any] | None = None,
    submission_id: int | None = None,
) -> PublishedFiling:
    """Publish (or republish) a filing's approved snapshot and index its name."""
    if filing_type not in FILING_TYPES:
        raise ValueError(f"unknown filing type: {filing_type!r}")
    if published_at.tzinfo is None:
        raise ValueError("published_at must be an aware datetime")
    row = session.exec(select(P).where(P.filing_id == filing_id)).first()
    if row is None:
        row = P(filing_id=filing_id, institution_id=institution_id, filing_type=filing_type, province_code="",
                org_name="", credit_code="", published_at=published_at)
    row.institution_id = institution_id
    row.submission_id = submission_id
    row.filing_type = filing_type
    row.province_code = province_code
    row.city_code = city_code or ""
    row.org_name = org_name
    row.credit_code = normalize_credit_code(credit_code)
    row.reg_address = reg_address or ""
    row.inst_category = inst_category or ""
    row.published_at = published_at
    row.updated_at = datetime.now(timezone.utc)
    row.qualification_attachment_ids = [int(i) for i in qualification_attachment_ids]
    row.commitment_attachment_id = commitment_attachment_id
    row.public = dict(public or {})
    session.add(row)
    session.flush()
    index_published_name(session, row)
    return row


def remove_published(session: Session, filing_id: int) -> bool:
    """Take a filing out of the registry (备案注销)."""
    row = session.exec(select(P).where(P.filing_id == filing_id)).first()
    if row is None:
        return False
    old = session.exec(select(G.gram, G.filing_type).where(G.published_id == row.id)).all()
    session.exec(sa.delete(G).where(G.published_id == row.id))
    _adjust_counts(session, old, [])
    session.delete(row)
    session.flush()
    return True


def rebuild_name_index(session: Session, batch: int = 5000) -> int:
    """Rebuild every index entry from published_filing."""
    session.exec(sa.delete(G))
    session.exec(sa.delete(C))
    count = 0
    last_id = 0
    columns = (P.id, P.filing_type, P.published_at, P.province_code, P.city_code, P.org_name)
    while True:
        rows = session.exec(select(*columns).where(P.id > last_id).order_by(P.id).limit(batch)).all()
        if not rows:
            counted = select(G.gram, G.filing_type, func.count()).group_by(G.gram, G.filing_type)
            session.exec(sa.insert(C).from_select(["gram", "filing_type", "entries"], counted))
            return count
        params: list[dict[str, Any]] = []
        for row in rows:
            params.extend(_gram_rows(*row))
        if params:
            session.exec(sa.insert(G), params=params)
        count += len(rows)
        last_id = rows[-1][0]


# ------------------------------------------------------------------ search


def _contains(session: Session, column, text: str):  # noqa: ANN001, ANN202
    """`column` contains `text` (no LIKE wildcards to escape)."""
    if session.get_bind().dialect.name == "postgresql":
        return func.strpos(column, text) > 0
    return func.instr(column, text) > 0


def _code_conditions(code: str, *, broad: bool = False) -> list:
    if not code:
        return []
    if len(code) == 18:
        return [P.credit_code == code]
    if broad:
        # Not indexable on purpose: a prefix matching many rows is read in date order.
        return [func.substr(P.credit_code, 1, len(code)) == code]
    low, high = code_prefix_bounds(code)
    return [P.credit_code >= low] + ([P.credit_code < high] if high else [])


def _row_conditions(q: RegistryQuery, *, broad_code: bool = False) -> list:
    conditions = [P.filing_type == q.filing_type]
    if q.city_code:
        # A city lies in one province: leaving the province out lets the (type, city) index answer.
        conditions.append(P.city_code == q.city_code)
    elif q.province_code:
        conditions.append(P.province_code == q.province_code)
    return conditions + _code_conditions(q.credit_code, broad=broad_code)


def _unindexed(column):  # noqa: ANN001, ANN202
    """The same values, but an expression no index provides: the planner then chooses its index
    by the WHERE clause and sorts the (few) rows, instead of walking a date index to skip sorting."""
    return func.coalesce(column, column)


def _bounded_count(session: Session, query, bound: int) -> int:  # noqa: ANN001
    return session.exec(select(func.count()).select_from(query.limit(bound).subquery())).one()


def _rarest_char(session: Session, name: str, filing_type: str) -> str:
    """The query's character with the fewest entries in this registry. Counts come from
    published_name_gram_count; a character it lacks is counted directly (bounded). The choice
    only decides how much is read: every character of the query is in every matching name."""
    chars = sorted(set(name))
    counts = dict(session.exec(select(C.gram, C.entries).where(C.filing_type == filing_type, C.gram.in_(chars))).all())
    for ch in chars:
        if ch not in counts:
            postings = select(G.published_id).where(G.gram == ch, G.filing_type == filing_type)
            counts[ch] = _bounded_count(session, postings, RAREST_PROBE)
    return min(chars, key=lambda ch: (counts[ch], ch))


class _Plan:
    """How one cleaned query is answered: count() and ids(offset, limit, total), newest first.

    - a credit code matching at most CODE_SCAN_MAX rows of the registry: those rows are read
      through the (type, code) index, the name checked and the order made in Python;
    - a name: the name index, from the query's rarest character;
    - otherwise: published_filing's own indexes.
    Written so that SQLite picks the intended index without statistics (no ANALYZE needed).
    """

    def __init__(self, session: Session, q: RegistryQuery) -> None:
        self.session = session
        self.q = q
        self.listed: list[int] | None = None
        broad_code = False
        if q.credit_code:
            in_range = select(P.id).where(P.filing_type == q.filing_type, *_code_conditions(q.credit_code))
            if _bounded_count(session, in_range, CODE_SCAN_MAX + 1) <= CODE_SCAN_MAX:
                self.kind = "listed"
                order = (_unindexed(P.published_at).desc(), P.id.desc())
                if q.name:
                    rows = session.exec(select(P.id, P.org_name).where(*_row_conditions(q)).order_by(*order)).all()
                    self.listed = [row_id for row_id, org_name in rows if q.name in normalize_name(org_name)]
                else:
                    self.listed = list(session.exec(select(P.id).where(*_row_conditions(q)).order_by(*order)).all())
                return
            broad_code = True
        if q.name:
            self.kind = "name_index"
            ch = _rarest_char(session, q.name, q.filing_type)
            self.conditions = [G.gram == ch, G.filing_type == q.filing_type]
            if q.province_code:
                self.conditions.append(G.province_code == q.province_code)
            if q.city_code:
                self.conditions.append(G.city_code == q.city_code)
            if len(q.name) > 1:
                self.conditions.append(_contains(session, G.name_norm, q.name))
            if q.credit_code:  # a broad prefix: checked on each candidate's row
                self.conditions.append(G.published_id == P.id)
                self.conditions.extend(_code_conditions(q.credit_code, broad=True))
            self.order = (G.published_us, G.published_id)
            self.id_column = G.published_id
        else:
            self.kind = "rows"
            self.conditions = _row_conditions(q, broad_code=broad_code)
            self.order = (P.published_at, P.id)
            self.id_column = P.id

    def count(self) -> int:
        if self.listed is not None:
            return len(self.listed)
        if self.kind == "name_index":
            query = select(func.count()).select_from(G)
            if self.q.credit_code:
                query = query.select_from(P)
            return self.session.exec(query.where(*self.conditions)).one()
        return self.session.exec(select(func.count()).select_from(P).where(*self.conditions)).one()

    def ids(self, offset: int, limit: int, total: int) -> list[int]:
        if self.listed is not None:
            return self.listed[offset : offset + limit]
        if total == 0 or offset >= total:
            return []
        query = select(self.id_column).where(*self.conditions)
        if offset + limit / 2 <= total / 2:
            query = query.order_by(*(c.desc() for c in self.order)).offset(offset).limit(limit)
            return list(self.session.exec(query).all())
        # A page in the second half is read from the other end: OFFSET costs what it skips.
        end = total - offset
        start = max(0, end - limit)
        query = query.order_by(*(c.asc() for c in self.order)).offset(start).limit(end - start)
        return list(reversed(self.session.exec(query).all()))


def _doc_links(filing_type: str, qualification_ids: Iterable[int], commitment_id: int | None) -> tuple[
        list[DocLink], list[DocLink]]:
    ids = list(qualification_ids or [])
    if filing_type == FilingType.MONITORING:
        labels = ["资质认定证书", "证书附表"]
        qualification = [DocLink(i, labels[i] if i < len(labels) else f"附件{i + 1}") for i in range(len(ids))]
    else:
        qualification = [DocLink(i, "运维能力证书" if len(ids) == 1 else f"运维能力证书{i + 1}") for i in range(len(ids))]
    commitment = [DocLink(COMMITMENT_DOC, "书面承诺")] if commitment_id else []
    return qualification, commitment


_LIST_COLUMNS = (P.id, P.org_name, P.credit_code, P.reg_address, P.inst_category, P.published_at, P.filing_type,
                 P.qualification_attachment_ids, P.commitment_attachment_id)


def _load_rows(session: Session, ids: list[int], first_seq: int) -> list[RegistryRow]:
    if not ids:
        return []
    found = {row[0]: row for row in session.exec(select(*_LIST_COLUMNS).where(P.id.in_(ids))).all()}
    rows = []
    for offset, row_id in enumerate(ids):
        row = found.get(row_id)
        if row is None:
            continue
        _, org_name, credit_code, reg_address, inst_category, published_at, filing_type, qual, commitment = row
        qualification_docs, commitment_docs = _doc_links(filing_type, qual, commitment)
        rows.append(RegistryRow(
            id=row_id, seq=first_seq + offset, org_name=org_name, credit_code=credit_code, reg_address=reg_address,
            inst_category=inst_category, published_date=show_date(published_at),
            qualification_docs=qualification_docs, commitment_docs=commitment_docs,
        ))
    return rows


def search(
    session: Session,
    actor: Actor | None,
    query: RegistryQuery,
    *,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    scope_province: str | None = None,
) -> RegistryPage:
    """One page of published institutions, newest 备案公开时间 first, with the total.

    Public: `actor` may be None. A page past the end gives the last page.
    """
    q = clean_query(query, scope_province)
    page_size = max(1, min(int(page_size), MAX_PAGE_SIZE))
    plan = _Plan(session, q)
    total = plan.count()
    page_count = max(1, math.ceil(total / page_size))
    page = max(1, min(int(page), page_count))
    offset = (page - 1) * page_size
    ids = plan.ids(offset, page_size, total)
    return RegistryPage(rows=_load_rows(session, ids, offset + 1), total=total, page=page, page_size=page_size,
                        page_count=page_count, query=q)


def export_rows(session: Session, actor: Actor | None, query: RegistryQuery, *,
                scope_province: str | None = None, limit: int = EXPORT_MAX_ROWS) -> list[ExportRow]:
    """Every row of the current search, for the .xlsx export (refused above `limit` rows)."""
    q = clean_query(query, scope_province)
    plan = _Plan(session, q)
    total = plan.count()
    if total > limit:
        raise ValidationFailed({}, f"当前查询结果共{total}条，超过单次导出上限{limit}条，请增加筛选条件后再导出")
    ids = plan.ids(0, total, total)
    found: dict[int, PublishedFiling] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found.update({row.id: row for row in session.exec(select(P).where(P.id.in_(chunk))).all()})
    result = []
    for row_id in ids:
        row = found.get(row_id)
        if row is None:
            continue
        public = row.public or {}
        categories = [str(c) for c in public.get("categories") or []]
        if public.get("other_category"):
            categories.append(str(public["other_category"]))
        result.append(ExportRow(
            org_name=row.org_name, credit_code=row.credit_code, province=regions.province_name(row.province_code),
            city=regions.city_name(row.city_code), reg_address=row.reg_address, inst_category=row.inst_category,
            categories="、".join(categories), published_date=show_date(row.published_at),
        ))
    return result


# ------------------------------------------------------------------ detail


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value).strip()


def _validity(start: object, end: object) -> str:
    start, end = _text(start), _text(end)
    if start and end:
        return f"{start} 至 {end}"
    if end:
        return f"至 {end}"
    return start


def _region(province_code: object, city_code: object) -> str:
    return regions.province_name(_text(province_code)) + regions.city_name(_text(city_code))


def get_detail(session: Session, actor: Actor | None, published_id: int) -> RegistryDetail:
    """What the regulation makes public about one published filing: basic information and
    business scope. Only keys of `public` listed here are shown (no phones, no identity numbers)."""
    row = session.get(P, int(published_id))
    if row is None:
        raise NotFound("该机构的备案信息未公开或已注销")
    public = row.public or {}
    filing_type = row.filing_type
    categories = [str(c) for c in public.get("categories") or []]
    if public.get("other_category"):
        categories.append(f"其他：{_text(public['other_category'])}")
    basics = [
        LabelValue("机构名称", row.org_name),
        LabelValue("统一社会信用代码", row.credit_code),
        LabelValue("机构类型", FILING_TYPE_LABELS.get(filing_type, "")),
        LabelValue("机构类别", row.inst_category),
        LabelValue("机构性质", _text(public.get("nature"))),
        LabelValue("是否独立法人", _text(public.get("independent_legal_person"))),
        LabelValue("法定代表人", _text(public.get("legal_rep"))),
        LabelValue("注册地址", row.reg_address),
        LabelValue(business_category_label(filing_type), "、".join(categories)),
        LabelValue("备案公开时间", show_date(row.published_at)),
    ]
    if public.get("people_count") is not None:
        basics.append(LabelValue("技术人员数量", f"{_text(public['people_count'])}人"))
    if public.get("equipment_count") is not None:
        basics.append(LabelValue("设施设备数量", f"{_text(public['equipment_count'])}台（套）"))
    qualifications: list[LabelValue] = []
    other_certs: list[CertRow] = []
    capabilities: list[CapabilityRow] = []
    mgmt_certs: list[CertRow] = []
    if filing_type == FilingType.MONITORING:
        qualifications = [
            LabelValue("资质认定证书编号(CMA)", _text(public.get("cma_cert_no"))),
            LabelValue("资质认定有效期", _validity(public.get("cma_valid_from"), public.get("cma_valid_to"))),
        ]
        has_cnas = public.get("has_cnas")
        qualifications.append(LabelValue("检测实验室认可证书(CNAS)", "有" if has_cnas else "无"))
        if has_cnas:
            qualifications.append(LabelValue("CNAS证书编号", _text(public.get("cnas_cert_no"))))
            qualifications.append(LabelValue("CNAS有效期至", _text(public.get("cnas_valid_to"))))
        other_certs = [
            CertRow(_text(c.get("cert_type")), _text(c.get("cert_no")), _validity(c.get("valid_from"), c.get("valid_to")))
            for c in public.get("other_certs") or [] if isinstance(c, dict)
        ]
    else:
        capabilities = [
            CapabilityRow(_text(c.get("capability")), "有" if c.get("has_cert") else "无", _text(c.get("cert_no")),
                          _text(c.get("valid_to")), _text(c.get("issuer")))
            for c in public.get("om_capabilities") or [] if isinstance(c, dict)
        ]
        mgmt_certs = [
            CertRow(_text(c.get("cert_type")), _text(c.get("cert_no")), "")
            for c in public.get("mgmt_certs") or [] if isinstance(c, dict)
        ]
    sites = [
        SiteRow(_region(s.get("province_code"), s.get("city_code")), _text(s.get("address")))
        for s in public.get("branch_sites") or [] if isinstance(s, dict)
    ]
    qualification_docs, commitment_docs = _doc_links(filing_type, row.qualification_attachment_ids,
                                                     row.commitment_attachment_id)
    return RegistryDetail(
        id=row.id, filing_type=filing_type, type_label=FILING_TYPE_LABELS.get(filing_type, ""), org_name=row.org_name,
        province_code=row.province_code, basics=basics, qualifications=qualifications, other_certs=other_certs,
        capabilities=capabilities, mgmt_certs=mgmt_certs, branch_sites=sites,
        docs=qualification_docs + commitment_docs,
    )


# ------------------------------------------------------------------ public documents


def public_document_link(session: Session, actor: Actor | None, published_id: int, doc: int) -> str:
    """A signed download path of a published filing's 资质能力 document (doc = its index) or
    承诺书 (doc = COMMITMENT_DOC), for anyone, logged in or not. Nothing else is reachable:
    the attachment comes from the published row itself and must belong to its institution."""
    row = session.get(P, int(published_id))
    if row is None:
        raise NotFound("该机构的备案信息未公开或已注销，无法下载")
    doc = int(doc)
    ids = list(row.qualification_attachment_ids or [])
    if doc == COMMITMENT_DOC:
        attachment_id = row.commitment_attachment_id
    elif 0 <= doc < len(ids):
        attachment_id = ids[doc]
    else:
        attachment_id = None
    if attachment_id is None:
        raise NotFound("该机构未公开此文件")
    attachment = session.get(Attachment, int(attachment_id))
    if attachment is None:
        raise NotFound("文件不存在")
    if attachment.institution_id != row.institution_id:
        audit.record(session, actor, "download_public", object_type="attachment", object_id=attachment.id,
                     result="denied", detail={"published_id": row.id, "doc": doc})
        audit.refuse(session, PermissionDenied("该文件不是此机构的公开材料，无法下载"))
    if actor is not None:
        audit.record(session, actor, "download_public", object_type="attachment", object_id=attachment.id,
                     institution_id=attachment.institution_id, detail={"published_id": row.id, "doc": doc})
    return files.public_link(attachment.id)
