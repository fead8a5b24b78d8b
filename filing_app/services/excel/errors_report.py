"""The uploaded workbook back, with an 错误说明 column and the bad cells highlighted.

The user corrects the rows in this very file and imports it again: the 错误说明 column
is ignored by the import, and highlights and messages from an earlier report are
cleared before the new ones are written.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterable

from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font, PatternFill

from filing_app.services.excel.common import CellError
from filing_app.services.excel.schema import ERROR_HEADER

ERROR_COLOR = "FFFFC7CE"
_ERROR_FILL = PatternFill("solid", fgColor=ERROR_COLOR)
_NO_FILL = PatternFill(fill_type=None)
_HEADER_FONT = Font(bold=True, color="C00000")
_MESSAGE_FONT = Font(color="C00000")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _is_ours(fill: PatternFill | None) -> bool:
    return bool(fill is not None and fill.fill_type == "solid" and fill.fgColor is not None
                and fill.fgColor.rgb == ERROR_COLOR)


def build_report(data: bytes, *, sheet: str, header_row: int, last_column: int, error_column: int | None,
                 errors: Iterable[CellError]) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    ws = workbook[sheet] if sheet in workbook.sheetnames else workbook.worksheets[0]
    column = error_column or last_column + 1
    by_row: dict[int, list[CellError]] = defaultdict(list)
    for error in errors:
        by_row[error.row].append(error)

    # Clear what an earlier report left behind.
    for row in ws.iter_rows(min_row=header_row + 1, max_row=ws.max_row, max_col=max(column, ws.max_column)):
        for cell in row:
            if cell.column == column:
                cell.value = None
            elif cell.has_style and _is_ours(cell.fill):
                cell.fill = _NO_FILL

    header = ws.cell(row=header_row, column=column, value=ERROR_HEADER)
    header.font = _HEADER_FONT
    header.fill = _ERROR_FILL
    ws.column_dimensions[header.column_letter].width = 60
    for row, row_errors in sorted(by_row.items()):
        lines = [f"{e.column}：{e.message}" if e.column else e.message for e in row_errors]
        cell = ws.cell(row=row, column=column, value="\n".join(lines))
        cell.font = _MESSAGE_FONT
        cell.alignment = _WRAP
        for error in row_errors:
            if error.column_number:
                ws.cell(row=row, column=error.column_number).fill = _ERROR_FILL
    workbook.active = workbook.worksheets.index(ws)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
