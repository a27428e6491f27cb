"""Headless Chromium (Debian's, never a downloaded one) driven by Playwright against live_server."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(os.environ.get("QSTRONG_SCREENSHOTS", "var/screenshots"))


class SerialisedWSGIServer(ThreadedWSGIServer):
    """The live server, one request at a time.

    With SQLite the test database is in memory and every request thread shares the test's own
    connection; a page whose lazy panels load at once would start transactions on it
    concurrently ("cannot start a transaction within a transaction"). Real deployments have a
    connection per thread, so only the tests serialise. Responses are read whole inside the lock.
    """

    _lock = threading.Lock()

    def set_app(self, application: Any) -> None:
        def serialised(environ: dict[str, Any], start_response: Any) -> list[bytes]:
            with self._lock:
                result = application(environ, start_response)
                try:
                    return [b"".join(result)]
                finally:
                    if hasattr(result, "close"):
                        result.close()

        super().set_app(serialised)


LiveServerThread.server_class = SerialisedWSGIServer

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test
# itself (setting up data) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: sudo apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any, settings: Any) -> Iterator[Any]:
    # The server's clock is frozen at the suite's "today" (conftest.py); Chromium keeps the real
    # one. Cookies without an expiry date keep the two from disagreeing about whether a session
    # or CSRF cookie has expired; the idle timeout is still enforced by the server.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": 1400, "height": 900},
        accept_downloads=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def screenshot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def log_in(page: Any, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
