"""The import use case: safety checks, reading, validation, the all-or-nothing write, audit.

Nothing is written unless every row passes; then every row goes in within the
caller's transaction. Every attempt, accepted or refused, leaves an audit row with its
counts. Results are returned, not raised, so that the audit row of a failed import is
committed with the caller's transaction while no data is.
"""

from __future__ import annotations

from sqlmodel import Session, select

from filing_app.domain.clock import utcnow
from filing_app.models import Filing
from filing_app.services import audit
from filing_app.services.actor import Actor, require_institution
from filing_app.services.errors import ServiceError
from filing_app.services.excel import equipment_import, people_import, reader, safety
from filing_app.services.excel.common import (
    ConcurrentChange,
    ImportResult,
    Progress,
    collector_paused,
    find_filing,
    no_progress,
)
from filing_app.services.excel.schema import LISTS_SHEET, PEOPLE, check_filing_type, check_kind, layout
# The wizard's rules for which filing an institution may start and when it may change it.
from filing_app.services.filing_access import require_editable
from filing_app.services.filings import open_filing

# Share of the progress bar per stage.
_READ, _VALIDATE, _WRITE = 0.15, 0.85, 1.0


def _audit(session: Session, actor: Actor, result: ImportResult, filing_id: int | None, **extra: object) -> None:
    detail = {
        "kind": result.kind, "filing_type": result.filing_type, "rows": result.rows, "added": result.added,
        "updated": result.updated, "unchanged": result.unchanged, "errors": len(result.errors), **extra,
    }
    if not result.ok:
        detail["reason"] = result.message[:300]
    audit.record(session, actor, "excel_import", object_type="filing", object_id=filing_id,
                 result="ok" if result.ok else "fail", detail=detail)


def _editable_filing(session: Session, actor: Actor, filing_type: str) -> Filing | None:
    """The filing an import would write to, or None when it is not started yet but may be.

    Raises ServiceError with the wizard's message when the institution may not change it now
    (or may not start it yet). A filing not started yet is opened as 立即填报 / 新增X机构备案
    open it (services/filings.open_filing), but only on trial in a savepoint rolled back at
    once: a refused or failed import leaves no draft behind.
    """
    filing = find_filing(session, actor, filing_type)
    if filing is not None:
        require_editable(filing)
        return filing
    with session.begin_nested() as trial:
        open_filing(session, actor, filing_type)
        trial.rollback()
    return None


def _open_for_write(session: Session, actor: Actor, filing_type: str, filing: Filing | None) -> Filing:
    """In the write's savepoint: the filing, opened if new, locked against a concurrent
    备案提交 (PostgreSQL; SQLite's writers queue anyway) and checked again."""
    filing_id = filing.id if filing is not None else open_filing(session, actor, filing_type).id
    filing = session.exec(select(Filing).where(Filing.id == filing_id).with_for_update()
                          .execution_options(populate_existing=True)).one()
    require_editable(filing)
    return filing


def check_may_import(session: Session, actor: Actor | None, filing_type: str) -> None:
    """Refuse early (before an upload is even read) when this actor may not import now."""
    require_institution(actor)
    _editable_filing(session, actor, check_filing_type(filing_type))


def refuse_upload(session: Session, actor: Actor | None, kind: str, filing_type: str, message: str,
                  size: int) -> ImportResult:
    """Record an upload refused before it was read in full (too large), and say why."""
    require_institution(actor)
    kind, filing_type = check_kind(kind), check_filing_type(filing_type)
    result = ImportResult(ok=False, message=message, kind=kind, filing_type=filing_type)
    filing = find_filing(session, actor, filing_type)
    _audit(session, actor, result, filing.id if filing else None, size=size)
    return result


