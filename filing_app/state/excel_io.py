"""下载模板 · 导入 · 导出 of the 技术人员 and 设施设备 lists (one state for every page that shows them).

The client passes only the list kind ("people" / "equipment") and, for exports, the
list's filters. Who acts comes from the server-side session; the filing is the actor's
institution's filing of the type in the page's route (/…/[filing_type]/…), never an id
from the client. The import runs as a background event: the file waits in a private
scratch store, the work runs in a thread, and the state lock is taken only to publish
progress, so the page stays usable.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Any

import reflex as rx

from filing_app.components.excel_io import ExcelIOView
from filing_app.components.table import page_window
from filing_app.db import session_scope
from filing_app.domain.enums import FILING_TYPES
from filing_app.services.errors import ServiceError
from filing_app.services.excel import export, importer, jobs, safety
from filing_app.services.excel.schema import KIND_LABELS, KINDS
from filing_app.state.base import AppState
from filing_app.state.wizard import route_filing_type

log = logging.getLogger(__name__)

ERROR_PAGE_SIZE = 10
STALE_SECONDS = 600
_UNEXPECTED = "导入失败：系统处理文件时出错，未写入任何数据；请稍后重试，如仍失败请联系管理员"


@dataclass(frozen=True)
class ErrorRow:
    row: int
    column: str
    message: str


class _Tracker:
    """Progress written by the import thread, read by the event loop."""

    def __init__(self) -> None:
        self.percent = 0
        self.stage = "正在上传"

    def update(self, fraction: float, stage: str) -> None:
        self.percent = max(0, min(100, int(fraction * 100)))
        self.stage = stage


class ExcelIOState(AppState):
    # The import dialog (display only).
    dialog_open: bool = False
    import_kind: str = ""
    import_title: str = ""
    busy: bool = False
    progress: int = 0
    stage: str = ""
    finished: bool = False
    result_ok: bool = False
    result_message: str = ""
    errors: list[ErrorRow] = []
    error_total: int = 0
    error_page: int = 1
    has_report: bool = False
    report_busy: bool = False
    # Toolbar.
    can_export_full: bool = False
    exporting: bool = False
    full_confirm_open: bool = False

    _filing_type: str = ""
    _job: str = ""
    _busy_since: float = 0.0

    # ------------------------------------------------------------------ helpers

    def _still_busy(self) -> bool:
        """An import that has not reported for this long died with its worker (a restart)."""
        if self.busy and time.time() - self._busy_since > STALE_SECONDS:
            self.busy = False
            self.stage = ""
        return self.busy

    def _route_filing_type(self) -> str:
        """The filing type of the page's route; remembered for events that carry no route (uploads)."""
        value = route_filing_type(self.router.url.path)
        if value in FILING_TYPES:
            self._filing_type = value
        if self._filing_type not in FILING_TYPES:
            raise ServiceError("页面地址中的备案类型无效，请从首页重新进入")
        return self._filing_type

    def _reset_result(self) -> None:
        self.progress = 0
        self.stage = ""
        self.finished = False
        self.result_ok = False
        self.result_message = ""
        self.errors = []
        self.error_total = 0
        self.error_page = 1
        self.has_report = False

    def _load_error_page(self, page: int) -> None:
        actor = self._require_actor()
        job = jobs.get(self._job, actor)
        page_count = max(1, -(-self.error_total // ERROR_PAGE_SIZE))
        page = min(max(1, page), page_count)
        rows, total = jobs.errors_page(job, page, ERROR_PAGE_SIZE)
        self.errors = [ErrorRow(e.row, f"{e.letter} {e.column}".strip() if e.column else "（整行）", e.message)
                       for e in rows]
        self.error_total = total
        self.error_page = page

    # ------------------------------------------------------------------ toolbar

    @rx.event
    def prepare(self):
        """on_mount of the toolbar: remember the page's filing type and who may export full numbers."""
        try:
            self._route_filing_type()
            actor = self._require_actor()
        except ServiceError:
            self.can_export_full = False
            return None
        self.can_export_full = actor.is_main

    @rx.event
    def download_template(self, kind: str):
        try:
            file = self._call(export.template_file, kind, self._route_filing_type(), readonly=True)
        except ServiceError as exc:
            return self._error(exc)
        return rx.download(data=file.data, filename=file.filename)

    def _export(self, kind: str, filters: Any, full: bool):
        if self.exporting:
            yield rx.toast.info("正在导出，请稍候")
            return
        self.full_confirm_open = False
        self.exporting = True
        yield
        try:
            file = self._call(export.export_list, kind, self._route_filing_type(),
                              filters if isinstance(filters, dict) else {}, full_numbers=full)
        except ServiceError as exc:
            self.exporting = False
            yield self._error(exc)
            return
        self.exporting = False
        yield rx.download(data=file.data, filename=file.filename)
        yield rx.toast.success(f"已导出{file.rows}条记录" + ("（含完整证件号码，本次操作已记录）" if full else ""))

    @rx.event
    def export(self, kind: str, filters: dict[str, Any] | None = None):
        """导出: the list as filtered on the page, identity numbers masked."""
        yield from self._export(kind, filters, False)

    @rx.event
    def export_full(self, kind: str, filters: dict[str, Any] | None = None):
        """导出完整证件号码: main account only (checked again by the service); audited."""
        yield from self._export(kind, filters, True)

    @rx.event
    def set_full_confirm(self, value: bool):
        self.full_confirm_open = bool(value) and self.can_export_full

    # ------------------------------------------------------------------ import dialog

    @rx.event
    def open_import(self, kind: str):
        if kind not in KINDS:
            return rx.toast.error("不支持的列表类型")
        if self._still_busy():
            self.dialog_open = True
            return None
        try:
            filing_type = self._route_filing_type()
            self._call(importer.check_may_import, filing_type)
        except ServiceError as exc:
            return self._error(exc)
        if self.import_kind != kind or self.finished:
            if self._job:
                jobs.discard(self._job)
                self._job = ""
            self._reset_result()
        self.import_kind = kind
        self.import_title = f"导入{KIND_LABELS[kind]}"
        self.dialog_open = True
        return None

    @rx.event
    def set_dialog_open(self, value: bool):
        """Closing the dialog does not stop an import in progress; reopening shows it."""
        self.dialog_open = bool(value)

    @rx.event
    def close_import(self):
        self.dialog_open = False

    @rx.event
    def upload_rejected(self, rejected: list[dict[str, Any]]):
        limit = safety.default_limits()
        return rx.toast.error(f"请选择一个.xlsx文件，大小不超过{limit.max_bytes // (1024 * 1024)}MB")

    @rx.event
    async def upload_import(self, files: list[rx.UploadFile], kind: str = ""):
        """The file chosen in the dialog: stash it privately and start the background import."""
        if self._still_busy():
            return rx.toast.info("上一个文件正在导入，请稍候")
        kind = kind if kind in KINDS else self.import_kind
        if kind not in KINDS:
            return rx.toast.error("不支持的列表类型")
        if not files:
            return rx.toast.error("请选择要导入的文件")
        try:
            actor = self._require_actor()
            filing_type = self._route_filing_type()
            self._call(importer.check_may_import, filing_type)
            upload = files[0]
            limits = safety.default_limits()
            data = await upload.read(limits.max_bytes + 1)
            name = upload.name or "导入文件.xlsx"
            if self._job:
                jobs.discard(self._job)
                self._job = ""
            self._reset_result()
            self.import_kind = kind
            self.import_title = f"导入{KIND_LABELS[kind]}"
            if len(data) > limits.max_bytes:
                size = upload.size or len(data)
                result = self._call(importer.refuse_upload, kind, filing_type,
                                    safety.too_large_message(size, limits), size)
                self.finished = True
                self.result_message = result.message
                return None
            job = jobs.create(actor, kind, filing_type, name, data)
        except ServiceError as exc:
            return self._error(exc)
        self._job = job.token
        self.busy = True
        self._busy_since = time.time()
        self.stage = "正在检查文件"
        return ExcelIOState.run_import

    @rx.event(background=True)
    async def run_import(self):
        async with self:
            if not self._job or not self.busy:
                return
            token = self._job
            try:
                actor = self._require_actor()
                job = jobs.get(token, actor)
                data = jobs.upload(job)
            except ServiceError as exc:
                self.busy = False
                self.finished = True
                self.result_message = exc.message
                return
        tracker = _Tracker()

        def work() -> importer.ImportResult:
            with session_scope() as session:
                return importer.run_import(session, actor, job.kind, job.filing_type, data, progress=tracker.update)

        task = asyncio.ensure_future(asyncio.to_thread(work))
        shown = (-1, "")
        while not task.done():
            await asyncio.wait({task}, timeout=0.3)
            if (tracker.percent, tracker.stage) != shown and not task.done():
                shown = (tracker.percent, tracker.stage)
                async with self:
                    self.progress, self.stage = shown
                    self._busy_since = time.time()
        message, result = "", None
        try:
            result = task.result()
        except ServiceError as exc:
            message = exc.message
        except Exception:  # noqa: BLE001 - the user gets a message, the log gets the trace
            log.exception("excel import failed")
            message = _UNEXPECTED
        try:
            if result is not None and result.errors:
                jobs.save_errors(job, result)
            else:
                jobs.discard(token)
        except OSError:
            log.exception("excel import: could not keep the error list")
        async with self:
            self.busy = False
            self.finished = True
            self.progress = 100
            self.stage = ""
            if result is None:
                self.result_ok = False
                self.result_message = message
                self._job = ""
                return
            self.result_ok = result.ok
            self.result_message = result.message
            if result.errors:
                self.error_total = len(result.errors)
                self.has_report = True
                try:
                    self._load_error_page(1)
                except ServiceError:
                    self.has_report = False
            else:
                self._job = ""

    @rx.event
    def error_page_to(self, page: Any):
        try:
            number = int(str(page).strip())
        except ValueError:
            return None
        try:
            self._load_error_page(number)
        except ServiceError as exc:
            return self._error(exc)
        return None

    @rx.event(background=True)
    async def download_error_report(self):
        async with self:
            if not self._job or self.report_busy:
                return
            self.report_busy = True
            try:
                job = jobs.get(self._job, self._require_actor())
            except ServiceError as exc:
                self.report_busy = False
                yield self._error(exc)
                return
        try:
            data = await asyncio.to_thread(jobs.report, job)
        except ServiceError as exc:
            async with self:
                self.report_busy = False
            yield rx.toast.error(exc.message)
            return
        except Exception:  # noqa: BLE001
            log.exception("error report failed")
            async with self:
                self.report_busy = False
            yield rx.toast.error("错误报告生成失败，请按页面上的错误列表修改后重新导入")
            return
        async with self:
            self.report_busy = False
        yield rx.download(data=data, filename=jobs.report_filename(job))

    # ------------------------------------------------------------------ derived

    @rx.var
    def error_page_count(self) -> int:
        return max(1, -(-self.error_total // ERROR_PAGE_SIZE))

    @rx.var
    def error_page_numbers(self) -> list[int]:
        return page_window(self.error_page, self.error_page_count)


def excel_view(kind: str, *, filters: dict[str, Any] | None = None, on_done: Any = None,
               editable: Any = True) -> ExcelIOView:
    """What components/excel_io needs, bound to this state, for one list on one page.

    kind: "people" or "equipment"; filters: the page's filter vars by key
    ({"name": ..., "status": ...} for people, {"name": ..., "condition": ...} for equipment);
    on_done: the page's event(s) that reload its list after the import dialog closes;
    editable: the page's var saying whether the filing may be changed now (导入 is disabled
    otherwise; the service refuses anyway).
    """
    if kind not in KINDS:
        raise ValueError(kind)
    s = ExcelIOState
    filters = filters or {}
    done = [] if on_done is None else (list(on_done) if isinstance(on_done, (list, tuple)) else [on_done])
    upload_id = f"excel-import-{kind}"
    return ExcelIOView(
        kind=kind,
        upload_id=upload_id,
        on_mount=s.prepare,
        on_template=s.download_template(kind),
        on_open_import=s.open_import(kind),
        on_export=s.export(kind, filters),
        on_export_full=s.export_full(kind, filters),
        can_export_full=s.can_export_full,
        exporting=s.exporting,
        full_confirm_open=s.full_confirm_open,
        on_full_confirm=s.set_full_confirm,
        open=s.dialog_open & (s.import_kind == kind),
        on_open_change=lambda value: [s.set_dialog_open(value), *done],
        on_close=[s.close_import, *done],
        on_upload=s.upload_import(rx.upload_files(upload_id=upload_id), kind),
        on_rejected=s.upload_rejected,
        title=s.import_title,
        busy=s.busy,
        progress=s.progress,
        stage=s.stage,
        finished=s.finished,
        result_ok=s.result_ok,
        result_message=s.result_message,
        errors=s.errors,
        error_total=s.error_total,
        error_page=s.error_page,
        error_page_count=s.error_page_count,
        error_page_numbers=s.error_page_numbers,
        on_error_page=s.error_page_to,
        has_report=s.has_report,
        report_busy=s.report_busy,
        on_download_report=s.download_error_report,
        max_bytes=safety.default_limits().max_bytes,
        import_disabled=~editable if isinstance(editable, rx.Var) else not editable,
    )
