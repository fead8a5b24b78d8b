"""The import templates: what a user opening them in Excel or WPS sees."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from filing_app.domain import enums
from filing_app.services.errors import PermissionDenied
from filing_app.services.excel import export, templates
from filing_app.services.excel.schema import LISTS_SHEET, MARKER, NOTES_SHEET, TEMPLATE_VERSION
from tests.services.excel_support import make_org

MONITORING_PEOPLE_HEADERS = [
    "*姓名", "证件类型", "*证件号码", "性别", "*学历", "*学位", "*所学专业", "*入职时间", "*劳动关系", "*职务", "*职称",
    "*监测岗位", "*人员状态", "离职时间", "人员能力(外部培训)",
]


def _open(kind: str, filing_type: str):  # noqa: ANN202
    return load_workbook(io.BytesIO(templates.template_bytes(kind, filing_type)))


def _list_of(wb, ws: Worksheet, column_letter: str) -> list[str]:  # noqa: ANN001
    """The drop-down choices of a column, read through its data validation and the hidden sheet."""
    for dv in ws.data_validations.dataValidation:
        if f"{column_letter}2:{column_letter}1048576" in str(dv.sqref) and dv.type == "list":
            sheet, area = dv.formula1.split("!")
            lists = wb[sheet.strip("'")]
            return [c.value for row in lists[area.replace("$", "")] for c in row]
    return []


def test_monitoring_people_template_has_the_manuals_columns_marked_formatted_and_listed():
    wb = _open("people", "monitoring")
    assert wb.sheetnames == ["技术人员", NOTES_SHEET, LISTS_SHEET]
    assert wb[LISTS_SHEET].sheet_state == "hidden"
    ws = wb["技术人员"]
    headers = [c.value for c in ws[1]]
    assert headers == MONITORING_PEOPLE_HEADERS
    # Required columns in red, optional ones in black.
    assert ws["A1"].font.color.rgb.endswith("C00000") and ws["B1"].font.color.rgb.endswith("000000")
    # Identity numbers (and every free-text column) are text; dates are dates.
    assert ws.column_dimensions["C"].number_format == "@"
    assert ws.column_dimensions["A"].number_format == "@"
    assert ws.column_dimensions["H"].number_format == "yyyy-mm-dd"
    # A drop-down on every enumerated column, with exactly the system's enumerations.
    assert _list_of(wb, ws, "B") == list(enums.ID_TYPES)
    assert _list_of(wb, ws, "E") == list(enums.EDUCATIONS)
    assert _list_of(wb, ws, "J") == list(enums.DUTIES)
    assert _list_of(wb, ws, "L") == list(enums.MONITORING_POSTS)
    assert _list_of(wb, ws, "M") == list(enums.PERSON_STATUSES)
    assert _list_of(wb, ws, "O") == list(enums.YES_NO)
    assert _list_of(wb, ws, "A") == [] and _list_of(wb, ws, "C") == []
    assert ws.freeze_panes == "A2"
    # The version marker an import checks.
    assert [c.value for c in wb[LISTS_SHEET][1][:4]] == [MARKER, "people", "monitoring", TEMPLATE_VERSION]


def test_multi_choice_columns_accept_typed_lists_single_choice_columns_stop_other_values():
    wb = _open("people", "monitoring")
    rules = {str(dv.sqref).split(":")[0]: dv for dv in wb["技术人员"].data_validations.dataValidation}
    assert rules["J2"].showErrorMessage is False  # 职务: 技术负责人、质量负责人 must be typeable
    assert rules["E2"].showErrorMessage is True and rules["E2"].errorStyle == "stop"
    assert "可多选" in rules["J2"].prompt


def test_om_people_template_uses_om_posts_and_has_no_duties():
    wb = _open("people", "om")
    ws = wb["技术人员"]
    headers = [c.value for c in ws[1]]
    assert "*职务" not in headers and "*运维岗位" in headers
    letter = "ABCDEFGHIJKLMNOP"[headers.index("*运维岗位")]
    assert _list_of(wb, ws, letter) == list(enums.OM_POSTS)
    notes = "\n".join(str(r[0]) for r in wb[NOTES_SHEET].iter_rows(values_only=True) if r[0])
    assert "外部培训记录（培训层级、培训机构、培训内容、培训证书编号）不通过模板导入" in notes


def test_notes_sheet_explains_every_column_and_what_is_not_imported():
    wb = _open("people", "monitoring")
    rows = list(wb[NOTES_SHEET].iter_rows(values_only=True))
    text = "\n".join(str(c) for r in rows for c in r if c)
    assert "学历证书、学位证书、职称证书不能通过模板导入" in text
    assert "1.30102E+17" in text and "一人一机构" in text
    table = {r[0]: r for r in rows if r[0] and r[1] in ("必填", "选填")}
    assert set(table) == {h.lstrip("*") for h in MONITORING_PEOPLE_HEADERS}
    assert table["离职时间"][1] == "选填" and "离职时必填" in table["离职时间"][2]
    assert table["学历"][3] == "、".join(enums.EDUCATIONS)


def test_equipment_template_lists_every_enumeration():
    wb = _open("equipment", "om")
    ws = wb["设施设备"]
    assert [c.value for c in ws[1]] == ["*设备类型", "*设备名称", "*型号/规格", "*编号类型", "*设备编号", "*设备产权",
                                        "*生产厂家", "*计量管理状态", "*设备状况"]
    assert _list_of(wb, ws, "A") == list(enums.EQUIPMENT_TYPES)
    assert _list_of(wb, ws, "I") == list(enums.EQUIPMENT_CONDITIONS)
    assert ws.column_dimensions["E"].number_format == "@"  # 设备编号 keeps leading zeros


def test_template_download_is_for_institution_accounts(session):
    org = make_org(session)
    file = export.template_file(session, org.sub, "people", "om")
    assert file.filename == "技术人员（运维机构）导入模板.xlsx" and file.data.startswith(b"PK")
    with pytest.raises(PermissionDenied):
        export.template_file(session, None, "people", "om")
