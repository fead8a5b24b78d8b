"""Shared pieces of the imports and exports: results, the actor's filing, cell values."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from filing_app.domain import filing_flow, regions
from filing_app.domain.enums import FILING_TYPE_LABELS, FilingStatus
from filing_app.domain.records import DATE, ID_NUMBER
from filing_app.models import Filing, Institution
from filing_app.services.actor import Actor
from filing_app.services.errors import ServiceError
from filing_app.services.excel.schema import Column, Layout, column_letters
from filing_app.services.excel.templates import unneutralise

T = TypeVar("T")
Progress = Callable[[float, str], None]

# Bound parameters per IN list: well under SQLite's and PostgreSQL's limits.
CHUNK = 500


def no_progress(_fraction: float, _stage: str) -> None:
    return None


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


def editable_problem(filing: Filing) -> str | None:
    """Why the institution may not change this filing's lists now, or None.

    The wording is the wizard's (services/filings._locked_message on main).
    """
    if filing_flow.is_editable(filing.status) and (
        filing.status != FilingStatus.APPROVED or filing.change_in_progress
    ):
        return None
    if filing.status == FilingStatus.SUBMITTED:
        return "备案已提交，待审查，审查结束前不能修改"
    if filing.status == FilingStatus.CHANGE_PENDING:
        return "备案变更审查中，审查结束前不能修改"
    if filing.status == FilingStatus.APPROVED:
        return "备案已通过审查，如需修改请在首页点击“备案变更”"
    if filing.status == FilingStatus.CANCELLED:
        return "备案已注销，如需重新备案请在首页点击“重新备案”"
    return "当前状态不能修改备案"


def may_start(session: Session, actor: Actor, filing_type: str) -> str | None:
    """Why the institution may not start a filing of this type, or None (§3.1, §3.2)."""
    institution = session.get(Institution, actor.institution_id)
    if institution is None:
        return "机构不存在"
    if filing_type == institution.registered_type:
        return None
    other = session.exec(
        select(Filing.status).where(Filing.institution_id == institution.id, Filing.filing_type != filing_type)
    ).first()
    if other in (FilingStatus.APPROVED, FilingStatus.CHANGE_PENDING):
        return None
    return (f"请先完成{FILING_TYPE_LABELS[institution.registered_type]}备案并通过审查，"
            f"再新增{FILING_TYPE_LABELS[filing_type]}备案")


def writable_filing(session: Session, actor: Actor, filing_type: str) -> Filing:
    """The actor's filing of this type; a first import of the registered type starts the draft
    as the wizard's 立即填报 does (services/filings.open_filing on main: name and address from
    the institution). The other type is started from the home page (it copies the basic
    information of the published filing), so an import does not start it."""
    filing = find_filing(session, actor, filing_type)
    if filing is not None:
        problem = editable_problem(filing)
        if problem:
            raise ServiceError(problem)
        return filing
    problem = may_start(session, actor, filing_type)
    if problem:
        raise ServiceError(problem)
    institution = session.get(Institution, actor.institution_id)
    if filing_type != institution.registered_type:
        raise ServiceError(f"请先在首页点击“新增{FILING_TYPE_LABELS[filing_type]}备案”，再导入")
    try:
        with session.begin_nested():
            filing = Filing(
                institution_id=institution.id, filing_type=filing_type, org_name=institution.name,
                reg_province_code=institution.province_code,
                reg_city_code=institution.city_code if regions.city_in_province(
                    institution.city_code, institution.province_code) else "",
                reg_address=institution.address or "", updated_by=actor.account_id,
            )
            session.add(filing)
            session.flush()
    except IntegrityError:
        # Another session of the institution started it a moment ago (unique institution + type).
        filing = find_filing(session, actor, filing_type)
        if filing is None:
            raise
    return filing


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
