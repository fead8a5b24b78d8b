"""The import's fast paths give what the plain ones give, and its place in the wizard:
the driver-level bulk write stores exactly what Core stores, cells are read column by
column as cell by cell, the garbage collector comes back after every import, a filing
submitted while an import was being checked refuses the write, and an import leaves
Filing.version (the wizard forms' guard) alone."""

from __future__ import annotations

import gc
import threading
from datetime import date, datetime, time, timezone

import pytest
import sqlalchemy as sa
from sqlmodel import select

from filing_app.domain.records import ID_NUMBER
from filing_app.models import ActiveEmployment, Filing, Person
from filing_app.services import filings
from filing_app.services.excel import importer, people_import
from filing_app.services.excel.common import cell_input, collector_paused, column_inputs, execute_many
from filing_app.services.excel.schema import layout
from tests.services.excel_support import make_org, people_file, person, snapshot


@pytest.fixture()
def org(session):  # noqa: ANN001
    return make_org(session, "北京丁环境监测有限公司")


def _record(filing_id: int, institution_id: int, key: str, **overrides) -> dict:  # noqa: ANN003
    record = {
        "filing_id": filing_id, "institution_id": institution_id, "id_type": "居民身份证", "id_number": key,
        "id_key": key, "name": "张三", "gender": "男", "education": "本科", "degree": "学士", "major": "环境工程",
        "hire_date": date(2015, 7, 1), "labor_relation": "正式员工", "duties": ["技术负责人", "质量负责人"],
        "title": "中级", "posts": [], "status": "在职", "leave_date": None, "has_training": True,
        "created_at": datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
        "updated_at": datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
    }
    record.update(overrides)
    return record


def _stored(session, ids: list[int]) -> list[tuple]:  # noqa: ANN001
    """The raw rows as the database holds them (no type conversion on the way out)."""
    rows = session.connection().exec_driver_sql(
        f"SELECT * FROM person WHERE id IN ({', '.join(map(str, ids))}) ORDER BY id").all()
    return [tuple(v for k, v in zip(r._fields, r) if k not in ("id", "id_key", "id_number")) for r in rows]


def test_the_bulk_write_stores_exactly_what_core_stores(session, org):
    filing = Filing(institution_id=org.institution.id, filing_type="monitoring")
    session.add(filing)
    session.flush()
    variants = [{}, {"leave_date": date(2024, 1, 31), "status": "离职", "has_training": False, "duties": []},
                {"hire_date": None, "posts": ["采样"], "major": ""}]
    core, ours = [], []
    for n, extra in enumerate(variants):
        core.append(_record(filing.id, org.institution.id, f"core{n}", **extra))
        ours.append(_record(filing.id, org.institution.id, f"ours{n}", **extra))
    session.connection().execute(Person.__table__.insert(), core)
    execute_many(session, Person.__table__.insert(), ours)
    ids = {p.id_key: p.id for p in session.exec(select(Person).where(Person.filing_id == filing.id))}
    assert _stored(session, [ids[f"ours{n}"] for n in range(3)]) == _stored(session, [ids[f"core{n}"] for n in range(3)])

    # Updates by id (the re-import path), both ways.
    table = Person.__table__
    statement = table.update().where(table.c.id == sa.bindparam("_id")).values(
        {f: sa.bindparam(f) for f in ("posts", "leave_date", "has_training")})
    change = {"posts": ["分析", "采样"], "leave_date": date(2023, 5, 6), "has_training": None}
    session.connection().execute(statement, [{"_id": ids[f"core{n}"], **change} for n in range(3)])
    execute_many(session, statement, [{"_id": ids[f"ours{n}"], **change} for n in range(3)])
    assert _stored(session, [ids[f"ours{n}"] for n in range(3)]) == _stored(session, [ids[f"core{n}"] for n in range(3)])
    # And the ORM reads them back as it wrote them.
    session.expire_all()
    back = session.get(Person, ids["ours1"])
    assert (back.hire_date, back.duties, back.posts, back.has_training, back.leave_date) == (
        date(2015, 7, 1), [], ["分析", "采样"], None, date(2023, 5, 6))


