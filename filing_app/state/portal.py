"""Portal home, province portals and notices (§2.1, §2.2)."""

from __future__ import annotations

import reflex as rx

from filing_app.components.table import page_window
from filing_app.db import session_scope
from filing_app.domain import regions
from filing_app.services import notices
from filing_app.services.errors import ServiceError
from filing_app.state.base import AppState

PAGE_SIZE = 10


class PortalState(AppState):
    notice_rows: list[notices.NoticeRow] = []
    notice_total: int = 0
    notice_page: int = 1
    home_notices: list[notices.NoticeRow] = []

    province_options: list[list[str]] = [[code, name] for code, name in regions.PROVINCES]

    def _province_from_route(self) -> None:
        code = self.router.page.params.get("province", "")
        if code:
            self.portal_province = code if regions.is_province(code) else ""

    def _notices(self, page: int, page_size: int) -> notices.NoticePage:
        actor = self._actor()
        with session_scope(readonly=True) as session:
            return notices.list_notices(session, actor, province_code=self.portal_province or None,
                                        page=page, page_size=page_size)

    @rx.event
    def load_home(self):
        self._province_from_route()
        self.load_session()
        result = self._notices(1, 6)
        self.home_notices = result.rows

    @rx.event
    def load_notices(self):
        self.load_session()
        self.notice_page = 1
        self._load_notice_page()

    def _load_notice_page(self) -> None:
        result = self._notices(self.notice_page, PAGE_SIZE)
        self.notice_rows = result.rows
        self.notice_total = result.total

    @rx.event
    def go_notice_page(self, page: int | str):
        try:
            page = int(page)
        except (TypeError, ValueError):
            return
        self.notice_page = max(1, min(page, self.notice_page_count))
        self._load_notice_page()

    @rx.var
    def notice_page_count(self) -> int:
        return max(1, -(-self.notice_total // PAGE_SIZE))

    @rx.var
    def notice_page_numbers(self) -> list[int]:
        return page_window(self.notice_page, self.notice_page_count)


class NoticeDetailState(AppState):
    title: str = ""
    date: str = ""
    scope_label: str = ""
    body: str = ""
    attachments: list[notices.NoticeAttachmentRow] = []
    error: str = ""

    @rx.event
    def load(self):
        self.load_session()
        raw = self.router.page.params.get("notice_id", "")
        self.error = ""
        try:
            notice_id = int(raw)
        except (TypeError, ValueError):
            self.error = "公告不存在"
            return
        actor = self._actor()
        try:
            with session_scope(readonly=True) as session:
                detail = notices.get_notice(session, actor, notice_id)
        except ServiceError as exc:
            self.error = exc.message
            self.title = ""
            return
        self.title = detail.title
        self.date = detail.date
        self.scope_label = detail.scope_label
        self.body = detail.body
        self.attachments = detail.attachments

    @rx.event
    def download(self, attachment_id: int):
        from filing_app.services import files

        actor = self._actor()
        try:
            with session_scope() as session:
                path = files.download_link(session, actor, int(attachment_id))
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        return self._download(path)
