"""The only place that touches uploaded files.

Files are checked by their content (not their name), limited in size, and written
outside anything the web server serves, under random names. Downloads go through
files.py, which checks who may read them.
"""

from __future__ import annotations

import hashlib
import io
import os
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from filing_app.models import Attachment
from filing_app.services import audit
from filing_app.services.actor import Actor
from filing_app.services.errors import ServiceError
from filing_app.settings import get_settings

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

DOCUMENT_TYPES = (PDF, JPEG, PNG)
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png", XLSX: ".xlsx"}
TYPE_LABELS = {PDF: "PDF", JPEG: "JPG", PNG: "PNG", XLSX: "XLSX"}


def sniff(data: bytes) -> str | None:
    """The real type of a file from its first bytes (and, for XLSX, its zip directory)."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            return None
        if "xl/workbook.xml" in names and "[Content_Types].xml" in names:
            return XLSX
    return None


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} B"


def check_upload(data: bytes, allowed: tuple[str, ...] = DOCUMENT_TYPES, max_bytes: int | None = None) -> str:
    """The content type of an acceptable upload, or a ServiceError saying why not."""
    limit = max_bytes or get_settings().max_upload_bytes
    if not data:
        raise ServiceError("文件为空，请重新选择")
    if len(data) > limit:
        raise ServiceError(f"文件大小为{human_size(len(data))}，超过上限{human_size(limit)}")
    kind = sniff(data)
    if kind not in allowed:
        names = "、".join(TYPE_LABELS[t] for t in allowed)
        raise ServiceError(f"文件内容不是{names}格式（系统按文件内容识别，修改扩展名无效），请重新选择")
    return kind


def _safe_name(name: str, kind: str) -> str:
    """Keep the user's name for display, with an extension that matches the content."""
    base = os.path.basename((name or "").replace("\\", "/")).strip() or "附件"
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"/\\|?*')[:200] or "附件"
    stem, ext = os.path.splitext(base)
    wanted = EXTENSIONS[kind]
    if ext.lower() in (wanted, ".jpeg" if kind == JPEG else wanted):
        return base
    return f"{stem or '附件'}{wanted}"


def _path_for(stored_name: str) -> Path:
    return get_settings().upload_dir / stored_name[:2] / stored_name


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    name: str
    size_text: str
    content_type: str


def info(attachment: Attachment | None) -> AttachmentInfo | None:
    if attachment is None:
        return None
    return AttachmentInfo(attachment.id, attachment.original_name, human_size(attachment.size), attachment.content_type)


def save_upload(
    session: Session,
    actor: Actor | None,
    data: bytes,
    original_name: str,
    purpose: str,
    *,
    institution_id: int | None,
    allowed: tuple[str, ...] = DOCUMENT_TYPES,
) -> Attachment:
    """Check and store a file; returns its Attachment row (flushed, with an id)."""
    kind = check_upload(data, allowed)
    stored_name = secrets.token_hex(16)
    path = _path_for(stored_name)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)
    attachment = Attachment(
        institution_id=institution_id,
        purpose=purpose,
        original_name=_safe_name(original_name, kind),
        stored_name=stored_name,
        content_type=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor.account_id if actor else None,
    )
    session.add(attachment)
    session.flush()
    audit.record(
        session,
        actor,
        "upload",
        object_type="attachment",
        object_id=attachment.id,
        institution_id=institution_id,
        detail={"purpose": purpose, "name": attachment.original_name, "size": len(data), "type": kind},
    )
    return attachment


def read_bytes(attachment: Attachment) -> bytes:
    return _path_for(attachment.stored_name).read_bytes()


def file_path(attachment: Attachment) -> Path:
    return _path_for(attachment.stored_name)
