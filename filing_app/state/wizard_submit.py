"""备案提交: every tab's problems at once, the written commitment, and 确认提交 — or, for the
working copy of a published filing (备案变更), 提交变更."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from filing_app.components.wizard import tab_path
from filing_app.services import changes, filings
from filing_app.services.errors import ServiceError, StaleVersion
from filing_app.state.upload import read_one
from filing_app.state.wizard import WizardPageState


@dataclass(frozen=True)
class GroupRow:
    tab: str
    label: str
    href: str  # the tab to fix it in ("" for 书面承诺, which is on this page)
    problems: list[str]
    ok: bool


class SubmitPageState(WizardPageState):
    groups: list[GroupRow] = []
    ready: bool = False
    institution: str = ""
    credit_code: str = ""
    commitment_id: int = 0
    commitment_name: str = ""
    commitment_size: str = ""
    change_result: str = ""  # what 提交变更 did (sent for review / published at once)

    @rx.event
    def load(self):
        actor, redirect = self._open()
        if redirect:
            return redirect
        self.change_result = ""
        try:
            self._load_check()
        except ServiceError as exc:
            return self._error(exc)
        self._shown("submit")

    def _load_check(self) -> None:
        overview = self._call(filings.submission_check, self.wizard_type, readonly=True)
        self._apply_summary(overview.summary)
        self.groups = [
            GroupRow(g.tab, g.label, tab_path(self.wizard_type, g.tab) if g.tab != "commitment" else "",
                     g.problems, not g.problems)
            for g in overview.groups
        ]
        self.ready = overview.ready
        self.institution = overview.institution_name
        self.credit_code = overview.credit_code
        view = overview.commitment
        self.commitment_id = view.id if view else 0
        self.commitment_name = view.name if view else ""
        self.commitment_size = view.size_text if view else ""

    @rx.event
    def recheck(self):
        try:
            self._load_check()
        except ServiceError as exc:
            return self._error(exc)

    @rx.event
    def download_letter(self):
        try:
            name, data = self._call(filings.commitment_letter, self.wizard_type)
        except ServiceError as exc:
            return self._error(exc)
        return rx.download(data=data, filename=name)

    @rx.event
    async def upload_commitment(self, files: list[rx.UploadFile]):
        try:
            upload = await read_one(files)
            result = self._call(filings.attach_file, self.wizard_type, "commitment", upload.data, upload.name,
                                version=self.version)
            self.version = result.version
            self._load_check()
        except ServiceError as exc:
            return self._refused(exc)
        return rx.toast.success(f"已上传：{result.file.name}")

    @rx.event
    def confirm_submit(self):
        try:
            summary = self._call(filings.submit, self.wizard_type, version=self.version)
        except StaleVersion:
            # Someone changed the filing since this page was checked: check again, let them look.
            self.message = "备案内容刚刚被他人修改，已重新检查，请确认下方清单后再提交"
            self._reload_quietly()
            return rx.toast.warning(self.message)
        except ServiceError as exc:
            self._reload_quietly()
            return self._error(exc)
        self._apply_summary(summary)
        self.message = ""
        self._reload_quietly()
        return rx.toast.success("备案已提交，请等待省级生态环境部门审查")

    @rx.event
    def submit_change(self):
        """提交变更: key fields go to the province's review, every other edit is published at once."""
        try:
            result = self._call(changes.submit_change, self.wizard_type, self.version)
        except StaleVersion:
            self.message = "备案内容刚刚被他人修改，已重新检查，请确认下方清单后再提交变更"
            self._reload_quietly()
            return rx.toast.warning(self.message)
        except ServiceError as exc:
            self.message = exc.message
            self._reload_quietly()
            return rx.toast.error(exc.message)
        self.message = ""
        self.change_result = result.message
        self._reload_quietly()
        return rx.toast.success(result.message)

    def _reload_quietly(self) -> None:
        try:
            self._load_check()
        except ServiceError:
            pass
