"""The filing wizard's use cases: opening a filing, its tabs 基本信息 / 技术能力 / 管理能力 with
their rows and uploads, 下一步 of the list tabs (技术人员 and 设施设备 themselves are people.py
and equipment.py), 备案提交 and the lifecycle (重新备案, 备案变更 started).

Every function takes (session, actor, filing_type, ...): the filing is always the actor's own
institution's filing of that type (services/filing_access), so no argument can point at another
institution's data; row ids are checked to belong to that filing.

Concurrency: every write names the Filing.version its form was loaded with and bumps it with a
compare-and-set UPDATE, so of two people saving the same filing on the same version exactly one
wins and the other gets StaleVersion (what they typed stays in their form).

Editing is allowed in draft and returned, and in approved while a change (备案变更) is in
progress (filing_flow.can_edit). After 备案提交 everything is refused until the review decides.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import func, update
from sqlalchemy.orm import object_session
from sqlmodel import Session, select

from filing_app.domain import filing_flow, regions
from filing_app.domain import filing_rules as rules
from filing_app.domain.clock import show_date, show_datetime, today_beijing, utcnow
from filing_app.domain.enums import FILING_STATUS_LABELS, FILING_TYPE_LABELS, FilingStatus, FilingType
from filing_app.domain.review import ReviewStatus
from filing_app.domain.validators import format_date, mask_id_number, mask_phone, normalize_mobile
from filing_app.models import Attachment, BranchSite, Certificate, Filing, FilingSubmission, Institution
from filing_app.services import audit, employment, storage
from filing_app.services.actor import Actor
from filing_app.services.errors import NotFound, PermissionDenied, ServiceError, StaleVersion, ValidationFailed
from filing_app.services.filing_access import (
    PAGE_SIZE,
    own_filing,
    list_page,
    require_editable,
    start_filing,
)
from filing_app.services.snapshots import build_snapshot
from filing_app.services.tab_checks import equipment_tab_errors, people_tab_errors

# Upload slots of the filing itself: slot -> (tab, Filing column, attachment purpose, filing type or None).
FILE_SLOTS: dict[str, tuple[str, str, str, str | None]] = {
    "cma_cert": ("capability", "cma_cert_attachment_id", "cma_cert", FilingType.MONITORING),
    "cma_annex": ("capability", "cma_annex_attachment_id", "cma_annex", FilingType.MONITORING),
    "cnas_cert": ("capability", "cnas_attachment_id", "cnas_cert", FilingType.MONITORING),
    "quality_manual": ("management", "quality_manual_attachment_id", "quality_manual", None),
    "commitment": ("submit", "commitment_attachment_id", "commitment", None),
}
# Uploads made inside a row dialog before the row is saved: purpose -> the row kind using it.
ROW_FILE_PURPOSES = {"site_proof": "site", "om_cert": rules.CERT_OM_CAPABILITY, "mgmt_cert": rules.CERT_MGMT}
ROW_PURPOSE_OF_KIND = {rules.CERT_OM_CAPABILITY: "om_cert", rules.CERT_MGMT: "mgmt_cert"}

# The list tabs and their completeness checks (下一步 on 技术人员 / 设施设备).
LIST_TABS = {"people": people_tab_errors, "equipment": equipment_tab_errors}


# ------------------------------------------------------------------ DTOs


@dataclass(frozen=True)
class FileView:
    """An uploaded file as the wizard shows it: name, size and the id its download asks for."""

    id: int
    name: str
    size_text: str


@dataclass(frozen=True)
class FilingSummary:
    id: int
    filing_type: str
    type_label: str
    status: str
    status_label: str
    version: int
    editable: bool
    change_in_progress: bool
    submitted_at: str  # 2025-12-24 09:30, "" if never
    status_note: str  # e.g. 已提交，待审查（提交时间：2025-12-24 09:30）; "" while editable
    return_reason: str
    read_only_reason: str = ""  # why it may not be edited now (filing_flow.locked_message); "" while editable
    notice: str = ""  # what the action that returned it wants the user told (e.g. after 重新备案)


@dataclass(frozen=True)
class SaveResult:
    """What a save did: the new version, and (for 下一步) what is still missing.

    errors are field-keyed; problems are lines about list rows. A save with errors or
    problems still stored what passed the type checks.
    """

    version: int
    errors: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.errors and not self.problems


@dataclass(frozen=True)
class FileResult:
    version: int
    file: FileView


@dataclass(frozen=True)
class BasicTab:
    version: int
    inst_category: str
    org_name: str
    independent_legal_person: str  # 是 / 否 / ""
    cma_first_date: str  # 2025-12-01 or ""
    nature: str
    categories: list[str]
    other_category: str
    legal_rep: str
    legal_rep_phone_masked: str  # the full number never leaves the server
    province_code: str
    province_name: str
    city_code: str
    reg_address: str


@dataclass(frozen=True)
class SiteRow:
    id: int
    seq: int
    province_code: str
    province_name: str
    city_code: str
    city_name: str
    address: str
    area: str
    proof_id: int
    proof_name: str
    proof_size: str


@dataclass(frozen=True)
class CertRow:
    id: int
    seq: int
    kind: str
    cert_type: str
    capability: str
    has_cert: str  # 有 / 无 / ""
    cert_no: str
    valid_from: str
    valid_to: str
    issuer: str
    approval_no: str
    attachment_id: int  # 0 when none
    attachment_name: str
    attachment_size: str


@dataclass(frozen=True)
class RowsPage:
    rows: list[Any]
    total: int
    page: int
    page_count: int


@dataclass(frozen=True)
class CapabilityTab:
    """技术能力. Monitoring fields are empty for O&M filings, whose tab is the row list."""

    version: int
    cma_cert_no: str = ""
    cma_valid_from: str = ""
    cma_valid_to: str = ""
    cma_cert: FileView | None = None
    cma_annex: FileView | None = None
    has_cnas: str = ""
    cnas_cert_no: str = ""
    cnas_valid_from: str = ""
    cnas_valid_to: str = ""
    cnas_cert: FileView | None = None
    has_other_certs: str = ""


@dataclass(frozen=True)
class ManagementTab:
    version: int
    quality_manual: FileView | None
    has_mgmt_certs: str  # O&M only: 有 / 无 / ""


@dataclass(frozen=True)
class CheckGroup:
    tab: str  # basic / people / capability / equipment / management / commitment
    label: str
    problems: list[str]


@dataclass(frozen=True)
class SubmitOverview:
    summary: FilingSummary
    groups: list[CheckGroup]  # every tab, in wizard order, then 书面承诺
    commitment: FileView | None
    institution_name: str
    credit_code: str

    @property
    def ready(self) -> bool:
        return all(not g.problems for g in self.groups)


# ------------------------------------------------------------------ helpers


def _bump(session: Session, actor: Actor, filing: Filing, version: Any, action: str, tab: str) -> None:
    """Compare-and-set the version: the write goes through only on the version the form was
    loaded with. The refusal is audited (and committed: nothing else is written yet)."""
    try:
        expected = int(version)
    except (TypeError, ValueError):
        expected = -1
    result = session.execute(
        update(Filing)
        .where(Filing.id == filing.id, Filing.version == expected)
        .values(version=expected + 1, updated_at=utcnow(), updated_by=actor.account_id)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        audit.record(session, actor, action, object_type="filing", object_id=filing.id, result="fail",
                     detail={"tab": tab, "reason": "stale", "version": expected, "current": filing.version})
        audit.refuse(session, StaleVersion())
    filing.version = expected + 1
    filing.updated_at = utcnow()
    filing.updated_by = actor.account_id


def _check_version(session: Session, actor: Actor, filing: Filing, version: Any, action: str, tab: str) -> None:
    """The version check of a save that writes nothing (refused like _bump)."""
    try:
        same = int(version) == filing.version
    except (TypeError, ValueError):
        same = False
    if not same:
        audit.record(session, actor, action, object_type="filing", object_id=filing.id, result="fail",
                     detail={"tab": tab, "reason": "stale", "version": str(version)[:20], "current": filing.version})
        audit.refuse(session, StaleVersion())


def _audit(session: Session, actor: Actor, action: str, filing: Filing, **detail: Any) -> None:
    audit.record(session, actor, action, object_type="filing", object_id=filing.id,
                 institution_id=filing.institution_id, detail={"filing_type": filing.filing_type, **detail})


def _file_view(session: Session, attachment_id: int | None) -> FileView | None:
    if not attachment_id:
        return None
    attachment = session.get(Attachment, attachment_id)
    if attachment is None:
        return None
    return FileView(attachment.id, attachment.original_name, storage.human_size(attachment.size))


def _files(session: Session, ids: list[int | None]) -> dict[int, Attachment]:
    wanted = [i for i in ids if i]
    if not wanted:
        return {}
    return {a.id: a for a in session.exec(select(Attachment).where(Attachment.id.in_(wanted)))}


def _own_attachment(session: Session, actor: Actor, attachment_id: int | None, purpose: str) -> int | None:
    """An attachment id a row may reference: uploaded by this institution for this purpose."""
    if not attachment_id:
        return None
    attachment = session.get(Attachment, int(attachment_id))
    if attachment is None or attachment.institution_id != actor.institution_id or attachment.purpose != purpose:
        raise PermissionDenied("附件不存在或无权使用")
    return attachment.id


def _row_denied(session: Session, actor: Actor, object_type: str, object_id: Any) -> None:
    audit.record(session, actor, "row_access", object_type=object_type,
                 object_id=object_id if isinstance(object_id, int) else None, result="denied")
    audit.refuse(session, NotFound())


def _store_tab(session: Session, actor: Actor, filing: Filing, tab: str, values: Mapping[str, Any], *,
               version: Any, validate: bool, complete: bool) -> list[str]:
    """Write a tab's changed values and whether it passed 下一步; returns the changed fields.

    A save that changes nothing only checks the version, so it does not make another
    editor's form stale for nothing. A plain 保存 that changes something clears the tab's
    completion (it was not checked); 下一步 sets it from its check.
    """
    changed = {k: v for k, v in values.items() if getattr(filing, k) != v}
    was_complete = tab in (filing.completed_tabs or [])
    now_complete = complete if validate else (was_complete and not changed)
    if not changed and now_complete == was_complete:
        _check_version(session, actor, filing, version, "save_tab", tab)
    else:
        _bump(session, actor, filing, version, "save_tab", tab)
        for key, value in changed.items():
            setattr(filing, key, value)
        filing.completed_tabs = rules.mark_tab(filing.completed_tabs, tab, now_complete)
        session.add(filing)
    _audit(session, actor, "save_tab", filing, tab=tab, version=filing.version, validate=validate,
           complete=now_complete, changed=sorted(changed))
    return sorted(changed)


def check_list_tab(session: Session, actor: Actor | None, filing_type: str, tab: str) -> list[str]:
    """下一步 on a list tab (技术人员, 设施设备): every problem of the tab; when there is none the
    tab is marked as passed. A read-only filing is only checked, never written. The rows are
    saved as they are edited, so the check takes no form version and bumps none."""
    if tab not in LIST_TABS:
        raise NotFound("页面不存在")
    filing = start_filing(session, actor, filing_type)
    problems = LIST_TABS[tab](session, filing)
    if filing_flow.can_edit(filing.status, filing.change_in_progress):
        done = rules.mark_tab(filing.completed_tabs, tab, not problems)
        if sorted(done) != sorted(filing.completed_tabs or []):
            filing.completed_tabs = done
            session.add(filing)
            _audit(session, actor, "tab_check", filing, tab=tab, passed=not problems, problems=len(problems))
    return problems


# ------------------------------------------------------------------ lifecycle


def _under_review(filing: Filing) -> bool:
    """A reviewer has opened the filing's waiting submission (审查中)."""
    session = object_session(filing)
    return session is not None and session.exec(
        select(FilingSubmission.id).where(FilingSubmission.filing_id == filing.id,
                                          FilingSubmission.status == ReviewStatus.PENDING,
                                          FilingSubmission.opened_at.is_not(None)).limit(1)
    ).first() is not None


