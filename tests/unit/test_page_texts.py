"""Texts of compiled pages that no service test reaches (labels, hints, links)."""

from __future__ import annotations

import json
from dataclasses import replace

from filing_app.components import upload
from filing_app.settings import get_settings


def _js(text: str) -> str:
    """text as the compiled page spells it (non-ASCII characters as \\uXXXX escapes)."""
    return json.dumps(text)[1:-1]


def test_upload_hints_state_the_configured_size_limit(monkeypatch):
    from filing_app.pages.wizard_basic import _site_dialog
    from filing_app.pages.wizard_submit import _commitment

    monkeypatch.setattr(upload, "get_settings", lambda: replace(get_settings(), max_upload_bytes=5 * 1024 * 1024))
    for component, prefix in ((_commitment(), "上传签字盖章后的承诺书扫描件，"), (_site_dialog(), "房产证明或租赁合同等，")):
        page = str(component)
        assert _js(prefix + "支持PDF、JPG、PNG格式，单个文件不超过5MB") in page
        assert "20MB" not in page


def test_every_home_leads_to_the_registry():
    from filing_app import routes
    from filing_app.pages.institution_home import institution_home_page
    from filing_app.pages.staff import admin_home_page, review_home_page

    institution_home = str(institution_home_page())
    # The institution's own province portal (图3-18 备案信息查询入口): tests/state/test_change_states.py
    # checks the href the home's state sets.
    assert _js("备案信息查询") in institution_home and "registry_href" in institution_home
    for page in (review_home_page(), admin_home_page()):
        rendered = str(page)
        assert _js("备案信息查询") in rendered and f'to:"{routes.REGISTRY}"' in rendered
