"""Browser tests: Debian's Chromium driven by Playwright, with axe-core checking every page visited.

On a laptop without Chromium they skip and say why; in CI (CASEREVIEW_REQUIRE_BROWSER=1, set by .ci/run)
a missing browser is a failure, so accessibility is never silently untested.
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the Django ORM calls the tests make here are
# still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def one_set_of_connections_per_thread() -> None:
    """Django keeps each thread's database connections in an asgiref ``Local(thread_critical=True)``: a plain
    thread-local while no event loop runs in the thread, but a context variable while one does. Playwright's loop
    runs in the test thread from the first browser test to the end of the run, so that thread had two sets of
    connections, each out of sight of ``connections.close_all()`` called in the other: on PostgreSQL the session
    opened before the browser started (by the test database's setup, unnamed, idle after a test's ROLLBACK) stayed
    on the test database and stopped the served world's copy, and one opened while it ran was left at the end. No
    code of this project is asynchronous, so a thread keeps one set of connections, loop or not."""
    import threading

    from asgiref.local import Local
    from django.db import connections

    if isinstance(connections._connections, threading.local):
        return  # done already
    # Django's own attribute: if it moves, this says so instead of letting the sessions leak again
    assert isinstance(connections._connections, Local), f"Django keeps connections in {connections._connections!r}"
    connections.close_all()  # none is open yet when pytest loads this file, but none may be lost
    connections._connections = threading.local()


one_set_of_connections_per_thread()

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# Chromium flags for a closed network: without them it keeps trying to reach Google's services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if "tests/browser/" in str(item.fspath)]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if browser_items and not shutil.which(CHROMIUM):
        if os.environ.get("CASEREVIEW_REQUIRE_BROWSER") == "1":
            raise pytest.UsageError(
                f"Chromium is required here (CASEREVIEW_REQUIRE_BROWSER=1) but {CHROMIUM} is missing"
            )
        skip = pytest.mark.skip(
            reason=f"Chromium not found at {CHROMIUM}: install Debian's chromium to run browser tests"
        )
        for item in browser_items:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core on the page as it stands and fail with its report on any WCAG 2.2 A/AA violation."""

    def check(page, disabled_rules: dict[str, str] | None = None) -> None:
        options = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}
        if disabled_rules:
            options["rules"] = {rule: {"enabled": False} for rule in disabled_rules}
        results = axe.run(page, options=options)
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    return check
