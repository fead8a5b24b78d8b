"""Issue 4 in the browser, on the wizard's real tabs: download the template, fill it the way
people do (messy cells), import it with progress and see the people in the list (masked);
import a bad file, see every error with its row, column and explanation, download the error
report; export masked and, as the main account, with full numbers; the same for 设施设备,
with a filtered export."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import expect
from sqlmodel import select

from filing_app.db import session_scope
from filing_app.domain.enums import Role
from filing_app.domain.validators import complete_identity_number, mask_id_number
from filing_app.models import Account, Institution, Person
from filing_app.services import security
from filing_app.services.excel.errors_report import ERROR_COLOR
from tests.helpers import STRONG_PASSWORD, new_credit_code, new_phone, new_username
from tests.services.excel_support import unique_ids

PEOPLE_INPUT = "#excel-import-people input[type=file]"
EQUIPMENT_INPUT = "#excel-import-equipment input[type=file]"
BULK_ROWS = 3000  # enough for the progress bar to show


def _institution(name: str) -> tuple[str, int]:
    """A monitoring institution with a main account (no filing yet): its username and id."""
    with session_scope() as session:
        institution = Institution(credit_code=new_credit_code(), name=name, registered_type="monitoring",
                                  province_code="110000")
        session.add(institution)
        session.flush()
        account = Account(username=new_username("xl"), phone=new_phone(), role=Role.INST_MAIN,
                          password_hash=security.hash_password(STRONG_PASSWORD), institution_id=institution.id)
        session.add(account)
        session.flush()
        return account.username, institution.id


def _download(page, trigger) -> bytes:  # noqa: ANN001
    with page.expect_download() as info:
        trigger()
    return Path(info.value.path()).read_bytes()


def _filled(template: bytes, sheet: str, rows: list[list], path: Path) -> Path:
    wb = load_workbook(io.BytesIO(template))
    for row in rows:
        wb[sheet].append(row)
    wb.save(path)
    return path


def _person(name: str, number, **cells) -> list:  # noqa: ANN001
    """A row in the template's column order (monitoring: 职务 and 监测岗位)."""
    values = {"name": name, "id_type": "居民身份证", "id_number": number, "gender": "", "education": "本科",
              "degree": "学士", "major": "环境工程", "hire_date": "2019-07-01", "labor_relation": "正式员工",
              "duties": "技术负责人、质量负责人", "title": "中级", "posts": "采样、分析", "status": "在职",
              "leave_date": "", "has_training": "无"}
    values.update(cells)
    return list(values.values())


def _rows(data: bytes, sheet: str) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data))[sheet].iter_rows(min_row=2, values_only=True))


def _close(page) -> None:  # noqa: ANN001
    """关闭, and wait until the dialog is gone: while it animates out it still holds the focus."""
    page.locator("#excel-close").click()
    expect(page.locator("#excel-import-dialog")).to_have_count(0)


def _total(page):  # noqa: ANN001, ANN202
    return page.locator(".pager-total").first


