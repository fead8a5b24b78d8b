"""重复人员信息报备 (§3.1.1.2): a new institution reports a person whom the previous
institution still files as 在职. The reporting side lives here (list, 新增, departure
statement upload); the provincial reviewer's decision, which releases the person, is
the review feature's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from filing_app.domain import enums
from filing_app.domain.clock import show_date, today_beijing, utcnow
from filing_app.domain.text import normalize_text
from filing_app.domain.validators import check_identity, mask_id_number, parse_date
from filing_app.models import Attachment, DuplicatePersonReport, Institution
from filing_app.services import audit, employment, storage
from filing_app.services.actor import Actor, require_institution
from filing_app.services.errors import ServiceError, ValidationFailed
from filing_app.services.filing_access import PAGE_SIZE, find_filing, page_bounds

STATEMENT_PURPOSE = "departure_statement"

STATUS_PENDING = "pending"
STATUS_ACCEPTED = "accepted"
STATUS_REJECTED = "rejected"
STATUS_LABELS = {STATUS_PENDING: "待审查", STATUS_ACCEPTED: "已通过", STATUS_REJECTED: "已驳回"}

_HMT_PREFIXES = ("810000", "820000", "830000")


@dataclass(frozen=True)
class ReportRow:
    id: int
    seq: int
    applied_at: str  # 申请时间
    name: str
    gender: str
    id_masked: str
    leave_date: str  # 原单位离职时间
    statement_attachment_id: int
    status: str
    status_label: str
    reason: str  # 驳回原因


@dataclass(frozen=True)
class ReportPage:
    rows: list[ReportRow]
    total: int
    page: int
    page_size: int


@dataclass(frozen=True)
class StatementFile:
    attachment_id: int
    name: str
    size_text: str


def _id_type_of(number: str) -> str:
    """The report form asks only for the number: tell the document type from its shape."""
    if number[:6] in _HMT_PREFIXES:
        return enums.ID_TYPE_HMT_PERMIT
    if number[:1] == "9":
        return enums.ID_TYPE_FOREIGN_PR
    return enums.ID_TYPE_RESIDENT


def list_reports(session: Session, actor: Actor, *, name: str = "", page: Any = 1,
                 page_size: Any = PAGE_SIZE) -> ReportPage:
    """The institution's own reports, newest first, filtered by 姓名 (contains)."""
    require_institution(actor)
    conditions = [DuplicatePersonReport.institution_id == actor.institution_id]
    name = normalize_text(name)[:50]
    if name:
        conditions.append(DuplicatePersonReport.name.contains(name, autoescape=True))
    total = session.exec(select(func.count()).select_from(DuplicatePersonReport).where(*conditions)).one()
    bounds = page_bounds(total, page, page_size)
    reports = session.exec(
        select(DuplicatePersonReport).where(*conditions)
        .order_by(DuplicatePersonReport.created_at.desc(), DuplicatePersonReport.id.desc())
        .offset(bounds.offset).limit(bounds.size)
    ).all()
    rows = [
        ReportRow(
            id=r.id, seq=bounds.offset + i, applied_at=show_date(r.created_at), name=r.name, gender=r.gender,
            id_masked=mask_id_number(r.id_number), leave_date=show_date(r.previous_leave_date),
            statement_attachment_id=r.statement_attachment_id or 0, status=r.status,
            status_label=STATUS_LABELS.get(r.status, r.status),
            reason=r.decision_reason if r.status == STATUS_REJECTED else "",
        )
        for i, r in enumerate(reports, start=1)
    ]
    return ReportPage(rows, total, bounds.page, bounds.size)


def save_statement(session: Session, actor: Actor, data: bytes, original_name: str) -> StatementFile:
    """Store the signed departure statement (离职说明) chosen in the 新增 dialog."""
    require_institution(actor)
    attachment = storage.save_upload(session, actor, data, original_name, STATEMENT_PURPOSE,
                                     institution_id=actor.institution_id)
    return StatementFile(attachment.id, attachment.original_name, storage.human_size(attachment.size))


