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

from filing_app.domain import enums
from filing_app.domain.records import CERTIFICATE_KEYS, check_training
from filing_app.services import duplicates, employment, people
from filing_app.services.actor import Actor
from filing_app.services.errors import ServiceError, ValidationFailed
from filing_app.state.upload import read_one
from filing_app.state.wizard import WizardPageState
from filing_app.state.wizard_lists import ListPageMixin, ListTabMixin

PERSON_SCALARS = ("id_type", "id_number", "name", "education", "degree", "major", "hire_date", "labor_relation",
                  "title", "status", "leave_date", "has_training")
TRAINING_KEYS = ("level", "organization", "content", "cert_no")
MODES = ("save", "submit", "training")


def _empty_form() -> dict[str, str]:
    form = dict.fromkeys(PERSON_SCALARS, "")
    form.update(id_type=enums.ID_TYPE_RESIDENT, status=enums.PERSON_STATUS_ACTIVE, has_training="无")
    return form


class PeopleTabState(ListTabMixin, WizardPageState):
    rows: list[people.PersonRow] = []
    filter_status: str = ""

    # the person dialog (form_key remounts its uncontrolled inputs; errors / message are the base's)
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
    cert_sizes: dict[str, str] = {}

    _cert_ids: dict[str, int] = {}
    _mode: str = "save"

    # ------------------------------------------------------------ list

    def _tab(self) -> str:
        return "people"

    def _fetch(self, actor: Actor | None) -> people.PersonPage:
        return self._call_as(actor, people.list_people, self.wizard_type, name=self.filter_name,
                        status=self.filter_status, page=self.page, readonly=True)

    def _set_filters(self, form: dict) -> None:
        super()._set_filters(form)
        status = str(form.get("status", ""))
        self.filter_status = status if status in enums.PERSON_STATUSES else ""

    def _clear_filters(self) -> None:
        super()._clear_filters()
        self.filter_status = ""

    @rx.event
    def delete_person(self, person_id: int):
        return self._delete_row(people.delete_person, person_id)

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
        self.cert_sizes = {}
        self.errors = {}
        self.message = ""
        self._stamp = ""
        self._cert_ids = {}
        self._mode = "save"

    @rx.event
    def open_add(self):
        if self.read_only:
            return self._locked()
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
        self.cert_names = {slot: f.name for slot, f in detail.certificates.items()}
        self.cert_sizes = {slot: f.size_text for slot, f in detail.certificates.items()}
        self.dialog_open = True
        return None

    def _close(self) -> None:
        self.dialog_open = False
        # The full identity number leaves the browser with the dialog.
        self.form = _empty_form()
        self._cert_ids = {}

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
        if self.read_only:
            return self._locked()
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
            refused = "保存为在职" if self.editing_id else "新增"
            self.errors = {"id_number": f"该人员目前在其他机构在职备案，不能{refused}"}
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
        try:
            upload = await read_one(upload_files)
            saved = self._call(people.save_certificate, self.wizard_type, slot, upload.data, upload.name)
        except ServiceError as exc:
            self.errors = {**self.errors, slot: exc.message}
            return None
        self._cert_ids = {**self._cert_ids, slot: saved.attachment_id}
        self.cert_names = {**self.cert_names, slot: saved.name}
        self.cert_sizes = {**self.cert_sizes, slot: saved.size_text}
        self.errors = {k: v for k, v in self.errors.items() if k != slot}
        return None

    @rx.event
    def remove_cert(self, slot: str):
        self._cert_ids = {k: v for k, v in self._cert_ids.items() if k != slot}
        self.cert_names = {k: v for k, v in self.cert_names.items() if k != slot}
        self.cert_sizes = {k: v for k, v in self.cert_sizes.items() if k != slot}

    @rx.event
    def download_cert(self, slot: str):
        attachment_id = self._cert_ids.get(slot)
        return self._download_file(attachment_id) if attachment_id else None


class DuplicatesState(ListPageMixin, WizardPageState):
    """重复人员信息报备: the institution's reports and the 新增 dialog (errors / message are the base's).

    The reports are the institution's, whatever the filing type: the filter and page are kept."""

    rows: list[duplicates.ReportRow] = []
    statement_name: str = ""
    statement_size: str = ""
    _statement_id: int = 0

    def _fetch(self, actor: Actor | None) -> duplicates.ReportPage:
        return self._call_as(actor, duplicates.list_reports, name=self.filter_name, page=self.page, readonly=True)

    @rx.event
    def load(self):
        return self._load_page("duplicates", self._show_rows)

    @rx.event
    def open_add(self):
        self.form_key += 1
        self.statement_name = ""
        self.statement_size = ""
        self._statement_id = 0
        self.errors = {}
        self.message = ""
        self.dialog_open = True

    @rx.event
    async def upload_statement(self, upload_files: list[rx.UploadFile]):
        try:
            upload = await read_one(upload_files)
            saved = self._call(duplicates.save_statement, upload.data, upload.name)
        except ServiceError as exc:
            self.errors = {**self.errors, "statement": exc.message}
            return None
        self._statement_id = saved.attachment_id
        self.statement_name = saved.name
        self.statement_size = saved.size_text
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
