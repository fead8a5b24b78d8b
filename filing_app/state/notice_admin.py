"""通知公告管理: the administrator's national notices, a reviewer's province notices."""

from __future__ import annotations

import reflex as rx

from filing_app import routes
from filing_app.components.table import page_window
from filing_app.db import session_scope
from filing_app.domain.enums import Role
from filing_app.services import notice_admin
from filing_app.services.errors import ServiceError
from filing_app.state.base import AppState
from filing_app.state.upload import read_file

UPLOAD_ID = "notice-upload"


class NoticeAdminState(AppState):
    rows: list[notice_admin.ManagedNoticeRow] = []
    total: int = 0
    page: int = 1
    page_count: int = 1
    status_filter: str = ""
    scope_label: str = ""

    @rx.event
    def load(self):
        actor, redirect = self._guard(Role.ADMIN, Role.REVIEWER)
        if redirect:
            return redirect
        self.status_filter = ""
        return self._load(1)

    def _load(self, page: int):
        try:
            result = self._call(notice_admin.list_managed, status=self.status_filter, page=page, readonly=True)
        except ServiceError as exc:
            return self._error(exc)
        self.rows = result.rows
        self.total = result.total
        self.page = result.page
        self.page_count = result.page_count
        self.scope_label = result.scope_label

    @rx.event
    def set_status_filter(self, value: str):
        self.status_filter = value if value in notice_admin.STATUS_LABELS else ""
        return self._load(1)

    @rx.event
    def go_page(self, page: int | str):
        try:
            return self._load(int(page))
        except (TypeError, ValueError):
            return None

    @rx.var
    def page_numbers(self) -> list[int]:
        return page_window(self.page, self.page_count)

    @rx.event
    def publish(self, notice_id: int):
        try:
            self._call(notice_admin.publish, int(notice_id))
        except ServiceError as exc:
            return self._error(exc)
        return [rx.toast.success("已发布"), self._load(self.page)]

    @rx.event
    def withdraw(self, notice_id: int):
        try:
            self._call(notice_admin.withdraw, int(notice_id))
        except ServiceError as exc:
            return self._error(exc)
        return [rx.toast.success("已撤回"), self._load(self.page)]


class NoticeEditState(AppState):
    notice_id: int = 0  # 0 = a new notice
    title: str = ""
    body: str = ""
    audience: str = notice_admin.AUDIENCE_PUBLIC
    status: str = ""
    status_label: str = "未保存"
    scope_label: str = ""
    published_date: str = ""
    attachments: list[notice_admin.AttachmentRow] = []
    errors: dict[str, str] = {}
    message: str = ""
    form_key: int = 0
    uploading: bool = False

    _version: str = ""
    _attachment_ids: list[int] = []

    @rx.event
    def load(self):
        actor, redirect = self._guard(Role.ADMIN, Role.REVIEWER)
        if redirect:
            return redirect
        raw = (self.router.url.path or "").rstrip("/").rsplit("/", 1)[-1]
        self.errors, self.message = {}, ""
        shown = self._identity()
        result = self._load(actor, raw)
        # Remount the (uncontrolled) form only when it is to show another notice or version,
        # so that what someone types while the page loads is not wiped out.
        if self._identity() != shown:
            self.form_key += 1
        return result

    def _identity(self) -> str:
        return f"{self.notice_id}:{self._version}"

    def _load(self, actor, raw: str):  # noqa: ANN001, ANN202
        if raw == "new":
            self.notice_id = 0
            self.title = self.body = self.published_date = self.status = ""
            self.audience = notice_admin.AUDIENCE_PUBLIC
            self.status_label = "未保存"
            self.attachments = []
            self._attachment_ids = []
            self._version = ""
            try:
                with session_scope(readonly=True) as session:
                    self.scope_label = notice_admin.list_managed(session, actor, page_size=1).scope_label
            except ServiceError as exc:
                return self._error(exc)
            return None
        try:
            form = self._call(notice_admin.get_form, int(raw), readonly=True)
        except (TypeError, ValueError):
            return [rx.toast.error("公告不存在"), rx.redirect(routes.MANAGE_NOTICES)]
        except ServiceError as exc:
            return [self._error(exc), rx.redirect(routes.MANAGE_NOTICES)]
        self._show(form)

    def _show(self, form: notice_admin.NoticeForm) -> None:
        self.notice_id = form.id
        self.title = form.title
        self.body = form.body
        self.audience = form.audience
        self.status = form.status
        self.status_label = form.status_label
        self.scope_label = form.scope_label
        self.published_date = form.published_date
        self.attachments = form.attachments
        self._attachment_ids = [a.id for a in form.attachments]
        self._version = form.version

    @rx.event
    def save(self, form: dict):
        # If the save fails, the form is not remounted: what was typed stays in it.
        publish_now = bool(form.get("publish_now"))
        try:
            actor = self._require_actor()
            with session_scope() as session:
                notice = notice_admin.save(
                    session, actor, self.notice_id or None, title=str(form.get("title", "")),
                    body=str(form.get("body", "")), audience=str(form.get("audience", "")),
                    attachment_ids=list(self._attachment_ids), version=self._version,
                )
                if publish_now and notice.status != notice_admin.PUBLISHED:
                    notice_admin.publish(session, actor, notice.id)
                session.flush()
                saved = notice_admin.get_form(session, actor, notice.id)
        except ServiceError as exc:
            self.errors = exc.field_errors
            self.message = exc.message
            return self._error(exc) if not exc.field_errors else None
        self.errors, self.message = {}, ""
        was_new = self.notice_id == 0
        self._show(saved)
        done = rx.toast.success("已保存并发布" if publish_now else "已保存")
        if was_new:
            return [done, rx.redirect(routes.manage_notice(saved.id))]
        self.form_key += 1
        return done

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        self.uploading = True
        try:
            actor = self._require_actor()
            for file in files:
                if len(self._attachment_ids) >= notice_admin.MAX_ATTACHMENTS:
                    raise ServiceError(f"附件最多{notice_admin.MAX_ATTACHMENTS}个")
                upload = await read_file(file)
                with session_scope() as session:
                    row = notice_admin.upload_attachment(session, actor, upload.data, upload.name)
                self._attachment_ids = [*self._attachment_ids, row.id]
                self.attachments = [*self.attachments, row]
        except ServiceError as exc:
            return [self._error(exc), rx.clear_selected_files(UPLOAD_ID)]
        finally:
            self.uploading = False
        return [rx.toast.info("附件已上传，保存后生效"), rx.clear_selected_files(UPLOAD_ID)]

    @rx.event
    def remove_attachment(self, attachment_id: int):
        self._attachment_ids = [i for i in self._attachment_ids if i != int(attachment_id)]
        self.attachments = [a for a in self.attachments if a.id != int(attachment_id)]
        return rx.toast.info("已移除，保存后生效")
