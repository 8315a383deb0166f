import os

import pytest

# Tests never touch the developer's database; each test that needs one makes its own.
os.environ.setdefault("QUANJING_DB", ":memory:")
os.environ.setdefault("QUANJING_SECRET_KEY", "test-secret-key-not-for-production-0123456789")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test leaves a screenshot of each page it had open (artifacts/failures)."""
    outcome = yield
    report = outcome.get_result()
    browser = getattr(item, "funcargs", {}).get("browser")
    if report.when == "call" and report.failed and browser is not None:
        from tests.browser.conftest import shoot_open_pages

        shots = shoot_open_pages(browser, item.name)
        report.sections.append(("screenshots", "\n".join(str(p) for p in shots)))
