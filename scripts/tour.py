"""A screenshot tour: every page, in Chinese and English, at desktop and phone width.

A real server on a fresh demo database, headless Chromium; each page is opened as the demo account
of its role (the filling page through a try code). Prints one line per shot with the seconds the
page took to open and, for the Chinese interface, any English widget text or raw "None" seen
(tests/browser/conftest.english_chrome).

Usage: .venv/bin/python scripts/tour.py [--out DIR] [--size tiny|default] [--only PAGE ...]
(default artifacts/tour; open the PNG files and look at every one)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from security.roles import PAGE_ROLES  # noqa: E402
from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    ROLE_ACCOUNT,
    StreamlitServer,
    english_chrome,
    new_page,
    open_page,
    shoot,
    sign_in,
    wait_for_app,
)

LANGS = {"zh": "zh-CN", "en": "en-US"}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
ACCOUNT_OF = {"signed_in": "organizer"}  # a page any signed-in account opens


def _groups(only: set[str]) -> dict[str | None, list[str]]:
    """Pages by the demo role that opens them (None: a visitor), in menu order."""
    groups: dict[str | None, list[str]] = {}
    for path, role in PAGE_ROLES.items():
        if not only or path in only:
            groups.setdefault(ACCOUNT_OF.get(role, role), []).append(path)
    return groups


def _visit(page, url: str, role: str | None, path: str) -> None:
    if role is None and path == "fill":  # a visitor fills with a demo try code
        page.goto(url)
        wait_for_app(page)
        page.locator('[data-testid="stExpander"] summary').first.click()
        page.locator('[class*="st-key-try_"] button:enabled').first.click()
        wait_for_app(page)
    elif role is None:
        page.goto(f"{url}/{path}" if path != "home" else url)
        wait_for_app(page)
    else:
        open_page(page, "" if path == "home" else path)


def tour(url: str, out: Path, only: set[str]) -> list[str]:
    """Take every shot; return the English chrome seen in the Chinese interface."""
    problems = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for lang, locale in LANGS.items():
            for width, viewport in WIDTHS.items():
                for role, paths in _groups(only).items():
                    page = new_page(browser, viewport, locale=locale)
                    page.set_default_timeout(90_000)
                    if role is not None:
                        sign_in(page, url, ROLE_ACCOUNT[role])
                    for path in paths:
                        start = time.perf_counter()
                        _visit(page, url, role, path)
                        took = time.perf_counter() - start
                        shot = shoot(page, f"{path}-{lang}-{width}", out)
                        seen = english_chrome(page) if lang == "zh" else []
                        problems += [f"{shot.name}: {s}" for s in seen]
                        print(f"{shot}  ({took:.1f} s)", *seen, sep="\n  ! ", flush=True)
                    page.context.close()
        browser.close()
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "tour")
    parser.add_argument("--size", default="tiny", choices=["tiny", "default"])
    parser.add_argument("--only", nargs="*", default=[], help="pages to visit (default: all)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        server = StreamlitServer(Path(tmp) / "tour.duckdb", {"QUANJING_DEMO_SIZE": args.size})
        try:
            problems = tour(server.url, args.out, set(args.only))
        finally:
            server.stop()
    print(f"{len(problems)} English texts in the Chinese interface", *problems, sep="\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
