"""Reads a checked workbook (safety.check_workbook) into rows of raw cell values.

python-calamine parses the re-packed copy, many times faster than openpyxl. Numbers
come back as floats and date cells as dates: the validators receive them as they are,
so an identity number that Excel turned into a number is recognised and explained.
"""

from __future__ import annotations

import io
import operator
from dataclasses import dataclass, field
from typing import Any

import python_calamine as calamine

from filing_app.domain.enums import FILING_TYPE_LABELS
from filing_app.services.excel.safety import CheckedWorkbook, ImportRefused
from filing_app.services.excel.schema import (
    ERROR_HEADER,
    KIND_LABELS,
    LISTS_SHEET,
    MARKER,
    TEMPLATE_VERSION,
    Layout,
    column_letters,
    header_key,
)

HEADER_SEARCH_ROWS = 10
_DOWNLOAD = "请点击本页的“下载模板”下载最新模板，把数据复制到模板中再导入"


@dataclass
class SheetRows:
    sheet: str
    header_row: int  # Excel row number of the header (1-based)
    columns: dict[str, int]  # field key -> Excel column number (1-based)
    last_column: int  # the rightmost header cell (1-based)
    error_column: int | None  # an 错误说明 column left from an earlier error report
    numbers: list[int] = field(default_factory=list)  # Excel row number of each data row
    cells: dict[str, list[Any]] = field(default_factory=dict)  # field key -> its cells, row by row

    def __len__(self) -> int:
        return len(self.numbers)

    @property
    def rows(self) -> list[tuple[int, dict[str, Any]]]:
        """(Excel row, key -> cell) of every data row."""
        keys = list(self.cells)
        return [(number, dict(zip(keys, values)))
                for number, values in zip(self.numbers, zip(*self.cells.values()))]


def _open(data: bytes) -> Any:
    try:
        return calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except calamine.PasswordError:
        raise ImportRefused("文件设置了密码保护，系统无法读取；请取消密码后另存为.xlsx再导入") from None
    except Exception:  # noqa: BLE001 - calamine raises several error types for broken files
        raise ImportRefused("文件内容已损坏，无法读取；请在Excel或WPS中确认文件能正常打开，另存为.xlsx后再导入") from None


def _sheet_values(workbook: Any, name: str, **kwargs: Any) -> tuple[list[list[Any]], tuple[int, int]]:
    try:
        sheet = workbook.get_sheet_by_name(name)
        start = sheet.start or (0, 0)
        return sheet.to_python(**kwargs), (int(start[0]), int(start[1]))
    except Exception:  # noqa: BLE001
        raise ImportRefused(f"工作表“{name}”无法读取，文件可能已损坏；请另存为.xlsx后再导入") from None


def _check_marker(workbook: Any, lay: Layout) -> None:
    names = list(workbook.sheet_names)
    marker: list[str] = []
    if LISTS_SHEET in names:
        values, _start = _sheet_values(workbook, LISTS_SHEET, skip_empty_area=False, nrows=1)
        if values:
            marker = [str(v).strip() for v in values[0][:4]]
    if len(marker) < 4 or marker[0] != MARKER:
        raise ImportRefused(f"该文件不是本系统的导入模板（缺少模板标识）。{_DOWNLOAD}")
    _, kind, filing_type, version = marker
    if kind != lay.kind:
        label = KIND_LABELS.get(kind, "其他列表")
        raise ImportRefused(f"该文件是“{label}”的导入模板，不能在“{KIND_LABELS[lay.kind]}”中导入；"
                            f"请到“{label}”页导入，或在本页重新下载模板")
    if filing_type != lay.filing_type:
        other = FILING_TYPE_LABELS.get(filing_type, "其他类型")
        raise ImportRefused(f"该文件是{other}备案的{KIND_LABELS[lay.kind]}模板，当前是{FILING_TYPE_LABELS[lay.filing_type]}"
                            f"备案，两者的列不同。{_DOWNLOAD}")
    if version != TEMPLATE_VERSION:
        raise ImportRefused(f"模板版本已更新（文件为第{version}版，当前为第{TEMPLATE_VERSION}版）。{_DOWNLOAD}")


