"""Screenshots for the README from a running app with the demo data (make run).

    python scripts/screenshots.py http://127.0.0.1:3000 docs/screenshots
Needs Debian's chromium and fonts-noto-cjk (make test installs both).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def main(base: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)

        def shot(name: str, path: str, login: tuple[str, str] | None = None, wait: str = "#system-title",
                 width: int = 1366) -> None:
            context = browser.new_context(viewport={"width": width, "height": 768}, locale="zh-CN")
            page = context.new_page()
            if login:
                page.goto(base + "/login")
                page.locator("#username").fill(login[0])
                page.locator("#password").fill(login[1])
                page.locator("#login-submit").click()
                page.wait_for_url(lambda url: "/login" not in url)
            page.goto(base + path)
            page.locator(wait).first.wait_for()
            page.wait_for_timeout(1200)
            page.screenshot(path=str(out / f"{name}.png"), full_page=True)
            context.close()

        shot("portal", "/")
        shot("registry", "/registry", wait=".registry-row")
        shot("institution-home", "/institution", login=("demo_lantian", "Demo@2026"), wait=".filing-card")
        shot("wizard-basic", "/institution/filing/monitoring/basic", login=("demo_jiance", "Demo@2026"),
             wait=".wizard-tab")
        shot("wizard-people", "/institution/filing/monitoring/people", login=("demo_lantian", "Demo@2026"),
             wait=".wizard-tab")
        shot("review-queue", "/review/queue", login=("bj_reviewer", "Review@2026"), wait="#review-queue")
        shot("portal-phone", "/", width=390)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