def summarize(filing: Filing) -> FilingSummary:
    editable = filing_flow.can_edit(filing.status, filing.change_in_progress)
    submitted = show_datetime(filing.submitted_at)
    note = ""
    if filing.status == FilingStatus.SUBMITTED:
        note = f"已提交，{'审查中' if _under_review(filing) else '待审查'}（提交时间：{submitted}）"
    elif filing.status == FilingStatus.CHANGE_PENDING:
        note = f"备案变更已提交，审查中（提交时间：{submitted}）"
    elif filing.status == FilingStatus.APPROVED and not filing.change_in_progress:
        note = f"已备案（备案公开时间：{show_date(filing.published_at)}）" if filing.published_at else "已备案"
    elif filing.status == FilingStatus.CANCELLED:
        note = "备案已注销"
    return FilingSummary(
        id=filing.id,
        filing_type=filing.filing_type,
        type_label=FILING_TYPE_LABELS[filing.filing_type],
        status=filing.status,
        status_label=FILING_STATUS_LABELS.get(filing.status, filing.status),
        version=filing.version,
        editable=editable,
        change_in_progress=filing.change_in_progress,
        submitted_at=submitted,
        status_note=note,
        return_reason=filing.return_reason if filing.status == FilingStatus.RETURNED else "",
        read_only_reason="" if editable else filing_flow.locked_message(filing.status),
    )


