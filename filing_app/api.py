"""Backend HTTP routes added to Reflex's ASGI app: signed file downloads."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from filing_app.db import session_scope
from filing_app.models import Attachment
from filing_app.services import files, storage


async def download(request: Request) -> Response:
    try:
        attachment_id = int(request.path_params["attachment_id"])
        expires = int(request.path_params["expires"])
    except ValueError:
        return PlainTextResponse("链接无效", status_code=404)
    if not files.verify_link(attachment_id, expires, request.path_params["signature"]):
        return PlainTextResponse("下载链接无效或已过期，请回到页面重新点击下载", status_code=403)
    with session_scope(readonly=True) as session:
        attachment = session.get(Attachment, attachment_id)
    if attachment is None or not storage.file_path(attachment).exists():
        return PlainTextResponse("文件不存在", status_code=404)
    return FileResponse(
        storage.file_path(attachment),
        media_type=attachment.content_type,
        headers={
            "Content-Disposition": files.content_disposition(attachment.original_name),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )


files_api = Starlette(
    routes=[Route(files.FILES_PATH + "/{attachment_id}/{expires}/{signature}", download, methods=["GET"])]
)