def test_people_template_import_errors_and_export_on_the_people_tab(app, tmp_path):
    username, institution_id = _institution("北京表格导入测试监测有限公司")
    page = app.page
    app.login(username, STRONG_PASSWORD)
    app.wait_path("/institution")
    page = app.open("/institution/filing/monitoring/people")
    expect(page.locator(".breadcrumb")).to_have_text("当前位置：机构备案>监测类机构备案信息填报")
    expect(page.locator(".person-row")).to_have_count(0)
    # The manual's order: 下载模板 · 导入 · (重复人员信息报备) · 新增 · 导出.
    buttons = page.locator("#people-filter-form button").all_inner_texts()
    assert [b for b in buttons if b in ("下载模板", "导入", "新增", "导出")] == ["下载模板", "导入", "新增", "导出"]

    template = _download(page, lambda: page.locator("#people-template").click())
    wb = load_workbook(io.BytesIO(template))
    assert wb["技术人员"]["C1"].value == "*证件号码" and wb["技术人员"]["L1"].value == "*监测岗位"
    assert wb["下拉选项"].sheet_state == "hidden" and "填写说明" in wb.sheetnames

    # Filled as people fill it: full-width spaces, 2024/7/1, a real date cell, 身份证, full-width
    # digits and commas, 在 职; then many ordinary rows, enough to watch the progress bar.
    ids = [complete_identity_number(f"3501021985{month:02d}150{n}1") for n, month in enumerate((1, 2, 3, 4, 5))]
    wide = ids[2].translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    messy = [
        _person("赵一", ids[0]),
        _person("钱二", ids[1], education="　本科　", title=" 中级", status="在 职", hire_date="2024/7/1"),
        _person("孙三", f" {wide} ", id_type="身份证", duties="技术负责人，质量负责人", hire_date=datetime(2020, 3, 1)),
        _person("李四", ids[3], status="离职", leave_date="2024/12/31", has_training="有", degree="学士学位"),
        _person("周五", ids[4], posts="采样 、 分析", labor_relation="劳务派遣 "),
    ]
    bulk = [_person(f"批量人员{n}", number) for n, number in enumerate(unique_ids(BULK_ROWS, region="350103"))]
    good = _filled(template, "技术人员", messy + bulk, tmp_path / "技术人员.xlsx")
    page.locator("#people-import").click()
    dialog = page.locator("#excel-import-dialog")
    expect(dialog).to_be_visible()
    page.locator(PEOPLE_INPUT).set_input_files(str(good))
    page.locator("#excel-progress").wait_for(state="visible")
    expect(page.locator("#excel-result")).to_contain_text(
        f"导入成功：共{BULK_ROWS + 5}行，新增{BULK_ROWS + 5}条，更新0条", timeout=60_000)
    _close(page)
    expect(_total(page)).to_have_text(f"共 {BULK_ROWS + 5} 条")
    for name, number, text in (("赵一", ids[0], "在职"), ("钱二", ids[1], "本科"), ("孙三", ids[2], "质量负责人"),
                               ("李四", ids[3], "离职"), ("周五", ids[4], "分析")):
        row = page.locator(".person-row", has_text=name)
        expect(row).to_contain_text(mask_id_number(number))
        expect(row).to_contain_text(text)
    assert ids[0] not in page.content()
    with session_scope(readonly=True) as session:
        mine = {p.name: p for p in session.exec(select(Person).where(Person.institution_id == institution_id,
                                                                      Person.name.in_(["孙三", "钱二"])))}
        sun, qian = mine["孙三"], mine["钱二"]
        assert (sun.id_number, sun.hire_date, sun.duties, sun.gender) == (
            ids[2], date(2020, 3, 1), ["技术负责人", "质量负责人"], "男")
        assert (qian.education, qian.title, qian.status, qian.hire_date) == ("本科", "中级", "在职", date(2024, 7, 1))

    # A bad file: nothing goes in (not even its good rows); every error on screen with its row,
    # column and explanation, and the same file back with an 错误说明 column and red cells.
    bad = _filled(template, "技术人员", [
        _person("吴六", complete_identity_number("35010219860101061"), education="大学"),
        _person("郑七", 1.30102e17),
        _person("王八", ids[0]),  # would rename 赵一
        _person("冯九", complete_identity_number("35010219860101071"), hire_date="2024-02-30"),
    ], tmp_path / "错误.xlsx")
    page.locator("#people-import").click()
    page.locator(PEOPLE_INPUT).set_input_files(str(bad))
    expect(page.locator("#excel-result")).to_contain_text("共4行，发现3处错误（涉及3行），本次导入未写入任何数据")
    lines = page.locator("#excel-errors tbody tr")
    expect(lines).to_have_count(3)
    expect(page.locator("#excel-errors thead")).to_have_text("行列错误说明")
    for n, (row, column, text) in enumerate((("2", "E 学历", "学历“大学”不是可选值，应为："),
                                             ("3", "C 证件号码", "被Excel转换成了数字（显示为1.30102E+17）"),
                                             ("5", "H 入职时间", "入职时间“2024-02-30”不是有效日期"))):
        expect(lines.nth(n).locator("td").nth(0)).to_have_text(row)
        expect(lines.nth(n).locator("td").nth(1)).to_have_text(column)
        expect(lines.nth(n).locator("td").nth(2)).to_contain_text(text)
    report = _download(page, lambda: page.locator("#excel-report").click())
    ws = load_workbook(io.BytesIO(report))["技术人员"]
    assert ws["P1"].value == "错误说明"
    assert ws["P2"].value.startswith("学历：学历“大学”不是可选值")
    assert ws["P3"].value.startswith("证件号码：") and "1.30102E+17" in ws["P3"].value
    assert ws["P4"].value is None and ws["P5"].value.startswith("入职时间：")
    assert [ws[c].fill.fgColor.rgb == ERROR_COLOR for c in ("E2", "C3", "H5", "A2", "C4", "E5")] == [
        True, True, True, False, False, False]
    _close(page)
    expect(_total(page)).to_have_text(f"共 {BULK_ROWS + 5} 条")
    expect(page.locator(".person-row", has_text=mask_id_number(ids[0]))).to_contain_text("赵一")
    expect(page.locator(".person-row", has_text="王八")).to_have_count(0)

    # 导出 writes the list as filtered on the page (查询), masked; the main account may ask
    # for the full numbers after a confirmation.
    page.locator("#people-filter-name").fill("批量")
    page.locator("#people-search").click()
    expect(_total(page)).to_have_text(f"共 {BULK_ROWS} 条")
    page.locator("#people-filter-name").fill("")
    page.locator("#people-filter-status").select_option("离职")
    page.locator("#people-search").click()
    expect(page.locator(".person-row")).to_have_count(1)
    page.locator("#people-export").click()
    masked = _download(page, lambda: page.get_by_role("menuitem", name="导出（证件号码脱敏）").click())
    assert [(r[0], r[2], r[12]) for r in _rows(masked, "技术人员")] == [("李四", mask_id_number(ids[3]), "离职")]
    page.locator("#people-filter-status").select_option("")
    page.locator("#people-search").click()
    expect(_total(page)).to_have_text(f"共 {BULK_ROWS + 5} 条")
    page.locator("#people-export").click()
    page.get_by_role("menuitem", name="导出完整证件号码…").click()
    expect(page.get_by_role("alertdialog")).to_contain_text("导出的文件将包含人员的完整证件号码")
    full = _download(page, lambda: page.locator("#people-export-full-ok").click())
    rows = _rows(full, "技术人员")
    assert len(rows) == BULK_ROWS + 5 and [r[2] for r in rows[:5]] == ids
    assert (rows[1][4], str(rows[1][7])[:10], rows[2][9]) == ("本科", "2024-07-01", "技术负责人、质量负责人")


