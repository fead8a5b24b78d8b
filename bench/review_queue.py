"""Benchmark: the review queue and the statistics at national scale.

Builds a throw-away database (SQLite by default, or BENCH_DATABASE_URL) with
INSTITUTIONS institutions spread over the 31 provinces, SUBMISSIONS filing submissions
(about 6% pending, the rest decided) and REPORTS duplicate-person reports, then times the
service calls a reviewer's and an administrator's pages make:

    queue page 1 (pending, oldest first), queue page 20, all statuses, a filter by kind,
    a keyword search, the reviewer's home counts, the national statistics.

Run:  source scripts/env.sh && python bench/review_queue.py [SUBMISSIONS]
Prints p50 / p95 of REPEAT calls of each, in milliseconds, and the command line.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
_tmp = Path(tempfile.mkdtemp(prefix="bench-review-"))
os.environ.setdefault("FILING_DATA_DIR", str(_tmp))
os.environ["REFLEX_DB_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{_tmp / 'bench.db'}"

from sqlalchemy import insert, select, text  # noqa: E402

from filing_app.cli import migrate  # noqa: E402
from filing_app.db import session_scope  # noqa: E402
from filing_app.domain import regions  # noqa: E402
from filing_app.domain.clock import utcnow  # noqa: E402
from filing_app.domain.validators import complete_credit_code  # noqa: E402
from filing_app.models import Account, DuplicatePersonReport, Filing, FilingSubmission, Institution  # noqa: E402
from filing_app.services import review  # noqa: E402
from filing_app.services.actor import Actor  # noqa: E402

SUBMISSIONS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
INSTITUTIONS = max(1000, SUBMISSIONS // 4)
REPORTS = SUBMISSIONS // 10
REPEAT = 30
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def build() -> tuple[int, int]:
    rng = random.Random(7)
    provinces = [code for code, _ in regions.PROVINCES]
    now = utcnow()
    with session_scope() as s:
        reviewer = Account(username="bench_bj", password_hash="-", role="reviewer", province_code="110000")
        admin = Account(username="bench_admin", password_hash="-", role="admin")
        s.add_all([reviewer, admin])
        s.flush()
        reviewer_id, admin_id = reviewer.id, admin.id
        institutions = []
        for i in range(INSTITUTIONS):
            # Beijing gets a large share, as a big province would.
            province = "110000" if i % 8 == 0 else rng.choice(provinces)
            body = "".join(_ALPHABET[(i // 31 ** k) % 31] for k in range(6))
            institutions.append({"credit_code": complete_credit_code(f"91{province}MA{body}"),
                                 "name": f"环境监测技术服务机构{i:06d}有限公司", "registered_type": "monitoring",
                                 "province_code": province, "created_at": now})
        s.execute(insert(Institution), institutions)
        ids = [(row.id, row.province_code) for row in s.execute(select(Institution.id, Institution.province_code))]
        s.execute(insert(Filing), [{"institution_id": iid, "filing_type": "monitoring", "status": "approved",
                                    "categories": [], "completed_tabs": [], "return_reason": "", "created_at": now,
                                    "updated_at": now}
                                   for iid, _ in ids])
        filings = dict(s.execute(select(Filing.institution_id, Filing.id)).all())
        rows = []
        for n in range(SUBMISSIONS):
            iid, province = ids[n % len(ids)]
            pending = rng.random() < 0.06
            submitted = now - timedelta(days=rng.randrange(0, 720), minutes=rng.randrange(0, 1440))
            rows.append({
                "filing_id": filings[iid], "institution_id": iid, "province_code": province,
                "filing_type": "monitoring", "kind": rng.choice(("initial", "initial", "add_type", "change")),
                "status": "pending" if pending else rng.choice(("approved", "approved", "returned")),
                "snapshot": {}, "changes": [], "submitted_at": submitted,
                "decided_at": None if pending else submitted + timedelta(days=rng.randrange(1, 10)),
                "decided_by": None if pending else reviewer_id, "decision_reason": "", "version": 1,
            })
        for start in range(0, len(rows), 5000):
            s.execute(insert(FilingSubmission), rows[start:start + 5000])
        reports = []
        for n in range(REPORTS):
            iid, province = ids[(n * 7) % len(ids)]
            pending = rng.random() < 0.2
            reports.append({
                "institution_id": iid, "province_code": province, "id_number": "110108199003072315",
                "id_key": f"K{n}", "name": "张三", "previous_leave_date": (now - timedelta(days=30)).date(),
                "status": "pending" if pending else "accepted", "created_at": now - timedelta(days=rng.randrange(0, 300)),
                "decided_at": None if pending else now, "decided_by": None if pending else reviewer_id,
                "decision_reason": "", "version": 1,
            })
        s.execute(insert(DuplicatePersonReport), reports)
    return reviewer_id, admin_id


def timed(label: str, fn) -> None:  # noqa: ANN001
    samples = []
    result = None
    for _ in range(REPEAT):
        with session_scope(readonly=True) as s:
            start = time.perf_counter()
            result = fn(s)
            samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    extra = f"  total={result.total}" if hasattr(result, "total") else ""
    print(f"  {label:<38} p50 {statistics.median(samples):7.2f} ms   p95 {p95:7.2f} ms{extra}")


def main() -> None:
    started = time.perf_counter()
    migrate()
    reviewer_id, admin_id = build()
    with session_scope() as s:  # fresh statistics, as autovacuum / a long-running database would have
        s.execute(text("ANALYZE"))
    built = time.perf_counter() - started
    bj = Actor(account_id=reviewer_id, username="bench_bj", role="reviewer", province_code="110000")
    admin = Actor(account_id=admin_id, username="bench_admin", role="admin")
    print(f"database: {os.environ['REFLEX_DB_URL'].split('://')[0]}; {INSTITUTIONS} institutions, "
          f"{SUBMISSIONS} submissions, {REPORTS} duplicate-person reports (built in {built:.1f} s); "
          f"{REPEAT} calls each")
    timed("queue, pending, page 1", lambda s: review.queue(s, bj))
    timed("queue, pending, page 20", lambda s: review.queue(s, bj, page=20))
    timed("queue, all statuses, page 1", lambda s: review.queue(s, bj, status=""))
    timed("queue, all statuses, page 300", lambda s: review.queue(s, bj, status="", page=300))
    timed("queue, kind=change, pending", lambda s: review.queue(s, bj, kind="change"))
    timed("queue, keyword '000120', all statuses", lambda s: review.queue(s, bj, status="", keyword="000120"))
    timed("reviewer home counts", lambda s: review.reviewer_home(s, bj))
    timed("national statistics (admin)", lambda s: review.national_stats(s, admin))
    print(f"command: python bench/review_queue.py {SUBMISSIONS}")


if __name__ == "__main__":
    main()
