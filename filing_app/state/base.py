"""The root of every page state: who is logged in, and the portal province.

Only display values live in browser-visible vars. The actor of every event is
resolved again from the server-side session (auth.resolve_session), never taken
from an argument, so a hostile client calling any handler gets nothing it may not see.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import reflex as rx

from filing_app import routes
from filing_app.db import session_scope
from filing_app.domain import regions
from filing_app.domain.enums import Role
from filing_app.services import auth
from filing_app.services.actor import Actor
from filing_app.services.errors import NotLoggedIn, PermissionDenied, ServiceError
from filing_app.settings import get_settings

T = TypeVar("T")

SESSION_COOKIE = "filing_session"


class AppState(rx.State):
    # The browser's own login token (its hash is what the server stores).
    session_token: str = rx.Cookie("", name=SESSION_COOKIE, same_site="strict", path="/")
    # The province portal the visitor came through ("" = national portal).
    portal_province: str = rx.LocalStorage("", name="portal_province")

    # Display only.
    logged_in: bool = False
    user_name: str = ""
    user_role: str = ""
    user_role_label: str = ""
    institution_name: str = ""

    # ------------------------------------------------------------ helpers

    def _client_ip(self) -> str:
        ip = self.router.session.client_ip or ""
        if get_settings().trust_forwarded_for:
            forwarded = self.router.headers.raw_headers.get("x-forwarded-for", "")
            if forwarded:
                ip = forwarded.split(",")[0].strip()
        return ip[:64]

    def _user_agent(self) -> str:
        return (self.router.headers.user_agent or "")[:300]

    def _actor(self) -> Actor | None:
        with session_scope(readonly=True) as session:
            actor, touch_due = auth.lookup_session(session, self.session_token, self._client_ip())
        if touch_due:
            with session_scope() as session:
                auth.touch_session(session, self.session_token)
        if actor is None and self.logged_in:
            self._clear_display()
        return actor

    def _require_actor(self, *, allow_initial_password: bool = False) -> Actor:
        actor = self._actor()
        if actor is None:
            raise NotLoggedIn()
        if actor.must_change_password and not allow_initial_password:
            # Nothing but the password change works until the initial password is replaced.
            raise PermissionDenied("首次登录请先修改初始密码")
        return actor

    def _call(self, fn: Callable[..., T], *args: Any, readonly: bool = False, **kwargs: Any) -> T:
        """Run a service function for the logged-in actor in one transaction."""
        actor = self._require_actor()
        with session_scope(readonly=readonly) as session:
            return fn(session, actor, *args, **kwargs)

    def _clear_display(self) -> None:
        self.logged_in = False
        self.user_name = ""
        self.user_role = ""
        self.user_role_label = ""
        self.institution_name = ""

    def _show_actor(self, actor: Actor) -> None:
        from filing_app.domain.enums import ROLE_LABELS

        with session_scope(readonly=True) as session:
            summary = auth.account_summary(session, actor)
        self.logged_in = True
        self.user_name = summary.username
        self.user_role = summary.role
        self.user_role_label = ROLE_LABELS.get(summary.role, "")
        self.institution_name = summary.institution_name

    def _guard(self, *roles: str) -> tuple[Actor | None, Any]:
        """For on_load: the actor if they may open this page, else the redirect to make.

        Not logged in -> the login page, which comes back here afterwards.
        Logged in with another role -> that role's home.
        """
        actor = self._actor()
        path = self.router.url.path or "/"
        if actor is None:
            self._clear_display()
            return None, rx.redirect(routes.login_url(next_path=path + _query(self.router.url.query)))
        if actor.must_change_password and path != routes.ACCOUNT:
            self._show_actor(actor)
            return None, [rx.toast.warning("首次登录请先修改初始密码"), rx.redirect(routes.ACCOUNT)]
        if roles and actor.role not in roles:
            self._show_actor(actor)
            return None, [rx.toast.error("当前账号无权访问该页面"), rx.redirect(routes.home_for(actor.role))]
        self._show_actor(actor)
        return actor, None

    def _error(self, exc: ServiceError) -> Any:
        if isinstance(exc, NotLoggedIn):
            self._clear_display()
            return [rx.toast.error(exc.message), rx.redirect(routes.login_url(self.router.url.path))]
        return rx.toast.error(exc.message)

    def _download(self, path: str) -> Any:
        """Download a backend path (a signed link) without leaving the page.

        Navigating the window would make Reflex drop and re-open its socket, losing a
        click made meanwhile; a hidden iframe fetches the link from the backend's own
        origin (the websocket's host) and leaves the page alone.
        """
        host = self.router.headers.host
        origin = self.router.headers.origin or ""
        scheme = "https" if origin.startswith("https") else "http"
        url = f"{scheme}://{host}{path}" if host else path
        return rx.call_script(
            "(() => { const f = document.createElement('iframe'); f.style.display = 'none'; "
            f"f.src = {json.dumps(url)}; document.body.appendChild(f); "
            "setTimeout(() => f.remove(), 60000); })()"
        )

    # ------------------------------------------------------------ events

    @rx.event
    def load_session(self):
        """on_load of public pages: show who is logged in, if anyone."""
        actor = self._actor()
        if actor is None:
            self._clear_display()
        else:
            self._show_actor(actor)

    @rx.event
    def logout(self):
        with session_scope() as session:
            auth.logout(session, self.session_token, self._client_ip())
        self.session_token = ""
        self._clear_display()
        return [rx.remove_cookie(SESSION_COOKIE), rx.redirect(routes.portal_home(self.portal_province))]

    @rx.event
    def choose_province(self, code: str):
        """The province chooser of the portal: remember it and go to that portal."""
        code = code if regions.is_province(code) else ""
        self.portal_province = code
        return rx.redirect(routes.portal_home(code))

    @rx.var
    def portal_province_name(self) -> str:
        return regions.province_name(self.portal_province) if self.portal_province else ""

    @rx.var
    def system_title(self) -> str:
        name = regions.province_name(self.portal_province) if self.portal_province else ""
        return f"国家生态环境监测技术服务机构管理系统{'（' + name + '）' if name else ''}"

    @rx.var
    def home_path(self) -> str:
        return routes.home_for(self.user_role) if self.logged_in else routes.portal_home(self.portal_province)


def _query(query: str) -> str:
    return f"?{query}" if query else ""


__all__ = ["AppState", "PermissionDenied", "Role", "SESSION_COOKIE"]