def test_equipment_template_import_filter_and_filtered_export(app, tmp_path):
    username, _ = _institution("北京设备导入测试监测有限公司")
    page = app.page
    app.login(username, STRONG_PASSWORD)
    app.wait_path("/institution")
    page = app.open("/institution/filing/monitoring/equipment")
    expect(page.locator(".equipment-row")).to_have_count(0)

    template = _download(page, lambda: page.locator("#equipment-template").click())
    assert [c.value for c in load_workbook(io.BytesIO(template))["设施设备"][1]][:2] == ["*设备类型", "*设备名称"]
    devices = [
        ["实验室分析", "气相色谱仪", "GC-2030", "出厂编号", "SN-1001", "自有", "岛津", "检定", "在用"],
        ["现场采样", "大气采样器", "QC-2", "固定资产编号", 20240001.0, "租赁", "崂应", "校准", "在 用"],
        ["现场监测", "噪声计", "AWA5688", "内部编号", "NZ-01", "自有", "爱华", "期间核查", "维修"],
        ["实验室分析", "天平", "BSA224S", "出厂编号", "SN-2002", "自有", "赛多利斯", "检定", "报废"],
    ]
    good = _filled(template, "设施设备", devices, tmp_path / "设施设备.xlsx")
    page.locator("#equipment-import").click()
    page.locator(EQUIPMENT_INPUT).set_input_files(str(good))
    expect(page.locator("#excel-result")).to_contain_text("导入成功：共4行，新增4条，更新0条")
    _close(page)
    expect(page.locator(".equipment-row")).to_have_count(4)
    expect(page.locator(".equipment-row", has_text="大气采样器")).to_contain_text("20240001")
    expect(page.locator(".equipment-row", has_text="大气采样器")).to_contain_text("在用")

    # A bad row: its cell and the way to fix it, nothing written.
    bad = _filled(template, "设施设备", [devices[0], ["飞机", "无人机", "M1", "出厂编号", "SN-9", "自有", "大疆",
                                                     "检定", "在用"]], tmp_path / "错误.xlsx")
    page.locator("#equipment-import").click()
    page.locator(EQUIPMENT_INPUT).set_input_files(str(bad))
    expect(page.locator("#excel-result")).to_contain_text("发现1处错误（涉及1行），本次导入未写入任何数据")
    line = page.locator("#excel-errors tbody tr")
    expect(line).to_have_count(1)
    expect(line.locator("td").nth(0)).to_have_text("3")
    expect(line.locator("td").nth(1)).to_have_text("A 设备类型")
    expect(line.locator("td").nth(2)).to_contain_text("设备类型“飞机”不是可选值")
    _close(page)
    expect(page.locator(".equipment-row")).to_have_count(4)

    # Filter (设备状况 = 在用), then 导出 writes just those rows.
    page.locator("#equipment-filter-condition").select_option("在用")
    page.locator("#equipment-search").click()
    expect(page.locator(".equipment-row")).to_have_count(2)
    exported = _download(page, lambda: page.locator("#equipment-export").click())
    assert [(r[1], r[4], r[8]) for r in _rows(exported, "设施设备")] == [
        ("气相色谱仪", "SN-1001", "在用"), ("大气采样器", "20240001", "在用")]
    page.locator("#equipment-filter-condition").select_option("")
    page.locator("#equipment-filter-name").fill("仪")
    page.locator("#equipment-search").click()
    expect(page.locator(".equipment-row")).to_have_count(1)
    exported = _download(page, lambda: page.locator("#equipment-export").click())
    assert [r[1] for r in _rows(exported, "设施设备")] == ["气相色谱仪"]
