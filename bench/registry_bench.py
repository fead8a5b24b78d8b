"""Registry benchmark: 100,000 published institutions across all provinces.

    python bench/registry_bench.py                      # SQLite in /tmp/registry-bench, 100,000 rows
    python bench/registry_bench.py --browser            # + the browser-observed round trip (Chromium)
    python bench/registry_bench.py --db-url postgresql+psycopg://postgres@127.0.0.1:55462/registry_bench

Measures, on the same data:
  1. services/registry.search (one page of 10 rows + the COUNT, in a fresh read-only session, as
     the page's event handler runs it) for each kind of filter: p50 / p95 / max over --reps
     different queries each;
  2. the naive way: load every published row and filter, sort, count and page in Python; the
     ratio naive / indexed per filter;
  3. with --browser: the app in production mode (AppHarnessProd) on this database, Chromium
     via Playwright, the time from a click on 查询 to the table's update (DOM changed and the
     next frame drawn), p50 / p95 over --searches searches.
The data is generated once and reused (--regenerate to rebuild).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--data-dir", default=str(Path(tempfile.gettempdir()) / "registry-bench"))
    parser.add_argument("--db-url", default="", help="default: SQLite in --data-dir")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--reps", type=int, default=60, help="queries per filter for the service figures")
    parser.add_argument("--naive-reps", type=int, default=3)
    parser.add_argument("--browser", action="store_true")
    parser.add_argument("--searches", type=int, default=30)
    parser.add_argument("--seed", type=int, default=20251224)
    return parser.parse_args()


ARGS = _args() if __name__ == "__main__" else None
if ARGS is not None:
    # Before filing_app.settings or reflex read the environment.
    Path(ARGS.data_dir).mkdir(parents=True, exist_ok=True)
    os.environ["FILING_DATA_DIR"] = ARGS.data_dir
    os.environ["REFLEX_DB_URL"] = ARGS.db_url or f"sqlite:///{Path(ARGS.data_dir) / 'registry-bench.db'}"
    os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")
    os.environ.pop("REFLEX_REDIS_URL", None)

import sqlalchemy as sa  # noqa: E402
from sqlmodel import select  # noqa: E402

from filing_app.cli import migrate  # noqa: E402
from filing_app.db import get_engine, is_sqlite, session_scope  # noqa: E402
from filing_app.domain import regions  # noqa: E402
from filing_app.domain.enums import FilingStatus, FilingType  # noqa: E402
from filing_app.domain.validators import complete_credit_code  # noqa: E402
from filing_app.models import Filing, Institution, PublishedFiling, PublishedNameGram  # noqa: E402
from filing_app.services import registry  # noqa: E402
from filing_app.services.registry import RegistryQuery  # noqa: E402
from filing_app.settings import get_settings  # noqa: E402

# ------------------------------------------------------------------ data

ZIHAO = ("华中清源博瑞诚信达科创绿蓝天恒泰安普正德金鑫宏伟嘉和润泽海洋山川明晟捷力新谱尚标准通联众利合益康宁远航精锐锦程"
         "昊辰宸睿智慧聚佳鼎盛万家兴隆永丰凯旋腾飞翔宇星光晨曦朗月碧水青松翠柏红旗东方西北南际环佰仟亿优质量品谱析微纳元"
         "素分子原点坐标尺度方圆弘毅致远笃行求实卓越领先前沿奥祥瀚沣澜涛汇")
MON_WORDS = ("环境监测", "环境检测", "检测技术", "环保科技", "环境科技", "生态环境", "检测", "分析测试", "环境技术", "检验检测",
             "环境检测技术", "辐射环境监测")
OM_WORDS = ("环保科技", "环境工程", "环保设备运营", "自动监测运维", "环境服务", "环保技术", "智能科技", "环境治理", "水务科技")
FORMS = ("有限公司", "有限责任公司", "股份有限公司", "技术有限公司", "科技有限公司")
GENERIC_QUERIES = ("环境", "检测", "科技", "公司", "有限公司", "环境监测", "检测技术", "环保科技")
CODE_CHARS = registry.CREDIT_CODE_ALPHABET
BASE_US = 1_766_534_400 * 1_000_000  # 2025-12-24 00:00 UTC
THREE_YEARS_US = 3 * 365 * 86_400 * 1_000_000


def _short(name: str) -> str:
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "地区", "省", "市", "区", "县", "盟"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _name(rng: random.Random, place: str, om: bool) -> tuple[str, str]:
    """(name, its distinctive 字号)."""
    if not om and rng.random() < 0.06:
        return place + rng.choice(("市环境监测中心站", "生态环境监测中心", "环境监测站", "辐射环境监测站")), place
    zihao = "".join(rng.choice(ZIHAO) for _ in range(rng.choice((2, 2, 2, 3, 4))))
    word = rng.choice(OM_WORDS if om else MON_WORDS)
    form = rng.choice(FORMS)
    r = rng.random()
    if r < 0.5:
        return place + zihao + word + form, zihao
    if r < 0.7:
        return zihao + word + "（" + place + "）" + form, zihao
    return zihao + word + form, zihao


def _org_body(n: int) -> str:
    chars = []
    for _ in range(8):
        n, digit = divmod(n, len(CODE_CHARS))
        chars.append(CODE_CHARS[digit])
    return "".join(reversed(chars))


def _cities() -> list[tuple[str, str, str]]:
    """(province code, city code, short place name) for every city of the 31 provinces."""
    result = []
    for province, _ in regions.PROVINCES:
        for city, name in regions.cities(province):
            result.append((province, city, _short(name)))
    return result


def generate(rows: int, seed: int) -> dict:
    """Bulk-insert `rows` published institutions (institution, filing, published row) and index them."""
    from datetime import datetime, timedelta, timezone

    rng = random.Random(seed)
    cities = _cities()
    provinces = sorted({c[0] for c in cities})
    by_province: dict[str, list[tuple[str, str, str]]] = {}
    for c in cities:
        by_province.setdefault(c[0], []).append(c)
    epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
    engine = get_engine()
    institution_t, filing_t, published_t = Institution.__table__, Filing.__table__, PublishedFiling.__table__
    started = time.perf_counter()
    batch = 10_000
    with engine.begin() as conn:
        for start in range(0, rows, batch):
            inst, fil, pub = [], [], []
            for i in range(start, min(rows, start + batch)):
                province = provinces[i % len(provinces)] if i < len(provinces) else rng.choice(provinces)
                _, city, place = rng.choice(by_province[province])
                om = rng.random() < 0.4
                filing_type = FilingType.OM if om else FilingType.MONITORING
                name, _ = _name(rng, place, om)
                code = complete_credit_code(f"91{city}{_org_body(i)}")
                published_at = epoch + timedelta(microseconds=BASE_US - rng.randrange(THREE_YEARS_US))
                category = rng.choice(("综合监测类", "辐射专项监测类") if not om else
                                      ("污染源自动监测运维类", "环境质量自动监测运维类", "综合运维类"))
                address = regions.full_address(province, city, f"科技路{rng.randint(1, 999)}号")
                row_id = i + 1
                inst.append({"id": row_id, "credit_code": code, "name": name, "registered_type": filing_type,
                             "province_code": province, "city_code": city, "address": address,
                             "created_at": published_at})
                fil.append({"id": row_id, "institution_id": row_id, "filing_type": filing_type,
                            "status": FilingStatus.APPROVED, "version": 1, "change_in_progress": False,
                            "inst_category": category, "org_name": name, "nature": "私营", "categories": [],
                            "other_category": "", "legal_rep": "", "legal_rep_phone": "",
                            "reg_province_code": province, "reg_city_code": city, "reg_address": address,
                            "cma_cert_no": "", "cnas_cert_no": "", "completed_tabs": [], "return_reason": "",
                            "published_at": published_at, "created_at": published_at, "updated_at": published_at})
                public = {"org_name": name, "credit_code": code, "filing_type": filing_type, "inst_category": category,
                          "nature": "私营", "independent_legal_person": True, "legal_rep": "王某",
                          "reg_address": address, "province_code": province, "city_code": city,
                          "categories": ["水(含大气降水)和废水", "环境空气和废气", "噪声"],
                          "published_at": published_at.isoformat(), "cma_cert_no": f"2311{row_id:08d}",
                          "cma_valid_from": "2023-03-01", "cma_valid_to": "2029-02-28", "has_cnas": False,
                          "people_count": rng.randint(8, 120), "equipment_count": rng.randint(20, 400)}
                pub.append({"id": row_id, "filing_id": row_id, "institution_id": row_id, "filing_type": filing_type,
                            "province_code": province, "city_code": city, "org_name": name, "credit_code": code,
                            "reg_address": address, "inst_category": category, "published_at": published_at,
                            "updated_at": published_at, "qualification_attachment_ids": [3 * row_id, 3 * row_id + 1],
                            "commitment_attachment_id": 3 * row_id + 2, "public": public})
            conn.execute(institution_t.insert(), inst)
            conn.execute(filing_t.insert(), fil)
            conn.execute(published_t.insert(), pub)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    with session_scope() as session:
        indexed = registry.rebuild_name_index(session)
    index_seconds = time.perf_counter() - started
    if not is_sqlite():
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE"))  # what autovacuum does soon after a bulk load
    return {"load_s": loaded, "index_s": index_seconds, "indexed": indexed}


def _reset_database() -> None:
    if is_sqlite():
        path = Path(get_settings().database_url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    else:
        with get_engine().begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    from filing_app.db import reset_engines

    reset_engines()


def _schema_matches() -> bool:
    """The stored database has every index the models declare (else the data is generated again)."""
    from sqlmodel import SQLModel

    inspector = sa.inspect(get_engine())
    if not set(SQLModel.metadata.tables) <= set(inspector.get_table_names()):
        return False
    for table in (PublishedFiling.__table__, PublishedNameGram.__table__):
        have = {tuple(ix["column_names"]) for ix in inspector.get_indexes(table.name)}
        if any(tuple(c.name for c in ix.columns) not in have for ix in table.indexes):
            return False
    return True


def ensure_data(rows: int, seed: int, regenerate: bool) -> dict:
    try:
        with session_scope(readonly=True) as session:
            have = session.exec(select(sa.func.count()).select_from(PublishedFiling)).one()
    except Exception:  # noqa: BLE001 - no schema yet
        have = -1
    if have == rows and not regenerate and _schema_matches():
        return {"reused": True}
    _reset_database()
    migrate()
    return generate(rows, seed)


def storage_figures() -> dict:
    with session_scope(readonly=True) as session:
        grams = session.exec(select(sa.func.count()).select_from(PublishedNameGram)).one()
        if is_sqlite():
            size = Path(get_settings().database_url.removeprefix("sqlite:///")).stat().st_size
            try:
                gram_bytes = session.exec(sa.text(
                    "SELECT sum(pgsize) FROM dbstat WHERE name LIKE '%published_name_gram%'")).one()[0]
            except Exception:  # noqa: BLE001 - dbstat not compiled in
                gram_bytes = None
        else:
            size = session.exec(sa.text("SELECT pg_database_size(current_database())")).one()[0]
            gram_bytes = session.exec(sa.text("SELECT pg_total_relation_size('published_name_gram')")).one()[0]
    return {"grams": grams, "db_mb": size / 1e6, "gram_mb": (gram_bytes or 0) / 1e6}


# ------------------------------------------------------------------ queries


def query_sets(reps: int, seed: int) -> dict[str, list[RegistryQuery]]:
    """`reps` different queries per filter, drawn from the data itself."""
    rng = random.Random(seed + 1)
    with session_scope(readonly=True) as session:
        sample = session.exec(
            select(PublishedFiling.org_name, PublishedFiling.credit_code, PublishedFiling.filing_type,
                   PublishedFiling.province_code, PublishedFiling.city_code)
            .where(PublishedFiling.id.in_([rng.randint(1, ARGS.rows) for _ in range(reps * 4)]))
        ).all()
    rng.shuffle(sample)
    rows = (sample * 4)[: reps * 4]

    def pick(i: int):  # noqa: ANN202
        return rows[i % len(rows)]

    def distinctive(name: str) -> str:
        # The 2-character 字号 a person would type: two characters of the name that are not generic words.
        generic = set("".join(MON_WORDS + OM_WORDS + FORMS) + "市省区县（）()")
        for start in range(len(name) - 1):
            part = name[start:start + 2]
            if not (set(part) & generic):
                return part
        return name[:2]

    def substring(name: str, length: int) -> str:
        start = rng.randrange(0, max(1, len(name) - length + 1))
        return name[start:start + length]

    sets: dict[str, list[RegistryQuery]] = {
        "type + province": [RegistryQuery(filing_type=r[2], province_code=r[3]) for r in map(pick, range(reps))],
        "city": [RegistryQuery(filing_type=r[2], province_code=r[3], city_code=r[4]) for r in map(pick, range(reps))],
        "name 2 chars (national)": [RegistryQuery(filing_type=r[2], name=distinctive(r[0]))
                                    for r in map(pick, range(reps))],
        "name 4 chars (national)": [RegistryQuery(filing_type=r[2], name=substring(r[0], 4))
                                    for r in map(pick, range(reps))],
        "name 2 chars + province": [RegistryQuery(filing_type=r[2], province_code=r[3], name=distinctive(r[0]))
                                    for r in map(pick, range(reps))],
        "name generic words (national)": [RegistryQuery(filing_type=rng.choice(FILING_TYPES_),
                                                        name=GENERIC_QUERIES[i % len(GENERIC_QUERIES)])
                                          for i in range(reps)],
        "name 1 char (national)": [RegistryQuery(filing_type=r[2], name=rng.choice(r[0])) for r in map(pick, range(reps))],
        "credit code exact": [RegistryQuery(filing_type=r[2], credit_code=r[1]) for r in map(pick, range(reps))],
        "credit code prefix 8": [RegistryQuery(filing_type=r[2], credit_code=r[1][:8]) for r in map(pick, range(reps))],
        "credit code prefix 4": [RegistryQuery(filing_type=r[2], credit_code=r[1][:4]) for r in map(pick, range(reps))],
        "type only, last page": [RegistryQuery(filing_type=FILING_TYPES_[i % 2]) for i in range(reps)],
    }
    return sets


FILING_TYPES_ = (FilingType.MONITORING, FilingType.OM)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def _timed_search(q: RegistryQuery, page: int) -> tuple[float, float, int]:
    started, started_cpu = time.perf_counter(), time.thread_time()
    with session_scope(readonly=True) as session:
        result = registry.search(session, None, q, page=page)
    return (time.perf_counter() - started) * 1000, (time.thread_time() - started_cpu) * 1000, result.total


def measure_service(sets: dict[str, list[RegistryQuery]]) -> dict[str, dict]:
    """Every query of every filter once (first pass: nothing of these queries cached in the process,
    database files in the OS cache), then all again (second pass: a running server's state)."""
    first: dict[str, list[float]] = {}
    for label, queries in sets.items():
        page = 10**6 if label.endswith("last page") else 1
        first[label] = [_timed_search(q, page)[0] for q in queries]
    results = {}
    for label, queries in sets.items():
        page = 10**6 if label.endswith("last page") else 1
        runs = [_timed_search(q, page) for q in queries]
        times = [r[0] for r in runs]
        totals = [r[2] for r in runs]
        results[label] = {"p50": statistics.median(times), "p95": _percentile(times, 0.95), "max": max(times),
                          "cpu_p95": _percentile([r[1] for r in runs], 0.95),
                          "first_p95": _percentile(first[label], 0.95),
                          "median_total": statistics.median(totals), "max_total": max(totals)}
    return results


def naive_search(q: RegistryQuery, page: int = 1, page_size: int = 10) -> tuple[int, list[int]]:
    """Load every published row, then filter, sort, count and page in Python."""
    q = registry.clean_query(q)
    with session_scope(readonly=True) as session:
        rows = session.exec(select(PublishedFiling)).all()
    low, high = registry.code_prefix_bounds(q.credit_code) if q.credit_code else ("", None)
    matched = [
        r for r in rows
        if r.filing_type == q.filing_type
        and (not q.province_code or r.province_code == q.province_code)
        and (not q.city_code or r.city_code == q.city_code)
        and (not q.name or q.name in registry.normalize_name(r.org_name))
        and (not q.credit_code or r.credit_code.startswith(q.credit_code))
    ]
    matched.sort(key=lambda r: (r.published_at, r.id), reverse=True)
    page_count = max(1, -(-len(matched) // page_size))
    page = min(page, page_count)
    return len(matched), [r.id for r in matched[(page - 1) * page_size: page * page_size]]


def measure_naive(sets: dict[str, list[RegistryQuery]], reps: int) -> dict[str, float]:
    results = {}
    for label, queries in sets.items():
        times = []
        for q in queries[:reps]:
            started = time.perf_counter()
            total, _ = naive_search(q, page=10**6 if label.endswith("last page") else 1)
            times.append((time.perf_counter() - started) * 1000)
            with session_scope(readonly=True) as session:
                assert registry.search(session, None, q).total == total, label  # both give the same answer
        results[label] = statistics.median(times)
    return results


# ------------------------------------------------------------------ browser


def measure_browser(searches: int, seed: int) -> dict:
    from playwright.sync_api import sync_playwright
    from reflex.testing import AppHarnessProd

    rng = random.Random(seed + 2)
    sets = query_sets(max(searches, 10), seed)
    plan = []
    kinds = ("name 2 chars (national)", "name 4 chars (national)", "credit code prefix 8", "credit code exact",
             "name generic words (national)")
    for i in range(searches):
        q = sets[kinds[i % len(kinds)]][i // len(kinds)]
        plan.append((q.name, q.credit_code))
    rng.shuffle(plan)
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    script = """async () => {
        const seq = document.getElementById('registry-search-seq');
        const before = seq.getAttribute('data-seq');
        const changed = new Promise(resolve => {
            const obs = new MutationObserver(() => {
                if (seq.getAttribute('data-seq') !== before) { obs.disconnect(); resolve(); }
            });
            obs.observe(seq, {attributes: true});
        });
        const t0 = performance.now();
        document.getElementById('registry-search').click();
        await changed;
        const dom = performance.now() - t0;
        await new Promise(r => requestAnimationFrame(() => r()));
        return [dom, performance.now() - t0, document.querySelectorAll('#registry-table .registry-row').length];
    }"""
    times, dom_times = [], []
    with AppHarnessProd.create(root=ROOT, app_name="filing_app") as harness, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        page.goto(harness.frontend_url.rstrip("/") + "/registry")
        page.wait_for_selector("#registry-table .registry-row")
        for warm in range(3):
            page.locator("#filter-name").fill(plan[warm][0])
            page.evaluate(script)
        for name, code in plan:
            page.locator("#filter-name").fill(name)
            page.locator("#filter-code").fill(code)
            dom, painted, _ = page.evaluate(script)
            dom_times.append(dom)
            times.append(painted)
        browser.close()
    return {"n": len(times), "p50": statistics.median(times), "p95": _percentile(times, 0.95), "max": max(times),
            "dom_p50": statistics.median(dom_times), "dom_p95": _percentile(dom_times, 0.95)}


# ------------------------------------------------------------------ main


def main() -> None:
    args = ARGS
    command = "python bench/registry_bench.py " + " ".join(sys.argv[1:])
    database = "PostgreSQL" if not is_sqlite() else "SQLite"
    print(f"command: {command}")
    print(f"machine: {os.cpu_count()} CPUs, load average {' / '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"(1 / 5 / 15 min) at start")
    print(f"database: {database} ({get_settings().database_url.split('@')[-1]})")
    data = ensure_data(args.rows, args.seed, args.regenerate)
    if data.get("reused"):
        print(f"data: reused {args.rows:,} published institutions")
    else:
        print(f"data: generated {args.rows:,} published institutions in {data['load_s']:.1f} s; "
              f"name index built in {data['index_s']:.1f} s")
    storage = storage_figures()
    print(f"name index: {storage['grams']:,} entries ({storage['grams'] / args.rows:.1f} per institution), "
          f"{storage['gram_mb']:.0f} MB of a {storage['db_mb']:.0f} MB database")
    sets = query_sets(args.reps, args.seed)
    service = measure_service(sets)
    naive = measure_naive(sets, args.naive_reps)
    print()
    print(f"search service, one page + COUNT, {args.reps} different queries per filter (ms):")
    # cpu p95: this process's CPU time (on SQLite all of the query's work; on PostgreSQL only the client's).
    # first p95: the first pass over the queries; p50 / p95 / max / cpu p95: the second pass.
    print(f"{'filter':32s} {'first p95':>9s} {'p50':>7s} {'p95':>7s} {'max':>7s} {'cpu p95':>8s} "
          f"{'rows matched (median/max)':>26s} {'naive p50':>10s} {'ratio':>7s}")
    for label, r in service.items():
        ratio = naive[label] / r["p50"] if r["p50"] else float("inf")
        print(f"{label:32s} {r['first_p95']:9.2f} {r['p50']:7.2f} {r['p95']:7.2f} {r['max']:7.2f} {r['cpu_p95']:8.2f} "
              f"{r['median_total']:>14,.0f}/{r['max_total']:<11,} {naive[label]:10.0f} {ratio:6.0f}x")
    print(f"load average at the end of the service figures: {os.getloadavg()[0]:.2f}")
    if args.browser:
        browser = measure_browser(args.searches, args.seed)
        print()
        print(f"browser round trip of a search (click 查询 -> table updated and drawn), {browser['n']} searches, "
              f"Chromium, AppHarnessProd: p50 {browser['p50']:.1f} ms, p95 {browser['p95']:.1f} ms, "
              f"max {browser['max']:.1f} ms (DOM updated: p50 {browser['dom_p50']:.1f}, p95 {browser['dom_p95']:.1f})")


if __name__ == "__main__":
    main()
