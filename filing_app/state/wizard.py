"""The base of every page state of the filing wizard: the five tabs, 重复人员信息报备 and 备案提交.

WizardPageState knows which filing the page shows — the filing type comes from the route
/institution/filing/<type>/<tab>, the institution from the logged-in actor — and keeps the
little every page needs: status, the version the forms were loaded with, read-only and why,
the breadcrumb, and the form's field errors, message and the lines of 下一步. Each page's state
subclasses it (its vars live once, on this state, and are shared: one wizard page is open at a
time and each on_load sets them afresh); its on_load is `self._load_page(page, fill)`, or calls
`self._open()` first and `self._shown(page)` at its end.

Tab forms are uncontrolled (rx.form with on_submit): what the user typed stays in the browser
until the page is reloaded, so a refused save (a stale version, a validation error) loses
nothing. `form_key` remounts the form with fresh defaults after a load. The list tabs keep
their rows in their own state (state/wizard_lists.py) and use `errors` / `message` for their
row dialog.

Event handlers defined here run on this state's own instance (Reflex binds inherited handlers
to the class that defines them), so they only use what is defined here; handlers that need a
page's own vars live in that page's state or in a mixin (wizard_lists, wizard_certs).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import reflex as rx
from reflex_base.utils.form import FormData

from filing_app import routes
from filing_app.components.wizard import neighbour, submit_path, tab_path
from filing_app.db import session_scope
from filing_app.domain.enums import FILING_TYPES, FilingType, Role
from filing_app.domain.filing_rules import TAB_LABELS
from filing_app.services import filings
from filing_app.services import files as file_service
from filing_app.services.actor import Actor
from filing_app.services.errors import ServiceError, StaleVersion, ValidationFailed
from filing_app.state.base import AppState
from filing_app.state.upload import read_one

T = TypeVar("T")

FILING_PATH_PREFIX = "/institution/filing/"


def route_filing_type(path: str) -> str:
    """"monitoring" from /institution/filing/monitoring/basic ("" when not a wizard path)."""
    if not path.startswith(FILING_PATH_PREFIX):
        return ""
    first = path[len(FILING_PATH_PREFIX):].split("/", 1)[0]
    return first if first in FILING_TYPES else ""


class WizardPageState(AppState):
    wizard_type: str = ""  # monitoring / om, from the route (`filing_type` is the route's own var)
    filing_id: int = 0
    filing_status: str = ""
    status_label: str = ""
    status_note: str = ""  # 已提交，待审查（提交时间：…） while read-only
    return_reason: str = ""
    version: int = 0  # the version every save of this page names
    read_only: bool = True
    read_only_reason: str = ""  # why (filing_flow.locked_message), for a refused write
    change_in_progress: bool = False  # 备案变更 of a published filing (its submission is not this page's)
    # The page whose data is loaded ("basic", …, "submit"; "" while loading or after leaving):
    # a page shows its form only for its own data, so nothing is typed into a form about to be
    # replaced by the load that follows a navigation.
    loaded_tab: str = ""
    form_key: int = 0
    errors: dict[str, str] = {}
    problems: list[str] = []  # lines of 下一步 about list rows, or about a whole list tab
    message: str = ""
    stale: bool = False  # someone else saved first: offer 重新加载

    @rx.var
    def type_label(self) -> str:
        return "监测类" if self.wizard_type == FilingType.MONITORING else "运维类"

    @rx.var
    def is_monitoring(self) -> bool:
        return self.wizard_type == FilingType.MONITORING

    @rx.var
    def crumb(self) -> str:
        """当前位置：机构备案>监测类机构备案信息填报"""
        return f"机构备案>{self.type_label}机构备案信息填报"

    # ------------------------------------------------------------ helpers for subclasses

    def _open_filing(self) -> tuple[Actor | None, filings.FilingSummary | None, Any]:
        """The actor and the route's filing, opened (created on first use, as 立即填报 does), or a redirect."""
        actor, redirect = self._guard(Role.INST_MAIN, Role.INST_SUB)
        if redirect:
            return None, None, redirect
        self.loaded_tab = ""
        self.errors = {}
        self.problems = []
        self.message = ""
        self.stale = False
        filing_type = route_filing_type(self.router.url.path or "")
        if not filing_type:
            return None, None, [rx.toast.error("备案类型不存在"), rx.redirect(routes.INSTITUTION_HOME)]
        self.wizard_type = filing_type
        try:
            summary = self._call_as(actor, filings.open_filing, filing_type)
        except ServiceError as exc:
            return None, None, [rx.toast.error(exc.message), rx.redirect(routes.INSTITUTION_HOME)]
        self._apply_summary(summary)
        return actor, summary, None

    def _open(self) -> tuple[Actor | None, Any]:
        """on_load: the logged-in institution and its filing of the route's type; else a redirect."""
        actor, _, redirect = self._open_filing()
        return actor, redirect

    def _load_page(self, page: str, fill: Callable[[Actor], Any]) -> Any:
        """on_load of a page: open the filing, fill the page's own vars (`fill(actor)`, which
        may raise ServiceError), then show the page."""
        actor, redirect = self._open()
        if redirect:
            return redirect
        try:
            fill(actor)
        except ServiceError as exc:
            return self._error(exc)
        self._shown(page)
        return None

    def _call_as(self, actor: Actor | None, fn: Callable[..., T], *args: Any, readonly: bool = False,
            **kwargs: Any) -> T:
        """A service call for an actor this event already resolved (or the session's, when None)."""
        actor = actor or self._require_actor()
        with session_scope(readonly=readonly) as session:
            return fn(session, actor, *args, **kwargs)

    def _apply_summary(self, summary: filings.FilingSummary) -> None:
        self.filing_id = summary.id
        self.filing_status = summary.status
        self.status_label = summary.status_label
        self.status_note = summary.status_note
        self.return_reason = summary.return_reason
        self.version = summary.version
        self.read_only = not summary.editable
        self.read_only_reason = summary.read_only_reason
        self.change_in_progress = summary.change_in_progress

    def _shown(self, tab: str) -> None:
        """Call at the end of a successful load: the form remounts with the loaded values."""
        self.loaded_tab = tab
        self.form_key += 1

    def _saved(self, result: filings.SaveResult) -> None:
        self.version = result.version
        self.errors = dict(result.errors)
        self.problems = list(result.problems)
        self.message = ""
        self.stale = False

    def _refused(self, exc: ServiceError) -> Any:
        """A refused save: show why, keep the form as typed."""
        if isinstance(exc, StaleVersion):
            self.stale = True
            self.message = exc.message
            return rx.toast.error(exc.message)
        if isinstance(exc, ValidationFailed):
            self.errors = dict(exc.field_errors)
            self.message = exc.message
            return rx.toast.error(exc.message)
        return self._error(exc)

    def _locked(self) -> Any:
        """A write asked for on a read-only page: say why."""
        return rx.toast.error(self.read_only_reason or "当前状态不能修改备案")

    def _tab_url(self, tab: str) -> str:
        return tab_path(self.wizard_type, tab)

    def _next_url(self, tab: str) -> str:
        """Where 下一步 goes from a tab: the next tab, after 管理能力 the 备案提交 page."""
        target = neighbour(tab, 1)
        return self._tab_url(target) if target else submit_path(self.wizard_type)

    def _step(self, tab: str, step: int) -> Any:
        """上一步 / 下一步 without a check."""
        if step > 0:
            return rx.redirect(self._next_url(tab))
        target = neighbour(tab, step)
        return rx.redirect(self._tab_url(target)) if target else None

    def _incomplete(self, result: filings.SaveResult) -> Any:
        count = len(result.errors) + len(result.problems)
        self.message = f"已暂存。本页还有{count}处需要补充或修改，请按红色提示处理后再点“下一步”"
        return rx.toast.warning(self.message)

    def _save_tab(self, form: FormData, tab: str, save: Callable[..., filings.SaveResult],
                  data: dict[str, Any]) -> Any:
        """保存 / 下一步 of a tab form (the hidden _action field says which): store `data` with the
        tab's service; 下一步 moves on once the tab is complete. While read-only, 下一步 just
        moves on (nothing to check or store) and 保存 is refused."""
        validate = form.get("_action") == "next"
        if self.read_only:
            return self._step(tab, 1) if validate else self._locked()
        try:
            result = self._call(save, self.wizard_type, data, version=self.version, validate=validate)
        except ServiceError as exc:
            return self._refused(exc)
        self._saved(result)
        if not validate:
            return rx.toast.success("已保存")
        if not result.complete:
            return self._incomplete(result)
        return [rx.toast.success(f"{TAB_LABELS[tab]}已保存"), rx.redirect(self._next_url(tab))]

    def _next_from(self, tab: str) -> Any:
        """下一步 of a list tab (its rows are saved as they are edited): run the tab's check; go
        on when clean, else show every problem."""
        if self.read_only:
            return self._step(tab, 1)
        try:
            problems = self._call(filings.check_list_tab, self.wizard_type, tab)
        except ServiceError as exc:
            return self._error(exc)
        self.problems = problems
        if problems:
            return rx.toast.error(f"本页有{len(problems)}处需要补充或修改，请按提示处理")
        return self._step(tab, 1)

    async def _attach(self, files: list[rx.UploadFile], slot: str) -> tuple[filings.FileView | None, Any]:
        """Upload (or replace) one of the filing's own files (filings.FILE_SLOTS): the stored file
        and the toast, or None and the refusal."""
        try:
            upload = await read_one(files)
            result = self._call(filings.attach_file, self.wizard_type, slot, upload.data, upload.name,
                                version=self.version)
        except ServiceError as exc:
            return None, self._refused(exc)
        self.version = result.version
        self.errors = {k: v for k, v in self.errors.items() if k != slot}
        return result.file, rx.toast.success(f"已上传：{result.file.name}")

    def _download_file(self, attachment_id: Any) -> Any:
        """Download a file (permission checked by files.download_link) without leaving the page."""
        try:
            path = self._call(file_service.download_link, int(attachment_id))
        except (TypeError, ValueError):
            return rx.toast.error("文件不存在")
        except ServiceError as exc:
            return self._error(exc)
        return self._download(path)

    # ------------------------------------------------------------ events

    @rx.event
    def download(self, attachment_id: int):
        """Download one of the filing's files (or of its rows)."""
        return self._download_file(attachment_id)

    @rx.event
    def leave(self):
        """on_unmount of a wizard page: the next page waits for its own data."""
        self.loaded_tab = ""

    @rx.event
    def reload(self):
        """重新加载: the page's current data (what was typed is dropped)."""
        return rx.call_script("window.location.reload()")


class FilingEntryState(WizardPageState):
    """/institution/filing/<type>: opens (or creates) the filing and goes to the right page."""

    @rx.event
    def load(self):
        _, summary, redirect = self._open_filing()
        if redirect:
            return redirect
        return rx.redirect(self._tab_url(filings.entry_tab(summary)))
