"""The provincial review (§3.1.3, SPEC §5): the queue, its counts, decisions, and the
institution's history of submissions and decisions.

A reviewer sees and decides only items of its own province, whatever id a client sends.
Queue items are of two tables: filing_submission (initial, add_type, change) and
duplicate_person_report; both are read with one UNION ALL, filtered, counted and paged
in SQL. Two reviewers deciding one item at once: a conditional UPDATE (still pending,
same version) lets exactly one win; the other is told who decided and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import case, func, literal, or_, union_all, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from filing_app import routes
from filing_app.domain import filing_flow, regions
from filing_app.domain.clock import BEIJING, show_datetime, today_beijing, utcnow
from filing_app.domain.enums import (
    FILING_STATUS_LABELS,
    FILING_TYPE_LABELS,
    FILING_TYPES,
    PERSON_STATUS_ACTIVE,
    PERSON_STATUS_LEFT,
    Role,
)
from filing_app.domain.review import (
    KIND_LABELS,
    MINOR_CHANGE_STATUS_LABEL,
    QUEUE_KINDS,
    REPORT_ACCEPTED,
    REPORT_PENDING,
    REPORT_REJECTED,
    REPORT_TO_REVIEW_STATUS,
    REVIEW_STATUS_LABELS,
    REVIEW_STATUSES,
    REVIEW_TO_REPORT_STATUS,
    REVIEWED_SUBMISSION_KINDS,
    ReviewStatus,
    review_status_label,
    SubmissionKind,
    clean_reason,
    reason_error,
    waiting_days,
)
from filing_app.domain.validators import mask_id_number
from filing_app.models import (
    Account,
    ActiveEmployment,
    DuplicatePersonReport,
    Filing,
    FilingSubmission,
    Institution,
    InstitutionMessage,
    Person,
    PublishedFiling,
)
from filing_app.services import audit, publication
from filing_app.services.actor import Actor, require_institution, require_role
from filing_app.services.errors import NotFound, PermissionDenied, ServiceError, StaleVersion, ValidationFailed

SOURCE_SUBMISSION = "s"
SOURCE_REPORT = "r"
MAX_PAGE_SIZE = 50

FS = FilingSubmission
DR = DuplicatePersonReport


# ---------------------------------------------------------------- access


def deny(session: Session, actor: Actor | None, action: str, object_type: str, object_id: int | None,
         message: str = "只能查看和处理本省的审查事项") -> None:
    """Refuse, keeping an audit row of the attempt (it survives the refusal)."""
    audit.record(session, actor, action, object_type=object_type, object_id=object_id, result="denied")
    audit.refuse(session, PermissionDenied(message))


def require_reviewer(session: Session, actor: Actor | None, action: str, object_type: str = "",
                     object_id: int | None = None) -> Actor:
    if actor is None:
        raise PermissionDenied("请先登录")
    if not actor.is_reviewer or not actor.province_code:
        deny(session, actor, action, object_type, object_id, "仅省级审查员可进行此操作")
    return actor


def submission_for_reviewer(session: Session, actor: Actor | None, submission_id: Any,
                            action: str = "review_open") -> FilingSubmission:
    """A reviewed submission of the actor's province, or a refusal (audited)."""
    require_reviewer(session, actor, action, "filing_submission")
    try:
        submission = session.get(FilingSubmission, int(submission_id))
    except (TypeError, ValueError):
        submission = None
    if submission is None or submission.kind not in REVIEWED_SUBMISSION_KINDS:
        raise NotFound("审查事项不存在")
    if submission.province_code != actor.province_code:
        deny(session, actor, action, "filing_submission", submission.id)
    return submission


def report_for_reviewer(session: Session, actor: Actor | None, report_id: Any,
                        action: str = "review_open") -> DuplicatePersonReport:
    require_reviewer(session, actor, action, "duplicate_person_report")
    try:
        report = session.get(DuplicatePersonReport, int(report_id))
    except (TypeError, ValueError):
        report = None
    if report is None:
        raise NotFound("重复人员信息报备不存在")
    if report.province_code != actor.province_code:
        deny(session, actor, action, "duplicate_person_report", report.id)
    return report


def staff_name(session: Session, account_id: int | None) -> str:
    if not account_id:
        return ""
    account = session.get(Account, account_id)
    if account is None:
        return ""
    return account.display_name or account.username


