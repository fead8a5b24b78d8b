"""Wizard list tabs under load: a filing with 1,000 people and 5,000 pieces of equipment.

Serves the app with `reflex run --env prod` (granian, production bundle) on its own ports
and database, logs in with headless Chromium and measures, inside the page, the time from
a user action to the DOM showing its result (event round trip + render): opening the
技术人员 and 设施设备 list pages, filtering, paging, opening a person's edit dialog.
Then it reports the serialized state of that browser session (the disk state manager's
pickles of the whole state tree) and the largest state delta received over the socket.

    python bench/wizard_bench.py [--rounds 30] [--port 3187] [--keep]

Targets: p95 under 100 ms; serialized wizard session state under 64 KB.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PEOPLE = 1_000
EQUIPMENT = 5_000
USERNAME = "bench_wizard"
PASSWORD = "Bench#2026pass"
SURNAMES = "王李张刘陈杨赵黄周吴"
GIVEN = ("伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "军", "杰", "涛", "明", "超", "霞")
EQUIPMENT_NAMES = ("多参数分析仪", "便携式pH计", "气相色谱仪", "原子吸收分光光度计", "烟气分析仪", "颗粒物采样器",
                   "声级计", "电子天平", "紫外可见分光光度计", "COD在线监测仪")


def _environment(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        FILING_DATA_DIR=str(data_dir),
        REFLEX_DB_URL=f"sqlite:///{data_dir / 'bench.db'}",
        FILING_SECRET_KEY="bench-secret-key-not-for-production",
        FILING_ARGON2_MEMORY_KIB="8192",
        FILING_ARGON2_TIME_COST="1",
        REFLEX_TELEMETRY_ENABLED="false",
    )
    env.pop("REFLEX_REDIS_URL", None)
    return env


# ------------------------------------------------------------------ data


def seed(env: dict[str, str]) -> dict:
    """Bulk-load the institution, its account and the 1,000 + 5,000 rows; returns expected counts."""
    os.environ.update(env)
    from sqlalchemy import insert
    from sqlmodel import select

    from filing_app.cli import migrate
    from filing_app.db import session_scope
    from filing_app.domain.enums import Role
    from filing_app.domain.validators import complete_credit_code, complete_identity_number
    from filing_app.models import Account, ActiveEmployment, Equipment, Filing, Institution, Person
    from filing_app.services import security

    migrate()
    now = datetime.now(timezone.utc)
    with session_scope() as session:
        if session.exec(select(Account).where(Account.username == USERNAME)).first() is None:
            institution = Institution(credit_code=complete_credit_code("91110108MA0BENCH"), name="北京压测环境监测有限公司",
                                      registered_type="monitoring", province_code="110000")
            session.add(institution)
            session.flush()
            session.add(Account(username=USERNAME, phone="13900000999", role=Role.INST_MAIN,
                                password_hash=security.hash_password(PASSWORD), institution_id=institution.id))
            filing = Filing(institution_id=institution.id, filing_type="monitoring", status="draft")
            session.add(filing)
            session.flush()
            people_rows, holds = [], []
            for i in range(PEOPLE):
                birth = (date(1960, 1, 1) + timedelta(days=7 * i)).strftime("%Y%m%d")
                number = complete_identity_number(f"110108{birth}{i % 1000:03d}")
                left = i % 7 == 0  # 143 leavers; 100 people named 王: the two filters differ
                people_rows.append(dict(
                    filing_id=filing.id, institution_id=institution.id, id_type="居民身份证", id_number=number,
                    id_key=number, name=SURNAMES[i % 10] + GIVEN[i % 15] + ("" if i < 150 else str(i)),
                    gender="男" if int(number[16]) % 2 else "女", education="本科", degree="学士", major="环境工程",
                    hire_date=date(2015, 7, 1), labor_relation="正式员工", duties=["技术负责人"],
                    title="中级", posts=["授权签字人", "分析"], status="离职" if left else "在职",
                    leave_date=date(2024, 1, 1) if left else None, has_training=False,
                    created_at=now, updated_at=now))
                if not left:
                    holds.append(dict(id_key=number, institution_id=institution.id, since=now))
            session.execute(insert(Person), people_rows)
            session.execute(insert(ActiveEmployment), holds)
            conditions = ("在用", "在用", "在用", "停用", "维修", "报废")
            session.execute(insert(Equipment), [dict(
                filing_id=filing.id, equipment_type="实验室分析", name=f"{EQUIPMENT_NAMES[i % 10]}-{i:04d}",
                model=f"M{i % 37}", number_type="出厂编号", number=f"SN{i:06d}", ownership="自有",
                manufacturer="某仪器有限公司", metrology_status="检定", condition=conditions[i % 6],
                created_at=now, updated_at=now) for i in range(EQUIPMENT)])
    return expected_counts()


def expected_counts() -> dict:
    from sqlalchemy import func
    from sqlmodel import select

    from filing_app.db import session_scope
    from filing_app.models import Equipment, Person

    with session_scope(readonly=True) as s:
        def count(model, *where) -> int:  # noqa: ANN001
            return s.exec(select(func.count()).select_from(model).where(*where)).one()

        return {
            "people": count(Person),
            "people_wang": count(Person, Person.name.contains("王")),
            "people_left": count(Person, Person.status == "离职"),
            "equipment": count(Equipment),
            "equipment_ph": count(Equipment, Equipment.name.contains("pH")),
            "equipment_scrapped": count(Equipment, Equipment.condition == "报废"),
        }


# ------------------------------------------------------------------ server


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    # In prod the frontend and the backend share one port.
    command = ["reflex", "run", "--env", "prod", "--backend-host", "127.0.0.1", "--frontend-port", str(port),
               "--backend-port", str(port)]
    print("server:", " ".join(command), flush=True)
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
                            start_new_session=True)
    deadline = time.time() + 600
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited early; see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/ping", timeout=2) as response:
                if response.status == 200:
                    return proc
        except OSError:
            pass
        time.sleep(2)
    raise SystemExit("server did not start in 10 minutes")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


# ------------------------------------------------------------------ browser measurements

# Installed before the app loads: note when each socket message is sent and arrives.
SOCKET_SPY_JS = """
(() => {
  window.__msgTimes = [];
  window.__sendTimes = [];
  window.WebSocket = class extends window.WebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => {
        window.__msgTimes.push(performance.now());
        window.dispatchEvent(new CustomEvent('rx-msg'));
      });
    }
    send(data) {
      window.__sendTimes.push(performance.now());
      return super.send(data);
    }
  };
})();
"""

# Run inside the page: perform the action, resolve when `done()` holds after a DOM mutation or
# a socket message. Returns [action -> DOM ms, event round trip ms (the first socket send after
# the action -> the first message after that send)].
MEASURE_JS = """
async ([action, done, timeoutMs]) => {
  const act = new Function(action);
  const ok = new Function(done);
  return await new Promise((resolve, reject) => {
    let finished = false;
    const check = () => {
      if (!finished && ok()) {
        finished = true; observer.disconnect(); window.removeEventListener('rx-msg', check);
        const end = performance.now();
        const sent = window.__sendTimes.find((t) => t >= t0);
        const reply = sent === undefined ? undefined : window.__msgTimes.find((t) => t >= sent);
        resolve([end - t0, reply === undefined ? NaN : reply - sent]);
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
    window.addEventListener('rx-msg', check);
    setTimeout(() => { if (!finished) { finished = true; observer.disconnect();
      reject(new Error('timeout: ' + done)); } }, timeoutMs);
    const t0 = performance.now();
    window.__t0 = t0;
    act();
  });
}
"""


def _js_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def first_seq(row_class: str, seq: int) -> str:
    return (f"const r = document.querySelector('.{row_class} td'); return !!r && r.textContent.trim() === '{seq}' "
            f"&& document.querySelectorAll('.{row_class}').length > 0;")


def total_is(total: int, row_class: str) -> str:
    return (f"const t = document.querySelector('.pager-total'); const r = document.querySelector('.{row_class} td');"
            f" return !!t && t.textContent.replace(/\\s/g,'') === '共{total}条' && (!!r || {total} === 0)"
            f" && (!r || r.textContent.trim() === '1');")


def opened(row_class: str) -> str:
    """The page is shown and its on_load answered (the list keeps its filter and page between tabs,
    so the rows may already be on screen from the last visit)."""
    return (f"return window.__msgTimes.some((t) => t >= window.__t0) "
            f"&& !!document.querySelector('.{row_class}');")


def set_value(selector: str, value: str) -> str:
    return f"document.querySelector({_js_str(selector)}).value = {_js_str(value)};"


def click(selector: str) -> str:
    return f"document.querySelector({_js_str(selector)}).click();"


def jump(page_number: int) -> str:
    return ("const i = document.querySelector('input[aria-label=\"前往页码\"]'); i.focus(); "
            f"i.value = '{page_number}'; i.blur();")


def run_browser(base: str, rounds: int, counts: dict) -> tuple[dict[str, list[float]], dict[str, list[float]], dict]:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    timings: dict[str, list[float]] = {}
    round_trips: dict[str, list[float]] = {}
    deltas = {"frames": 0, "bytes": 0, "max": 0}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        page.add_init_script(SOCKET_SPY_JS)

        def on_ws(ws) -> None:  # noqa: ANN001
            def frame(payload) -> None:  # noqa: ANN001
                size = len(payload if isinstance(payload, (bytes, str)) else str(payload))
                deltas["frames"] += 1
                deltas["bytes"] += size
                deltas["max"] = max(deltas["max"], size)
            ws.on("framereceived", frame)

        page.on("websocket", on_ws)
        page.goto(base + "/login")
        page.locator("#username").fill(USERNAME)
        page.locator("#password").fill(PASSWORD)
        page.locator("#login-submit").click()
        page.wait_for_url("**/institution", timeout=60_000)
        page.goto(base + "/institution/filing/monitoring/people")
        page.locator(".person-row").first.wait_for(timeout=60_000)
        page.goto(base + "/institution/filing/monitoring/people/duplicates")
        page.locator("#report-add").wait_for(timeout=60_000)
        page.goto(base + "/institution/filing/monitoring/equipment")
        page.locator(".equipment-row").first.wait_for(timeout=60_000)

        def measure(name: str, action: str, done: str) -> None:
            total, server = page.evaluate(MEASURE_JS, [action, done, 10_000])
            timings.setdefault(name, []).append(total)
            round_trips.setdefault(name, []).append(server)

        for round_number in range(rounds + 1):  # round 0 warms up (route chunks, caches)
            record = measure if round_number else (lambda *a: page.evaluate(MEASURE_JS, [a[1], a[2], 10_000]))
            record("设施设备: 清空筛选查询",
                   set_value("#equipment-filter-name", "") + set_value("#equipment-filter-condition", "")
                   + click("#equipment-search"), total_is(counts["equipment"], "equipment-row"))
            record("设施设备: 翻页(下一页)", click("button[aria-label='下一页']"), first_seq("equipment-row", 11))
            record("设施设备: 前往第300页", jump(300), first_seq("equipment-row", 2991))
            record("设施设备: 按设备名称筛选", set_value("#equipment-filter-name", "pH") + click("#equipment-search"),
                   total_is(counts["equipment_ph"], "equipment-row"))
            record("设施设备: 按设备状况筛选",
                   set_value("#equipment-filter-name", "") + set_value("#equipment-filter-condition", "报废")
                   + click("#equipment-search"), total_is(counts["equipment_scrapped"], "equipment-row"))
            record("设施设备: 翻页(下一页)", click("button[aria-label='下一页']"), first_seq("equipment-row", 11))
            record("打开技术人员列表", click("a[data-tab='people']"), opened("person-row"))
            record("技术人员: 清空筛选查询",
                   set_value("#people-filter-name", "") + set_value("#people-filter-status", "")
                   + click("#people-search"), total_is(counts["people"], "person-row"))
            record("技术人员: 翻页(下一页)", click("button[aria-label='下一页']"), first_seq("person-row", 11))
            record("技术人员: 前往第100页", jump(100), first_seq("person-row", 991))
            record("技术人员: 按姓名筛选", set_value("#people-filter-name", "王") + click("#people-search"),
                   total_is(counts["people_wang"], "person-row"))
            record("技术人员: 按人员状态筛选",
                   set_value("#people-filter-name", "") + set_value("#people-filter-status", "离职")
                   + click("#people-search"), total_is(counts["people_left"], "person-row"))
            record("技术人员: 打开编辑对话框", click(".person-row .person-edit"),
                   "const i = document.querySelector('#person-dialog #person-id_number');"
                   " return !!i && i.value.length === 18;")
            page.keyboard.press("Escape")
            page.locator("#person-dialog").wait_for(state="detached")
            record("技术人员: 翻页(下一页)", click("button[aria-label='下一页']"), first_seq("person-row", 11))
            record("打开设施设备列表", click("a[data-tab='equipment']"), opened("equipment-row"))
        browser.close()
    return timings, round_trips, deltas


def state_size(states_dir: Path, since: float) -> tuple[int, list[tuple[str, int]]]:
    files = [p for p in states_dir.glob("*.pkl") if p.stat().st_mtime >= since]
    return sum(p.stat().st_size for p in files), sorted(((p.name, p.stat().st_size) for p in files),
                                                        key=lambda x: -x[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--port", type=int, default=3187)
    parser.add_argument("--keep", action="store_true", help="keep the data folder")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="wizard-bench-"))
    env = _environment(data_dir)
    started = time.perf_counter()
    counts = seed(env)
    print(f"seeded {counts['people']} people and {counts['equipment']} pieces of equipment in "
          f"{time.perf_counter() - started:.1f} s ({data_dir})", flush=True)
    states_dir = ROOT / ".states"
    log = data_dir / "server.log"
    proc = start_server(env, args.port, log)
    since = time.time()
    try:
        timings, round_trips, deltas = run_browser(f"http://127.0.0.1:{args.port}", args.rounds, counts)
        time.sleep(3)  # let the disk state manager flush its write queue
        total_state, state_files = state_size(states_dir, since)
    finally:
        stop_server(proc)

    print()
    print("command: python bench/wizard_bench.py " + " ".join(sys.argv[1:]))
    print(f"data: {counts['people']} people, {counts['equipment']} pieces of equipment; rounds: {args.rounds}; "
          f"server: reflex run --env prod (granian, 1 worker, disk state manager), SQLite WAL; client: Chromium")
    print("times in ms, measured in the page: 'trip' = event round trip (socket send -> first reply message);")
    print("'DOM' = user action -> DOM showing the result (client work + round trip + React render)")
    every: list[float] = []
    trips: list[float] = []
    print(f"{'action':<24}{'n':>5}{'trip p50':>10}{'trip p95':>10}{'DOM p50':>10}{'DOM p95':>10}{'DOM max':>10}")
    for name, values in timings.items():
        every += values
        trips += round_trips[name]
        rt = round_trips[name]
        print(f"{name:<24}{len(values):>5}{statistics.median(rt):>10.1f}{percentile(rt, 0.95):>10.1f}"
              f"{statistics.median(values):>10.1f}{percentile(values, 0.95):>10.1f}{max(values):>10.1f}")
    print(f"{'all':<24}{len(every):>5}{statistics.median(trips):>10.1f}{percentile(trips, 0.95):>10.1f}"
          f"{statistics.median(every):>10.1f}{percentile(every, 0.95):>10.1f}{max(every):>10.1f}")
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, load average at the end {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}")
    print(f"serialized state of the browser session (all substates, pickled): {total_state} bytes "
          f"= {total_state / 1024:.1f} KB in {len(state_files)} files; largest: "
          + ", ".join(f"{size} B" for _, size in state_files[:3]))
    print(f"websocket frames received: {deltas['frames']}, {deltas['bytes'] / 1024:.1f} KB in all, "
          f"largest {deltas['max']} bytes")
    p95 = percentile(every, 0.95)
    print(f"targets: p95 {p95:.1f} ms < 100 ms: {'yes' if p95 < 100 else 'NO'}; "
          f"state {total_state / 1024:.1f} KB < 64 KB: {'yes' if total_state < 64 * 1024 else 'NO'}")
    if not args.keep:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
