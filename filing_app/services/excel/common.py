"""Shared pieces of the imports and exports: results, the actor's filing, cell values."""

from __future__ import annotations

import gc
import math
import operator
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from sqlmodel import Session, select

from filing_app.domain.records import DATE, ID_NUMBER
from filing_app.models import Filing
from filing_app.services.actor import Actor
from filing_app.services.excel.schema import Column, Layout, column_letters
from filing_app.services.excel.templates import unneutralise

T = TypeVar("T")
Progress = Callable[[float, str], None]

# Bound parameters per IN list: well under SQLite's and PostgreSQL's limits.
CHUNK = 500


def no_progress(_fraction: float, _stage: str) -> None:
    return None


_collector_lock = threading.Lock()
_collector_pauses = 0
_collector_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while an import runs (imports may overlap).

    An import builds tens of thousands of small dicts and lists that all live until it ends:
    the collector would go through them (and, on its full passes, through every object of the
    server process) again and again and find nothing to free. Reference counting still frees
    everything else; anything cyclic waits until the import ends.
    """
    global _collector_pauses, _collector_was_enabled
    with _collector_lock:
        if _collector_pauses == 0:
            _collector_was_enabled = gc.isenabled()
            gc.disable()
        _collector_pauses += 1
    try:
        yield
    finally:
        with _collector_lock:
            _collector_pauses -= 1
            if _collector_pauses == 0 and _collector_was_enabled:
                gc.enable()


_NOTHING = object()


def _memo_converter(type_: Any, dialect: Any) -> Callable[[Any], Any] | None:
    """The column type's bind conversion (JSON text, SQLite date text, ...), done once per distinct value."""
    process = type_.dialect_impl(dialect).bind_processor(dialect)
    if process is None:
        return None
    memo: dict[tuple[type, Any], Any] = {}
    last: list[Any] = [_NOTHING, None]  # the previous value (rows share many objects) and its result

    def convert(value: Any) -> Any:
        if value is last[0]:
            return last[1]
        try:
            key = (value.__class__, tuple(value) if value.__class__ is list else value)
            converted = memo[key]
        except KeyError:
            converted = memo[key] = process(value)
        except TypeError:  # unhashable
            return process(value)
        last[0], last[1] = value, converted
        return converted

    return convert


def execute_many(session: Session, statement: Any, records: list[dict[str, Any]]) -> None:
    """Core executemany of an INSERT or UPDATE over records (dicts with the same keys).

    On a driver with positional parameters (SQLite's) the rows go to the driver's executemany
    with each column's bind conversion done once per distinct value: an import repeats a few
    values per column (dates, JSON lists, the timestamp), and Core converting every value of
    every row cost more than SQLite's own work. Drivers with named parameters (psycopg) get
    Core's executemany, as does a statement that wants a column the records lack (a default)."""
    if not records:
        return
    conn = session.connection()
    dialect = conn.dialect
    keys = list(records[0])
    compiled = statement.compile(dialect=dialect, column_keys=keys)
    names = compiled.positiontup
    if not compiled.positional or not names or compiled.escaped_bind_names or not set(names) <= set(keys):
        conn.execute(statement, records)
        return
    columns = []  # built column by column, then zipped into rows: no Python loop per row
    for name in names:
        column = map(operator.itemgetter(name), records)
        convert = _memo_converter(compiled.binds[name].type, dialect)
        columns.append(list(column if convert is None else map(convert, column)))
    conn.exec_driver_sql(compiled.string, list(zip(*columns)))