def _blank(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


def read_sheet(checked: CheckedWorkbook, lay: Layout, max_rows: int) -> SheetRows:
    workbook = _open(checked.clean)
    _check_marker(workbook, lay)
    name = checked.data_sheet
    values, (row0, col0) = _sheet_values(workbook, name)
    if not values or all(all(_blank(v) for v in row) for row in values):
        raise ImportRefused(f"工作表“{name}”是空的：请在表头下方从第2行起填写数据后再导入")

    index = lay.header_index()
    header_at = None
    for i, row in enumerate(values[:HEADER_SEARCH_ROWS]):
        if sum(1 for v in row if isinstance(v, str) and header_key(v) in index) >= 2:
            header_at = i
            break
    if header_at is None:
        expected = "、".join(c.label for c in lay.columns)
        raise ImportRefused(f"工作表“{name}”中没有找到表头：第1行应为 {expected}。{_DOWNLOAD}")

    header = values[header_at]
    columns: dict[str, int] = {}
    problems: list[str] = []
    error_column = None
    last_column = 0
    for j, cell in enumerate(header):
        if _blank(cell):
            continue
        number = col0 + j + 1
        last_column = number
        key = index.get(header_key(cell))
        if key is None:
            if header_key(cell) == ERROR_HEADER:
                error_column = number
            continue
        if key in columns:
            problems.append(f"“{lay.column(key).label}”列出现了两次（第{column_letters(columns[key])}列和第{column_letters(number)}列），请删除其中一列")
        else:
            columns[key] = number
    missing = [c.label for c in lay.columns if c.required and c.key not in columns]
    if missing:
        problems.append(f"缺少必填列：{'、'.join(missing)}")
    if problems:
        raise ImportRefused("表头有误：" + "；".join(problems) + f"。{_DOWNLOAD}")

    positions = [(key, number - col0 - 1) for key, number in columns.items()]
    width = max(p for _, p in positions) + 1
    keys = [key for key, _ in positions]
    pick = operator.itemgetter(*(p for _, p in positions))
    if len(positions) == 1:
        single = pick
        pick = lambda row: (single(row),)  # noqa: E731 - itemgetter of one index returns the item
    too_many = ImportRefused(f"工作表“{name}”的数据超过单次导入上限{max_rows}行；请把数据分成多个文件分别导入")
    data = values[header_at + 1:]
    first = positions[0][1]
    if data and min(map(len, data)) >= width and all(
            v.__class__ is str and v.strip() for v in [row[first] for row in data]):
        # Every row has text in its first column (a filled template): every row is kept, and
        # the columns come from one transposition instead of a loop over the rows.
        if len(data) > max_rows:
            raise too_many
        transposed = list(zip(*data))
        start = row0 + header_at + 2
        return SheetRows(sheet=name, header_row=row0 + header_at + 1, columns=columns,
                         last_column=max(last_column, max(columns.values())), error_column=error_column,
                         numbers=list(range(start, start + len(data))),
                         cells={key: list(transposed[p]) for key, p in positions})
    numbers: list[int] = []
    kept: list[tuple[Any, ...]] = []
    for i in range(header_at + 1, len(values)):
        row = values[i]
        if row.count("") == len(row):
            continue
        if len(row) < width:
            row = row + [""] * (width - len(row))
        picked = pick(row)
        first = picked[0]
        if (first.__class__ is not str or not first.strip()) and all(_blank(v) for v in picked):
            continue  # (a row whose first cell holds text is not blank: the common case, checked first)
        numbers.append(row0 + i + 1)
        kept.append(picked)
        if len(kept) > max_rows:
            raise too_many
    if not kept:
        raise ImportRefused(f"工作表“{name}”中没有数据：请在表头下方逐行填写后再导入")
    cells = {key: list(column) for key, column in zip(keys, zip(*kept))}
    return SheetRows(sheet=name, header_row=row0 + header_at + 1, columns=columns,
                     last_column=max(last_column, max(columns.values())), error_column=error_column,
                     numbers=numbers, cells=cells)
