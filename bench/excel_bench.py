"""Excel import and export benchmark (issue 4).

    python bench/excel_bench.py            # everything, ~2-3 minutes on 2 cores
    python bench/excel_bench.py --runs 5   # more repetitions per case

Set-up (not timed): a fresh SQLite database (the embedded default) with 2,000 other
institutions holding 200,000 people in their filings (active_employment holds them all),
an institution with an empty draft filing, a 5,000-row 技术人员 workbook filled the way a
user fills the template (openpyxl), and an institution with 10,000 people to export.

Each case runs in its own Python process, on its own copy of the database, and reports
wall time and peak RSS (getrusage ru_maxrss, which includes the interpreter and the
libraries it loaded):

  import            the whole import of the 5,000 rows: safety checks, calamine read,
                    validation, the rule check against the 200,000, the write, the commit
  import-again      the same file once more (5,000 rows that change nothing)
  openpyxl-read     the same file read by openpyxl in its default mode (load + every row)
  export            export of the 10,000 people (masked numbers) to .xlsx
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OTHER_INSTITUTIONS = 2000
PEOPLE_EACH = 100
IMPORT_ROWS = 5000
EXPORT_ROWS = 10000


def _env(work: Path, db: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "FILING_DATA_DIR": str(work / "data"),
        "REFLEX_DB_URL": f"sqlite:///{db}",
        "FILING_SECRET_KEY": "bench",
        "PYTHONDONTWRITEBYTECODE": "1",
    })
    env.pop("REFLEX_REDIS_URL", None)
    return env


def _ids(region: str, count: int, offset: int = 0) -> list[str]:
    from filing_app.domain.validators import complete_identity_number

    start = date(1955, 1, 1)
    out = []
    for i in range(offset, offset + count):
        born = start + timedelta(days=i // 100 % 18000)
        out.append(complete_identity_number(f"{region}{born.strftime('%Y%m%d')}{i % 100:02d}{(i // 100) % 10}"))
    return out


def setup(work: Path) -> dict[str, object]:
    """Build the database and the import file (runs in this process)."""
    os.environ.update(_env(work, work / "base.db"))
    import io

    import sqlalchemy as sa
    from openpyxl import load_workbook

    from filing_app.cli import migrate
    from filing_app.db import session_scope
    from filing_app.domain.validators import complete_credit_code
    from filing_app.models import Account, ActiveEmployment, Filing, Institution, Person
    from filing_app.services.excel import templates
    from filing_app.services.excel.schema import layout

    migrate()
    now = datetime.now(timezone.utc)
    with session_scope() as s:
        conn = s.connection()
        institutions = [
            {"credit_code": complete_credit_code(f"91110108MA{i:06d}"), "name": f"基准测试机构{i}",
             "registered_type": "monitoring", "province_code": "110000", "city_code": "", "address": "",
             "created_at": now}
            for i in range(OTHER_INSTITUTIONS + 2)
        ]
        conn.execute(sa.insert(Institution), institutions)
        ids = [r[0] for r in conn.execute(sa.select(Institution.id).order_by(Institution.id))]
        importer_id, exporter_id, others = ids[0], ids[1], ids[2:]
        conn.execute(sa.insert(Filing), [
            {"institution_id": i, "filing_type": "monitoring", "status": "draft", "version": 1,
             "change_in_progress": False, "categories": [], "completed_tabs": [], "return_reason": "",
             "created_at": now, "updated_at": now} for i in ids])
        filings = dict(conn.execute(sa.select(Filing.institution_id, Filing.id)).all())
        for role_owner, name in ((importer_id, "bench_import"), (exporter_id, "bench_export")):
            conn.execute(sa.insert(Account), [{"username": name, "phone": None, "display_name": name,
                                               "password_hash": "-", "role": "inst_main",
                                               "institution_id": role_owner, "status": "active",
                                               "must_change_password": False, "failed_logins": 0,
                                               "password_changed_at": now, "created_at": now}])

        def person_rows(keys: list[str], institution_id: int) -> list[dict]:
            return [{
                "filing_id": filings[institution_id], "institution_id": institution_id, "id_type": "居民身份证",
                "id_number": k, "id_key": k, "name": f"人员{n}", "gender": "男" if int(k[16]) % 2 else "女",
                "education": "本科", "degree": "学士", "major": "环境工程", "hire_date": date(2015, 7, 1),
                "labor_relation": "正式员工", "duties": ["技术负责人"], "title": "中级", "posts": ["采样", "分析"],
                "status": "在职", "leave_date": None, "has_training": False, "created_at": now, "updated_at": now,
            } for n, k in enumerate(keys)]

        filed = _ids("110101", OTHER_INSTITUTIONS * PEOPLE_EACH)
        for n, institution_id in enumerate(others):
            keys = filed[n * PEOPLE_EACH:(n + 1) * PEOPLE_EACH]
            conn.execute(sa.insert(Person), person_rows(keys, institution_id))
            conn.execute(sa.insert(ActiveEmployment),
                         [{"id_key": k, "institution_id": institution_id, "since": now} for k in keys])
        exported = _ids("320102", EXPORT_ROWS)
        conn.execute(sa.insert(Person), person_rows(exported, exporter_id))
        conn.execute(sa.insert(ActiveEmployment),
                     [{"id_key": k, "institution_id": exporter_id, "since": now} for k in exported])
    with session_scope() as s:
        s.connection().exec_driver_sql("ANALYZE")

    # The import file: the downloaded template filled in, as Excel/WPS users do (openpyxl).
    lay = layout("people", "monitoring")
    wb = load_workbook(io.BytesIO(templates.template_bytes("people", "monitoring")))
    ws = wb[lay.sheet]
    educations = ["研究生", "本科", "大专"]
    for n, key in enumerate(_ids("440305", IMPORT_ROWS)):
        values = {
            "name": f"导入人员{n}", "id_type": "居民身份证", "id_number": key, "gender": "",
            "education": educations[n % 3], "degree": "学士", "major": "环境监测", "hire_date": "2018-07-01",
            "labor_relation": "正式员工", "duties": "技术负责人、质量负责人", "title": "中级",
            "posts": "采样、分析", "status": "在职" if n % 10 else "离职", "leave_date": "" if n % 10 else "2023-06-30",
            "has_training": "无",
        }
        ws.append([values[c.key] for c in lay.columns])
    wb.save(work / "people-5000.xlsx")
    return {"importer": importer_id, "exporter": exporter_id}


def _actor(session, username: str):  # noqa: ANN001, ANN202
    from sqlmodel import select

    from filing_app.models import Account
    from filing_app.services.actor import Actor

    account = session.exec(select(Account).where(Account.username == username)).one()
    return Actor(account_id=account.id, username=account.username, role=account.role,
                 institution_id=account.institution_id)


def case(name: str, work: Path, db: Path) -> dict[str, object]:
    """One measured case (runs in a fresh process)."""
    os.environ.update(_env(work, db))
    import io

    from filing_app.db import session_scope
    from filing_app.services.excel import export, importer
    from filing_app.settings import get_settings

    get_settings()
    data = (work / "people-5000.xlsx").read_bytes()
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out: dict[str, object] = {"case": name}
    if name in ("import", "import-again"):
        stages: list[tuple[float, str]] = []
        t0 = time.perf_counter()
        with session_scope() as session:
            actor = _actor(session, "bench_import")
            t0, c0 = time.perf_counter(), time.process_time()
            result = importer.run_import(session, actor, "people", "monitoring", data,
                                         progress=lambda f, s: stages.append((time.perf_counter(), s)))
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        assert result.ok, result.message
        marks = {s: t for t, s in stages}
        read_done = next(t for t, s in stages if s.startswith("正在校验，共"))
        write_start = marks.get("正在写入", read_done)
        out.update(seconds=elapsed, cpu=cpu, message=result.message,
                   check_read=read_done - t0, validate=write_start - read_done,
                   write_commit=elapsed - (write_start - t0))
    elif name == "openpyxl-read":
        from openpyxl import load_workbook

        t0, c0 = time.perf_counter(), time.process_time()
        wb = load_workbook(io.BytesIO(data))
        rows = sum(1 for _ in wb["技术人员"].iter_rows(values_only=True))
        out.update(seconds=time.perf_counter() - t0, cpu=time.process_time() - c0, rows=rows)
    elif name == "export":
        t0 = time.perf_counter()
        with session_scope() as session:
            actor = _actor(session, "bench_export")
            t0, c0 = time.perf_counter(), time.process_time()
            file = export.export_list(session, actor, "people", "monitoring")
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        assert file.rows == EXPORT_ROWS
        out.update(seconds=elapsed, cpu=cpu, rows=file.rows, size=len(file.data))
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["baseline_rss_mb"] = baseline / 1024
    return out


def _spawn(name: str, work: Path, db: Path) -> dict[str, object]:
    proc = subprocess.run([sys.executable, __file__, "--case", name, "--work", str(work), "--db", str(db)],
                          capture_output=True, text=True, env=_env(work, db), cwd=ROOT)
    if proc.returncode:
        raise SystemExit(proc.stderr[-3000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--case")
    parser.add_argument("--work")
    parser.add_argument("--db")
    parser.add_argument("--setup")
    parser.add_argument("--keep", help="a folder to keep the set-up in and reuse on the next run")
    args = parser.parse_args()
    if args.setup:
        setup(Path(args.setup))
        return
    if args.case:
        print(json.dumps(case(args.case, Path(args.work), Path(args.db)), ensure_ascii=False))
        return

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="excel-bench-"))
    try:
        t0 = time.perf_counter()
        if not (work / "base.db").exists():
            work.mkdir(parents=True, exist_ok=True)
            setup_proc = subprocess.run([sys.executable, __file__, "--setup", str(work)], capture_output=True,
                                        text=True, cwd=ROOT)
            if setup_proc.returncode:
                raise SystemExit(setup_proc.stderr[-3000:])
        print(f"set-up: {OTHER_INSTITUTIONS * PEOPLE_EACH:,} people filed by {OTHER_INSTITUTIONS:,} institutions, "
              f"{EXPORT_ROWS:,} to export, a {IMPORT_ROWS:,}-row workbook "
              f"({(work / 'people-5000.xlsx').stat().st_size / 1024:.0f} KB) in {time.perf_counter() - t0:.0f} s")
        results: dict[str, list[dict[str, object]]] = {}
        load_before = os.getloadavg()[0]
        for run in range(args.runs):
            db = work / f"run{run}.db"
            shutil.copyfile(work / "base.db", db)
            for name in ("openpyxl-read", "import", "import-again", "export"):
                results.setdefault(name, []).append(_spawn(name, work, db))
            db.unlink()

        def med(name: str, key: str = "seconds") -> float:
            return statistics.median(float(r[key]) for r in results[name])

        def worst(name: str, key: str = "seconds") -> float:
            return max(float(r[key]) for r in results[name])

        load = os.getloadavg()[0]
        print(f"\nruns per case: {args.runs} (median, worst); machine: {os.cpu_count()} cores, load average "
              f"{load_before:.1f} at the start and {load:.1f} at the end, Python {sys.version.split()[0]}, SQLite")
        print("| case | wall time (s) | CPU time (s) | peak RSS (MB) | target |")
        print("| --- | --- | --- | --- | --- |")
        rows = [
            ("5,000-row import against 200,000 filed people", "import", "< 2 s, < 300 MB"),
            ("same file again (5,000 unchanged rows)", "import-again", ""),
            ("5,000-row file read by openpyxl (default mode)", "openpyxl-read", "reference"),
            ("10,000-row export", "export", "< 3 s, < 300 MB"),
        ]
        for label, name, target in rows:
            print(f"| {label} | {med(name):.2f} ({worst(name):.2f}) | {med(name, 'cpu'):.2f} ({worst(name, 'cpu'):.2f}) "
                  f"| {med(name, 'peak_rss_mb'):.0f} ({worst(name, 'peak_rss_mb'):.0f}) | {target} |")
        first = results["import"]
        read = statistics.median(r["check_read"] for r in first)
        print("\nimport stages, wall (median s): checks + read {:.3f}, validation + rule check {:.3f}, "
              "write + commit {:.3f}".format(read, statistics.median(r["validate"] for r in first),
                                             statistics.median(r["write_commit"] for r in first)))
        print(f"interpreter + libraries before each case: {med('import', 'baseline_rss_mb'):.0f} MB")
        print(f"openpyxl default-mode read / whole import: wall {med('openpyxl-read') / med('import'):.1f}x, "
              f"CPU {med('openpyxl-read', 'cpu') / med('import', 'cpu'):.1f}x (target >= 5x)")

        def per_run(key: str) -> str:
            return ", ".join(f"{float(o[key]) / float(i[key]):.1f}" for o, i in zip(results["openpyxl-read"], first))

        def best(name: str, key: str = "seconds") -> float:
            return min(float(r[key]) for r in results[name])

        print(f"  the same ratio run by run (each run reads and imports one after the other): "
              f"wall {per_run('seconds')}; CPU {per_run('cpu')}")
        print(f"  best of the runs: openpyxl {best('openpyxl-read'):.2f} s / import {best('import'):.2f} s wall = "
              f"{best('openpyxl-read') / best('import'):.1f}x; CPU {best('openpyxl-read', 'cpu'):.2f} / "
              f"{best('import', 'cpu'):.2f} = {best('openpyxl-read', 'cpu') / best('import', 'cpu'):.1f}x")
        print(f"openpyxl default-mode read / our checks + calamine read: wall {med('openpyxl-read') / read:.1f}x")
        print(f"import result: {first[0]['message']}")
        print(f"\ncommand: python bench/excel_bench.py --runs {args.runs}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
