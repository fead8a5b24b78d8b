"""备案工作建议 (§3.6): the institution's list and 意见反馈 dialog; the reviewers' and
administrator's list with the reply dialog."""

from __future__ import annotations

import reflex as rx

from filing_app.db import session_scope
from filing_app.domain import regions
from filing_app.domain.enums import Role
from filing_app.services import feedback, files
from filing_app.services.errors import ServiceError
from filing_app.state.base import AppState
from filing_app.state.paging import PAGE_SIZE, PagedList
from filing_app.state.upload import read_one

UPLOAD_ID = "feedback-upload"


class _FeedbackList(PagedList, mixin=True):
    """One page of suggestions and the downloads of their attachments (a mixin: each page
    state gets its own copy of these vars)."""

    rows: list[feedback.FeedbackRow] = []

    def _query(self, session, actor) -> feedback.FeedbackPage:  # noqa: ANN001
        raise NotImplementedError

    def _refresh(self) -> None:
        actor = self._require_actor()
        with session_scope(readonly=True) as session:
            result = self._query(session, actor)
        self.rows = result.rows
        self.total = result.total
        self.page = result.page

    def _fetch(self):  # noqa: ANN202  (PagedList.go_page)
        try:
            self._refresh()
        except ServiceError as exc:
            return self._error(exc)

    @rx.event
    def download(self, attachment_id: int):
        try:
            path = self._call(files.download_link, int(attachment_id))
        except (TypeError, ValueError):
            return None
        except ServiceError as exc:
            return self._error(exc)
        return self._download(path)


class InstitutionFeedbackState(_FeedbackList, AppState):
    dialog_open: bool = False
    errors: dict[str, str] = {}
    form_key: int = 0
    attachment_name: str = ""
    # The uploaded attachment waits here until the suggestion is submitted.
    _attachment_id: int = 0

    def _query(self, session, actor) -> feedback.FeedbackPage:  # noqa: ANN001
        return feedback.list_own(session, actor, self.page, PAGE_SIZE)

    @rx.event
    def load(self):
        actor, redirect = self._guard(Role.INST_MAIN, Role.INST_SUB)
        if redirect:
            return redirect
        self.page = 1
        self.dialog_open = False
        try:
            self._refresh()
        except ServiceError as exc:
            return self._error(exc)

    @rx.event
    def open_dialog(self):
        self.errors = {}
        self.attachment_name = ""
        self._attachment_id = 0
        self.form_key += 1
        self.dialog_open = True

    @rx.event
    def set_dialog_open(self, value: bool):
        self.dialog_open = bool(value)

    @rx.event
    async def upload_attachment(self, files: list[rx.UploadFile]):
        if not files:
            return None
        try:
            upload = await read_one(files)
            info = self._call(feedback.save_attachment, upload.data, upload.name)
        except ServiceError as exc:
            self.errors = {**self.errors, "attachment": exc.message}
            return rx.clear_selected_files(UPLOAD_ID)
        self._attachment_id = info.id
        self.attachment_name = f"{info.name}（{info.size_text}）"
        self.errors = {k: v for k, v in self.errors.items() if k != "attachment"}
        return rx.clear_selected_files(UPLOAD_ID)

    @rx.event
    def remove_attachment(self):
        self._attachment_id = 0
        self.attachment_name = ""

    @rx.event
    def submit(self, form: dict):
        try:
            self._call(feedback.submit, str(form.get("content", "")), self._attachment_id or None)
            self.page = 1
            self._refresh()
        except ServiceError as exc:
            self.errors = exc.field_errors
            return self._error(exc)
        self.errors = {}
        self._attachment_id = 0
        self.attachment_name = ""
        self.dialog_open = False
        return rx.toast.success("已提交，感谢您的建议")


class StaffFeedbackState(_FeedbackList, AppState):
    is_admin: bool = False
    reply_state: str = ""
    institution_name: str = ""
    province_code: str = ""
    province_options: list[list[str]] = [[code, name] for code, name in regions.PROVINCES]
    reply_state_options: list[list[str]] = [
        [k, v] for k, v in feedback.REPLY_FILTER_LABELS.items() if k
    ]

    reply_open: bool = False
    reply_question: str = ""
    reply_institution: str = ""
    reply_default: str = ""
    reply_errors: dict[str, str] = {}
    reply_form_key: int = 0
    _reply_id: int = 0

    def _query(self, session, actor) -> feedback.FeedbackPage:  # noqa: ANN001
        return feedback.list_for_staff(
            session, actor, page=self.page, page_size=PAGE_SIZE, reply_state=self.reply_state,
            institution_name=self.institution_name, province_code=self.province_code,
        )

    @rx.event
    def load(self):
        actor, redirect = self._guard(Role.REVIEWER, Role.ADMIN)
        if redirect:
            return redirect
        self.is_admin = actor.role == Role.ADMIN
        self.page = 1
        self.reply_open = False
        try:
            self._refresh()
        except ServiceError as exc:
            return self._error(exc)

    @rx.event
    def search(self, form: dict):
        state = str(form.get("reply_state", ""))
        self.reply_state = state if state in feedback.REPLY_FILTER_LABELS else ""
        self.institution_name = str(form.get("institution_name", "")).strip()[:100]
        province = str(form.get("province_code", ""))
        self.province_code = province if regions.is_province(province) else ""
        self.page = 1
        try:
            self._refresh()
        except ServiceError as exc:
            return self._error(exc)

    @rx.event
    def open_reply(self, feedback_id: int):
        row = next((r for r in self.rows if r.id == feedback_id), None)
        if row is None:
            return rx.toast.error("该建议不在当前列表中，请刷新后重试")
        self._reply_id = row.id
        self.reply_question = row.content
        self.reply_institution = row.institution_name
        self.reply_default = row.reply
        self.reply_errors = {}
        self.reply_form_key += 1
        self.reply_open = True

    @rx.event
    def set_reply_open(self, value: bool):
        self.reply_open = bool(value)

    @rx.event
    def send_reply(self, form: dict):
        try:
            self._call(feedback.reply, self._reply_id, str(form.get("reply", "")))
            self._refresh()
        except ServiceError as exc:
            self.reply_errors = exc.field_errors
            return self._error(exc)
        self.reply_errors = {}
        self.reply_open = False
        return rx.toast.success("回复已发送，机构可在备案工作建议中查看")
