"""The base of the wizard's list tabs (技术人员, 设施设备) and the duplicate-person page:
which filing type the page is for, whether it may be edited, and 上一步 / 下一步.

Its vars are shared by every page built on it (one wizard page is open at a time), and
each on_load sets them afresh.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import reflex as rx

from filing_app import routes
from filing_app.components.table import page_window
from filing_app.components.wizard import neighbour, tab_path
from filing_app.db import session_scope
from filing_app.domain.enums import FILING_TYPES, FilingType, Role
from filing_app.services import filing_access
from filing_app.services.actor import Actor
from filing_app.services.errors import ServiceError
from filing_app.state.base import AppState

PAGE_SIZE = filing_access.PAGE_SIZE
T = TypeVar("T")


class WizardListState(AppState):
    # "monitoring" / "om" (not `filing_type`: the route argument of that name is a var of every state)
    wizard_type: str = ""
    editable: bool = False
    read_only_reason: str = ""
    # 下一步's findings on this tab, one line per problem
    tab_problems: list[str] = []

    @rx.var
    def is_monitoring(self) -> bool:
        return self.wizard_type == FilingType.MONITORING

    @rx.var
    def crumb(self) -> str:
        """当前位置：机构备案>监测类机构备案信息填报"""
        kind = "监测类" if self.wizard_type == FilingType.MONITORING else "运维类"
        return f"当前位置：机构备案>{kind}机构备案信息填报"

    def _enter(self) -> tuple[Actor | None, Any]:
        """on_load: the actor and the page's filing type, or where to go instead."""
        actor, redirect = self._guard(Role.INST_MAIN, Role.INST_SUB)
        if redirect:
            return None, redirect
        filing_type = filing_type_of_path(self.router.url.path)
        if filing_type not in FILING_TYPES:
            return None, [rx.toast.error("备案类型不存在"), rx.redirect(routes.INSTITUTION_HOME)]
        with session_scope(readonly=True) as session:
            info = filing_access.filing_info(session, actor, filing_type)
        if not info.exists and not info.editable:
            return None, [rx.toast.error(info.read_only_reason), rx.redirect(routes.INSTITUTION_HOME)]
        self.wizard_type = filing_type
        self.editable = info.editable
        self.read_only_reason = info.read_only_reason
        self.tab_problems = []
        return actor, None

    def _read(self, actor: Actor | None, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """A read-only service call for `actor` (resolved from the session when None)."""
        actor = actor or self._require_actor()
        with session_scope(readonly=True) as session:
            return fn(session, actor, *args, **kwargs)

    def _step(self, tab: str, step: int) -> Any:
        target = neighbour(tab, step)
        return rx.redirect(tab_path(self.wizard_type, target)) if target else None

    def _next_from(self, tab: str) -> Any:
        """下一步: run the tab's check; go on when clean, else show every problem."""
        if not self.editable:
            return self._step(tab, 1)
        try:
            problems = self._call(filing_access.check_list_tab, self.wizard_type, tab)
        except ServiceError as exc:
            return self._error(exc)
        self.tab_problems = problems
        if problems:
            return rx.toast.error(f"本页有{len(problems)}处需要补充或修改，请按提示处理")
        return self._step(tab, 1)


def filing_type_of_path(path: str) -> str:
    """The <type> of /institution/filing/<type>/... ("" for any other path)."""
    parts = (path or "").strip("/").split("/")
    return parts[2] if len(parts) > 2 and parts[:2] == ["institution", "filing"] else ""


def page_count(total: int) -> int:
    return max(1, -(-total // PAGE_SIZE))


def page_numbers(page: int, total: int) -> list[int]:
    return page_window(page, page_count(total))