# ---------------------------------------------------------------- the items union


def _items(submission_where: list, report_where: list, *, kinds: tuple[str, ...], filing_type: str = "",
           status: str = "", keyword: str = ""):  # noqa: ANN202
    """One subquery over submissions and duplicate-person reports, with the queue's columns.

    Every filter is applied inside each branch (on the indexed columns of its table), and
    the institution keyword as an id list, so the union holds only the listed items.
    """
    parts = []
    keyword = (keyword or "").strip()
    matching = None
    if keyword:
        matching = select(Institution.id).where(or_(
            Institution.name.contains(keyword, autoescape=True),
            Institution.credit_code.startswith(keyword.upper(), autoescape=True)))
    submission_kinds = tuple(k for k in kinds if k != SubmissionKind.DUPLICATE)
    if submission_kinds:
        q = select(
            literal(SOURCE_SUBMISSION).label("source"),
            FS.id.label("item_id"),
            FS.kind.label("kind"),
            FS.institution_id.label("institution_id"),
            FS.filing_type.label("filing_type"),
            FS.status.label("status"),
            FS.submitted_at.label("submitted_at"),
            FS.decided_at.label("decided_at"),
            # who decided it, or who is reviewing it (审查中)
            func.coalesce(FS.decided_by, FS.opened_by).label("decided_by"),
            FS.decision_reason.label("reason"),
            case((FS.opened_at.is_not(None), 1), else_=0).label("opened"),
        ).where(*submission_where, FS.kind.in_(submission_kinds))
        if filing_type:
            q = q.where(FS.filing_type == filing_type)
        if status:
            q = q.where(FS.status == status)
        if matching is not None:
            q = q.where(FS.institution_id.in_(matching))
        parts.append(q)
    if SubmissionKind.DUPLICATE in kinds:
        report_status = case(
            (DR.status == REPORT_ACCEPTED, ReviewStatus.APPROVED),
            (DR.status == REPORT_REJECTED, ReviewStatus.RETURNED),
            else_=ReviewStatus.PENDING,
        )
        # The report's filing type, one primary-key lookup per listed report (a join would
        # hash the whole filing table on PostgreSQL).
        report_type = select(Filing.filing_type).where(Filing.id == DR.filing_id).scalar_subquery()
        q = select(
            literal(SOURCE_REPORT).label("source"),
            DR.id.label("item_id"),
            literal(SubmissionKind.DUPLICATE).label("kind"),
            DR.institution_id.label("institution_id"),
            func.coalesce(report_type, "").label("filing_type"),
            report_status.label("status"),
            DR.created_at.label("submitted_at"),
            DR.decided_at.label("decided_at"),
            DR.decided_by.label("decided_by"),
            DR.decision_reason.label("reason"),
            literal(0).label("opened"),
        ).where(*report_where)
        if filing_type:
            q = q.where(report_type == filing_type)
        if status:
            q = q.where(DR.status == REVIEW_TO_REPORT_STATUS[status])
        if matching is not None:
            q = q.where(DR.institution_id.in_(matching))
        parts.append(q)
    union = union_all(*parts) if len(parts) > 1 else parts[0]
    return union.subquery("items")


def _one_page(session: Session, items, order, page: int, page_size: int, reviewer_names: bool = False):  # noqa: ANN001, ANN202
    """Sort and cut the bare union first, then fetch names for that page only."""
    cut = select(items).order_by(*order(items.c)).offset((page - 1) * page_size).limit(page_size).subquery("cut")
    columns = [cut, Institution.name.label("institution_name"), Institution.credit_code.label("credit_code")]
    reviewer = aliased(Account)
    if reviewer_names:
        columns += [reviewer.display_name.label("display_name"), reviewer.username.label("username")]
    query = select(*columns).join(Institution, Institution.id == cut.c.institution_id)
    if reviewer_names:
        query = query.outerjoin(reviewer, reviewer.id == cut.c.decided_by)
    return session.execute(query.order_by(*order(cut.c))).all()


def _page_args(page: Any, page_size: Any) -> tuple[int, int]:
    try:
        page = max(1, int(page))
    except (TypeError, ValueError):
        page = 1
    try:
        page_size = min(MAX_PAGE_SIZE, max(1, int(page_size)))
    except (TypeError, ValueError):
        page_size = 10
    return page, page_size