def entry_tab(summary: FilingSummary) -> str:
    """Where the wizard opens: the first tab while editable, else the 备案提交 page with the status."""
    return "basic" if summary.editable else "submit"


def filing_summary(session: Session, actor: Actor | None, filing_type: str) -> FilingSummary:
    return summarize(own_filing(session, actor, filing_type))


def open_filing(session: Session, actor: Actor | None, filing_type: str) -> FilingSummary:
    """The actor's filing of this type, created on first use (立即填报 / 新增X机构备案, and any
    wizard page opened first): filing_access.start_filing."""
    return summarize(start_filing(session, actor, filing_type))


def refile(session: Session, actor: Actor | None, filing_type: str) -> FilingSummary:
    """重新备案 after a cancellation: the working copy becomes a draft again.

    The signed commitment belongs to one submission and is asked for again.
    """
    filing = own_filing(session, actor, filing_type)
    if not filing_flow.can(filing.status, "refile"):
        raise ServiceError("只有已注销的备案可以重新备案")
    before = filing.status
    _bump(session, actor, filing, filing.version, "refile", "lifecycle")
    filing.status = filing_flow.next_status(before, "refile")
    filing.change_in_progress = False
    filing.commitment_attachment_id = None
    filing.completed_tabs = []
    filing.cancelled_at = None
    session.add(filing)
    session.flush()
    # Cancellation released the people; whoever is still free is claimed again. People another
    # institution filed meanwhile stay in the list, flagged, and keep the filing from submission
    # (tab_checks.people_tab_errors) until the departure or a 重复人员信息报备 is settled.
    reclaimed, held = employment.reclaim_filing(session, filing)
    _audit(session, actor, "refile", filing, from_status=before, version=filing.version, reclaimed=reclaimed,
           held_elsewhere=[mask_id_number(p.id_number) for p in held])
    notice = ""
    if held:
        names = "、".join(p.name for p in held[:5]) + ("等" if len(held) > 5 else "")
        notice = (f"{len(held)}名技术人员（{names}）目前在其他机构在职备案，已在技术人员列表中标出；"
                  "请办理离职备案或重复人员信息报备后再提交")
    return replace(summarize(filing), notice=notice)