def create_report(session: Session, actor: Actor, data: Mapping[str, Any], statement_attachment_id: Any,
                  *, filing_type: str | None = None) -> ReportRow:
    """新增 a report: 人员身份证号, 人员姓名, 原单位离职时间 and the signed statement (all required).

    Refused when the number is invalid, when nobody else holds the person (then the
    person can simply be added), or when this institution already has a pending report
    for the person.
    """
    require_institution(actor)
    errors: dict[str, str] = {}
    raw_number = normalize_text(data.get("id_number"))
    number = ""
    gender = ""
    if not raw_number:
        errors["id_number"] = "请填写人员身份证号"
    else:
        result = check_identity(_id_type_of(raw_number.upper()), raw_number)
        number = result.normalized
        if not result.ok:
            errors["id_number"] = result.message
        gender = result.gender or ""
    name = normalize_text(data.get("name"))
    if not name:
        errors["name"] = "请填写人员姓名"
    elif len(name) > 50:
        errors["name"] = "人员姓名不能超过50个字"
    raw_date = data.get("leave_date")
    leave_date = None
    if raw_date is None or (isinstance(raw_date, str) and not raw_date.strip()):
        errors["leave_date"] = "请选择原单位离职时间"
    else:
        leave_date = parse_date(raw_date)
        if leave_date is None:
            errors["leave_date"] = "原单位离职时间不是有效日期，请写成 2025-12-23 的形式"
        elif leave_date > today_beijing():
            errors["leave_date"] = "原单位离职时间不能晚于今天"
    attachment_id = None
    try:
        attachment_id = int(statement_attachment_id) if statement_attachment_id else None
    except (TypeError, ValueError):
        attachment_id = None
    if attachment_id is None:
        errors["statement"] = "请上传人员签字的离职说明"
    else:
        attachment = session.get(Attachment, attachment_id)
        if attachment is None or attachment.institution_id != actor.institution_id or \
                attachment.purpose != STATEMENT_PURPOSE:
            errors["statement"] = "附件无效，请重新上传"
    if errors:
        raise ValidationFailed(errors)

    holder = employment.holder_of(session, number)
    if holder is None:
        raise ServiceError(f"证件号码为{mask_id_number(number)}的人员目前未在任何机构在职备案，无需报备，"
                           "可直接在“技术人员”中新增该人员")
    if holder == actor.institution_id:
        raise ServiceError(f"证件号码为{mask_id_number(number)}的人员已在本机构在职备案，无需报备")
    pending = session.exec(
        select(DuplicatePersonReport.id).where(
            DuplicatePersonReport.institution_id == actor.institution_id,
            DuplicatePersonReport.id_key == number,
            DuplicatePersonReport.status == STATUS_PENDING,
        ).limit(1)
    ).first()
    if pending is not None:
        raise ServiceError("本机构已提交过该人员的重复人员信息报备，正在等待审查，请勿重复提交")

    institution = session.get(Institution, actor.institution_id)
    filing = find_filing(session, actor, filing_type) if filing_type else None
    filing_id = filing.id if filing is not None else None
    report = DuplicatePersonReport(
        institution_id=actor.institution_id,
        filing_id=filing_id,
        province_code=institution.province_code,
        id_type=_id_type_of(number),
        id_number=number,
        id_key=number,
        name=name,
        gender=gender,
        previous_leave_date=leave_date,
        statement_attachment_id=attachment_id,
        holder_institution_id=holder,
        status=STATUS_PENDING,
        created_at=utcnow(),
        created_by=actor.account_id,
    )
    session.add(report)
    session.flush()
    audit.record(session, actor, "duplicate_report_create", object_type="duplicate_person_report",
                 object_id=report.id, province_code=institution.province_code,
                 detail={"name": name, "id_number": mask_id_number(number), "holder_institution_id": holder,
                         "leave_date": leave_date.isoformat()})
    return ReportRow(
        id=report.id, seq=1, applied_at=show_date(report.created_at), name=name, gender=gender,
        id_masked=mask_id_number(number), leave_date=show_date(leave_date), statement_attachment_id=attachment_id,
        status=STATUS_PENDING, status_label=STATUS_LABELS[STATUS_PENDING], reason="",
    )
