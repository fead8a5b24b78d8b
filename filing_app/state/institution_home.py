"""The institution home (§3)."""

from __future__ import annotations

import reflex as rx

from filing_app import routes
from filing_app.db import session_scope
from filing_app.domain.enums import Role
from filing_app.services import filings, institutions, notices
from filing_app.services.errors import ServiceError
from filing_app.state.base import AppState


# Home action code -> the service that opens the filing for it.
_ACTIONS = {
    "fill": filings.open_filing,
    "add_type": filings.open_filing,
    "view": filings.open_filing,
    "refile": filings.refile,
    "change": filings.start_change,
}


class InstitutionHomeState(AppState):
    name: str = ""
    credit_code: str = ""
    province_name: str = ""
    registry_href: str = routes.REGISTRY  # 备案信息查询 of the institution's own province
    phone_masked: str = ""
    is_main: bool = False
    cards: list[institutions.FilingCard] = []
    messages: list[institutions.MessageRow] = []
    notices: list[notices.NoticeRow] = []

    @rx.event
    def load(self):
        actor, redirect = self._guard(Role.INST_MAIN, Role.INST_SUB)
        if redirect:
            return redirect
        try:
            with session_scope(readonly=True) as session:
                data = institutions.home(session, actor)
                page = notices.list_notices(session, actor, province_code=data.province_code, page_size=5)
        except ServiceError as exc:
            return self._error(exc)
        self.name = data.name
        self.credit_code = data.credit_code
        self.province_name = data.province_name
        self.registry_href = routes.registry_home(data.province_code)
        self.phone_masked = data.phone_masked
        self.is_main = data.is_main
        self.cards = data.cards
        self.messages = data.messages
        self.notices = page.rows

    @rx.event
    def act(self, filing_type: str, code: str):
        """A filing card's button. 立即填报 / 继续填报 / 修改后重新提交 / 新增X机构备案 / 查看备案 open
        (or create) the filing, 重新备案 makes a cancelled one a draft again, 备案变更 / 继续变更 open
        the published filing's working copy for editing; each lands on its first tab, or on the
        备案提交 page with the status while it is read-only."""
        service = _ACTIONS.get(code)
        if service is None:
            return None
        try:
            summary = self._call(service, str(filing_type)[:16])
        except ServiceError as exc:
            return self._error(exc)
        target = rx.redirect(f"{routes.filing_wizard(summary.filing_type)}/{filings.entry_tab(summary)}")
        # e.g. after 重新备案: people another institution filed meanwhile
        return [rx.toast.warning(summary.notice, duration=10000), target] if summary.notice else target

    @rx.event
    def cancel_filing(self, filing_type: str):
        """备案注销 after the confirmation dialog (the service checks main account and status)."""
        from filing_app.services import cancellation

        try:
            message = self._call(cancellation.cancel_filing, str(filing_type)[:16], True)
        except ServiceError as exc:
            return self._error(exc)
        self.load()
        return rx.toast.success(message)