def start_change(session: Session, actor: Actor | None, filing_type: str) -> FilingSummary:
    """备案变更 (§3.3) begins: a published filing becomes editable (the change's submission and
    its review are the review feature's)."""
    filing = own_filing(session, actor, filing_type)
    if filing.status != FilingStatus.APPROVED:
        raise ServiceError(filing_flow.locked_message(filing.status) if filing.status != FilingStatus.DRAFT
                           else "备案尚未通过审查，不能变更")
    if filing.change_in_progress:
        return summarize(filing)
    _bump(session, actor, filing, filing.version, "start_change", "lifecycle")
    filing.change_in_progress = True
    session.add(filing)
    _audit(session, actor, "start_change", filing, version=filing.version)
    return summarize(filing)


# ------------------------------------------------------------------ 基本信息


def _basic_values(filing: Filing) -> dict[str, Any]:
    return {k: getattr(filing, k) for k in (
        "inst_category", "org_name", "independent_legal_person", "cma_first_date", "nature", "categories",
        "other_category", "legal_rep", "legal_rep_phone", "reg_city_code", "reg_address")}


def load_basic(session: Session, actor: Actor | None, filing_type: str) -> BasicTab:
    filing = own_filing(session, actor, filing_type)
    province = _province(session, filing)
    return BasicTab(
        version=filing.version,
        inst_category=filing.inst_category,
        org_name=filing.org_name,
        independent_legal_person=rules.flag_label(filing.independent_legal_person, (rules.TRUE_LABEL,
                                                                                    rules.FALSE_LABEL)),
        cma_first_date=format_date(filing.cma_first_date),
        nature=filing.nature,
        categories=list(filing.categories or []),
        other_category=filing.other_category,
        legal_rep=filing.legal_rep,
        legal_rep_phone_masked=mask_phone(filing.legal_rep_phone) if filing.legal_rep_phone else "",
        province_code=province,
        province_name=regions.province_name(province),
        city_code=filing.reg_city_code,
        reg_address=filing.reg_address,
    )


def _province(session: Session, filing: Filing) -> str:
    """The registered address's province is the institution's (it decides who reviews)."""
    institution = session.get(Institution, filing.institution_id)
    return institution.province_code


def save_basic(session: Session, actor: Actor | None, filing_type: str, form: Mapping[str, Any], *,
               version: Any, validate: bool) -> SaveResult:
    """保存 (validate=False) or 下一步 (validate=True) of 基本信息.

    Values that cannot be stored (bad dates, values outside a list, an incomplete or masked
    phone) refuse the whole save with ValidationFailed, listing with them every other error
    of the tab when validating. Otherwise the tab is stored, and for 下一步 the result says
    what is still missing.

    The phone input shows the masked number; sending that masked value back unchanged keeps
    the stored number, so the full number is never sent to the browser.
    """
    filing = own_filing(session, actor, filing_type)
    require_editable(filing)
    province = _province(session, filing)
    data = dict(form)
    sent_phone = normalize_mobile(data.get("legal_rep_phone"))
    if filing.legal_rep_phone and sent_phone == mask_phone(filing.legal_rep_phone):
        data["legal_rep_phone"] = filing.legal_rep_phone
    parsed = rules.parse_basic(data, filing_type, province)
    errors = rules.basic_errors(parsed.values, filing_type, province) if validate else {}
    errors.update(parsed.errors)
    if parsed.errors:
        raise ValidationFailed(errors)
    problems = _site_problems(session, filing) if validate else []
    _store_tab(session, actor, filing, "basic", {**parsed.values, "reg_province_code": province},
               version=version, validate=validate, complete=not errors and not problems)
    return SaveResult(filing.version, errors, problems)


def list_sites(session: Session, actor: Actor | None, filing_type: str, page: Any = 1,
               page_size: int = PAGE_SIZE) -> RowsPage:
    filing = own_filing(session, actor, filing_type)
    sites, total, (page, _, page_count, offset) = list_page(
        session, BranchSite, [BranchSite.filing_id == filing.id], [BranchSite], page, page_size)
    files = _files(session, [s.proof_attachment_id for s in sites])
    rows = []
    for index, s in enumerate(sites, start=offset + 1):
        proof = files.get(s.proof_attachment_id)
        rows.append(SiteRow(
            id=s.id, seq=index, province_code=s.province_code, province_name=regions.province_name(s.province_code),
            city_code=s.city_code, city_name=regions.city_name(s.city_code), address=s.address,
            area=rules.format_area(s.area_m2), proof_id=proof.id if proof else 0,
            proof_name=proof.original_name if proof else "", proof_size=storage.human_size(proof.size) if proof else "",
        ))
    return RowsPage(rows, total, page, page_count)


