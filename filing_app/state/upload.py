"""Reading an upload event's file in a State handler.

    @rx.event
    async def upload_x(self, files: list[rx.UploadFile]):
        try:
            upload = await read_one(files)
            view = self._call(some_service, upload.data, upload.name, ...)
        except ServiceError as exc:
            return self._error(exc)

read_one refuses an empty selection, several files and (before reading it all) a file over
the size limit; the service then checks the content (services/storage.save_upload). Nothing
here touches the disk: Reflex's own upload directory is public and never used.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from filing_app.services.errors import ServiceError
from filing_app.services.storage import human_size
from filing_app.settings import get_settings


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


async def read_one(files: list[rx.UploadFile]) -> Upload:
    """The single file of an upload event (raises ServiceError with a Chinese message)."""
    if not files:
        raise ServiceError("请选择要上传的文件")
    if len(files) > 1:
        raise ServiceError("一次只能上传一个文件")
    return await read_file(files[0])


async def read_file(upload: rx.UploadFile) -> Upload:
    """One uploaded file, refused (ServiceError) as soon as it is over the size limit: never
    more than the limit and one byte is read into memory, whatever size the client claims."""
    limit = get_settings().max_upload_bytes
    too_big = ServiceError(f"文件超过上限{human_size(limit)}，请压缩后重新上传")
    if upload.size is not None and upload.size > limit:
        raise too_big
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise too_big
    name = upload.name or getattr(upload, "filename", None) or "附件"
    return Upload(name=name, data=data)
