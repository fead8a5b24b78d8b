"""The registry's 导出: the current search as an .xlsx workbook (openpyxl write_only).

Cells a spreadsheet would read as a formula (= + - @, and tab / carriage return that some
programs strip first) are written as text with a leading apostrophe, so an institution
name can never run as a formula on a reader's computer.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from sqlmodel import Session

from filing_app.domain.clock import today_beijing
from filing_app.domain.enums import FILING_TYPE_LABELS, business_category_label
from filing_app.services import registry
from filing_app.services.actor import Actor

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def headers(filing_type: str) -> list[str]:
    return ["序号", "机构名称", "统一社会信用代码", "所在省份", "所在城市", "注册地址", "机构类别",
            business_category_label(filing_type), "备案公开时间"]


def build_workbook(rows: Sequence[registry.ExportRow], filing_type: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(f"{FILING_TYPE_LABELS[filing_type]}备案信息")
    for column, width in zip("ABCDEFGHI", (6, 40, 22, 12, 14, 48, 18, 40, 14)):
        sheet.column_dimensions[column].width = width
    bold = Font(bold=True)
    header_cells = []
    for title in headers(filing_type):
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for seq, row in enumerate(rows, start=1):
        values = (row.org_name, row.credit_code, row.province, row.city, row.reg_address, row.inst_category,
                  row.categories, row.published_date)
        cells = [WriteOnlyCell(sheet, value=seq)]
        for value in values:
            cell = WriteOnlyCell(sheet, value=neutralise(value))
            cell.data_type = "s"  # text, never a formula
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export(session: Session, actor: Actor | None, query: registry.RegistryQuery, *,
           scope_province: str | None = None) -> tuple[bytes, str]:
    """(workbook bytes, file name) of the current search; refused above registry.EXPORT_MAX_ROWS rows."""
    rows = registry.export_rows(session, actor, query, scope_province=scope_province)
    q = registry.clean_query(query, scope_province)
    name = f"{FILING_TYPE_LABELS[q.filing_type]}备案信息_{today_beijing().strftime('%Y%m%d')}.xlsx"
    return build_workbook(rows, q.filing_type), name
