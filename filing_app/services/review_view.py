"""What a reviewer reads: a submitted filing from its frozen snapshot (read-only), its lists
one page at a time, a change compared field by field with the published version, a
duplicate-person report, and downloads of the attachments the item names.

Snapshot lists live in one JSON document, so their pages are cut here after one row
read (a filing of 1,000 people is one ~1 MB row); the browser only ever gets one page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from filing_app.domain import changes, regions
from filing_app.domain.clock import show_datetime, today_beijing
from filing_app.domain.enums import FILING_TYPE_LABELS, FilingType, post_label
from filing_app.domain.review import (
    KIND_LABELS,
    MINOR_CHANGE_STATUS_LABEL,
    REPORT_PENDING,
    REPORT_TO_REVIEW_STATUS,
    REVIEW_STATUS_LABELS,
    ReviewStatus,
    SubmissionKind,
    review_status_label,
    waiting_days,
)
from filing_app.domain.validators import mask_id_number
from filing_app.models import Attachment, Filing, FilingSubmission, Institution
from filing_app.services import employment, files, publication
from filing_app.services import equipment as equipment_service
from filing_app.services import people as person_service
from filing_app.services.actor import Actor
from filing_app.services.errors import NotFound, PermissionDenied
from filing_app.services.review import report_for_reviewer, staff_name, submission_for_reviewer

LIST_PAGE_SIZE = 10
RECORD_ROWS = 20  # the latest submissions of the filing shown as its review record


@dataclass(frozen=True)
class InfoItem:
    label: str
    value: str
    attachment_id: int = 0


@dataclass(frozen=True)
class SiteRow:
    index: int
    province: str
    city: str
    address: str
    area: str
    attachment_id: int
    attachment_name: str


@dataclass(frozen=True)
class CertRow:
    index: int
    name: str  # 证书类型 / 运维服务能力 / 证书类别
    has_cert: str
    cert_no: str
    validity: str
    issuer: str
    approval_no: str
    attachment_id: int
    attachment_name: str


@dataclass(frozen=True)
class ChangeRow:
    index: int
    label: str
    old: str
    new: str
    needs_review: bool
    note: str


@dataclass(frozen=True)
class ListChangeRow:
    label: str
    summary: str
    details: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RecordRow:
    index: int
    kind_label: str
    submitted_at: str
    status: str
    status_label: str
    decided_at: str
    reviewer: str
    reason: str
    current: bool


@dataclass(frozen=True)
class SubmissionView:
    id: int
    kind: str
    kind_label: str
    filing_type: str
    filing_type_label: str
    institution_name: str
    credit_code: str
    org_name: str
    submitted_at: str
    waiting_days: int
    status: str
    status_label: str
    decided_at: str
    reviewer: str
    reason: str
    version: int
    basic: list[InfoItem]
    capability: list[InfoItem]
    management: list[InfoItem]
    commitment: list[InfoItem]
    sites: list[SiteRow]
    other_certs: list[CertRow]
    om_capabilities: list[CertRow]
    mgmt_certs: list[CertRow]
    people_total: int
    people_active: int
    equipment_total: int
    field_changes: list[ChangeRow]
    list_changes: list[ListChangeRow]
    compare_title: str  # "" when nothing is compared
    compare_note: str
    record: list[RecordRow]  # earlier submissions of this filing and their decisions


def _validity(row: dict) -> str:
    start, end = str(row.get("valid_from") or "")[:10], str(row.get("valid_to") or "")[:10]
    return f"{start} 至 {end}" if start or end else ""


def _items(snapshot: dict, section: str) -> list[InfoItem]:
    filing_type = snapshot["filing_type"]
    data = snapshot.get("filing", {})
    attachments = snapshot.get("attachments", {})
    result = []
    for defn in changes.filing_fields(filing_type, section):
        attachment_id = int(data.get(defn.key) or 0) if defn.kind == changes.ATTACHMENT else 0
        result.append(InfoItem(defn.label_for(filing_type), changes.display_value(defn, data, attachments),
                               attachment_id))
    return result


def _cert_rows(snapshot: dict, kind: str) -> list[CertRow]:
    attachments = snapshot.get("attachments", {})
    rows = [c for c in snapshot.get("certificates", []) if c.get("kind") == kind]
    result = []
    for n, c in enumerate(rows, start=1):
        has = c.get("has_cert")
        result.append(CertRow(
            index=n,
            name=c.get("capability") or c.get("cert_type") or "",
            has_cert="" if has is None else ("有" if has else "无"),
            cert_no=c.get("cert_no") or "",
            validity=_validity(c),
            issuer=c.get("issuer") or "",
            approval_no=c.get("approval_no") or "",
            attachment_id=int(c.get("attachment_id") or 0),
            attachment_name=changes.attachment_name(c.get("attachment_id"), attachments),
        ))
    return result


def _site_rows(snapshot: dict) -> list[SiteRow]:
    attachments = snapshot.get("attachments", {})
    return [
        SiteRow(n, regions.province_name(s.get("province_code")), regions.city_name(s.get("city_code")),
                s.get("address") or "", f"{s['area_m2']:g}" if s.get("area_m2") is not None else "",
                int(s.get("proof_attachment_id") or 0),
                changes.attachment_name(s.get("proof_attachment_id"), attachments))
        for n, s in enumerate(snapshot.get("branch_sites", []), start=1)
    ]


def _change_rows(diff: changes.SnapshotDiff, is_change: bool) -> tuple[list[ChangeRow], list[ListChangeRow]]:
    fields = [
        ChangeRow(n, c.label, c.old or "（空）", c.new or "（空）", is_change and c.is_key,
                  ("需审查，通过后公开" if c.is_key else "已生效并公开") if is_change else "")
        for n, c in enumerate(diff.fields, start=1)
    ]
    lists = []
    for d in diff.lists:
        if not d.any:
            continue
        details = [f"新增：{r.summary}" for r in d.added_rows]
        details += [f"删除：{r.summary}" for r in d.removed_rows]
        details += [f"修改：{r.summary}（{'、'.join(r.fields)}）" for r in d.changed_rows]
        lists.append(ListChangeRow(d.label, d.summary(), details))
    return fields, lists


def submission_view(session: Session, actor: Actor | None, submission_id: Any) -> SubmissionView:
    submission = submission_for_reviewer(session, actor, submission_id)
    snapshot = submission.snapshot
    institution = session.get(Institution, submission.institution_id)
    people = snapshot.get("people", [])
    field_changes: list[ChangeRow] = []
    list_changes: list[ListChangeRow] = []
    compare_title = compare_note = ""
    earlier = session.exec(
        select(FilingSubmission).where(FilingSubmission.filing_id == submission.filing_id)
        .order_by(FilingSubmission.id.desc()).limit(RECORD_ROWS)
    ).all()
    if submission.kind == SubmissionKind.CHANGE:
        base = publication.current_submission(session, submission.filing_id, before_id=submission.id)
        if base is not None:
            field_changes, list_changes = _change_rows(changes.diff_snapshots(base.snapshot, snapshot), True)
            compare_title = "变更内容（与已公开版本对比）"
            compare_note = (f"对比的公开版本：{show_datetime(base.decided_at or base.submitted_at)} 生效。"
                            "机构名称、机构类别、法定代表人、监测类别/运维类别的变更需审查；其他修改已于提交时生效并公开。")
    else:
        # A resubmission after a return: what the institution changed since.
        returned = next((e for e in earlier if e.id < submission.id and e.status == ReviewStatus.RETURNED
                         and e.kind == submission.kind), None)
        if returned is not None:
            field_changes, list_changes = _change_rows(changes.diff_snapshots(returned.snapshot, snapshot), False)
            compare_title = "与上次退回的版本对比"
            compare_note = (f"上次提交于 {show_datetime(returned.submitted_at)}，{show_datetime(returned.decided_at)} "
                            f"退回，退回原因：{returned.decision_reason}")
    record = [
        RecordRow(n, KIND_LABELS.get(e.kind, e.kind), show_datetime(e.submitted_at), e.status,
                  MINOR_CHANGE_STATUS_LABEL if e.kind == SubmissionKind.MINOR_CHANGE
                  else REVIEW_STATUS_LABELS.get(e.status, e.status),
                  show_datetime(e.decided_at) if e.kind != SubmissionKind.MINOR_CHANGE else "",
                  staff_name(session, e.decided_by), e.decision_reason or "", e.id == submission.id)
        for n, e in enumerate(earlier, start=1)
    ]
    pending = submission.status == ReviewStatus.PENDING
    return SubmissionView(
        id=submission.id,
        kind=submission.kind,
        kind_label=KIND_LABELS[submission.kind],
        filing_type=submission.filing_type,
        filing_type_label=FILING_TYPE_LABELS[submission.filing_type],
        institution_name=institution.name if institution else "",
        credit_code=institution.credit_code if institution else "",
        org_name=snapshot.get("filing", {}).get("org_name") or (institution.name if institution else ""),
        submitted_at=show_datetime(submission.submitted_at),
        waiting_days=waiting_days(submission.submitted_at, today_beijing()) if pending else 0,
        status=submission.status,
        status_label=review_status_label(submission.status, submission.opened_at is not None),
        decided_at=show_datetime(submission.decided_at),
        reviewer=staff_name(session, submission.decided_by),
        reason=submission.decision_reason or "",
        version=submission.version,
        basic=_items(snapshot, changes.SECTION_BASIC),
        capability=_items(snapshot, changes.SECTION_CAPABILITY),
        management=_items(snapshot, changes.SECTION_MANAGEMENT),
        commitment=_items(snapshot, changes.SECTION_COMMITMENT),
        sites=_site_rows(snapshot),
        other_certs=_cert_rows(snapshot, "other"),
        om_capabilities=_cert_rows(snapshot, "om_capability"),
        mgmt_certs=_cert_rows(snapshot, "mgmt_system"),
        people_total=len(people),
        people_active=sum(1 for p in people if p.get("status") == "在职"),
        equipment_total=len(snapshot.get("equipment", [])),
        field_changes=field_changes,
        list_changes=list_changes,
        compare_title=compare_title,
        compare_note=compare_note,
        record=record,
    )


# ---------------------------------------------------------------- list pages


@dataclass(frozen=True)
class ListPage:
    rows: list  # people.PersonRow / equipment.EquipmentRow, identity numbers masked
    total: int
    page: int
    page_size: int


def _snapshot_page(records: list[dict], page: Any, keep: Callable[[dict], bool],
                   row: Callable[[int, int, dict], Any]) -> ListPage:
    """One page of a snapshot list after a filter, each record made a row by the list tab's own
    row builder (the wizard's table and the reviewer's show and mask the same)."""
    listed = [(n, r) for n, r in enumerate(records, start=1) if keep(r)]
    try:
        page = max(1, int(page))
    except (TypeError, ValueError):
        page = 1
    page = min(page, max(1, -(-len(listed) // LIST_PAGE_SIZE)))
    first = (page - 1) * LIST_PAGE_SIZE
    cut = listed[first: first + LIST_PAGE_SIZE]
    return ListPage([row(int(r.get("id") or n), first + i, r) for i, (n, r) in enumerate(cut, start=1)],
                    len(listed), page, LIST_PAGE_SIZE)


def _list_page(session: Session, actor: Actor | None, submission_id: Any, key: str, row: Callable, page: Any,
               name: str, field: str, value: str) -> ListPage:
    submission = submission_for_reviewer(session, actor, submission_id)
    name = (name or "").strip()
    return _snapshot_page(
        submission.snapshot.get(key, []), page,
        lambda r: (not name or name in (r.get("name") or "")) and (not value or r.get(field) == value), row)


def people_page(session: Session, actor: Actor | None, submission_id: Any, *, page: int = 1, name: str = "",
                status: str = "") -> ListPage:
    """技术人员 of the snapshot, filtered by 姓名 (contains) and 人员状态, 10 a page, numbers masked."""
    return _list_page(session, actor, submission_id, "people", person_service.person_row, page, name, "status",
                      status)


def equipment_page(session: Session, actor: Actor | None, submission_id: Any, *, page: int = 1, name: str = "",
                   condition: str = "") -> ListPage:
    """设施设备 of the snapshot, filtered by 设备名称 (contains) and 设备状况, 10 a page."""
    return _list_page(session, actor, submission_id, "equipment", equipment_service.equipment_row, page, name,
                      "condition", condition)


@dataclass(frozen=True)
class TrainingRow:
    index: int
    level: str
    organization: str
    content: str
    cert_no: str


@dataclass(frozen=True)
class PersonDetail:
    title: str
    items: list[InfoItem]
    trainings: list[TrainingRow]


def person_detail(session: Session, actor: Actor | None, submission_id: Any, row_id: Any) -> PersonDetail:
    """One person of the snapshot: every field as filed (number masked), certificates, trainings."""
    submission = submission_for_reviewer(session, actor, submission_id)
    snapshot = submission.snapshot
    person = next((p for p in snapshot.get("people", []) if str(p.get("id")) == str(row_id)), None)
    if person is None:
        raise NotFound("该人员不在此次提交的备案中")
    attachments = snapshot.get("attachments", {})
    monitoring = snapshot["filing_type"] == FilingType.MONITORING

    def att(key: str, label: str) -> InfoItem:
        return InfoItem(label, changes.attachment_name(person.get(key), attachments), int(person.get(key) or 0))

    items = [
        InfoItem("姓名", person.get("name") or ""),
        InfoItem("证件类型", person.get("id_type") or ""),
        InfoItem("证件号码", mask_id_number(person.get("id_number") or "")),
        InfoItem("性别", person.get("gender") or ""),
        InfoItem("学历", person.get("education") or ""),
        InfoItem("学位", person.get("degree") or ""),
        InfoItem("所学专业", person.get("major") or ""),
        InfoItem("入职时间", str(person.get("hire_date") or "")[:10]),
        InfoItem("劳动关系", person.get("labor_relation") or ""),
    ]
    if monitoring:
        items.append(InfoItem("职务", "、".join(person.get("duties") or [])))
    items += [
        InfoItem("职称", person.get("title") or ""),
        InfoItem(post_label(snapshot["filing_type"]), "、".join(person.get("posts") or [])),
        InfoItem("人员状态", person.get("status") or ""),
        InfoItem("离职时间", str(person.get("leave_date") or "")[:10]),
        InfoItem("人员能力(外部培训)", "有" if person.get("has_training") else "无"),
        att("edu_cert_attachment_id", "学历证书"),
        att("degree_cert_attachment_id", "学位证书"),
        att("title_cert_attachment_id", "职称证书"),
    ]
    trainings = [
        TrainingRow(n, t.get("level") or "", t.get("organization") or "", t.get("content") or "", t.get("cert_no") or "")
        for n, t in enumerate(person.get("trainings") or [], start=1)
    ]
    return PersonDetail(f"{person.get('name') or ''}（{mask_id_number(person.get('id_number') or '')}）", items,
                        trainings)


# ---------------------------------------------------------------- downloads


def submission_attachment_link(session: Session, actor: Actor | None, submission_id: Any, attachment_id: Any) -> str:
    """A download link for a file the submission names (and that the reviewer may read)."""
    submission = submission_for_reviewer(session, actor, submission_id, "download")
    try:
        attachment_id = int(attachment_id)
    except (TypeError, ValueError):
        raise NotFound("文件不存在") from None
    if str(attachment_id) not in submission.snapshot.get("attachments", {}):
        raise PermissionDenied("该文件不属于此审查事项")
    return files.download_link(session, actor, attachment_id)


def report_attachment_link(session: Session, actor: Actor | None, report_id: Any) -> str:
    report = report_for_reviewer(session, actor, report_id, "download")
    if not report.statement_attachment_id:
        raise NotFound("该报备没有上传离职说明")
    return files.download_link(session, actor, report.statement_attachment_id)


# ---------------------------------------------------------------- duplicate-person reports


@dataclass(frozen=True)
class ReportView:
    id: int
    institution_name: str
    credit_code: str
    filing_type_label: str
    name: str
    gender: str
    id_type: str
    id_masked: str
    leave_date: str
    holder_name: str
    holder_status: str  # whether the previous institution still holds the person
    statement_attachment_id: int
    statement_name: str
    submitted_at: str
    waiting_days: int
    status: str
    status_label: str
    decided_at: str
    reviewer: str
    reason: str
    version: int


def report_view(session: Session, actor: Actor | None, report_id: Any) -> ReportView:
    report = report_for_reviewer(session, actor, report_id)
    reporter = session.get(Institution, report.institution_id)
    holder = session.get(Institution, report.holder_institution_id) if report.holder_institution_id else None
    current = employment.holder_of(session, report.id_key)
    if current is None:
        holder_status = "该人员目前不在任何机构在职备案"
    elif holder is not None and current == holder.id:
        holder_status = "该人员目前仍在原单位在职备案"
    elif current == report.institution_id:
        holder_status = "该人员已在报备机构在职备案"
    else:
        holder_status = "该人员目前在其他机构在职备案"
    attachment = session.get(Attachment, report.statement_attachment_id) if report.statement_attachment_id else None
    filing = session.get(Filing, report.filing_id) if report.filing_id else None
    status = REPORT_TO_REVIEW_STATUS.get(report.status, report.status)
    return ReportView(
        id=report.id,
        institution_name=reporter.name if reporter else "",
        credit_code=reporter.credit_code if reporter else "",
        filing_type_label=FILING_TYPE_LABELS.get(filing.filing_type, "") if filing else "",
        name=report.name,
        gender=report.gender,
        id_type=report.id_type,
        id_masked=mask_id_number(report.id_number),
        leave_date=report.previous_leave_date.isoformat(),
        holder_name=holder.name if holder else "（未记录）",
        holder_status=holder_status,
        statement_attachment_id=report.statement_attachment_id or 0,
        statement_name=attachment.original_name if attachment else "",
        submitted_at=show_datetime(report.created_at),
        waiting_days=waiting_days(report.created_at, today_beijing()) if report.status == REPORT_PENDING else 0,
        status=status,
        status_label=REVIEW_STATUS_LABELS.get(status, status),
        decided_at=show_datetime(report.decided_at),
        reviewer=staff_name(session, report.decided_by),
        reason=report.decision_reason or "",
        version=report.version,
    )
