"""Benchmark of the wizard's 基本信息 / 技术能力 / 管理能力 / 备案提交 pages (PART A).

Builds, on a throw-away SQLite database (or $BENCH_DATABASE_URL), one monitoring filing with
many 分场所 and certificate rows plus 1,000 people and 5,000 pieces of equipment (inserted
directly: the people and equipment tabs are another part's), then drives the page states'
handlers in-process, as the Reflex event processor does, and prints:

- handler times (p50 / p95) of the page loads, paging, a save and the 备案提交 check;
- the serialized size of every state of the session after visiting all four pages.

These are handler times without the socket round trip (RECIPE.md §6 measured ~1 ms for that).

    source scripts/env.sh && python bench/wizard_a.py [--sites 200] [--people 1000] [--equipment 5000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
_DATA = tempfile.mkdtemp(prefix="bench-wizard-a-")
os.environ.setdefault("FILING_DATA_DIR", _DATA)
os.environ["REFLEX_DB_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{_DATA}/bench.db"
os.environ.setdefault("FILING_ARGON2_MEMORY_KIB", "1024")
os.environ.setdefault("FILING_ARGON2_TIME_COST", "1")
os.environ["REFLEX_TELEMETRY_ENABLED"] = "false"

import reflex as rx  # noqa: E402
from reflex_base.utils.form import FormData  # noqa: E402

import filing_app.filing_app  # noqa: E402, F401
from filing_app.cli import migrate  # noqa: E402
from filing_app.db import session_scope  # noqa: E402
from filing_app.domain.validators import complete_credit_code, complete_identity_number  # noqa: E402
from filing_app.models import ActiveEmployment, Equipment, Person  # noqa: E402
from filing_app.services import auth, filings  # noqa: E402
from filing_app.state.base import AppState  # noqa: E402
from filing_app.state.wizard import WizardPageState  # noqa: E402
from filing_app.state.wizard_basic import BasicTabState  # noqa: E402
from filing_app.state.wizard_capability import CapabilityTabState  # noqa: E402
from filing_app.state.wizard_management import ManagementTabState  # noqa: E402
from filing_app.state.wizard_submit import SubmitPageState  # noqa: E402

PDF = b"%PDF-1.4\n%%EOF\n"
PASSWORD = "Bench#2026pw"
BASIC = {"_action": "save", "inst_category": "综合监测类", "org_name": "北京基准环境监测有限公司",
         "independent_legal_person": "是", "cma_first_date": "2015-06-01", "nature": "私营", "legal_rep": "朱建国",
         "legal_rep_phone": "18812347808", "reg_city_code": "110108", "reg_address": "中关村大街11号"}


def _setup(sites: int, people: int, equipment: int) -> tuple[str, int]:
    migrate()
    form = auth.RegistrationForm(credit_code=complete_credit_code("91110108MA01BENC"), name=BASIC["org_name"],
                                 registered_type="monitoring", province_code="110000", username="bench_wizard",
                                 phone="13900000001", password=PASSWORD, password_confirm=PASSWORD)
    with session_scope() as s:
        institution_id = auth.register_institution(s, form).institution_id
    with session_scope() as s:
        token = auth.login_with_password(s, "bench_wizard", PASSWORD).token
    with session_scope() as s:
        actor, _ = auth.lookup_session(s, token)
        summary = filings.open_filing(s, actor, "monitoring")
        v = filings.save_basic(s, actor, "monitoring", {**BASIC, "categories": ["噪声"]}, version=summary.version,
                               validate=False).version
        proof = filings.upload_row_file(s, actor, "monitoring", "site_proof", PDF, "证明材料.pdf")
        for i in range(sites):
            v = filings.save_site(s, actor, "monitoring", {"province_code": "130000", "city_code": "130100",
                                                            "address": f"长安区中山东路{i + 1}号", "area_m2": "100"},
                                  version=v, proof_attachment_id=proof.id).version
            v = filings.save_certificate(s, actor, "monitoring", "other", {"cert_type": "计量认证",
                                                                           "cert_no": f"JL-{i}",
                                                                           "valid_from": "2024-01-01"},
                                         version=v).version
        filing_id = summary.id
    with session_scope() as s:
        for i in range(people):
            number = complete_identity_number(f"1101081990{(i // 28) % 12 + 1:02d}{i % 28 + 1:02d}{i % 1000:03d}")
            s.add(Person(filing_id=filing_id, institution_id=institution_id, id_type="居民身份证", id_number=number,
                         id_key=number, name=f"人员{i}", gender="男", education="本科", degree="学士", major="环境",
                         hire_date=date(2015, 7, 1), labor_relation="正式员工", duties=["其他"], title="中级",
                         posts=["分析"], status="在职", has_training=False))
            s.add(ActiveEmployment(id_key=number, institution_id=institution_id))  # held, as the tab claims
        s.add_all(Equipment(filing_id=filing_id, equipment_type="实验室分析", name=f"设备{i}", model="M",
                            number_type="出厂编号", number=f"SN{i}", ownership="自有", manufacturer="厂家",
                            metrology_status="校准", condition="在用") for i in range(equipment))
    return token, filing_id


def _root(token: str) -> rx.State:
    root = rx.State(_reflex_internal_init=True)
    root.get_substate(AppState.get_full_name().split(".")).session_token = token
    return root


def _go(root: rx.State, tab: str) -> None:
    root._update_router_vars({"pathname": f"/institution/filing/[filing_type]/{tab}",
                              "asPath": f"/institution/filing/monitoring/{tab}", "query": {},
                              "headers": {"host": "bench"}, "token": "bench", "sid": "bench", "ip": "127.0.0.1"}, {})


def _sub(root: rx.State, cls):  # noqa: ANN001, ANN202
    return root.get_substate(cls.get_full_name().split("."))


def _time(label: str, fn, runs: int) -> None:  # noqa: ANN001
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(round(0.95 * len(samples))) - 1)]
    print(f"  {label:<44} p50 {statistics.median(samples):7.1f} ms   p95 {p95:7.1f} ms   ({runs} runs)")


def _size(root: rx.State) -> tuple[int, int]:
    total = wizard = 0
    stack = [root]
    while stack:
        state = stack.pop()
        size = len(state._serialize())
        total += size
        wizard += size if isinstance(state, WizardPageState) else 0
        stack.extend(state.substates.values())
    return total, wizard


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sites", type=int, default=200, help="分场所 rows, and as many 其他认证认可资质 rows")
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--equipment", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    started = time.perf_counter()
    token, _ = _setup(args.sites, args.people, args.equipment)
    print(f"command: python bench/wizard_a.py --sites {args.sites} --people {args.people} "
          f"--equipment {args.equipment} --runs {args.runs}")
    print(f"database: {os.environ['REFLEX_DB_URL'].split('://')[0]}; set-up {time.perf_counter() - started:.1f} s; "
          f"{args.sites} sites, {args.sites} certificates, {args.people} people, {args.equipment} equipment")
    root = _root(token)

    def load(cls, tab):  # noqa: ANN001, ANN202
        def run() -> None:
            _go(root, tab)
            cls.load.fn(_sub(root, cls))
        return run

    print("handler times:")
    _time("基本信息 load (tab + first page of 分场所)", load(BasicTabState, "basic"), args.runs)
    basic = _sub(root, BasicTabState)
    pages = max(1, -(-args.sites // 10))
    counter = iter(range(10**9))
    _time("分场所 go to page (10 rows)", lambda: BasicTabState.go_site_page.fn(basic, next(counter) % pages + 1),
          args.runs)
    form = FormData([*BASIC.items(), ("categories", "噪声")])
    _time("基本信息 保存, nothing changed", lambda: BasicTabState.submit_form.fn(basic, form), args.runs)
    flip = iter(range(10**9))

    def save_changed() -> None:
        BasicTabState.submit_form.fn(basic, FormData([*BASIC.items(), ("legal_rep", f"朱建国{next(flip) % 2}"),
                                                      ("categories", "噪声")]))
    _time("基本信息 保存, one field changed", save_changed, args.runs)
    _time("技术能力 load (tab + first page of rows)", load(CapabilityTabState, "capability"), args.runs)
    _time("管理能力 load", load(ManagementTabState, "management"), args.runs)
    _time(f"备案提交 load (check of every tab, {args.people} people)", load(SubmitPageState, "submit"),
          max(3, args.runs // 5))
    assert not _sub(root, BasicTabState).stale
    total, wizard = _size(root)
    print(f"serialized state of the session after the four pages: {total} bytes in all states "
          f"({total / 1024:.1f} KiB), {wizard} bytes in the wizard's states; limit 64 KiB")


if __name__ == "__main__":
    main()
