"""The workbook of a template and of an export (the same layout, so an export re-imports).

Sheets: the data sheet (header row in Chinese, required columns marked with a red *,
identity-number and other text columns formatted as text, date columns as dates, a
drop-down on every enumerated column), 填写说明 (what each column takes), and the
hidden 下拉选项 sheet holding the drop-down lists and, in its first row, the version
marker that an import checks. The template is written with openpyxl's write-only
workbook; an export adds its rows to the template's data sheet (see write_workbook).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from filing_app.services.excel.schema import LISTS_SHEET, NOTES_SHEET, PEOPLE, Layout, layout
from filing_app.services.storage import human_size
from filing_app.settings import get_settings

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"
LAST_ROW = 1048576

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_REQUIRED_FONT = Font(bold=True, color="C00000")
_OPTIONAL_FONT = Font(bold=True, color="000000")
_TITLE_FONT = Font(bold=True, size=13)
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

# OWASP (CSV/formula injection): a cell that begins with one of these is prefixed with a
# single quote, so no spreadsheet program ever takes it for a formula, even after the
# file is saved as CSV or the cell is edited. An import removes exactly that prefix.
FORMULA_STARTS = ("=", "+", "-", "@")


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unneutralise(text: str) -> str:
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        return text[1:]
    return text


def _width(column) -> int:  # noqa: ANN001
    if column.spec.kind == "id_number":
        return 22
    if column.is_multi:
        return 26
    return max(10, min(24, len(column.label) * 2 + 4))


def general_notes(lay: Layout) -> list[str]:
    settings = get_settings()
    what = "一名人员" if lay.kind == PEOPLE else "一台（套）设备"
    notes = [
        f"1. 请在“{lay.sheet}”工作表中从第2行起逐行填写，每行{what}；请勿修改表头文字，请勿删除或重命名本文件中的工作表。",
        "2. 表头带红色 * 的列为必填；有下拉箭头的列请从下拉列表中选择。",
        "3. 日期请写成 2024-07-01 或 2024/7/1 的形式。",
        "4. 全部行校验通过才会导入：任何一行有错误，本次导入的所有数据都不会写入，页面会列出每个错误所在的行、列和原因，"
        "并可下载标注了错误的文件，改正后重新导入即可。",
        f"5. 单次最多导入{settings.import_max_rows}行，文件不超过{human_size(settings.import_max_bytes)}；"
        "只接受Excel工作簿（.xlsx）格式。",
        "6. 为防止公式被执行，导出文件中以 = + - @ 开头的内容前加了一个英文单引号（'），重新导入时系统会自动去掉它。",
    ]
    if lay.kind == PEOPLE:
        notes += [
            "7. 按证件号码识别人员：本备案中已有的人员按文件内容更新，没有的人员新增；导入不会删除已有人员。",
            "8. 证件号码列已设为文本格式。如果号码显示为 1.30102E+17 或末尾变成 000，说明Excel把号码当成了数字，"
            "末尾几位已经丢失，请把该列设为“文本”格式后重新录入完整号码。",
            "9. 一人一机构：同一证件号码的人员只能在一家机构在职备案。在职人员如已在其他机构备案，该行会被拒绝，"
            "需原单位办理离职备案，或在“技术人员”页提交“重复人员信息报备”。",
            "10. 学历证书、学位证书、职称证书不能通过模板导入，请导入后在人员编辑窗口中逐人上传。",
        ]
        if lay.filing_type == "om":
            notes.append("11. 外部培训记录（培训层级、培训机构、培训内容、培训证书编号）不通过模板导入，"
                         "“人员能力(外部培训)”填“有”的人员，请导入后在人员编辑窗口中逐条填写培训记录。")
        else:
            notes.append("11. 外部培训记录不通过模板导入，如有请导入后在人员编辑窗口中填写。")
    else:
        notes += [
            "7. 按“编号类型 + 设备编号”识别设备：本备案中已有的设备按文件内容更新，没有的设备新增；导入不会删除已有设备。",
            "8. 设备编号列已设为文本格式，以0开头或很长的编号会原样保留。",
        ]
    return notes


def _lists_rows(lay: Layout) -> tuple[list[list[Any]], dict[str, str]]:
    """Rows of the hidden sheet and, per enumerated column, the range of its list."""
    listed = [c for c in lay.columns if c.has_list]
    rows: list[list[Any]] = [list(lay.marker) + ["本工作表由系统生成，用于下拉选项和模板校验，请勿修改"]]
    rows.append([c.label for c in listed])
    depth = max((len(c.choices) for c in listed), default=0)
    for i in range(depth):
        rows.append([c.choices[i] if i < len(c.choices) else None for c in listed])
    ranges = {}
    for index, column in enumerate(listed, start=1):
        letter = get_column_letter(index)
        ranges[column.key] = f"'{LISTS_SHEET}'!${letter}$3:${letter}${2 + len(column.choices)}"
    return rows, ranges


def _skeleton(lay: Layout) -> bytes:
    """The template itself: every sheet, style, drop-down and note, and the header row."""
    wb = Workbook(write_only=True)
    data = wb.create_sheet(lay.sheet)
    notes = wb.create_sheet(NOTES_SHEET)
    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"

    list_rows, ranges = _lists_rows(lay)
    for index, column in enumerate(lay.columns, start=1):
        letter = get_column_letter(index)
        dimension = data.column_dimensions[letter]
        dimension.width = _width(column)
        if column.is_text:
            dimension.number_format = TEXT_FORMAT
        elif column.is_date:
            dimension.number_format = DATE_FORMAT
        area = f"{letter}2:{letter}{LAST_ROW}"
        prompt = column.requirement(lay.filing_type)[:250]
        if column.has_list:
            validation = DataValidation(
                type="list", formula1=ranges[column.key], allow_blank=True,
                showErrorMessage=not column.is_multi, errorStyle="stop",
                errorTitle=column.label, error="请从下拉列表中选择",
                showInputMessage=True, promptTitle=column.label[:32], prompt=prompt,
            )
        else:
            validation = DataValidation(allow_blank=True, showInputMessage=True,
                                        promptTitle=column.label[:32], prompt=prompt)
        validation.add(area)
        data.data_validations.append(validation)
    data.freeze_panes = "A2"

    header = []
    for column in lay.columns:
        cell = WriteOnlyCell(data, column.header)
        cell.font = _REQUIRED_FONT if column.required else _OPTIONAL_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _CENTER
        header.append(cell)
    data.append(header)
    _write_notes(notes, lay)
    for row in list_rows:
        lists.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


DATA_PART = "xl/worksheets/sheet1.xml"  # the data sheet is created first
_EXCEL_EPOCH = date(1899, 12, 30)
_COL_TAG = re.compile(r"<col\b[^>]*>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text_xml(text: str) -> str:
    if _XML_ILLEGAL.search(text):
        text = _XML_ILLEGAL.sub("", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f"<t{space}>{text}</t>"


def _rows_xml(lay: Layout, rows: Iterable[list[Any]], column_styles: dict[int, str]) -> Iterator[str]:
    letters = [get_column_letter(i) for i in range(1, len(lay.columns) + 1)]
    styles = [f' s="{column_styles[i]}"' if i in column_styles else "" for i in range(1, len(lay.columns) + 1)]
    texts: dict[str, str] = {}  # enumerations repeat on every row
    for number, values in enumerate(rows, start=2):
        cells = []
        for letter, style, value in zip(letters, styles, values):
            if value is None or value == "":
                continue
            ref = f"{letter}{number}"
            if isinstance(value, str):
                xml = texts.get(value)
                if xml is None:
                    xml = texts[value] = _text_xml(neutralise(value))
                cells.append(f'<c r="{ref}"{style} t="inlineStr"><is>{xml}</is></c>')
            elif isinstance(value, (date, datetime)):
                day = value.date() if isinstance(value, datetime) else value
                cells.append(f'<c r="{ref}"{style}><v>{(day - _EXCEL_EPOCH).days}</v></c>')
            elif isinstance(value, bool):
                cells.append(f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>')
            else:
                cells.append(f'<c r="{ref}"{style}><v>{value}</v></c>')
        yield f'<row r="{number}">{"".join(cells)}</row>'


def write_workbook(lay: Layout, rows: Iterable[list[Any]] = ()) -> bytes:
    """The template (no rows) or an export (rows of cell values in column order).

    openpyxl builds the template; the rows of an export are written into its data sheet
    directly, each cell taking its column's style (text, date): openpyxl's write-only
    mode without lxml costs ~20 µs a cell, ten times this.
    """
    skeleton = _skeleton_cached(lay.kind, lay.filing_type, *_limits_key())
    source = zipfile.ZipFile(io.BytesIO(skeleton))
    sheet = source.read(DATA_PART).decode("utf-8")
    column_styles = {}
    for tag in _COL_TAG.findall(sheet):
        attrs = dict(_ATTR.findall(tag))
        if "style" in attrs:
            for i in range(int(attrs["min"]), int(attrs["max"]) + 1):
                column_styles[i] = attrs["style"]
    head, tail = sheet.split("</sheetData>", 1)
    body = "".join(_rows_xml(lay, rows, column_styles))
    if not body:
        return skeleton
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == DATA_PART:
                target.writestr(DATA_PART, (head + body + "</sheetData>" + tail).encode("utf-8"), compresslevel=1)
            else:
                target.writestr(info.filename, source.read(info.filename))
    return out.getvalue()


def _write_notes(ws, lay: Layout) -> None:  # noqa: ANN001
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 10
    ws.column_dimensions["C"].width = 60
    ws.column_dimensions["D"].width = 50
    title = WriteOnlyCell(ws, f"{lay.title}导入模板 填写说明")
    title.font = _TITLE_FONT
    ws.append([title])
    for line in general_notes(lay):
        cell = WriteOnlyCell(ws, line)
        cell.alignment = Alignment(wrap_text=False)
        ws.append([cell])
    ws.append([])
    heads = []
    for text in ("列名", "是否必填", "填写要求", "可选值"):
        cell = WriteOnlyCell(ws, text)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        heads.append(cell)
    ws.append(heads)
    for column in lay.columns:
        cells = []
        for value in (column.label, "必填" if column.required else "选填", column.requirement(lay.filing_type),
                      "、".join(column.choices)):
            cell = WriteOnlyCell(ws, value)
            cell.alignment = _WRAP
            cells.append(cell)
        ws.append(cells)


def _limits_key() -> tuple[int, int]:
    settings = get_settings()  # the notes sheet states the limits
    return settings.import_max_rows, settings.import_max_bytes


@lru_cache(maxsize=8)
def _skeleton_cached(kind: str, filing_type: str, max_rows: int, max_bytes: int) -> bytes:
    return _skeleton(layout(kind, filing_type))


def template_bytes(kind: str, filing_type: str) -> bytes:
    return _skeleton_cached(kind, filing_type, *_limits_key())


def template_filename(kind: str, filing_type: str) -> str:
    return f"{layout(kind, filing_type).title}导入模板.xlsx"
