"""A hostile client may send a file far over the limit and lie about (or omit) its size: every
upload handler stops reading at the limit and one byte, and stores nothing."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import reflex as rx
from sqlmodel import select

from filing_app.db import session_scope
from filing_app.domain.enums import Role
from filing_app.models import Attachment
from filing_app.services import auth
from filing_app.settings import get_settings
from filing_app.state.feedback import InstitutionFeedbackState
from filing_app.state.notice_admin import NoticeEditState
from tests import review_data as rd
from tests.helpers import STRONG_PASSWORD
from tests.state.test_change_states import _state


class _CountingFile(io.BytesIO):
    """Remembers the most bytes a single read asked for (-1: everything)."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.asked: list[int] = []

    def read(self, size: int | None = -1) -> bytes:
        self.asked.append(-1 if size is None else size)
        return super().read(size)


def _oversized() -> tuple[rx.UploadFile, _CountingFile]:
    limit = get_settings().max_upload_bytes
    file = _CountingFile(b"%PDF-1.4\n" + b"0" * (limit + 1024))
    # size=None: a streamed (chunked) upload does not say how big it is.
    return rx.UploadFile(file=file, path=Path("大文件.pdf"), size=None), file


def _token(role: str) -> str:
    with session_scope() as s:
        if role == "institution":
            username = rd.make_account(s, Role.INST_MAIN, institution=rd.make_institution(s)).username
        else:
            username = rd.make_account(s, Role.REVIEWER, province="110000").username
    with session_scope() as s:
        return auth.login_with_password(s, username, STRONG_PASSWORD).token


def _bounded(file: _CountingFile) -> bool:
    limit = get_settings().max_upload_bytes
    return bool(file.asked) and all(0 <= n <= limit + 1 for n in file.asked)


def test_a_suggestion_attachment_over_the_limit_is_refused_without_reading_it_all(db):  # noqa: F811
    state = _state(_token("institution"), InstitutionFeedbackState, "/institution/feedback")
    upload, file = _oversized()
    asyncio.run(InstitutionFeedbackState.upload_attachment.fn(state, [upload]))
    assert "超过上限" in state.errors["attachment"]
    assert _bounded(file), file.asked
    with session_scope(readonly=True) as s:
        assert s.exec(select(Attachment)).first() is None


def test_a_notice_attachment_over_the_limit_is_refused_without_reading_it_all(db):  # noqa: F811
    state = _state(_token("reviewer"), NoticeEditState, "/manage/notices/new")
    upload, file = _oversized()
    result = asyncio.run(NoticeEditState.upload.fn(state, [upload]))
    assert "超过上限" in repr(result)
    assert _bounded(file), file.asked
    assert state.attachments == [] and not state.uploading
    with session_scope(readonly=True) as s:
        assert s.exec(select(Attachment)).first() is None


from tests.services.conftest import db, migrated  # noqa: E402, F401  (fixtures)
