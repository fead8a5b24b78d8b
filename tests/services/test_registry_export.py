"""导出 of the registry: the current search as .xlsx, formulas neutralised, size bounded."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from filing_app.services import excel_export_registry, registry
from filing_app.services.errors import ValidationFailed
from filing_app.services.registry import RegistryQuery
from tests.services.test_registry import publish


def _sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def test_export_writes_the_current_search_newest_first(session):
    publish(session, "北京导出甲环境监测有限公司", minutes=1)
    publish(session, "北京导出乙环境监测有限公司", "110105", minutes=2)
    publish(session, "上海导出丙环境监测有限公司", "310104", minutes=3)
    publish(session, "北京导出运维有限公司", filing_type="om", minutes=4)
    session.commit()
    data, filename = excel_export_registry.export(session, None, RegistryQuery(name="导出", province_code="110000"))
    assert filename.startswith("监测机构备案信息_") and filename.endswith(".xlsx")
    sheet = _sheet(data)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("序号", "机构名称", "统一社会信用代码", "所在省份", "所在城市", "注册地址", "机构类别", "监测类别",
                       "备案公开时间")
    assert [r[1] for r in rows[1:]] == ["北京导出乙环境监测有限公司", "北京导出甲环境监测有限公司"]
    assert rows[1][0] == 1 and rows[1][3:5] == ("北京市", "朝阳区") and rows[1][7] == "噪声"
    assert rows[1][8] == "2025-12-24"
    # A province portal exports its province only, whatever the filter says.
    data, _ = excel_export_registry.export(session, None, RegistryQuery(province_code="310000"),
                                           scope_province="110000")
    assert [r[1] for r in list(_sheet(data).iter_rows(values_only=True))[1:]] == [
        "北京导出乙环境监测有限公司", "北京导出甲环境监测有限公司"]


def test_cells_that_look_like_formulas_are_written_as_text(session):
    publish(session, "=HYPERLINK(\"http://evil\",\"点我\")", minutes=1)
    publish(session, "@SUM(1+1)环境", minutes=2)
    publish(session, "-2+3环境监测", minutes=3)
    session.commit()
    sheet = _sheet(excel_export_registry.export(session, None, RegistryQuery())[0])
    cells = [sheet.cell(row=r, column=2) for r in range(2, 5)]
    assert [c.value for c in cells] == ["'-2+3环境监测", "'@SUM(1+1)环境", "'=HYPERLINK(\"http://evil\",\"点我\")"]
    assert all(c.data_type == "s" for c in cells)
    assert excel_export_registry.neutralise("+86") == "'+86"
    assert excel_export_registry.neutralise("北京") == "北京"


def test_an_export_above_the_limit_is_refused_with_the_count(session):
    for i in range(3):
        publish(session, f"北京上限{i}环境监测有限公司", minutes=i)
    session.commit()
    with pytest.raises(ValidationFailed) as exc:
        registry.export_rows(session, None, RegistryQuery(), limit=2)
    assert "共3条" in exc.value.message
    assert len(registry.export_rows(session, None, RegistryQuery(), limit=3)) == 3