def save_site(session: Session, actor: Actor | None, filing_type: str, form: Mapping[str, Any], *, version: Any,
              site_id: int | None = None, proof_attachment_id: int | None = None) -> SaveResult:
    """新增 (site_id None) or 编辑 a 分场所; proof_attachment_id is a fresh 证明材料 upload
    (upload_row_file), or None to keep the site's current one."""
    filing = own_filing(session, actor, filing_type)
    require_editable(filing)
    site: BranchSite | None = None
    if site_id:
        site = session.get(BranchSite, int(site_id))
        if site is None or site.filing_id != filing.id:
            _row_denied(session, actor, "branch_site", site_id)
    proof = _own_attachment(session, actor, proof_attachment_id, "site_proof") or (
        site.proof_attachment_id if site else None)
    checked = rules.check_site(form, has_proof=bool(proof))
    if checked.errors:
        raise ValidationFailed(checked.errors)
    _bump(session, actor, filing, version, "save_site", "basic")
    if site is None:
        site = BranchSite(filing_id=filing.id, **checked.values, proof_attachment_id=proof)
    else:
        for key, value in checked.values.items():
            setattr(site, key, value)
        site.proof_attachment_id = proof
    session.add(site)
    session.flush()
    _audit(session, actor, "save_site", filing, tab="basic", site_id=site.id, new=not site_id,
           version=filing.version)
    return SaveResult(filing.version)


def delete_site(session: Session, actor: Actor | None, filing_type: str, site_id: Any, *, version: Any) -> SaveResult:
    filing = own_filing(session, actor, filing_type)
    require_editable(filing)
    site = session.get(BranchSite, _int(site_id))
    if site is None or site.filing_id != filing.id:
        _row_denied(session, actor, "branch_site", site_id)
    _bump(session, actor, filing, version, "delete_site", "basic")
    session.delete(site)
    _audit(session, actor, "delete_site", filing, tab="basic", site_id=site.id, address=site.address,
           version=filing.version)
    return SaveResult(filing.version)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _site_problems(session: Session, filing: Filing) -> list[str]:
    problems = []
    sites = session.exec(select(BranchSite).where(BranchSite.filing_id == filing.id).order_by(BranchSite.id)).all()
    for index, s in enumerate(sites, start=1):
        checked = rules.check_site(rules.site_values(s.province_code, s.city_code, s.address, s.area_m2),
                                   has_proof=bool(s.proof_attachment_id))
        if checked.errors:
            problems.append(f"分场所第{index}条：{'；'.join(checked.errors.values())}")
    return problems


# ------------------------------------------------------------------ 技术能力


def load_capability(session: Session, actor: Actor | None, filing_type: str) -> CapabilityTab:
    filing = own_filing(session, actor, filing_type)
    if filing_type == FilingType.OM:
        return CapabilityTab(version=filing.version)
    has_other = filing.has_other_certs
    if has_other is None and _count_certs(session, filing, rules.CERT_OTHER):
        has_other = True
    return CapabilityTab(
        version=filing.version,
        cma_cert_no=filing.cma_cert_no,
        cma_valid_from=format_date(filing.cma_valid_from),
        cma_valid_to=format_date(filing.cma_valid_to),
        cma_cert=_file_view(session, filing.cma_cert_attachment_id),
        cma_annex=_file_view(session, filing.cma_annex_attachment_id),
        has_cnas=rules.flag_label(filing.has_cnas),
        cnas_cert_no=filing.cnas_cert_no,
        cnas_valid_from=format_date(filing.cnas_valid_from),
        cnas_valid_to=format_date(filing.cnas_valid_to),
        cnas_cert=_file_view(session, filing.cnas_attachment_id),
        has_other_certs=rules.flag_label(has_other),
    )


def _capability_values(filing: Filing) -> dict[str, Any]:
    return {k: getattr(filing, k) for k in (
        "cma_cert_no", "cma_valid_from", "cma_valid_to", "has_cnas", "cnas_cert_no", "cnas_valid_from",
        "cnas_valid_to", "has_other_certs")}


def _capability_check(session: Session, filing: Filing, values: Mapping[str, Any]) -> tuple[dict[str, str], list[str]]:
    if filing.filing_type == FilingType.OM:
        return {}, rules.om_capability_errors(_cert_dicts(session, filing, rules.CERT_OM_CAPABILITY))
    files = {"cma_cert": bool(filing.cma_cert_attachment_id), "cma_annex": bool(filing.cma_annex_attachment_id),
             "cnas_cert": bool(filing.cnas_attachment_id)}
    errors = rules.monitoring_capability_errors(values, files=files,
                                                other_certs=_count_certs(session, filing, rules.CERT_OTHER))
    problems = rules.certificate_rows_errors(rules.CERT_OTHER, _cert_dicts(session, filing, rules.CERT_OTHER))
    return errors, problems


