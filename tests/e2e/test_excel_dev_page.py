"""Issue 4 in the browser (phase 1, on the developer page /dev/excel/<type>): download the
template, fill it, import it and see the people; import a bad file, see every error and
download the error report; export masked and, as the main account, with full numbers."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import expect

from filing_app.db import session_scope
from filing_app.domain.validators import mask_id_number
from filing_app.services import auth
from tests.helpers import STRONG_PASSWORD, new_credit_code, new_phone, new_username
from tests.services.excel_support import next_id

PEOPLE_INPUT = "#excel-import-people input[type=file]"


def _register() -> str:
    username = new_username("xl")
    with session_scope() as session:
        auth.register_institution(session, auth.RegistrationForm(
            credit_code=new_credit_code(), name="北京表格导入测试监测有限公司", registered_type="monitoring",
            province_code="110000", username=username, phone=new_phone(), password=STRONG_PASSWORD,
            password_confirm=STRONG_PASSWORD,
        ))
    return username


def _download(page, trigger) -> bytes:  # noqa: ANN001
    with page.expect_download() as info:
        trigger()
    return Path(info.value.path()).read_bytes()


def _filled(template: bytes, rows: list[list], tmp_path: Path, name: str) -> Path:
    wb = load_workbook(io.BytesIO(template))
    for row in rows:
        wb["技术人员"].append(row)
    path = tmp_path / name
    wb.save(path)
    return path


def _row(name: str, number, education: str = "本科") -> list:  # noqa: ANN001
    return [name, "居民身份证", number, "", education, "学士", "环境工程", "2019-07-01", "正式员工",
            "技术负责人、质量负责人", "中级", "采样、分析", "在职", "", "无"]


def test_template_import_errors_report_and_export_on_the_dev_page(app, tmp_path):
    username = _register()
    page = app.page
    app.login(username, STRONG_PASSWORD)
    app.wait_path("/institution")
    app.open("/dev/excel/monitoring")
    expect(page.locator("#dev-excel-filing")).to_contain_text("监测机构")
    expect(page.locator("#people-total")).to_have_text("共 0 人")

    template = _download(page, lambda: page.locator("#people-template").click())
    assert load_workbook(io.BytesIO(template))["技术人员"]["C1"].value == "*证件号码"

    # A good file: two people go in and show in the list.
    first, second = next_id(), next_id()
    good = _filled(template, [_row("赵一", first), _row("钱二", second)], tmp_path, "good.xlsx")
    page.locator("#people-import").click()
    expect(page.locator("#excel-import-dialog")).to_be_visible()
    page.locator(PEOPLE_INPUT).set_input_files(str(good))
    expect(page.locator("#excel-result")).to_contain_text("导入成功：共2行，新增2条，更新0条")
    page.locator("#excel-close").click()
    expect(page.locator("#people-total")).to_have_text("共 2 人")
    expect(page.locator("#dev-people")).to_contain_text("赵一")
    expect(page.locator("#dev-people")).to_contain_text(mask_id_number(second))

    # A bad file: nothing goes in, every error is listed, the report comes back marked.
    bad = _filled(template, [_row("孙三", next_id(), education="大学"), _row("李四", 1.30102e17)], tmp_path,
                  "bad.xlsx")
    page.locator("#people-import").click()
    page.locator(PEOPLE_INPUT).set_input_files(str(bad))
    expect(page.locator("#excel-result")).to_contain_text("发现2处错误（涉及2行），本次导入未写入任何数据")
    table = page.locator("#excel-errors")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table.locator("tbody tr").nth(0)).to_contain_text("2")
    expect(table.locator("tbody tr").nth(0)).to_contain_text("E 学历")
    expect(table.locator("tbody tr").nth(0)).to_contain_text("学历“大学”不是可选值")
    expect(table.locator("tbody tr").nth(1)).to_contain_text("C 证件号码")
    expect(table.locator("tbody tr").nth(1)).to_contain_text("显示为1.30102E+17")
    report = _download(page, lambda: page.locator("#excel-report").click())
    ws = load_workbook(io.BytesIO(report))["技术人员"]
    assert ws["P1"].value == "错误说明" and ws["P2"].value.startswith("学历：")

    # Not a workbook at all.
    csv = tmp_path / "people.xlsx"
    csv.write_text("姓名,证件号码\n张三,110108198801011234\n", encoding="utf-8")
    page.locator(PEOPLE_INPUT).set_input_files(str(csv))
    expect(page.locator("#excel-result")).to_contain_text("文件是CSV或文本格式")
    expect(page.locator("#excel-errors")).to_have_count(0)
    page.locator("#excel-close").click()
    expect(page.locator("#people-total")).to_have_text("共 2 人")

    # Export: masked by default; full numbers for the main account after a confirmation.
    page.locator("#people-export").click()
    masked = _download(page, lambda: page.get_by_role("menuitem", name="导出（证件号码脱敏）").click())
    rows = list(load_workbook(io.BytesIO(masked))["技术人员"].iter_rows(min_row=2, values_only=True))
    assert [r[2] for r in rows] == [mask_id_number(first), mask_id_number(second)]
    page.locator("#people-export").click()
    page.get_by_role("menuitem", name="导出完整证件号码…").click()
    full = _download(page, lambda: page.locator("#people-export-full-ok").click())
    rows = list(load_workbook(io.BytesIO(full))["技术人员"].iter_rows(min_row=2, values_only=True))
    assert [r[2] for r in rows] == [first, second]
