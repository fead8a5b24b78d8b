"""Backend HTTP routes added to Reflex's ASGI app: signed file downloads, and a cap on the size
of an upload request."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from filing_app.db import session_scope
from filing_app.models import Attachment
from filing_app.services import files, storage
from filing_app.settings import get_settings

UPLOAD_PATH = "/_upload"  # Reflex's upload endpoint (reflex_base.constants.Endpoint.UPLOAD)
# The most files one upload request carries (a notice's attachments), and room for the multipart framing.
FILES_PER_UPLOAD = 10
MULTIPART_SLACK = 1024 * 1024


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


def upload_request_limit() -> int:
    settings = get_settings()
    return max(settings.max_upload_bytes, settings.import_max_bytes) * FILES_PER_UPLOAD + MULTIPART_SLACK


def limit_upload_body(app: ASGIApp) -> ASGIApp:
    """Reflex spools a whole upload request to temporary files before any handler (which checks
    each file's size) runs; refuse a request over the cap before that, so that a hostile client
    cannot fill the disk: a declared Content-Length over it gets 413, a streamed body is cut off
    (the upload endpoint then sees a disconnected client and does nothing)."""

    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "POST" or \
                not scope.get("path", "").rstrip("/").endswith(UPLOAD_PATH):
            await app(scope, receive, send)
            return
        limit = upload_request_limit()
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > limit
            except ValueError:
                too_big = True
            if too_big:
                await PlainTextResponse("上传内容过大", status_code=413)(scope, receive, send)
                return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    return {"type": "http.disconnect"}
            return message

        await app(scope, counted, send)

    return guarded