def save_capability(session: Session, actor: Actor | None, filing_type: str, form: Mapping[str, Any], *,
                    version: Any, validate: bool) -> SaveResult:
    """保存 / 下一步 of 技术能力. For O&M filings the rows are saved as they are edited, so this
    only checks them (下一步) and the version."""
    filing = own_filing(session, actor, filing_type)
    require_editable(filing)
    if filing_type == FilingType.OM:
        problems = _capability_check(session, filing, {})[1] if validate else []
        _store_tab(session, actor, filing, "capability", {}, version=version, validate=validate,
                   complete=not problems)
        return SaveResult(filing.version, {}, problems)
    parsed = rules.parse_monitoring_capability(form)
    values = rules.clear_cnas_when_absent(dict(parsed.values))
    errors: dict[str, str] = {}
    problems: list[str] = []
    if validate:
        errors, problems = _capability_check(session, filing, values)
    errors.update(parsed.errors)
    if parsed.errors:
        raise ValidationFailed(errors)
    _store_tab(session, actor, filing, "capability", values, version=version, validate=validate,
               complete=not errors and not problems)
    return SaveResult(filing.version, errors, problems)


def _count_certs(session: Session, filing: Filing, kind: str) -> int:
    return session.exec(select(func.count()).select_from(Certificate)
                        .where(Certificate.filing_id == filing.id, Certificate.kind == kind)).one()


def _cert_dicts(session: Session, filing: Filing, kind: str) -> list[dict[str, Any]]:
    rows = session.exec(select(Certificate).where(Certificate.filing_id == filing.id, Certificate.kind == kind)
                        .order_by(Certificate.id)).all()
    return [{**c.model_dump(), "has_attachment": bool(c.attachment_id)} for c in rows]


def _kind_for(filing: Filing, kind: str) -> str:
    if kind not in rules.CERT_KINDS or rules.CERT_KIND_TYPES[kind] != filing.filing_type:
        raise NotFound("该类备案没有此类证书")
    return kind


def list_certificates(session: Session, actor: Actor | None, filing_type: str, kind: str, page: Any = 1,
                      page_size: int = PAGE_SIZE) -> RowsPage:
    filing = own_filing(session, actor, filing_type)
    _kind_for(filing, kind)
    certs, total, (page, _, page_count, offset) = list_page(
        session, Certificate, [Certificate.filing_id == filing.id, Certificate.kind == kind], [Certificate],
        page, page_size)
    files = _files(session, [c.attachment_id for c in certs])
    rows = []
    for index, c in enumerate(certs, start=offset + 1):
        a = files.get(c.attachment_id)
        rows.append(CertRow(
            id=c.id, seq=index, kind=c.kind, cert_type=c.cert_type, capability=c.capability,
            has_cert=rules.flag_label(c.has_cert), cert_no=c.cert_no, valid_from=format_date(c.valid_from),
            valid_to=format_date(c.valid_to), issuer=c.issuer, approval_no=c.approval_no,
            attachment_id=a.id if a else 0, attachment_name=a.original_name if a else "",
            attachment_size=storage.human_size(a.size) if a else "",
        ))
    return RowsPage(rows, total, page, page_count)


def save_certificate(session: Session, actor: Actor | None, filing_type: str, kind: str, form: Mapping[str, Any],
                     *, version: Any, cert_id: int | None = None, attachment_id: int | None = None) -> SaveResult:
    """新增 / 编辑 a certificate row (other / om_capability / mgmt_system). attachment_id is a
    fresh upload (upload_row_file) or None to keep the row's current attachment."""
    filing = own_filing(session, actor, filing_type)
    _kind_for(filing, kind)
    require_editable(filing)
    cert: Certificate | None = None
    if cert_id:
        cert = session.get(Certificate, _int(cert_id))
        if cert is None or cert.filing_id != filing.id or cert.kind != kind:
            _row_denied(session, actor, "certificate", cert_id)
    new_file = _own_attachment(session, actor, attachment_id, ROW_PURPOSE_OF_KIND[kind]) \
        if kind in ROW_PURPOSE_OF_KIND else None
    file_id = new_file or (cert.attachment_id if cert else None)
    checked = rules.check_certificate(kind, form, has_attachment=bool(file_id))
    errors = dict(checked.errors)
    if kind == rules.CERT_OM_CAPABILITY and checked.values["capability"]:
        clash = session.exec(select(Certificate.id).where(
            Certificate.filing_id == filing.id, Certificate.kind == kind,
            Certificate.capability == checked.values["capability"],
            Certificate.id != (cert.id if cert else -1))).first()
        if clash:
            errors["capability"] = "该运维服务能力已经添加，请编辑已有的记录"
    if errors:
        raise ValidationFailed(errors)
    _bump(session, actor, filing, version, "save_certificate", "capability" if kind != rules.CERT_MGMT
          else "management")
    values = dict(checked.values)
    if kind == rules.CERT_OTHER or (kind == rules.CERT_OM_CAPABILITY and not values["has_cert"]):
        file_id = None  # no upload for these rows
    if cert is None:
        cert = Certificate(filing_id=filing.id, kind=kind, **values, attachment_id=file_id)
    else:
        for key, value in values.items():
            setattr(cert, key, value)
        cert.attachment_id = file_id
    session.add(cert)
    # A row means the 有/无 question above the list is answered 有.
    if kind == rules.CERT_OTHER:
        filing.has_other_certs = True
    elif kind == rules.CERT_MGMT:
        filing.has_mgmt_certs = True
    session.add(filing)
    session.flush()
    _audit(session, actor, "save_certificate", filing, kind=kind, cert_id=cert.id, new=not cert_id,
           version=filing.version)
    return SaveResult(filing.version)


