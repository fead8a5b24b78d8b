"""Post-login destinations (login?next=...) stay on this site."""

from __future__ import annotations

import pytest

from filing_app import routes


@pytest.mark.parametrize("path", ["/institution", "/review/filing/3", "/institution/filing/om/people?page=2",
                                  "/notices/5#附件"])
def test_a_same_site_path_is_kept(path: str):
    assert routes.safe_next(path) == path


@pytest.mark.parametrize("path", [
    "", "https://evil.example", "//evil.example", "/\\evil.example", "evil.example",
    # browsers drop tabs and newlines from URLs: these would become //evil.example
    "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/\x00/evil.example",
    "/login?next=/institution", "/register",
])
def test_anything_else_is_dropped(path: str):
    assert routes.safe_next(path) == ""
    assert routes.login_url(path) == routes.LOGIN