def test_cells_read_column_by_column_as_cell_by_cell():
    lay = layout("people", "monitoring")
    cells = ["本科", " 本 科 ", "'=1+1", "'-", "", None, 3.0, 1.30102e17, 1.5e15, 110108.0, True,
             datetime(2024, 7, 1), date(2024, 7, 1), time(9, 30), "1101*****1234", "２０２４／７／１"]
    texts = ["本科", " 本 科 ", "", "1101*****1234", "a'=b"]
    for column in lay.columns:
        for sample in (cells, texts, [*texts, "'=1+1"], [*texts, "'+86"]):
            inputs, problems = column_inputs(column, sample)
            one_by_one = [cell_input(column, value) for value in sample]
            assert inputs == [c[0] for c in one_by_one], (column.key, sample)
            assert problems == [(i, c[1]) for i, c in enumerate(one_by_one) if c[1]], (column.key, sample)
    assert any(column.spec.kind == ID_NUMBER for column in lay.columns)


def test_the_garbage_collector_comes_back_after_imports_even_overlapping_or_failing(session, org):
    assert gc.isenabled()
    inside: list[bool] = []
    started, release = threading.Event(), threading.Event()

    def other() -> None:
        with collector_paused():
            started.set()
            release.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    started.wait(5)
    with pytest.raises(RuntimeError):
        with collector_paused():
            inside.append(gc.isenabled())
            raise RuntimeError("boom")
    assert not gc.isenabled()  # the other import still runs
    release.set()
    thread.join(5)
    assert inside == [False] and gc.isenabled()
    result = importer.run_import(session, org.main, "people", "monitoring", people_file([person()]))
    assert result.ok and gc.isenabled()


def test_a_filing_submitted_while_the_file_was_checked_is_not_written(session, org, monkeypatch):
    importer.run_import(session, org.main, "people", "monitoring", people_file([person()]))
    session.commit()
    before = snapshot(session)
    checked = people_import.validate

    def validate_then_submit(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        plan = checked(*args, **kwargs)
        # As if a colleague's 备案提交 went through while this import was being validated.
        session.connection().execute(sa.update(Filing).where(Filing.institution_id == org.institution.id)
                                     .values(status="submitted"))
        return plan

    monkeypatch.setattr(people_import, "validate", validate_then_submit)
    result = importer.run_import(session, org.main, "people", "monitoring", people_file([person(), person()]))
    assert not result.ok and result.message == "备案已提交，待审查，审查结束前不能修改"
    session.commit()
    people, claims, equipment, _filings = snapshot(session)
    assert (people, claims, equipment) == before[:3]


def test_an_import_leaves_the_wizard_forms_version_alone(session, org):
    summary = filings.open_filing(session, org.main, "monitoring")
    session.commit()
    basic = filings.load_basic(session, org.main, "monitoring")
    result = importer.run_import(session, org.main, "people", "monitoring", people_file([person(), person()]))
    session.commit()
    assert result.ok
    filing = session.get(Filing, summary.id)
    session.refresh(filing)
    assert filing.version == basic.version and filing.updated_by == org.main.account_id
    # A colleague's 基本信息 form loaded before the import still saves.
    saved = filings.save_basic(session, org.main, "monitoring", {"legal_rep": "王五"}, version=basic.version,
                               validate=False)
    session.commit()
    assert saved.version == basic.version + 1
    assert len(session.exec(select(ActiveEmployment).where(
        ActiveEmployment.institution_id == org.institution.id)).all()) == 2


def test_the_reader_keeps_the_same_rows_whether_or_not_every_row_has_a_name():
    from filing_app.services.excel import reader, safety
    from filing_app.services.excel.schema import LISTS_SHEET

    def read(rows: list[dict]) -> reader.SheetRows:
        data = people_file(rows)
        checked = safety.check_workbook(data, preferred_sheet="技术人员", lists_sheet=LISTS_SHEET)
        return reader.read_sheet(checked, layout("people", "monitoring"), 100)

    a, b = person(name="甲"), person(name="乙")
    named = read([a, b])  # every row has a name: read column by column at once
    unnamed = person(name="", education="本科")
    blank = dict.fromkeys(a, "")
    gaps = read([a, blank, unnamed, b])  # a row without a name, a blank row: read row by row
    assert named.numbers == [2, 3] and gaps.numbers == [2, 4, 5]
    assert [cells["name"] for _n, cells in named.rows] == ["甲", "乙"]
    assert [cells["name"] for _n, cells in gaps.rows] == ["甲", "", "乙"]
    assert named.rows[1][1] == gaps.rows[2][1] and named.cells.keys() == gaps.cells.keys()
