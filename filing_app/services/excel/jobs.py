"""A private scratch store for an import in progress.

The upload handler writes the file here and the background import reads it (they may
run in different worker processes); a failed import keeps the file and its error list
here so that the user can page through every error and download the error report.
Everything lives under the data folder (never served), under random names, belongs to
the account that uploaded it, and is swept after a day.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from filing_app.services.actor import Actor
from filing_app.services.errors import NotFound
from filing_app.services.excel.common import CellError, ImportResult
from filing_app.settings import get_settings

TTL_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _dir() -> Path:
    path = get_settings().data_dir / "excel-jobs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _path(token: str, suffix: str) -> Path:
    if not _TOKEN.match(token or ""):
        raise NotFound("导入记录不存在或已过期，请重新导入")
    return _dir() / f"{token}{suffix}"


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def sweep(now: float | None = None) -> None:
    limit = (now or time.time()) - TTL_SECONDS
    for path in _dir().iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            continue


@dataclass(frozen=True)
class Job:
    token: str
    account_id: int
    kind: str
    filing_type: str
    filename: str


def create(actor: Actor, kind: str, filing_type: str, filename: str, data: bytes) -> Job:
    sweep()
    token = secrets.token_hex(16)
    job = Job(token, actor.account_id, kind, filing_type, filename[:200])
    _write(_path(token, ".upload"), data)
    _write(_path(token, ".json"), json.dumps(job.__dict__, ensure_ascii=False).encode())
    return job


def get(token: str, actor: Actor) -> Job:
    try:
        meta = json.loads(_path(token, ".json").read_text())
    except (OSError, ValueError):
        raise NotFound("导入记录不存在或已过期，请重新导入") from None
    job = Job(**meta)
    if job.account_id != actor.account_id:
        raise NotFound("导入记录不存在或已过期，请重新导入")
    return job


def upload(job: Job) -> bytes:
    try:
        return _path(job.token, ".upload").read_bytes()
    except OSError:
        raise NotFound("上传的文件已过期，请重新导入") from None


def save_errors(job: Job, result: ImportResult) -> None:
    payload = {
        "sheet": result.sheet, "header_row": result.header_row, "last_column": result.last_column,
        "error_column": result.error_column,
        "errors": [[e.row, e.column, e.message, e.column_number] for e in result.errors],
    }
    _write(_path(job.token, ".errors.json"), json.dumps(payload, ensure_ascii=False).encode())


def _errors_payload(job: Job) -> dict:
    try:
        return json.loads(_path(job.token, ".errors.json").read_text())
    except (OSError, ValueError):
        raise NotFound("错误列表已过期，请重新导入") from None


def errors_page(job: Job, page: int, size: int) -> tuple[list[CellError], int]:
    payload = _errors_payload(job)
    items = payload["errors"]
    start = (max(page, 1) - 1) * size
    return [CellError(r, c, m, n) for r, c, m, n in items[start:start + size]], len(items)


def report(job: Job) -> bytes:
    """The error report workbook, built once and kept next to the upload."""
    from filing_app.services.excel.errors_report import build_report

    cached = _path(job.token, ".report.xlsx")
    if cached.exists():
        return cached.read_bytes()
    payload = _errors_payload(job)
    data = build_report(
        upload(job), sheet=payload["sheet"], header_row=payload["header_row"], last_column=payload["last_column"],
        error_column=payload["error_column"],
        errors=[CellError(r, c, m, n) for r, c, m, n in payload["errors"]],
    )
    _write(cached, data)
    return data


def report_filename(job: Job) -> str:
    stem = os.path.splitext(os.path.basename(job.filename.replace("\\", "/")))[0] or "导入文件"
    return f"{stem}_错误报告.xlsx"


def discard(token: str) -> None:
    if not _TOKEN.match(token or ""):
        return
    for path in _dir().glob(f"{token}*"):
        try:
            path.unlink()
        except OSError:
            continue
