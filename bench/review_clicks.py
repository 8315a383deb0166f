"""What a reviewer feels: seconds from a click to the page idle again, in a real browser.

A real server on a fresh default-size demo world, headless Chromium, signed in as the demo
reviewer. Each figure includes the browser tests' idle check (five polls 100 ms apart, ~0.5 s).

Usage: .venv/bin/python bench/review_clicks.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
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


def _timed(page, action) -> float:
    start = time.perf_counter()
    action()
    wait_for_app(page)
    return time.perf_counter() - start


def measure(page) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for path in ["results", "tallies", "reliability"]:
        out.setdefault("open a review page", []).append(
            _timed(page, lambda path=path: open_page(page, path))
        )
        for lang in ["English", "中文"]:
            out.setdefault("language switch", []).append(
                _timed(page, lambda lang=lang: page.get_by_text(lang, exact=True).click())
            )
    open_page(page, "results")
    sort = page.locator('[data-testid="stButtonGroup"] button')
    for i in range(3):
        out.setdefault("results: sort toggle", []).append(
            _timed(page, lambda i=i: sort.nth(1 if i % 2 == 0 else 0).click())
        )
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        server = StreamlitServer(Path(tmp) / "clicks.duckdb", {"QUANJING_DEMO_SIZE": "default"})
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = new_page(browser, DESKTOP)
                page.set_default_timeout(120_000)
                sign_in(page, server.url, ROLE_ACCOUNT["reviewer"])
                for name, times in measure(page).items():
                    print(f"{name:22s} n={len(times)} median {statistics.median(times):.2f} s"
                          f"  max {max(times):.2f} s")  # fmt: skip
        finally:
            server.stop()


if __name__ == "__main__":
    main()