def item_href(source: str, item_id: int) -> str:
    return routes.review_report(item_id) if source == SOURCE_REPORT else routes.review_filing(item_id)


# ---------------------------------------------------------------- the queue


@dataclass(frozen=True)
class QueueRow:
    index: int
    key: str
    href: str
    kind: str
    kind_label: str
    institution_name: str
    credit_code: str
    filing_type_label: str
    submitted_at: str
    waiting_days: int
    status: str
    status_label: str
    decided_at: str
    reviewer: str


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    page: int
    page_size: int


def _clean_filters(kind: str, filing_type: str, status: str) -> tuple[tuple[str, ...], str, str]:
    kinds = (kind,) if kind in QUEUE_KINDS else QUEUE_KINDS
    filing_type = filing_type if filing_type in FILING_TYPES else ""
    status = status if status in REVIEW_STATUSES else ""
    return kinds, filing_type, status


def queue(session: Session, actor: Actor | None, *, kind: str = "", filing_type: str = "",
          status: str = ReviewStatus.PENDING, keyword: str = "", page: int = 1, page_size: int = 10) -> QueuePage:
    """The reviewer's province: waiting items oldest first, then decided ones, latest decision first.

    status "" lists every status.
    """
    actor = require_reviewer(session, actor, "review_queue")
    kinds, filing_type, status = _clean_filters(kind, filing_type, status)
    page, page_size = _page_args(page, page_size)
    province = actor.province_code
    items = _items([FS.province_code == province], [DR.province_code == province], kinds=kinds,
                   filing_type=filing_type, status=status, keyword=keyword)
    total = session.exec(select(func.count()).select_from(items)).one()

    def order(c):  # noqa: ANN001, ANN202
        pending_first = case((c.status == ReviewStatus.PENDING, 0), else_=1)
        oldest_waiting = case((c.status == ReviewStatus.PENDING, c.submitted_at), else_=None)
        return (pending_first, oldest_waiting.asc(), c.decided_at.desc(), c.submitted_at, c.source, c.item_id)

    rows = _one_page(session, items, order, page, page_size, reviewer_names=True)
    today = today_beijing()
    result = []
    for n, r in enumerate(rows, start=(page - 1) * page_size + 1):
        m = r._mapping
        item_status = m["status"]
        result.append(QueueRow(
            index=n,
            key=f"{m['source']}{m['item_id']}",
            href=item_href(m["source"], m["item_id"]),
            kind=m["kind"],
            kind_label=KIND_LABELS.get(m["kind"], m["kind"]),
            institution_name=m["institution_name"],
            credit_code=m["credit_code"],
            filing_type_label=FILING_TYPE_LABELS.get(m["filing_type"], ""),
            submitted_at=show_datetime(_aware(m["submitted_at"])),
            waiting_days=waiting_days(_aware(m["submitted_at"]), today) if item_status == ReviewStatus.PENDING else 0,
            status=item_status,
            status_label=review_status_label(item_status, bool(m["opened"])),
            decided_at=show_datetime(_aware(m["decided_at"])),
            reviewer=m["display_name"] or m["username"] or "",
        ))
    return QueuePage(result, total, page, page_size)


