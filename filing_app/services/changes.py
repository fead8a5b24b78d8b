"""备案变更 (§3.3): submitting the edited working copy of an approved filing.

Edits to 机构名称, 机构类别, 法定代表人, 监测类别 / 运维类别 go to the province's queue and the
public keeps the approved values until a reviewer approves; every other edit is published
at once and recorded. Both halves are kept as submissions, so the registry row is always
the public projection of the filing's latest approved submission:

- only other fields changed: a "minor_change" submission, approved at once (decided_by
  None), published;
- key fields changed: a "minor_change" submission holding the new snapshot with the key
  fields put back to their published values (published at once, when anything else
  changed), and a pending "change" submission holding the whole new snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from filing_app.domain import changes, filing_flow
from filing_app.domain.clock import utcnow
from filing_app.domain.enums import FILING_STATUS_LABELS, FILING_TYPE_LABELS, FILING_TYPES, FilingStatus
from filing_app.domain.review import ReviewStatus, SubmissionKind
from filing_app.models import Filing, FilingSubmission, Institution
from filing_app.services import audit, filings, publication, snapshots
from filing_app.services.actor import Actor, require_institution
from filing_app.services.errors import NotFound, ServiceError, StaleVersion


@dataclass(frozen=True)
class ChangeResult:
    needs_review: bool
    message: str
    submission_id: int  # the pending change, or the minor change when nothing needs review


def own_filing(session: Session, actor: Actor, filing_type: str) -> Filing:
    if filing_type not in FILING_TYPES:
        raise NotFound("备案类型不存在")
    filing = session.exec(
        select(Filing).where(Filing.institution_id == actor.institution_id, Filing.filing_type == filing_type)
    ).first()
    if filing is None:
        raise NotFound(f"您单位尚未办理{FILING_TYPE_LABELS[filing_type]}备案")
    return filing


def completeness_problems(session: Session, actor: Actor, filing: Filing) -> list[str]:
    """What keeps the working copy from being submitted as a change: the wizard's own check of
    备案提交 (services/filings.submission_check, every tab and 书面承诺), so a change meets the
    same bar as a first filing. Each line names its tab."""
    problems = []
    for group in filings.submission_check(session, actor, filing.filing_type).groups:
        for problem in group.problems:
            problems.append(problem if problem.startswith(group.label) else f"{group.label}：{problem}")
    return problems


def _submission(filing: Filing, institution: Institution, actor: Actor, kind: str, snapshot: dict,
                diff: changes.SnapshotDiff, now: datetime) -> FilingSubmission:
    return FilingSubmission(
        filing_id=filing.id,
        institution_id=filing.institution_id,
        province_code=institution.province_code,
        filing_type=filing.filing_type,
        kind=kind,
        status=ReviewStatus.PENDING,
        snapshot=snapshot,
        changes=diff.to_json(),
        submitted_at=now,
        submitted_by=actor.account_id,
    )


def _publish_minor(session: Session, actor: Actor, filing: Filing, institution: Institution, snapshot: dict,
                   diff: changes.SnapshotDiff, now: datetime) -> FilingSubmission:
    minor = _submission(filing, institution, actor, SubmissionKind.MINOR_CHANGE, snapshot, diff, now)
    minor.status = ReviewStatus.APPROVED
    minor.decided_at = now  # took effect at once; nobody decided it (decided_by None)
    session.add(minor)
    session.flush()
    publication.publish(session, filing, minor, now)
    audit.record(session, actor, "change_published", object_type="filing_submission", object_id=minor.id,
                 province_code=institution.province_code,
                 detail={"filing_id": filing.id, "filing_type": filing.filing_type,
                         "fields": [c.label for c in diff.fields],
                         "lists": {d.label: d.summary() for d in diff.lists if d.any}})
    return minor


def submit_change(session: Session, actor: Actor | None, filing_type: str,
                  expected_version: int | None = None) -> ChangeResult:
    """提交 of 备案变更: only for an approved filing whose change was started (change_in_progress)."""
    actor = require_institution(actor)
    filing = own_filing(session, actor, filing_type)
    if expected_version is not None and filing.version != expected_version:
        raise StaleVersion("备案信息已被他人修改或提交（例如另一账号刚刚操作），请刷新页面核对后再提交")
    if filing.status == FilingStatus.CHANGE_PENDING:
        raise ServiceError("上一次备案变更正在审查中，审查完成前不能再次提交变更")
    if not filing_flow.can(filing.status, "submit_change"):
        raise ServiceError(f"只有已备案的备案可以办理备案变更（当前状态：{FILING_STATUS_LABELS.get(filing.status, '')}）")
    if not filing.change_in_progress:
        raise ServiceError("请先在首页点击“备案变更”，修改备案信息后再提交")
    problems = completeness_problems(session, actor, filing)
    if problems:
        raise ServiceError("备案信息不完整，不能提交变更：" + "；".join(problems[:5])
                           + (f"；等共{len(problems)}项" if len(problems) > 5 else ""))
    base = publication.current_submission(session, filing.id)
    if base is None:
        raise ServiceError("未找到该备案已公开的版本，不能办理变更，请联系省级生态环境部门")
    institution = session.get(Institution, filing.institution_id)
    new = snapshots.build_snapshot(session, filing)
    diff = changes.diff_snapshots(base.snapshot, new)
    if not diff.has_changes:
        raise ServiceError("备案信息与已公开的内容相比没有任何变化，无需提交变更")

    now = utcnow()
    type_label = FILING_TYPE_LABELS[filing.filing_type]
    if diff.needs_review:
        visible = changes.revert_key_fields(new, base.snapshot)
        minor_diff = changes.diff_snapshots(base.snapshot, visible)
        minor = _publish_minor(session, actor, filing, institution, visible, minor_diff, now) \
            if minor_diff.has_changes else None
        change = _submission(filing, institution, actor, SubmissionKind.CHANGE, new, diff, now)
        session.add(change)
        session.flush()
        filing.status = filing_flow.next_status(filing.status, "submit_change")
        keys = "、".join(c.label for c in diff.key_changes)
        message = f"{keys}的变更已提交省级生态环境部门审查，审查通过前公开信息保持原值"
        message += "；其他修改已生效并公开" if minor is not None else ""
        audit.record(session, actor, "change_submit", object_type="filing_submission", object_id=change.id,
                     province_code=institution.province_code,
                     detail={"filing_id": filing.id, "filing_type": filing.filing_type,
                             "key_fields": [c.label for c in diff.key_changes],
                             "published_at_once": minor.id if minor else None})
        result = ChangeResult(True, message, change.id)
    else:
        minor = _publish_minor(session, actor, filing, institution, new, diff, now)
        filing.status = filing_flow.next_status(filing.status, "publish_minor_change")
        result = ChangeResult(False, f"{type_label}备案变更已生效并公开", minor.id)
    filing.change_in_progress = False
    filing.return_reason = ""
    filing.submitted_at = now
    filing.version += 1
    filing.updated_at = now
    filing.updated_by = actor.account_id
    session.add(filing)
    session.flush()
    return result