def chunks(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass(frozen=True)
class CellError:
    row: int  # Excel row number
    column: str  # the column's label, e.g. 证件号码 ("" for a whole-row problem)
    message: str
    column_number: int | None = None  # where the column is in the uploaded file (1-based)

    @property
    def letter(self) -> str:
        return column_letters(self.column_number) if self.column_number else ""


@dataclass
class ImportResult:
    ok: bool
    message: str
    kind: str
    filing_type: str
    rows: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[CellError] = field(default_factory=list)
    # Where the data sat in the file, for the error report.
    sheet: str = ""
    header_row: int = 1
    columns: dict[str, int] = field(default_factory=dict)
    last_column: int = 0
    error_column: int | None = None

    @property
    def error_rows(self) -> int:
        return len({e.row for e in self.errors})


def sort_errors(errors: list[CellError], lay: Layout) -> list[CellError]:
    """By row, then in the order of the template's columns."""
    position = {c.label: i for i, c in enumerate(lay.columns)}
    return sorted(errors, key=lambda e: (e.row, position.get(e.column, -1)))


class ConcurrentChange(Exception):
    """Another writer got there between the checks and the write; nothing was written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# ------------------------------------------------------------------ the actor's filing


def find_filing(session: Session, actor: Actor, filing_type: str) -> Filing | None:
    return session.exec(
        select(Filing).where(Filing.institution_id == actor.institution_id, Filing.filing_type == filing_type)
    ).first()


# ------------------------------------------------------------------ cell values

MASKED_MESSAGE = (
    "证件号码“{shown}”是脱敏显示的号码（含*），无法识别是哪位人员；请填写完整的18位证件号码"
    "（主账号导出时可选择导出完整证件号码）"
)


def text_of(value: Any) -> str:
    """A cell as the text the user typed: integral numbers without .0, dates as 2024-07-01."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, (date, time, timedelta)):
        return str(value)
    if isinstance(value, str):
        return unneutralise(value)
    return str(value)


def excel_display(value: float) -> str:
    """A number as Excel's General format shows it in a cell: 110108, 1.30102E+17."""
    if math.isfinite(value) and value.is_integer() and abs(value) < 1e11:
        return str(int(value))
    return f"{value:.5E}"


def excel_number_problem(column: Column, value: Any) -> str | None:
    """A long code typed into a number cell has lost its last digits (Excel keeps 15)."""
    if isinstance(value, float) and math.isfinite(value) and abs(value) >= 1e15:
        return (f"{column.label}被Excel转换成了数字（显示为{excel_display(value)}），末尾数字已丢失；"
                f"请将该列单元格格式设为“文本”后重新录入完整内容")
    return None


def cell_input(column: Column, value: Any) -> tuple[Any, str | None]:
    """What the record validators get for a cell, or an error found before them."""
    kind = column.spec.kind
    if value.__class__ is str and kind != ID_NUMBER:
        return unneutralise(value), None  # what the branches below give for text
    if kind == DATE:
        return (unneutralise(value) if isinstance(value, str) else value), None
    if kind == ID_NUMBER:
        if isinstance(value, str):
            if "*" in value or "＊" in value:
                return value, MASKED_MESSAGE.format(shown=value.strip())
            return value, None
        if isinstance(value, float):
            # Show the number as Excel shows it (1.30102E+17): check_identity explains the damage.
            return excel_display(value), None
        return value, None
    problem = excel_number_problem(column, value)
    if problem:
        return value, problem
    return text_of(value), None


def column_inputs(column: Column, cells: list[Any]) -> tuple[list[Any], list[tuple[int, str]]]:
    """cell_input of a whole column: the validators' inputs, and (index, message) of the cells
    found wrong before validation."""
    if column.spec.kind == ID_NUMBER:
        converted = [cell_input(column, value) for value in cells]
        return [c[0] for c in converted], [(i, c[1]) for i, c in enumerate(converted) if c[1]]
    if set(map(type, cells)) == {str} and "\x00'" not in "\x00" + "\x00".join(cells):
        return cells, []  # text only, none starting with a quote: cell_input keeps every cell as it is
    # Text cells (nearly all) come back unchanged from cell_input unless they start with a quote.
    inputs = [v if v.__class__ is str and not v.startswith("'") else cell_input(column, v)[0] for v in cells]
    problems = []
    for i, value in enumerate(cells):
        if value.__class__ is not str:
            message = cell_input(column, value)[1]
            if message:
                problems.append((i, message))
    return inputs, problems