def delete_certificate(session: Session, actor: Actor | None, filing_type: str, kind: str, cert_id: Any, *,
                       version: Any) -> SaveResult:
    filing = own_filing(session, actor, filing_type)
    _kind_for(filing, kind)
    require_editable(filing)
    cert = session.get(Certificate, _int(cert_id))
    if cert is None or cert.filing_id != filing.id or cert.kind != kind:
        _row_denied(session, actor, "certificate", cert_id)
    _bump(session, actor, filing, version, "delete_certificate", "capability" if kind != rules.CERT_MGMT
          else "management")
    session.delete(cert)
    _audit(session, actor, "delete_certificate", filing, kind=kind, cert_id=cert.id, cert_no=cert.cert_no,
           version=filing.version)
    return SaveResult(filing.version)


# ------------------------------------------------------------------ 管理能力


def load_management(session: Session, actor: Actor | None, filing_type: str) -> ManagementTab:
    filing = own_filing(session, actor, filing_type)
    has = filing.has_mgmt_certs
    if filing_type == FilingType.OM and has is None and _count_certs(session, filing, rules.CERT_MGMT):
        has = True
    return ManagementTab(filing.version, _file_view(session, filing.quality_manual_attachment_id),
                         rules.flag_label(has) if filing_type == FilingType.OM else "")


def _management_check(session: Session, filing: Filing, values: Mapping[str, Any]) -> tuple[dict[str, str], list[str]]:
    if filing.filing_type == FilingType.OM:
        count = _count_certs(session, filing, rules.CERT_MGMT)
        problems = rules.certificate_rows_errors(rules.CERT_MGMT, _cert_dicts(session, filing, rules.CERT_MGMT))
    else:
        count, problems = 0, []
    errors = rules.management_errors(values, filing.filing_type,
                                     has_manual=bool(filing.quality_manual_attachment_id), mgmt_certs=count)
    return errors, problems


def save_management(session: Session, actor: Actor | None, filing_type: str, form: Mapping[str, Any], *,
                    version: Any, validate: bool) -> SaveResult:
    filing = own_filing(session, actor, filing_type)
    require_editable(filing)
    parsed = rules.parse_management(form, filing_type)
    errors, problems = _management_check(session, filing, parsed.values) if validate else ({}, [])
    errors.update(parsed.errors)
    if parsed.errors:
        raise ValidationFailed(errors)
    _store_tab(session, actor, filing, "management", parsed.values, version=version, validate=validate,
               complete=not errors and not problems)
    return SaveResult(filing.version, errors, problems)


# ------------------------------------------------------------------ uploads


def attach_file(session: Session, actor: Actor | None, filing_type: str, slot: str, data: bytes,
                original_name: str, *, version: Any) -> FileResult:
    """Upload (or replace) one of the filing's own files: 资质认定证书, 附表, CNAS, 质量手册 /
    质量管理制度手册, 书面承诺. Checked by content (PDF/JPG/PNG), size-limited, stored privately."""
    if slot not in FILE_SLOTS:
        raise NotFound("上传项目不存在")
    tab, column, purpose, only_type = FILE_SLOTS[slot]
    filing = own_filing(session, actor, filing_type)
    if only_type is not None and only_type != filing_type:
        raise NotFound("该类备案没有此上传项目")
    require_editable(filing)
    storage.check_upload(data)  # refuse a bad file before taking the version
    _bump(session, actor, filing, version, "attach_file", tab)
    attachment = storage.save_upload(session, actor, data, original_name, purpose,
                                     institution_id=filing.institution_id)
    previous = getattr(filing, column)
    setattr(filing, column, attachment.id)
    session.add(filing)
    _audit(session, actor, "attach_file", filing, tab=tab, slot=slot, attachment_id=attachment.id,
           replaced=previous, version=filing.version)
    return FileResult(filing.version, FileView(attachment.id, attachment.original_name,
                                               storage.human_size(attachment.size)))