def _aware(value: datetime | str | None) -> datetime | None:
    """Datetimes read through a UNION may come back without the column type's processing."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def next_pending_href(session: Session, actor: Actor, *, after_key: str = "") -> str:
    """The oldest waiting item of the province other than `after_key` ("" when none)."""
    page = queue(session, actor, status=ReviewStatus.PENDING, page_size=2)
    for row in page.rows:
        if row.key != after_key:
            return row.href
    return ""


# ---------------------------------------------------------------- the reviewer's home


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    pending: int
    oldest_days: int
    href: str


@dataclass(frozen=True)
class ReviewerHome:
    province_name: str
    total_pending: int
    oldest_days: int
    kinds: list[KindCount]
    decided_today: int


def _start_of_beijing_day() -> datetime:
    today = today_beijing()
    return datetime(today.year, today.month, today.day, tzinfo=BEIJING).astimezone(timezone.utc)


def reviewer_home(session: Session, actor: Actor | None) -> ReviewerHome:
    actor = require_reviewer(session, actor, "review_home")
    province = actor.province_code
    found: dict[str, tuple[int, datetime | None]] = {}
    for kind, count, oldest in session.exec(
        select(FS.kind, func.count(), func.min(FS.submitted_at))
        .where(FS.province_code == province, FS.status == ReviewStatus.PENDING, FS.kind.in_(REVIEWED_SUBMISSION_KINDS))
        .group_by(FS.kind)
    ).all():
        found[kind] = (count, _aware(oldest))
    count, oldest = session.exec(
        select(func.count(), func.min(DR.created_at)).where(DR.province_code == province, DR.status == REPORT_PENDING)
    ).one()
    found[SubmissionKind.DUPLICATE] = (count, _aware(oldest))
    today = today_beijing()
    kinds = []
    for kind in QUEUE_KINDS:
        count, oldest = found.get(kind, (0, None))
        kinds.append(KindCount(kind, KIND_LABELS[kind], count, waiting_days(oldest, today) if oldest else 0,
                               routes.review_queue(kind)))
    since = _start_of_beijing_day()
    decided_today = session.exec(
        select(func.count()).select_from(FS).where(FS.decided_by == actor.account_id, FS.decided_at >= since)
    ).one() + session.exec(
        select(func.count()).select_from(DR).where(DR.decided_by == actor.account_id, DR.decided_at >= since)
    ).one()
    return ReviewerHome(
        province_name=regions.province_name(province),
        total_pending=sum(k.pending for k in kinds),
        oldest_days=max((k.oldest_days for k in kinds if k.pending), default=0),
        kinds=kinds,
        decided_today=decided_today,
    )


# ---------------------------------------------------------------- national statistics


@dataclass(frozen=True)
class ProvinceStats:
    index: int  # 0 for the national total
    province_code: str
    province_name: str
    pending: int
    approved: int
    returned: int
    published: int
    reviewers: int


def national_stats(session: Session, actor: Actor | None) -> list[ProvinceStats]:
    """Per province: items waiting / approved / returned (submissions and reports), filings in
    the public registry, active reviewer accounts; the last row is the national total."""
    require_role(actor, Role.ADMIN)
    counts: dict[str, dict[str, int]] = {code: {} for code, _ in regions.PROVINCES}

    def add(province: str, key: str, n: int) -> None:
        counts.setdefault(province, {})
        counts[province][key] = counts[province].get(key, 0) + n

    for province, status, n in session.exec(
        select(FS.province_code, FS.status, func.count())
        .where(FS.kind.in_(REVIEWED_SUBMISSION_KINDS)).group_by(FS.province_code, FS.status)
    ).all():
        add(province, status, n)
    for province, status, n in session.exec(
        select(DR.province_code, DR.status, func.count()).group_by(DR.province_code, DR.status)
    ).all():
        add(province, REPORT_TO_REVIEW_STATUS.get(status, status), n)
    for province, n in session.exec(
        select(PublishedFiling.province_code, func.count()).group_by(PublishedFiling.province_code)
    ).all():
        add(province, "published", n)
    for province, n in session.exec(
        select(Account.province_code, func.count())
        .where(Account.role == Role.REVIEWER, Account.status == "active").group_by(Account.province_code)
    ).all():
        add(province or "", "reviewers", n)
    rows = [
        ProvinceStats(n, code, regions.province_name(code) or code,
                      c.get(ReviewStatus.PENDING, 0), c.get(ReviewStatus.APPROVED, 0), c.get(ReviewStatus.RETURNED, 0),
                      c.get("published", 0), c.get("reviewers", 0))
        for n, (code, c) in enumerate(((code, c) for code, c in counts.items() if regions.is_province(code)), start=1)
    ]
    rows.append(ProvinceStats(0, "", "合计", *(sum(getattr(r, f) for r in rows)
                                            for f in ("pending", "approved", "returned", "published", "reviewers"))))
    return rows


# ---------------------------------------------------------------- decisions


@dataclass(frozen=True)
class DecisionResult:
    message: str
    next_href: str


def _already_decided(session: Session, status_label: str, decided_by: int | None, decided_at: datetime | None) -> str:
    who = staff_name(session, decided_by) or "其他审查员"
    when = show_datetime(decided_at) if decided_at else ""
    return f"该事项已由{who}于{when}审查（{status_label}），无需重复处理；页面已刷新为最新结果"


def _reason_or_refuse(reason: str, *, required: bool) -> str:
    reason = clean_reason(reason)
    if message := reason_error(reason, required=required):
        raise ValidationFailed({"reason": message}, message)
    return reason


def _message(session: Session, institution_id: int, title: str, body: str, now: datetime) -> None:
    session.add(InstitutionMessage(institution_id=institution_id, title=title, body=body, created_at=now))


def _adopt_approved_name(session: Session, filing: Filing, actor: Actor) -> None:
    """An approved 机构名称 becomes the institution's name (home header, queue, letters).
    The other filing type keeps its own published name until it is changed too."""
    institution = session.get(Institution, filing.institution_id)
    if filing.org_name and institution is not None and institution.name != filing.org_name:
        audit.record(session, actor, "institution_renamed", object_type="institution", object_id=institution.id,
                     institution_id=institution.id, detail={"before": institution.name, "after": filing.org_name})
        institution.name = filing.org_name
        session.add(institution)


def mark_opened(session: Session, actor: Actor | None, submission_id: Any) -> None:
    """The first reviewer to open a waiting submission starts its review: the institution and the
    other reviewers then see 审查中 (and who). Later openings change nothing."""
    submission = submission_for_reviewer(session, actor, submission_id)
    if submission.status != ReviewStatus.PENDING or submission.opened_at is not None:
        return
    # Conditional, so two reviewers opening at once record only the first.
    result = session.execute(
        update(FilingSubmission)
        .where(FilingSubmission.id == submission.id, FilingSubmission.status == ReviewStatus.PENDING,
               FilingSubmission.opened_at.is_(None))
        .values(opened_at=utcnow(), opened_by=actor.account_id)
        .execution_options(synchronize_session=False)
    )
    session.expire(submission)
    if result.rowcount == 1:
        audit.record(session, actor, "review_start", object_type="filing_submission", object_id=submission.id,
                     institution_id=submission.institution_id, province_code=submission.province_code,
                     detail={"kind": submission.kind, "filing_type": submission.filing_type})


def decide_submission(session: Session, actor: Actor | None, submission_id: Any, *, approve: bool, reason: str = "",
                      expected_version: int | None = None) -> DecisionResult:
    """通过 or 退回 (with a required reason) a new filing, an added filing type or a key change."""
    action = "review_approve" if approve else "review_return"
    submission = submission_for_reviewer(session, actor, submission_id, action)
    reason = _reason_or_refuse(reason, required=not approve)
    if submission.status != ReviewStatus.PENDING or (
        expected_version is not None and submission.version != expected_version
    ):
        raise StaleVersion(_already_decided(session, REVIEW_STATUS_LABELS.get(submission.status, ""),
                                            submission.decided_by, submission.decided_at))
    filing = session.get(Filing, submission.filing_id)
    expected_filing = filing_flow.S.CHANGE_PENDING if submission.kind == SubmissionKind.CHANGE else filing_flow.S.SUBMITTED
    if filing is None or filing.status != expected_filing:
        raise ServiceError(f"该备案当前状态为“{FILING_STATUS_LABELS.get(filing.status, '') if filing else '不存在'}”，"
                           "不能处理此事项，请刷新后查看")
    new_filing_status = filing_flow.next_status(filing.status, "approve" if approve else "return")
    now = utcnow()
    version = submission.version
    decided = ReviewStatus.APPROVED if approve else ReviewStatus.RETURNED
    result = session.execute(
        update(FilingSubmission)
        .where(FilingSubmission.id == submission.id, FilingSubmission.status == ReviewStatus.PENDING,
               FilingSubmission.version == version)
        .values(status=decided, decided_at=now, decided_by=actor.account_id, decision_reason=reason,
                version=version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.expire(submission)
        raise StaleVersion(_already_decided(session, REVIEW_STATUS_LABELS.get(submission.status, ""),
                                            submission.decided_by, submission.decided_at))
    session.expire(submission)

    filing.status = new_filing_status
    filing.version += 1
    filing.updated_at = now
    filing.return_reason = "" if approve else reason
    session.add(filing)
    if approve:
        publication.publish(session, filing, submission, now)
        _adopt_approved_name(session, filing, actor)

    type_label = FILING_TYPE_LABELS[submission.filing_type]
    kind_label = KIND_LABELS[submission.kind]
    submitted = show_datetime(submission.submitted_at)
    if approve:
        title = f"{type_label}{kind_label}审查通过"
        body = (f"您单位于{submitted}提交的{type_label}{kind_label}已审查通过，"
                + ("变更后的信息已公开。" if submission.kind == SubmissionKind.CHANGE
                   else "备案已生效，可在“备案信息查询”中查看公开信息。"))
    else:
        title = f"{type_label}{kind_label}被退回"
        tail = ("公开信息保持变更前的内容；如仍需变更，请修改后重新提交。" if submission.kind == SubmissionKind.CHANGE
                else "请按退回原因修改后重新提交。")
        body = f"您单位于{submitted}提交的{type_label}{kind_label}被退回。退回原因：{reason}。{tail}"
    _message(session, submission.institution_id, title, body, now)
    audit.record(session, actor, action, object_type="filing_submission", object_id=submission.id,
                 institution_id=submission.institution_id, province_code=submission.province_code,
                 detail={"kind": submission.kind, "filing_type": submission.filing_type, "filing_id": filing.id,
                         "reason": reason, "filing_status": new_filing_status})
    session.flush()
    done = "已通过，备案信息已公开" if approve else "已退回，机构将看到退回原因"
    return DecisionResult(f"{kind_label}{done}",
                          next_pending_href(session, actor, after_key=f"{SOURCE_SUBMISSION}{submission.id}"))


def decide_report(session: Session, actor: Actor | None, report_id: Any, *, accept: bool, reason: str = "",
                  expected_version: int | None = None) -> DecisionResult:
    """Accept a duplicate-person report (the person is released from the previous institution,
    which is told) or reject it with a reason."""
    action = "report_accept" if accept else "report_reject"
    report = report_for_reviewer(session, actor, report_id, action)
    reason = _reason_or_refuse(reason, required=not accept)
    if report.status != REPORT_PENDING or (expected_version is not None and report.version != expected_version):
        label = REVIEW_STATUS_LABELS.get(REPORT_TO_REVIEW_STATUS.get(report.status, ""), "")
        raise StaleVersion(_already_decided(session, label, report.decided_by, report.decided_at))
    now = utcnow()
    version = report.version
    result = session.execute(
        update(DuplicatePersonReport)
        .where(DuplicatePersonReport.id == report.id, DuplicatePersonReport.status == REPORT_PENDING,
               DuplicatePersonReport.version == version)
        .values(status=REPORT_ACCEPTED if accept else REPORT_REJECTED, decided_at=now, decided_by=actor.account_id,
                decision_reason=reason, version=version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.expire(report)
        label = REVIEW_STATUS_LABELS.get(REPORT_TO_REVIEW_STATUS.get(report.status, ""), "")
        raise StaleVersion(_already_decided(session, label, report.decided_by, report.decided_at))
    session.expire(report)

    masked = mask_id_number(report.id_number)
    who = f"{report.name}（{masked}）" if report.name else masked
    reporter = session.get(Institution, report.institution_id)
    released = 0
    if accept:
        released = _release_from_holder(session, report, now)
        holder = session.get(Institution, report.holder_institution_id) if report.holder_institution_id else None
        if holder is not None and holder.id != report.institution_id:
            _message(session, holder.id, "人员离职已由省级生态环境部门确认",
                     f"“{reporter.name if reporter else '其他机构'}”报备人员{who}已从您单位离职"
                     f"（原单位离职时间 {report.previous_leave_date.isoformat()}），经省级生态环境部门审查确认，"
                     "该人员在您单位的备案状态已改为“离职”。如有异议，请联系省级生态环境部门。", now)
        _message(session, report.institution_id, "重复人员信息报备审查通过",
                 f"您单位报备的人员{who}已解除在原单位的在职备案，现可在技术人员中添加该人员。", now)
    else:
        _message(session, report.institution_id, "重复人员信息报备被退回",
                 f"您单位报备的人员{who}未通过审查。退回原因：{reason}。", now)
    audit.record(session, actor, action, object_type="duplicate_person_report", object_id=report.id,
                 institution_id=report.institution_id, province_code=report.province_code,
                 detail={"person": masked, "holder_institution_id": report.holder_institution_id,
                         "released_rows": released, "reason": reason})
    session.flush()
    done = "已通过，该人员已从原单位解除在职备案" if accept else "已退回"
    return DecisionResult(f"重复人员信息报备{done}",
                          next_pending_href(session, actor, after_key=f"{SOURCE_REPORT}{report.id}"))


def _release_from_holder(session: Session, report: DuplicatePersonReport, now: datetime) -> int:
    """The previous institution's rows of the person become 离职 on the reported date, and its
    hold in the one-person register goes. Returns how many person rows changed."""
    holder_id = report.holder_institution_id
    if not holder_id or holder_id == report.institution_id:
        return 0
    people = session.exec(
        select(Person).where(Person.institution_id == holder_id, Person.id_key == report.id_key,
                             Person.status == PERSON_STATUS_ACTIVE)
    ).all()
    touched_filings = set()
    for person in people:
        person.status = PERSON_STATUS_LEFT
        person.leave_date = report.previous_leave_date
        person.updated_at = now
        session.add(person)
        touched_filings.add(person.filing_id)
    for filing_id in touched_filings:
        # An editor of the holder's filing with a page open must reload before saving.
        filing = session.get(Filing, filing_id)
        filing.version += 1
        session.add(filing)
    hold = session.exec(
        select(ActiveEmployment).where(ActiveEmployment.id_key == report.id_key,
                                       ActiveEmployment.institution_id == holder_id)
    ).first()
    if hold is not None:
        session.delete(hold)
    session.flush()
    return len(people)


# ---------------------------------------------------------------- the institution's history


@dataclass(frozen=True)
class HistoryRow:
    index: int
    key: str
    submitted_at: str
    kind_label: str
    filing_type_label: str
    status: str
    status_label: str
    decided_at: str
    reason: str


@dataclass(frozen=True)
class HistoryPage:
    rows: list[HistoryRow]
    total: int
    page: int
    page_size: int


def institution_history(session: Session, actor: Actor | None, *, page: int = 1, page_size: int = 10) -> HistoryPage:
    """Every submission and report of the actor's institution and its decision, newest first."""
    actor = require_institution(actor)
    page, page_size = _page_args(page, page_size)
    inst = actor.institution_id
    kinds = QUEUE_KINDS + (SubmissionKind.MINOR_CHANGE,)
    items = _items([FS.institution_id == inst], [DR.institution_id == inst], kinds=kinds)
    total = session.exec(select(func.count()).select_from(items)).one()
    rows = _one_page(session, items, lambda c: (c.submitted_at.desc(), c.source, c.item_id.desc()), page, page_size)
    result = []
    for n, r in enumerate(rows, start=(page - 1) * page_size + 1):
        m = r._mapping
        minor = m["kind"] == SubmissionKind.MINOR_CHANGE
        result.append(HistoryRow(
            index=n,
            key=f"{m['source']}{m['item_id']}",
            submitted_at=show_datetime(_aware(m["submitted_at"])),
            kind_label=KIND_LABELS.get(m["kind"], m["kind"]),
            filing_type_label=FILING_TYPE_LABELS.get(m["filing_type"], ""),
            status=m["status"],
            status_label=MINOR_CHANGE_STATUS_LABEL if minor else review_status_label(m["status"], bool(m["opened"])),
            decided_at="" if minor else show_datetime(_aware(m["decided_at"])),
            reason=m["reason"] or "",
        ))
    return HistoryPage(result, total, page, page_size)


def under_review(session: Session, institution_id: int) -> set[int]:
    """Ids of the institution's filings whose waiting submission a reviewer has opened (审查中)."""
    return set(session.exec(
        select(FS.filing_id).where(FS.institution_id == institution_id, FS.status == ReviewStatus.PENDING,
                                   FS.opened_at.is_not(None))
    ).all())


def last_decisions(session: Session, institution_id: int) -> dict[int, datetime]:
    """filing id -> time of its latest review decision (for the home's progress line)."""
    rows = session.exec(
        select(FS.filing_id, func.max(FS.decided_at))
        .where(FS.institution_id == institution_id, FS.kind.in_(REVIEWED_SUBMISSION_KINDS),
               FS.decided_at.is_not(None))
        .group_by(FS.filing_id)
    ).all()
    return {filing_id: _aware(at) for filing_id, at in rows}

