"""技术人员 tab (§3.1.1.2, §3.1.2.2) and 重复人员信息报备: list, person dialog with
certificate uploads and trainings, duplicate-person reports.

The person dialog is one uncontrolled form: a failed save keeps every typed value. Its
buttons set what the submit means (保存 keeps the dialog open, 提交 also checks the
certificates and closes it, 添加 adds a training row) before the form is submitted.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import reflex as rx
from reflex_base.utils.form import FormData

from filing_app.db import session_scope
from filing_app.domain import enums
from filing_app.domain.records import CERTIFICATE_KEYS, check_training
from filing_app.services import duplicates, employment, files, people
from filing_app.services.actor import Actor
from filing_app.services.errors import ServiceError, ValidationFailed
from filing_app.settings import get_settings
from filing_app.state.wizard_lists import WizardListState, page_count, page_numbers

PERSON_SCALARS = ("id_type", "id_number", "name", "education", "degree", "major", "hire_date", "labor_relation",
                  "title", "status", "leave_date", "has_training")
TRAINING_KEYS = ("level", "organization", "content", "cert_no")
MODES = ("save", "submit", "training")


def _empty_form() -> dict[str, str]:
    form = dict.fromkeys(PERSON_SCALARS, "")
    form.update(id_type=enums.ID_TYPE_RESIDENT, status=enums.PERSON_STATUS_ACTIVE, has_training="无")
    return form


async def read_upload(upload_files: list[rx.UploadFile]) -> tuple[bytes, str] | None:
    """The first chosen file's bytes (at most one byte over the limit, so storage refuses it
    without reading a huge file) and its name. Storage checks the content."""
    if not upload_files:
        return None
    upload = upload_files[0]
    data = upload.file.read(get_settings().max_upload_bytes + 1)
    return data, upload.name or "附件"


class PeopleTabState(WizardListState):
    rows: list[people.PersonRow] = []
    total: int = 0
    page: int = 1
    filter_name: str = ""
    # Filters and page are kept while the user moves between tabs (Reflex may run on_load twice
    # on a client-side navigation, so load must not undo what the user did in between); they
    # reset when the page shows the other filing type, and filter_key makes the uncontrolled
    # filter inputs remount with the reset values.
    filter_key: int = 0
    _list_type: str = ""
    filter_status: str = ""

    # the person dialog
    dialog_open: bool = False
    editing_id: int = 0  # 0 while adding
    form_key: int = 0  # changes when the dialog loads other values, so the uncontrolled inputs remount
    form: dict[str, str] = _empty_form()
    form_duties: list[str] = []
    form_posts: list[str] = []
    form_id_type: str = enums.ID_TYPE_RESIDENT
    form_gender: str = ""
    form_status: str = enums.PERSON_STATUS_ACTIVE
    form_has_training: str = "无"
    trainings: list[people.TrainingRow] = []
    training_key: int = 0
    cert_names: dict[str, str] = {}
    errors: dict[str, str] = {}
    message: str = ""

    _stamp: str = ""
    _cert_ids: dict[str, int] = {}
    _mode: str = "save"

    # ------------------------------------------------------------ list

    @rx.var
    def page_count(self) -> int:
        return page_count(self.total)

    @rx.var
    def page_numbers(self) -> list[int]:
        return page_numbers(self.page, self.total)

    def _load_rows(self, actor: Actor | None = None) -> Any:
        try:
            result = self._read(actor, people.list_people, self.wizard_type, name=self.filter_name,
                                status=self.filter_status, page=self.page)
        except ServiceError as exc:
            return self._error(exc)
        self.rows = result.rows
        self.total = result.total
        self.page = result.page
        return None

    @rx.event
    def load(self):
        actor, redirect = self._enter()
        if redirect:
            return redirect
        if self._list_type != self.wizard_type:
            self._list_type = self.wizard_type
            self.filter_name = ""
            self.filter_status = ""
            self.filter_key += 1
            self.page = 1
            self._close()
        return self._load_rows(actor)

    @rx.event
    def search(self, form: dict):
        self.filter_name = str(form.get("name", ""))[:50]
        status = str(form.get("status", ""))
        self.filter_status = status if status in enums.PERSON_STATUSES else ""
        self.page = 1
        return self._load_rows()

    @rx.event
    def go_page(self, page: int | str):
        try:
            self.page = max(1, min(int(page), self.page_count))
        except (TypeError, ValueError):
            return None
        return self._load_rows()

    @rx.event
    def delete_person(self, person_id: int):
        try:
            self._call(people.delete_person, person_id)
        except ServiceError as exc:
            return self._error(exc)
        self._load_rows()
        return rx.toast.success("已删除")

    @rx.event
    def next_tab(self):
        return self._next_from("people")

    @rx.event
    def prev_tab(self):
        return self._step("people", -1)

    # ------------------------------------------------------------ the dialog

    def _reset_dialog(self) -> None:
        self.editing_id = 0
        self.form_key += 1
        self.form = _empty_form()
        self.form_duties = []
        self.form_posts = []
        self.form_id_type = enums.ID_TYPE_RESIDENT
        self.form_gender = ""
        self.form_status = enums.PERSON_STATUS_ACTIVE
        self.form_has_training = "无"
        self.trainings = []
        self.training_key += 1
        self.cert_names = {}
        self.errors = {}
        self.message = ""
        self._stamp = ""
        self._cert_ids = {}
        self._mode = "save"

    @rx.event
    def open_add(self):
        if not self.editable:
            return rx.toast.error(self.read_only_reason or "当前不能修改")
        self._reset_dialog()
        self.dialog_open = True
        return None

    @rx.event
    def open_edit(self, person_id: int):
        try:
            detail = self._call(people.get_person, person_id, readonly=True)
        except ServiceError as exc:
            return self._error(exc)
        self._reset_dialog()
        values = detail.values
        self.editing_id = detail.id
        self._stamp = detail.stamp
        self.form = {k: str(values.get(k) or "") for k in PERSON_SCALARS}
        self.form_duties = list(values.get("duties") or [])
        self.form_posts = list(values.get("posts") or [])
        self.form_id_type = self.form["id_type"] or enums.ID_TYPE_RESIDENT
        self.form_gender = str(values.get("gender") or "")
        self.form_status = self.form["status"]
        self.form_has_training = self.form["has_training"] or "无"
        self.trainings = list(detail.trainings)
        self._cert_ids = {slot: f.attachment_id for slot, f in detail.certificates.items()}
        self.cert_names = {slot: f"{f.name}（{f.size_text}）" for slot, f in detail.certificates.items()}
        self.dialog_open = True
        return None

    def _close(self) -> None:
        self.dialog_open = False
        # The full identity number leaves the browser with the dialog.
        self.form = _empty_form()
        self._cert_ids = {}

    @rx.event
    def set_dialog_open(self, value: bool):
        if not value:
            self._close()

    @rx.event
    def close_dialog(self):
        self._close()

    @rx.event
    def set_id_type(self, value: str):
        self.form_id_type = value if value in enums.ID_TYPES else enums.ID_TYPE_RESIDENT

    @rx.event
    def id_entered(self, value: str):
        """性别 follows from the number as soon as it is typed."""
        self.form_gender = people.gender_of(self.form_id_type, str(value)[:40])

    @rx.event
    def set_status(self, value: str):
        self.form_status = value if value in enums.PERSON_STATUSES else enums.PERSON_STATUS_ACTIVE

    @rx.event
    def set_has_training(self, value: str):
        self.form_has_training = "有" if value == "有" else "无"

    @rx.event
    def set_mode(self, mode: str):
        self._mode = mode if mode in MODES else "save"

    @rx.event
    def delete_training(self, index: int):
        try:
            index = int(index)
        except (TypeError, ValueError):
            return
        if 0 <= index < len(self.trainings):
            self.trainings = self.trainings[:index] + self.trainings[index + 1:]

    def _add_training(self, form: FormData) -> None:
        row = {key: str(form.get(f"t_{key}", "")) for key in TRAINING_KEYS}
        checked = check_training(row)
        if checked.errors:
            self.errors = {**self.errors, "training_row": "；".join(checked.errors.values())}
            return
        if len(self.trainings) >= people.MAX_TRAININGS:
            self.errors = {**self.errors, "training_row": f"培训记录最多{people.MAX_TRAININGS}条"}
            return
        values = checked.values
        self.trainings = [*self.trainings, people.TrainingRow(values["level"], values["organization"],
                                                              values["content"], values.get("cert_no") or "")]
        self.errors = {k: v for k, v in self.errors.items() if k not in ("training_row", "trainings")}
        self.training_key += 1  # empty the row inputs

    @rx.event
    def submit_person(self, form: FormData):
        mode, self._mode = self._mode, "save"
        if not self.editable:
            return rx.toast.error(self.read_only_reason or "当前不能修改")
        if mode == "training":
            return self._add_training(form)
        data: dict[str, Any] = {key: str(form.get(key, "")) for key in PERSON_SCALARS}
        data["duties"] = [str(v) for v in form.getlist("duties")]
        data["posts"] = [str(v) for v in form.getlist("posts")]
        options = dict(
            certificates={slot: self._cert_ids.get(slot) for slot in CERTIFICATE_KEYS},
            trainings=[dataclasses.asdict(t) for t in self.trainings],
            complete=mode == "submit",
        )
        try:
            if self.editing_id:
                saved = self._call(people.update_person, self.editing_id, data, stamp=self._stamp, **options)
            else:
                saved = self._call(people.add_person, self.wizard_type, data, **options)
        except employment.HeldElsewhere as exc:
            self.errors = {"id_number": "该人员目前在其他机构在职备案，不能新增"}
            self.message = exc.message
            return None
        except ValidationFailed as exc:
            self.errors = exc.field_errors
            self.message = exc.message
            return None
        except ServiceError as exc:
            self.errors = exc.field_errors
            self.message = exc.message
            return self._error(exc) if not exc.field_errors else None
        self.errors = {}
        self.message = ""
        self.editing_id = saved.id
        self._stamp = saved.stamp
        self._load_rows()
        if mode == "submit":
            self._close()
            return rx.toast.success(f"已提交：{saved.name}")
        return rx.toast.success(f"已保存：{saved.name}")

    # ------------------------------------------------------------ certificates

    @rx.event
    async def upload_cert(self, upload_files: list[rx.UploadFile], slot: str):
        if slot not in CERTIFICATE_KEYS:
            return None
        chosen = await read_upload(upload_files)
        if chosen is None:
            return None
        try:
            saved = self._call(people.save_certificate, self.wizard_type, slot, *chosen)
        except ServiceError as exc:
            self.errors = {**self.errors, slot: exc.message}
            return None
        self._cert_ids = {**self._cert_ids, slot: saved.attachment_id}
        self.cert_names = {**self.cert_names, slot: f"{saved.name}（{saved.size_text}）"}
        self.errors = {k: v for k, v in self.errors.items() if k != slot}
        return None

    @rx.event
    def remove_cert(self, slot: str):
        self._cert_ids = {k: v for k, v in self._cert_ids.items() if k != slot}
        self.cert_names = {k: v for k, v in self.cert_names.items() if k != slot}

    @rx.event
    def download_cert(self, slot: str):
        attachment_id = self._cert_ids.get(slot)
        if not attachment_id:
            return None
        try:
            actor = self._require_actor()
            with session_scope() as session:
                path = files.download_link(session, actor, attachment_id)
        except ServiceError as exc:
            return self._error(exc)
        return self._download(path)


class DuplicatesState(WizardListState):
    """重复人员信息报备: the institution's reports and the 新增 dialog."""

    rows: list[duplicates.ReportRow] = []
    total: int = 0
    page: int = 1
    filter_name: str = ""

    dialog_open: bool = False
    form_key: int = 0
    statement_name: str = ""
    errors: dict[str, str] = {}
    message: str = ""
    _statement_id: int = 0

    @rx.var
    def page_count(self) -> int:
        return page_count(self.total)

    @rx.var
    def page_numbers(self) -> list[int]:
        return page_numbers(self.page, self.total)

    def _load_rows(self, actor: Actor | None = None) -> Any:
        try:
            result = self._read(actor, duplicates.list_reports, name=self.filter_name, page=self.page)
        except ServiceError as exc:
            return self._error(exc)
        self.rows = result.rows
        self.total = result.total
        self.page = result.page
        return None

    @rx.event
    def load(self):
        actor, redirect = self._enter()
        if redirect:
            return redirect
        # The reports are the institution's, whatever the filing type: keep the filter and page.
        return self._load_rows(actor)

    @rx.event
    def search(self, form: dict):
        self.filter_name = str(form.get("name", ""))[:50]
        self.page = 1
        return self._load_rows()

    @rx.event
    def go_page(self, page: int | str):
        try:
            self.page = max(1, min(int(page), self.page_count))
        except (TypeError, ValueError):
            return None
        return self._load_rows()

    @rx.event
    def open_add(self):
        self.form_key += 1
        self.statement_name = ""
        self._statement_id = 0
        self.errors = {}
        self.message = ""
        self.dialog_open = True

    @rx.event
    def set_dialog_open(self, value: bool):
        self.dialog_open = bool(value)

    @rx.event
    async def upload_statement(self, upload_files: list[rx.UploadFile]):
        chosen = await read_upload(upload_files)
        if chosen is None:
            return None
        try:
            saved = self._call(duplicates.save_statement, *chosen)
        except ServiceError as exc:
            self.errors = {**self.errors, "statement": exc.message}
            return None
        self._statement_id = saved.attachment_id
        self.statement_name = f"{saved.name}（{saved.size_text}）"
        self.errors = {k: v for k, v in self.errors.items() if k != "statement"}
        return None

    @rx.event
    def submit(self, form: dict):
        data = {key: str(form.get(key, "")) for key in ("id_number", "name", "leave_date")}
        try:
            self._call(duplicates.create_report, data, self._statement_id or None, filing_type=self.wizard_type)
        except ServiceError as exc:
            self.errors = exc.field_errors
            self.message = "" if isinstance(exc, ValidationFailed) else exc.message
            return None
        self.dialog_open = False
        self.errors = {}
        self.message = ""
        self.page = 1
        self._load_rows()
        return rx.toast.success("重复人员信息报备已提交，请等待省级生态环境部门审查")

    @rx.event
    def download(self, attachment_id: int):
        try:
            actor = self._require_actor()
            with session_scope() as session:
                path = files.download_link(session, actor, int(attachment_id))
        except (ServiceError, TypeError, ValueError) as exc:
            return self._error(exc) if isinstance(exc, ServiceError) else None
        return self._download(path)