def run_import(session: Session, actor: Actor | None, kind: str, filing_type: str, data: bytes, *,
               progress: Progress = no_progress, limits: safety.Limits | None = None) -> ImportResult:
    """Import a workbook into the actor's filing of filing_type (created as a draft if needed)."""
    require_institution(actor)
    kind, filing_type = check_kind(kind), check_filing_type(filing_type)
    limits = limits or safety.default_limits()
    try:
        filing = _editable_filing(session, actor, filing_type)
    except ServiceError as refused:
        found = find_filing(session, actor, filing_type)
        audit.record(session, actor, "excel_import", object_type="filing", object_id=found.id if found else None,
                     result="denied", detail={"kind": kind, "filing_type": filing_type, "reason": refused.message})
        audit.refuse(session, refused)
    with collector_paused():
        return _run(session, actor, kind, filing_type, filing, data, progress, limits)


def _run(session: Session, actor: Actor, kind: str, filing_type: str, filing: Filing | None, data: bytes,
         progress: Progress, limits: safety.Limits) -> ImportResult:
    lay = layout(kind, filing_type)
    progress(0.02, "正在检查文件")
    try:
        checked = safety.check_workbook(data, limits, preferred_sheet=lay.sheet, lists_sheet=LISTS_SHEET)
        progress(0.08, "正在读取文件")
        sheet = reader.read_sheet(checked, lay, limits.max_rows)
    except safety.ImportRefused as refused:
        result = ImportResult(ok=False, message=refused.message, kind=kind, filing_type=filing_type)
        _audit(session, actor, result, filing.id if filing else None, size=len(data or b""))
        return result

    result = ImportResult(ok=False, message="", kind=kind, filing_type=filing_type, rows=len(sheet),
                          sheet=sheet.sheet, header_row=sheet.header_row, columns=dict(sheet.columns),
                          last_column=sheet.last_column, error_column=sheet.error_column)
    module = people_import if kind == PEOPLE else equipment_import
    progress(_READ, f"正在校验，共{len(sheet)}行")

    def validating(fraction: float, stage: str) -> None:
        progress(_READ + (_VALIDATE - _READ) * fraction, stage)

    plan = module.validate(session, actor, filing, lay, sheet, validating)
    if plan.errors:
        result.errors = plan.errors
        result.message = (f"共{len(sheet)}行，发现{len(plan.errors)}处错误（涉及{result.error_rows}行），"
                          "本次导入未写入任何数据；请按下表改正后重新导入")
        _audit(session, actor, result, filing.id if filing else None)
        return result

    progress(_VALIDATE, "正在写入")
    created = filing is None
    try:
        # One savepoint around the draft filing (if new) and the rows: a failure leaves neither.
        with session.begin_nested():
            filing = _open_for_write(session, actor, filing_type, filing)
            module.write(session, actor, filing, plan)
    except ConcurrentChange as change:
        result.message = change.message
        _audit(session, actor, result, None if created else filing.id, concurrent=True)
        return result
    except ServiceError as refused:  # the filing was submitted (or cancelled) while we validated
        result.message = refused.message
        _audit(session, actor, result, None if created else filing.id)
        return result
    # Filing.version is not bumped: it guards the filing's own fields against two forms saved
    # at once, and an import changes only the people / equipment rows (see the design notes).
    filing.updated_at = utcnow()
    filing.updated_by = actor.account_id
    session.add(filing)
    result.ok = True
    result.added, result.updated, result.unchanged = len(plan.inserts), len(plan.updates), plan.unchanged
    result.message = (f"导入成功：共{result.rows}行，新增{result.added}条，更新{result.updated}条"
                      + (f"，{result.unchanged}条与已有信息相同" if result.unchanged else ""))
    if kind == PEOPLE and plan.releases:
        result.message += f"（其中{len(plan.releases)}人由在职改为离职或转非技术人员）"
    _audit(session, actor, result, filing.id, created_filing=created)
    session.flush()
    progress(_WRITE, "导入完成")
    return result


__all__ = ["ImportResult", "check_may_import", "refuse_upload", "run_import"]
