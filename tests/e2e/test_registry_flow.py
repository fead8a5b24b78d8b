"""Issue 6's browser path on the demo registry: search by credit code and by part of a name,
switch type, page, open the detail, download the certificate, a province portal, export."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from filing_app.demo_registry import DEMO
from filing_app.domain.enums import FilingType

MONITORING = [d for d in DEMO if d.filing_type == FilingType.MONITORING]


def _published_names(filing_type: str) -> list[str]:
    """What the registry holds now: the demo plus whatever other browser tests published."""
    from sqlmodel import select

    from filing_app.db import session_scope
    from filing_app.models import PublishedFiling

    with session_scope(readonly=True) as s:
        return list(s.exec(select(PublishedFiling.org_name).where(PublishedFiling.filing_type == filing_type)))


def _seq(page) -> str:
    return page.locator("#registry-search-seq").get_attribute("data-seq")


def _search(page, *, name: str = "", code: str = "") -> None:
    before = _seq(page)
    page.locator("#filter-name").fill(name)
    page.locator("#filter-code").fill(code)
    page.locator("#registry-search").click()
    expect(page.locator("#registry-search-seq")).not_to_have_attribute("data-seq", before)


@pytest.mark.postgres_pass
def test_search_switch_type_page_detail_and_download(app):
    monitoring = _published_names(FilingType.MONITORING)
    om = _published_names(FilingType.OM)
    assert len(monitoring) > 10  # the demo alone has more than a page
    page = app.open("/registry")
    rows = page.locator("#registry-table .registry-row")
    expect(page.locator("#registry-heading")).to_contain_text("全国")
    expect(page.locator(".pager-total")).to_have_text(f"共 {len(monitoring)} 条")
    expect(rows).to_have_count(10)

    # By credit code: exactly that institution.
    target = next(d for d in MONITORING if d.name == "上海浦润测试环境科技有限公司")
    _search(page, code=target.credit_code)
    expect(rows).to_have_count(1)
    expect(rows.first.locator(".registry-name")).to_have_text(target.name)
    expect(rows.first.locator(".registry-code")).to_have_text(target.credit_code)
    expect(rows.first).to_contain_text("上海市")

    # By a part of a name (two characters, and across provinces).
    _search(page, name="华澄")
    expect(rows).to_have_count(1)
    expect(rows.first.locator(".registry-name")).to_have_text("北京华澄环境检测有限公司")
    _search(page, name="辐射")
    expected = sorted(n for n in monitoring if "辐射" in n)
    expect(rows).to_have_count(len(expected))
    assert sorted(rows.locator(".registry-name").all_inner_texts()) == expected

    # A wrong code is refused under its field; nothing typed is lost.
    page.locator("#filter-code").fill("91I1")
    page.locator("#registry-search").click()
    expect(page.locator(".field-error")).to_contain_text("不是合法字符")
    expect(page.locator("#filter-name")).to_have_value("辐射")

    # Switch to 运维机构: the same filters apply to the other registry.
    before = _seq(page)
    page.locator("#registry-reset").click()
    expect(page.locator("#registry-search-seq")).not_to_have_attribute("data-seq", before)
    before = _seq(page)
    page.locator("#registry-type-om").click()
    expect(page.locator("#registry-search-seq")).not_to_have_attribute("data-seq", before)
    expect(page.locator(".pager-total")).to_have_text(f"共 {len(om)} 条")
    expect(rows.first.locator(".doc-qualification")).to_have_text("运维能力证书")

    # Back to monitoring, page 2 holds 序号 11 onwards.
    page.locator("#registry-type-monitoring").click()
    expect(page.locator(".pager-total")).to_have_text(f"共 {len(monitoring)} 条")
    page.get_by_role("button", name="2", exact=True).click()
    expect(rows.first.locator("td").first).to_have_text("11")
    expect(rows).to_have_count(min(10, len(monitoring) - 10))

    # The detail page: what the regulation makes public, and no phone number.
    _search(page, name="华澄")
    rows.first.locator(".registry-name").click()
    page.wait_for_url(re.compile(r"/registry/\d+$"))
    expect(page.locator("#detail-name")).to_have_text("北京华澄环境检测有限公司")
    expect(page.get_by_text("资质认定证书编号(CMA)")).to_be_visible()
    expect(page.get_by_text("法定代表人")).to_be_visible()
    assert "联系方式" not in page.content()

    # Download the certificate without logging in.
    with page.expect_download() as info:
        page.locator(".detail-doc", has_text="资质认定证书").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"

    # And from the list itself: the commitment letter.
    page.locator("#detail-back").click()
    app.wait_path("/registry")
    expect(rows.first).to_be_visible()
    with page.expect_download() as info:
        rows.first.locator(".doc-commitment").click()
    assert info.value.suggested_filename.endswith(".pdf")


@pytest.mark.postgres_pass
def test_a_province_portal_lists_its_own_institutions_and_exports_them(app):
    page = app.open("/p/310000")
    expect(page.locator("#system-title")).to_contain_text("上海市")  # the portal has loaded
    page.locator("#go-registry").click()
    app.wait_path("/p/310000/registry")
    expect(page.locator("#registry-heading")).to_contain_text("上海市")
    expect(page.locator("#filter-province")).to_be_disabled()
    shanghai = sorted(d.name for d in MONITORING if d.city_code.startswith("31"))
    rows = page.locator("#registry-table .registry-row")
    expect(rows).to_have_count(len(shanghai))
    assert sorted(rows.locator(".registry-name").all_inner_texts()) == shanghai
    # The city list follows the province.
    page.locator("#filter-city").select_option("310115")
    before = _seq(page)
    page.locator("#registry-search").click()
    expect(page.locator("#registry-search-seq")).not_to_have_attribute("data-seq", before)
    expect(rows).to_have_count(1)
    expect(rows.first.locator(".registry-name")).to_have_text("上海浦江辐射环境监测站")

    with page.expect_download() as info:
        page.locator("#registry-export").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    with open(download.path(), "rb") as fh:
        sheet = load_workbook(io.BytesIO(fh.read())).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][1] == "机构名称"
    assert [v[1] for v in values[1:]] == ["上海浦江辐射环境监测站"]
