"""Browser tests: the real app (AppHarnessProd: production bundle, backend in this
process) on the test database, driven by Debian's Chromium through Playwright."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from filing_app.cli import migrate
from filing_app.demo import seed_demo
from tests.conftest import is_postgres

APP_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"

expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(items) -> None:  # noqa: ANN001
    for item in items:
        item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):  # noqa: ANN001
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):  # noqa: ANN001
    return {**browser_context_args, "viewport": {"width": 1366, "height": 768}, "locale": "zh-CN",
            "accept_downloads": True}


@pytest.fixture(scope="session")
def app_url() -> str:
    """Start the app once for the whole browser suite."""
    from reflex.testing import AppHarnessProd

    if is_postgres():
        from sqlalchemy import text

        from filing_app.db import get_engine

        with get_engine().begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrate()
    seed_demo()
    with AppHarnessProd.create(root=APP_ROOT, app_name="filing_app") as harness:
        if os.environ.get("TEST_REDIS_URL"):
            # The PostgreSQL pass must really use the Redis state manager.
            assert type(harness.app_instance.state_manager).__name__ == "StateManagerRedis"
        yield harness.frontend_url.rstrip("/")


class App:
    """Small helpers over a Playwright page for this app."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def open(self, path: str) -> Page:
        self.page.goto(self.base_url + path)
        return self.page

    def wait_path(self, path: str) -> None:
        self.page.wait_for_url(lambda url: url.split("?")[0].rstrip("/").endswith(path.rstrip("/")) or
                               (path == "/" and url.rstrip("/") == self.base_url), timeout=15_000)

    def login(self, username: str, password: str) -> None:
        page = self.open("/login")
        page.locator("#username").fill(username)
        page.locator("#password").fill(password)
        page.locator("#login-submit").click()

    def logout(self) -> None:
        self.page.locator("#nav-logout").click()
        expect(self.page.locator("#nav-logout")).to_have_count(0)


@pytest.fixture()
def app(page: Page, app_url: str) -> App:
    return App(page, app_url)
