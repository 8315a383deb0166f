"""What a reviewer and an organizer feel: seconds from a click to the page idle again, in a real
browser.

A real server on a fresh default-size demo world, headless Chromium, signed in as the demo
reviewer (the review pages), then as the demo organizer (each organizer page). Each figure runs
from the click to the moment the page was idle for good, traced in the page every 20 ms: the
app's script done, nothing stale, the title drawn (the browser tests' definition of idle,
``wait_for_app``).

Usage: .venv/bin/python bench/review_clicks.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    ROLE_ACCOUNT,
    StreamlitServer,
    new_page,
    open_page,
    sign_in,
    wait_for_app,
)

# In the page, every 20 ms: is it idle as the browser tests define it (wait_for_app)?
TRACE = """() => {
    window.__qjTrace = [];
    clearInterval(window.__qjTracer);
    window.__qjTracer = setInterval(() => {
        const app = document.querySelector('[data-testid="stApp"]');
        const idle = app?.getAttribute('data-test-script-state') === 'notRunning'
            && !document.querySelector('[data-testid="stStatusWidget"]')
            && !document.querySelector('[data-stale="true"]')
            && !!document.querySelector('[data-testid="stMain"] h1');
        window.__qjTrace.push([performance.now(), idle]);
    }, 20);
    return performance.now();
}"""


def _timed(page, action) -> float:
    """Seconds from the click to the moment the page was idle for good, as traced in the page
    every 20 ms: the harness's own round trips and its idle check's polling after that moment
    are not counted (they were, in the figures before #12's last session)."""
    start = page.evaluate(TRACE)
    action()
    wait_for_app(page)
    trace = page.evaluate("clearInterval(window.__qjTracer), window.__qjTrace")
    busy = [t for t, idle in trace if not idle]
    settled = next(t for t, idle in trace if idle and (not busy or t > busy[-1]))
    return (settled - start) / 1000


def measure(page) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for path in ["results", "tallies", "reliability"]:
        out.setdefault("open a review page, first", []).append(
            _timed(page, lambda path=path: open_page(page, path))
        )
        open_page(page, "")
        out.setdefault("open a review page, again", []).append(
            _timed(page, lambda path=path: open_page(page, path))
        )
        for lang in ["English", "中文"]:
            out.setdefault("language switch", []).append(
                _timed(page, lambda lang=lang: page.get_by_text(lang, exact=True).click())
            )
    open_page(page, "results")
    sort = page.locator('[data-testid="stButtonGroup"] button')
    for i in range(4):
        out.setdefault("results: sort toggle", []).append(
            _timed(page, lambda i=i: sort.nth(1 if i % 2 == 0 else 0).click())
        )
    picker = page.locator('[class*="st-key-results_subject_"] [data-testid="stSelectbox"]')
    for i in range(3):
        out.setdefault("results: pick a subject", []).append(
            _timed(page, lambda i=i: _pick(page, picker, i + 1))
        )
    return out


def _pick(page, box, n: int) -> None:
    box.locator("input").click()
    page.keyboard.press("ArrowDown")  # the list opens
    page.get_by_role("option").nth(n).click()


ORGANIZER_PAGES = ["campaigns", "people", "invitations", "meeting", "paper", "monitor", "designer"]


def measure_organizer(page) -> dict[str, list[float]]:
    """Each organizer page opened twice (the first time, and again after the home page) and a
    language switch on it."""
    out: dict[str, list[float]] = {}
    for path in ORGANIZER_PAGES:
        first = _timed(page, lambda path=path: open_page(page, path))
        open_page(page, "")
        again = _timed(page, lambda path=path: open_page(page, path))
        switch = [_timed(page, lambda lang=lang: page.get_by_text(lang, exact=True).click())
                  for lang in ("English", "中文")]  # fmt: skip
        out[f"{path}: first, again, language"] = [first, again, *switch]
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        server = StreamlitServer(Path(tmp) / "clicks.duckdb", {"QUANJING_DEMO_SIZE": "default"})
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for role, measured in (("reviewer", measure), ("organizer", measure_organizer)):
                    page = new_page(browser, DESKTOP)
                    page.set_default_timeout(120_000)
                    sign_in(page, server.url, ROLE_ACCOUNT[role])
                    print(f"-- {role}")
                    for name, times in measured(page).items():
                        print(f"{name:36s} " + "  ".join(f"{t:.2f}" for t in times)
                              + f"   median {statistics.median(times):.2f} s")  # fmt: skip
                    page.context.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
