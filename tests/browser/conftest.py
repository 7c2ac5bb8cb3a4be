"""Fixtures of the browser tests: a page in Debian's headless Chromium, driven by Playwright."""

import pytest
from django.db import connections

from tests.services import chromium_path

# Debian's chromium, not a browser Playwright downloads (CI has no internet access for that).
# --headless=new is the real browser without a window; the other switches stop Chromium from
# reaching out to Google's services, which would only slow the run down and fill the log.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Generous for a slow CI machine, yet a wrong selector fails in seconds rather than minutes.
DEFAULT_TIMEOUT_MS = 15_000


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so a fixture can tell that the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def browser_page(request, monkeypatch, tmp_path):
    """A Playwright page in a fresh headless Chromium that asks for English pages.

    When the test fails, a screenshot of the page is saved and its path printed.
    """
    executable = chromium_path()  # skips, or fails under REQUIRE_SERVICES=1, without chromium
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio event loop running in this thread, so Django takes
    # every ORM call of the test for one made from async code and raises SynchronousOnlyOperation.
    # Nothing here is concurrent: the browser talks to the live server's own thread, and the test
    # only queries the database between browser steps. monkeypatch confines the switch to the
    # tests that use this fixture instead of the whole test session.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        page = context.new_page()
        try:
            yield page
        finally:
            report = getattr(request.node, "report_call", None)
            if report is not None and report.failed:
                screenshot = tmp_path / "failure.png"
                try:
                    page.screenshot(path=str(screenshot), full_page=True)
                    print(f"Screenshot of the failed browser test: {screenshot}")  # noqa: T201
                except PlaywrightError as error:  # e.g. the browser crashed: keep the test's error
                    print(f"No screenshot of the failed browser test: {error}")  # noqa: T201
            context.close()
            browser.close()
            # While Playwright's loop counts as running, asgiref keeps Django's connections in a
            # storage of their own rather than the thread-local one, so the test's queries used a
            # connection that pytest-django never sees and would leave open. Close it here, still
            # inside that storage; else PostgreSQL refuses to drop the test database in use.
            connections.close_all()
