"""The error report: the user's own file back with 错误说明 and highlighted cells, ready to fix and re-import;
and the private store that keeps it for the account that uploaded the file."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from filing_app.services.actor import Actor
from filing_app.services.errors import NotFound
from filing_app.services.excel import importer, jobs
from filing_app.services.excel.errors_report import ERROR_COLOR, build_report
from tests.services.excel_support import make_org, people_file, person


def report_for(session, org, data: bytes):  # noqa: ANN001, ANN201
    result = importer.run_import(session, org.main, "people", "monitoring", data)
    session.commit()
    assert not result.ok and result.errors
    report = build_report(data, sheet=result.sheet, header_row=result.header_row, last_column=result.last_column,
                          error_column=result.error_column, errors=result.errors)
    return result, report


def filled(cell) -> bool:  # noqa: ANN001
    return cell.fill is not None and cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb == ERROR_COLOR


def test_report_marks_every_bad_cell_and_explains_each_row(session):
    org = make_org(session)
    rows = [person(), person(education="大学", title="教授"), person(name="")]
    _result, report = report_for(session, org, people_file(rows))
    ws = load_workbook(io.BytesIO(report))["技术人员"]
    assert ws["P1"].value == "错误说明"
    assert ws["P2"].value is None
    assert ws["P3"].value == ("学历：学历“大学”不是可选值，应为：研究生、本科、大专、中专、高中及以下\n"
                              "职称：职称“教授”不是可选值，应为：正高、副高、中级、初级及以下、无")
    assert ws["P4"].value == "姓名：请填写姓名"
    assert filled(ws["E3"]) and filled(ws["K3"]) and filled(ws["A4"])
    assert not filled(ws["A3"]) and not filled(ws["E2"])
    assert ws["C3"].value == rows[1]["id_number"]  # the user's data is untouched


def test_the_fixed_report_imports_and_a_second_report_clears_the_first(session):
    org = make_org(session)
    rows = [person(education="大学"), person()]
    _result, report = report_for(session, org, people_file(rows))
    wb = load_workbook(io.BytesIO(report))
    ws = wb["技术人员"]
    ws["E2"] = "本科"  # fixed
    ws["A3"] = ""  # a new mistake
    out = io.BytesIO()
    wb.save(out)
    result, second = report_for(session, org, out.getvalue())
    assert [(e.row, e.column) for e in result.errors] == [(3, "姓名")]
    ws = load_workbook(io.BytesIO(second))["技术人员"]
    assert ws["P1"].value == "错误说明" and ws["Q1"].value is None  # the same column is reused
    assert ws["P2"].value is None and not filled(ws["E2"])
    assert ws["P3"].value == "姓名：请填写姓名" and filled(ws["A3"])
    wb = load_workbook(io.BytesIO(second))
    wb["技术人员"]["A3"] = "李四"
    out = io.BytesIO()
    wb.save(out)
    ok = importer.run_import(session, org.main, "people", "monitoring", out.getvalue())
    assert ok.ok and ok.added == 2


def test_the_store_pages_errors_and_keeps_them_to_their_account(session):
    org = make_org(session)
    data = people_file([person(name="") for _ in range(23)])
    result = importer.run_import(session, org.main, "people", "monitoring", data)
    job = jobs.create(org.main, "people", "monitoring", "我的人员.xlsx", data)
    jobs.save_errors(job, result)
    first, total = jobs.errors_page(jobs.get(job.token, org.main), 1, 10)
    last, _ = jobs.errors_page(job, 3, 10)
    assert total == 23 and [e.row for e in first] == list(range(2, 12)) and [e.row for e in last] == [22, 23, 24]
    assert first[0].letter == "A" and first[0].column == "姓名"
    assert jobs.report(job).startswith(b"PK") and jobs.report_filename(job) == "我的人员_错误报告.xlsx"
    with pytest.raises(NotFound):
        jobs.get(job.token, org.sub)  # another account of the same institution
    with pytest.raises(NotFound):
        jobs.get("../../secret_key", Actor(account_id=org.main.account_id, username="x", role="inst_main"))
    jobs.discard(job.token)
    with pytest.raises(NotFound):
        jobs.get(job.token, org.main)
