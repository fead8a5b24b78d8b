"""The base of the wizard's page states (PART A's tabs and the 备案提交 page).

WizardPageState knows which filing the page shows — the filing type comes from the route
/institution/filing/<type>/<tab>, the institution from the logged-in actor — and keeps the
little every tab needs: status, the version the forms were loaded with, read-only, the
breadcrumb, and the form's field errors and message. Each tab's state subclasses it, calls
`self._open()` first in its on_load, and handles its forms with `_saved` / `_refused`.

The forms are uncontrolled (rx.form with on_submit): what the user typed stays in the browser
until the page is reloaded, so a refused save (a stale version, a validation error) loses
nothing. `form_key` remounts the form with fresh defaults after a load.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from filing_app import routes
from filing_app.components.wizard import tab_path
from filing_app.domain.enums import FILING_TYPES, FilingType, Role
from filing_app.services import filings
from filing_app.services import files as file_service
from filing_app.services.actor import Actor
from filing_app.services.errors import ServiceError, StaleVersion, ValidationFailed
from filing_app.state.base import AppState

FILING_PATH_PREFIX = "/institution/filing/"


def route_filing_type(path: str) -> str:
    """"monitoring" from /institution/filing/monitoring/basic ("" when not a wizard path)."""
    if not path.startswith(FILING_PATH_PREFIX):
        return ""
    first = path[len(FILING_PATH_PREFIX):].split("/", 1)[0]
    return first if first in FILING_TYPES else ""


class WizardPageState(AppState):
    wizard_type: str = ""  # monitoring / om, from the route
    filing_id: int = 0
    filing_status: str = ""
    status_label: str = ""
    status_note: str = ""  # 已提交，待审查（提交时间：…） while read-only
    return_reason: str = ""
    version: int = 0  # the version every save of this page names
    read_only: bool = True
    change_in_progress: bool = False  # 备案变更 of a published filing (its submission is not this page's)
    # The page whose data is loaded ("basic", …, "submit"; "" while loading or after leaving):
    # a page shows its form only for its own data, so nothing is typed into a form about to be
    # replaced by the load that follows a navigation.
    loaded_tab: str = ""
    form_key: int = 0
    errors: dict[str, str] = {}
    problems: list[str] = []  # lines about list rows (下一步 of a list tab)
    message: str = ""
    stale: bool = False  # someone else saved first: offer 重新加载

    @rx.var
    def type_label(self) -> str:
        return "监测类" if self.wizard_type == FilingType.MONITORING else "运维类"

    @rx.var
    def crumb(self) -> str:
        """当前位置：机构备案>监测类机构备案信息填报"""
        return f"机构备案>{self.type_label}机构备案信息填报"

    # ------------------------------------------------------------ helpers for subclasses

    def _open(self) -> tuple[Actor | None, Any]:
        """on_load: the logged-in institution and its filing of the route's type; else a redirect."""
        actor, redirect = self._guard(Role.INST_MAIN, Role.INST_SUB)
        if redirect:
            return None, redirect
        self.loaded_tab = ""
        self.errors = {}
        self.problems = []
        self.message = ""
        self.stale = False
        filing_type = route_filing_type(self.router.url.path or "")
        if not filing_type:
            return None, [rx.toast.error("备案类型不存在"), rx.redirect(routes.INSTITUTION_HOME)]
        self.wizard_type = filing_type
        try:
            summary = self._call(filings.filing_summary, filing_type, readonly=True)
        except ServiceError as exc:
            return None, [rx.toast.error(exc.message), rx.redirect(routes.INSTITUTION_HOME)]
        self._apply_summary(summary)
        return actor, None

    def _apply_summary(self, summary: filings.FilingSummary) -> None:
        self.filing_id = summary.id
        self.filing_status = summary.status
        self.status_label = summary.status_label
        self.status_note = summary.status_note
        self.return_reason = summary.return_reason
        self.version = summary.version
        self.read_only = not summary.editable
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

    def _tab_url(self, tab: str) -> str:
        return tab_path(self.wizard_type, tab)

    def _read_only_step(self, validate: bool, next_url: str) -> Any:
        """While read-only, 下一步 just moves on (nothing to check or store); 保存 is refused."""
        if validate:
            return rx.redirect(next_url)
        return rx.toast.error(self.status_note or "当前状态不能修改备案")

    def _incomplete(self, result: filings.SaveResult) -> Any:
        count = len(result.errors) + len(result.problems)
        self.message = f"已暂存。本页还有{count}处需要补充或修改，请按红色提示处理后再点“下一步”"
        return rx.toast.warning(self.message)

    # ------------------------------------------------------------ events

    @rx.event
    def download(self, attachment_id: int):
        """Download one of the filing's files (permission checked by files.download_link)."""
        try:
            path = self._call(file_service.download_link, int(attachment_id))
        except (TypeError, ValueError):
            return rx.toast.error("文件不存在")
        except ServiceError as exc:
            return self._error(exc)
        return self._download(path)

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
        actor, redirect = self._guard(Role.INST_MAIN, Role.INST_SUB)
        if redirect:
            return redirect
        filing_type = route_filing_type(self.router.url.path or "")
        if not filing_type:
            return [rx.toast.error("备案类型不存在"), rx.redirect(routes.INSTITUTION_HOME)]
        try:
            summary = self._call(filings.open_filing, filing_type)
        except ServiceError as exc:
            return [rx.toast.error(exc.message), rx.redirect(routes.INSTITUTION_HOME)]
        return rx.redirect(tab_path(filing_type, filings.entry_tab(summary)))