def upload_row_file(session: Session, actor: Actor | None, filing_type: str, purpose: str, data: bytes,
                    original_name: str) -> FileView:
    """A file chosen inside a row dialog (分场所 证明材料, 运维能力 证书附件, 管理体系 证书附件).
    It is stored now and joins the row when the dialog is saved."""
    if purpose not in ROW_FILE_PURPOSES:
        raise NotFound("上传项目不存在")
    filing = own_filing(session, actor, filing_type)
    kind = ROW_FILE_PURPOSES[purpose]
    if kind != "site":
        _kind_for(filing, kind)
    require_editable(filing)
    attachment = storage.save_upload(session, actor, data, original_name, purpose,
                                     institution_id=filing.institution_id)
    return FileView(attachment.id, attachment.original_name, storage.human_size(attachment.size))


# ------------------------------------------------------------------ 备案提交


def _problem_groups(session: Session, filing: Filing) -> list[CheckGroup]:
    province = _province(session, filing)
    basic = list(rules.basic_errors(_basic_values(filing), filing.filing_type, province).values())
    basic += _site_problems(session, filing)
    capability_errors, capability_rows = _capability_check(session, filing, _capability_values(filing))
    management_errors, management_rows = _management_check(session, filing, {"has_mgmt_certs":
                                                                              filing.has_mgmt_certs})
    groups = [
        CheckGroup("basic", rules.TAB_LABELS["basic"], basic),
        CheckGroup("people", rules.TAB_LABELS["people"], people_tab_errors(session, filing)),
        CheckGroup("capability", rules.TAB_LABELS["capability"],
                   list(capability_errors.values()) + capability_rows),
        CheckGroup("equipment", rules.TAB_LABELS["equipment"], equipment_tab_errors(session, filing)),
        CheckGroup("management", rules.TAB_LABELS["management"],
                   list(management_errors.values()) + management_rows),
        CheckGroup("commitment", "书面承诺", [] if filing.commitment_attachment_id else
                   ["请下载书面承诺书，由法定代表人签字并加盖公章后，上传扫描件"]),
    ]
    return groups


def submission_check(session: Session, actor: Actor | None, filing_type: str) -> SubmitOverview:
    """The 备案提交 page: every tab's problems at once, grouped by tab."""
    filing = own_filing(session, actor, filing_type)
    institution = session.get(Institution, filing.institution_id)
    return SubmitOverview(
        summary=summarize(filing),
        groups=_problem_groups(session, filing),
        commitment=_file_view(session, filing.commitment_attachment_id),
        institution_name=institution.name,
        credit_code=institution.credit_code,
    )


def commitment_letter(session: Session, actor: Actor | None, filing_type: str) -> tuple[str, bytes]:
    """The commitment letter (书面承诺书, 条例 Art. 28) filled in for the institution: (file name, .docx)."""
    from filing_app.services.commitment import commitment_docx

    filing = own_filing(session, actor, filing_type)
    institution = session.get(Institution, filing.institution_id)
    data = commitment_docx(institution.name, institution.credit_code, filing_type, today_beijing())
    audit.record(session, actor, "commitment_letter", object_type="filing", object_id=filing.id,
                 institution_id=filing.institution_id)
    return f"书面承诺书-{institution.name}.docx", data


def submit(session: Session, actor: Actor | None, filing_type: str, *, version: Any) -> FilingSummary:
    """确认提交: draft / returned -> submitted, with a FilingSubmission holding the frozen snapshot."""
    filing = own_filing(session, actor, filing_type)
    if not filing_flow.can(filing.status, "submit"):
        raise ServiceError(filing_flow.locked_message(filing.status) if filing.status != FilingStatus.APPROVED
                           else "备案已通过审查；备案变更请从首页“备案变更”进入")
    problems = sum(len(g.problems) for g in _problem_groups(session, filing))
    if problems:
        raise ServiceError(f"还有{problems}项内容需要补充或修改，请按页面上的清单逐项处理后再提交")
    institution = session.get(Institution, filing.institution_id)
    before = filing.status
    _bump(session, actor, filing, version, "submit", "submit")
    now = utcnow()
    filing.status = filing_flow.next_status(before, "submit")
    filing.submitted_at = now
    filing.first_submitted_at = filing.first_submitted_at or now
    filing.completed_tabs = [key for key in rules.TAB_LABELS]
    session.add(filing)
    session.flush()
    kind = "initial" if filing.filing_type == institution.registered_type else "add_type"
    submission = FilingSubmission(
        filing_id=filing.id,
        institution_id=institution.id,
        province_code=institution.province_code,
        filing_type=filing.filing_type,
        kind=kind,
        snapshot=build_snapshot(session, filing),
        submitted_at=now,
        submitted_by=actor.account_id,
    )
    session.add(submission)
    session.flush()
    audit.record(session, actor, "submit", object_type="filing", object_id=filing.id,
                 institution_id=institution.id, province_code=institution.province_code,
                 detail={"tab": "submit", "filing_type": filing.filing_type, "version": filing.version,
                         "from_status": before, "kind": kind, "submission_id": submission.id})
    return summarize(filing)
