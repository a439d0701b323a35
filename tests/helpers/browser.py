"""Open local HTML files in Debian's headless Chromium with the network blocked.

A helper for the browser tests (marker ``browser``) and ``tools/screenshots.py``, importable
as ``from helpers.browser import ...`` from any test module. Playwright drives the system
``chromium`` through ``executable_path``; no browser is downloaded
(``tools/install-chromium.sh`` installs the Debian package).

Every request that is not ``file:``/``data:``/``blob:``/``about:`` is aborted and recorded, so a
test can assert that a page made none. Console errors, page errors and dialogs (``alert``,
``confirm``, ``prompt``) are recorded too.

Example::

    with launch_browser() as browser:
        with open_page(browser, path) as session:
            session.page.wait_for_function("window.synergyExplorer.ready")
            assert session.blocked == []
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

__all__ = [
    "CHROMIUM_ARGS",
    "PageSession",
    "chromium_path",
    "launch_browser",
    "open_page",
    "require_chromium",
]

CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
    # Belt and braces: even a request that slipped past the route could not resolve a host.
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
_LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")

# Installed before any page script runs: counts dialogs and errors even if a page
# overrides the handlers later, and records elements the hostile fixtures would create.
_TRAPS = """
window.__alerts = [];
window.__errors = [];
for (const name of ['alert', 'confirm', 'prompt']) {
  window[name] = function (msg) { window.__alerts.push(name + ':' + String(msg)); };
}
window.addEventListener('error', e => window.__errors.push(String(e.message || e.type)), true);
"""


def chromium_path() -> str | None:
    """Return the path of the system ``chromium`` executable, or ``None``."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def require_chromium() -> str:
    """Return the chromium path; without one, fail under ``CI=true`` and skip elsewhere."""
    path = chromium_path()
    if path:
        return path
    reason = "Debian's chromium is not installed; run `make browser` (tools/install-chromium.sh)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}. Browser tests must run in CI.")
    pytest.skip(reason)
    raise AssertionError("unreachable")


@dataclass
class PageSession:
    """One opened page with what it tried and what went wrong."""

    page: Any
    blocked: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def alerts(self) -> list[str]:
        """Return the dialogs the page tried to open (trapped in JS or by playwright)."""
        return list(self.page.evaluate("window.__alerts || []")) + self.dialogs


@contextmanager
def launch_browser(executable: str | None = None) -> Iterator[Any]:
    """Yield a playwright ``Browser`` running the system chromium headless."""
    from playwright.sync_api import sync_playwright

    executable = executable or require_chromium()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=list(CHROMIUM_ARGS))
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def open_page(
    browser: Any, path: Path, *, viewport: tuple[int, int] = (1400, 900), timeout_ms: int = 30000
) -> Iterator[PageSession]:
    """Yield a :class:`PageSession` for the local file ``path`` in a fresh browser context.

    The context is new (no cookies, cache or storage from other tests) and every
    non-local request is aborted and recorded in ``blocked``.
    """
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]},
        service_workers="block",
        # A page's own Content-Security-Policy would stop a request before the route sees it;
        # bypassing it lets the route record every request the page *tries*, which is what
        # the tests assert on (and lets playwright evaluate expressions).
        bypass_csp=True,
    )
    context.set_default_timeout(timeout_ms)
    session = PageSession(page=None)

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith(_LOCAL_SCHEMES):
            route.continue_()
        else:
            session.blocked.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    context.add_init_script(_TRAPS)
    page = context.new_page()
    session.page = page
    page.on("request", lambda r: session.requests.append(r.url))
    page.on(
        "console",
        lambda m: session.console_errors.append(m.text) if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: session.page_errors.append(str(e)))

    def dialog(d: Any) -> None:
        session.dialogs.append(f"{d.type}:{d.message}")
        d.dismiss()

    page.on("dialog", dialog)
    try:
        page.goto(Path(path).resolve().as_uri(), wait_until="load")
        page.wait_for_load_state("networkidle")
        yield session
    finally:
        context.close()
