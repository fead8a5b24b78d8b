"""Exports: masked unless the main account asks (audited), filtered like the list, formula-safe,
and an unmasked export re-imports without changing anything."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from filing_app.domain.validators import mask_id_number
from filing_app.models import Equipment, Filing, Person
from filing_app.services.errors import PermissionDenied
from filing_app.services.excel import export, importer
from filing_app.services.excel.common import MASKED_MESSAGE
from filing_app.services.excel.schema import layout
from tests.services.excel_support import (
    cell_errors,
    device,
    last_audit,
    make_org,
    people_file,
    person,
    snapshot,
    workbook,
)


@pytest.fixture()
def org(session):  # noqa: ANN001
    return make_org(session)


def rows_of(data: bytes, sheet: str = "技术人员") -> list[list]:
    ws = load_workbook(io.BytesIO(data))[sheet]
    return [list(r) for r in ws.iter_rows(values_only=True)]


MIXED = [
    person(name="张三"),
    person(name="李四", status="离职", leave_date="2023-12-31", has_training="有", duties="内审员", posts="分析"),
    person(name="王五", status="转非技术人员", education="研究生", degree="硕士", title="正高", hire_date="2001/9/1"),
]


def imported(session, org, rows=MIXED, filing_type="monitoring"):  # noqa: ANN001, ANN201
    result = importer.run_import(session, org.main, "people", filing_type, people_file(rows, filing_type))
    session.commit()
    assert result.ok, cell_errors(result)
    return result


def test_masked_export_in_the_template_layout_with_its_count_audited(session, org):
    imported(session, org)
    file = export.export_list(session, org.sub, "people", "monitoring")
    session.commit()
    assert file.rows == 3 and file.filename.startswith("技术人员（监测机构）_") and file.filename.endswith(".xlsx")
    rows = rows_of(file.data)
    assert rows[0] == [c.header for c in layout("people", "monitoring").columns]
    assert [r[2] for r in rows[1:]] == [mask_id_number(p["id_number"]) for p in MIXED]
    assert rows[2][:1] == ["李四"] and rows[2][9] == "内审员" and rows[2][13].date() == date(2023, 12, 31)
    assert rows[2][14] == "有" and rows[1][14] == "无"
    audit = last_audit(session, "excel_export")
    assert audit.result == "ok" and audit.detail == {
        "kind": "people", "filing_type": "monitoring", "rows": 3, "full_numbers": False, "filters": {}}


def test_full_numbers_for_the_main_account_only_and_audited_either_way(session, org):
    imported(session, org)
    file = export.export_list(session, org.main, "people", "monitoring", full_numbers=True)
    session.commit()
    assert [r[2] for r in rows_of(file.data)[1:]] == [p["id_number"] for p in MIXED]
    assert "完整证件号码" in file.filename
    assert last_audit(session, "excel_export").detail["full_numbers"] is True
    with pytest.raises(PermissionDenied, match="仅主账号可导出完整证件号码"):
        export.export_list(session, org.sub, "people", "monitoring", full_numbers=True)
    refused = last_audit(session, "excel_export")
    assert refused.result == "denied" and refused.actor_id == org.sub.account_id


def test_the_current_filter_is_exported_and_nonsense_filters_are_ignored(session, org):
    imported(session, org)
    by_status = export.export_list(session, org.main, "people", "monitoring", {"status": "离职"})
    assert [r[0] for r in rows_of(by_status.data)[1:]] == ["李四"]
    by_name = export.export_list(session, org.main, "people", "monitoring", {"name": "王", "status": ""})
    assert [r[0] for r in rows_of(by_name.data)[1:]] == ["王五"]
    wildcard = export.export_list(session, org.main, "people", "monitoring", {"name": "%"})
    assert wildcard.rows == 0
    hostile = export.export_list(session, org.main, "people", "monitoring",
                                 {"status": "'; drop table person;--", "filing_id": 1, "name": ["x"]})
    assert hostile.rows == 3
    assert export.export_list(session, org.main, "people", "monitoring", "not a dict").rows == 3
    assert last_audit(session, "excel_export").detail["filters"] == {}


def test_an_unmasked_export_reimported_unchanged_changes_nothing(session, org):
    imported(session, org)
    assert importer.run_import(session, org.main, "equipment", "monitoring", workbook(
        "equipment", "monitoring", [device(number="001"), device(number="X-2", model="-20℃型")])).ok
    session.commit()
    before = snapshot(session)
    people = export.export_list(session, org.main, "people", "monitoring", full_numbers=True)
    gear = export.export_list(session, org.main, "equipment", "monitoring")
    session.commit()
    again = importer.run_import(session, org.main, "people", "monitoring", people.data)
    more = importer.run_import(session, org.main, "equipment", "monitoring", gear.data)
    session.commit()
    assert again.message == "导入成功：共3行，新增0条，更新0条，3条与已有信息相同"
    assert more.message == "导入成功：共2行，新增0条，更新0条，2条与已有信息相同"
    after = snapshot(session)
    assert after[:3] == before[:3]  # people, claims, equipment exactly as they were


def test_an_om_round_trip_too(session):
    org = make_org(session, "北京运维有限公司", registered_type="om")
    imported(session, org, [person(posts="现场运维"), person(posts="质量管理、数据审核", has_training="有")], "om")
    before = snapshot(session)
    data = export.export_list(session, org.main, "people", "om", full_numbers=True).data
    result = importer.run_import(session, org.main, "people", "om", data)
    session.commit()
    assert result.ok and result.unchanged == 2
    assert snapshot(session)[:3] == before[:3]


def test_a_masked_export_reimported_is_refused_row_by_row(session, org):
    imported(session, org)
    data = export.export_list(session, org.main, "people", "monitoring").data
    before = snapshot(session)
    result = importer.run_import(session, org.main, "people", "monitoring", data)
    session.commit()
    assert cell_errors(result) == [
        (row, "证件号码", MASKED_MESSAGE.format(shown=mask_id_number(p["id_number"])))
        for row, p in enumerate(MIXED, start=2)
    ]
    assert snapshot(session) == before


def test_cells_that_would_be_formulas_are_neutralised_and_come_back_intact(session, org):
    filing = Filing(institution_id=org.institution.id, filing_type="monitoring")
    session.add(filing)
    session.flush()
    p = person(name="@张三", major="=HYPERLINK(\"http://x\",\"点我\")")
    session.add(Person(filing_id=filing.id, institution_id=org.institution.id, id_type="居民身份证",
                       id_number=p["id_number"], id_key=p["id_number"], name=p["name"], gender="男", education="本科",
                       degree="学士", major=p["major"], hire_date=date(2015, 7, 1), labor_relation="正式员工",
                       duties=["技术负责人"], title="中级", posts=["采样"], status="离职", leave_date=date(2020, 1, 1),
                       has_training=False))
    session.add(Equipment(filing_id=filing.id, **device(model="-20°C", manufacturer="+86 制造")))
    session.commit()
    people = export.export_list(session, org.main, "people", "monitoring", full_numbers=True).data
    gear = export.export_list(session, org.main, "equipment", "monitoring").data
    row = rows_of(people)[1]
    assert row[0] == "'@张三" and row[6] == "'=HYPERLINK(\"http://x\",\"点我\")"
    assert rows_of(gear, "设施设备")[1][2] == "'-20°C" and rows_of(gear, "设施设备")[1][6] == "'+86 制造"
    before = snapshot(session)
    assert importer.run_import(session, org.main, "people", "monitoring", people).unchanged == 1
    assert importer.run_import(session, org.main, "equipment", "monitoring", gear).unchanged == 1
    session.commit()
    assert snapshot(session)[:3] == before[:3]


def test_nothing_filed_yet_exports_the_bare_template(session, org):
    file = export.export_list(session, org.main, "equipment", "om")
    assert file.rows == 0 and len(rows_of(file.data, "设施设备")) == 1
    assert session.exec(select(Filing)).all() == []
