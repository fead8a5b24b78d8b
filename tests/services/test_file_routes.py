"""The backend's own HTTP routes, called as a hostile client would: signed downloads, and the
cap on an upload request's size."""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

from filing_app import api
from filing_app.db import session_scope
from filing_app.services import files, security, storage
from tests import review_data as rd

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


# ------------------------------------------------------------------ upload size cap


def _upload_app(seen: list[str]) -> TestClient:
    async def upload(request: Request):
        try:
            body = await request.body()
        except ClientDisconnect:
            seen.append("disconnected")
            return PlainTextResponse("")
        seen.append(f"read {len(body)}")
        return PlainTextResponse("ok")

    inner = Starlette(routes=[Route("/_upload", upload, methods=["POST"]),
                              Route("/other", upload, methods=["POST"])])
    return TestClient(api.limit_upload_body(inner))


@pytest.fixture
def small_cap(monkeypatch):  # noqa: ANN001, ANN201
    monkeypatch.setattr(api, "upload_request_limit", lambda: 1000)


def test_an_upload_request_declaring_more_than_the_cap_is_refused_before_it_is_read(small_cap):  # noqa: ARG001
    seen: list[str] = []
    response = _upload_app(seen).post("/_upload", content=b"x" * 1001)
    assert response.status_code == 413 and seen == []


def test_a_streamed_upload_request_is_cut_off_at_the_cap(small_cap):  # noqa: ARG001
    seen: list[str] = []

    def chunks():  # no Content-Length: chunked transfer
        for _ in range(20):
            yield b"x" * 100

    _upload_app(seen).post("/_upload", content=chunks())
    assert seen == ["disconnected"]


def test_requests_within_the_cap_and_other_routes_pass(small_cap):  # noqa: ARG001
    seen: list[str] = []
    client = _upload_app(seen)
    assert client.post("/_upload", content=b"x" * 1000).text == "ok"
    assert client.post("/other", content=b"x" * 5000).text == "ok"
    assert seen == ["read 1000", "read 5000"]


def test_the_cap_leaves_room_for_a_notices_attachments_and_the_app_applies_it():
    from filing_app.filing_app import app
    from filing_app.services.notice_admin import MAX_ATTACHMENTS
    from filing_app.settings import get_settings

    assert api.FILES_PER_UPLOAD >= MAX_ATTACHMENTS
    assert api.upload_request_limit() > get_settings().max_upload_bytes * MAX_ATTACHMENTS
    assert api.limit_upload_body in app.api_transformer


# ------------------------------------------------------------------ signed downloads


@pytest.fixture
def stored(db):  # noqa: ANN001, ANN201, F811
    with session_scope() as s:
        institution = rd.make_institution(s)
        actor = rd.institution_main(s, institution)
        attachment = storage.save_upload(s, actor, PDF, '资质认定证书"; x=1\r\nSet-Cookie: a=b.pdf', "cma_cert",
                                         institution_id=institution.id)
        return attachment.id, attachment.original_name


def _client() -> TestClient:
    return TestClient(Starlette(routes=[Mount("/", app=api.files_api)]))


def test_a_signed_link_serves_the_file_with_a_safe_chinese_file_name(stored):  # noqa: ANN001
    attachment_id, name = stored
    response = _client().get(files.public_link(attachment_id))
    assert response.status_code == 200 and response.content == PDF
    disposition = response.headers["content-disposition"]
    assert "\r" not in disposition and "\n" not in disposition and "set-cookie" not in response.headers
    assert disposition.startswith('attachment; filename="') and f"filename*=UTF-8''{quote(name)}" in disposition
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-type"].startswith("application/pdf")


def test_a_forged_expired_or_malformed_link_serves_nothing(stored):  # noqa: ANN001
    attachment_id, _ = stored
    client = _client()
    link = files.public_link(attachment_id)
    _, _, _, expires, signature = link.split("/")
    # another attachment with this link's signature, a later expiry, a truncated signature
    assert client.get(f"/files/{attachment_id + 1}/{expires}/{signature}").status_code == 403
    assert client.get(f"/files/{attachment_id}/{int(expires) + 3600}/{signature}").status_code == 403
    assert client.get(f"/files/{attachment_id}/{expires}/{signature[:-1]}").status_code == 403
    past = int(time.time()) - 1
    assert client.get(f"/files/{attachment_id}/{past}/{security.sign(f'{attachment_id}.{past}')}").status_code == 403
    assert client.get(f"/files/..%2F..%2Fsecret_key/{expires}/{signature}").status_code == 404
    assert client.get(f"/files/{attachment_id}/soon/{signature}").status_code == 404


from tests.services.conftest import db, migrated  # noqa: E402, F401  (fixtures)
