"""Take the README's screenshots: a real server on a fresh demo database, headless Chromium.

Usage: .venv/bin/python scripts/screenshots.py [OUT_DIR]   (default docs/screenshots)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from security.roles import PAGE_ROLES  # noqa: E402
from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    ROLE_ACCOUNT,
    StreamlitServer,
    open_page,
    sign_in,
    wait_for_app,
)

DESKTOP = (1366, 900)
PHONE = (390, 844)
SHOTS = [  # (file, url path, viewport, locale, page height to capture)
    ("home-zh", "", DESKTOP, "zh-CN", 900),
    ("results-zh", "results", DESKTOP, "zh-CN", 1500),
    ("tallies-en", "tallies", DESKTOP, "en-US", 1100),
    ("monitor-en", "monitor", DESKTOP, "en-US", 1000),
    ("designer-en", "designer", DESKTOP, "en-US", 900),
    ("fill-phone-zh", "fill", PHONE, "zh-CN", 1400),
]


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        server = StreamlitServer(Path(tmp) / "shots.duckdb", {"QUANJING_DEMO_SIZE": "default"})
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for name, path, (width, _height), locale, tall in SHOTS:
                    page = browser.new_context(
                        viewport={"width": width, "height": tall}, locale=locale
                    ).new_page()
                    page.set_default_timeout(90_000)
                    page.goto(server.url)
                    wait_for_app(page)
                    if path == "fill":
                        _open_try_code(page)
                    elif path:  # as the demo account of the page's role
                        sign_in(page, server.url, ROLE_ACCOUNT[PAGE_ROLES[path]])
                        open_page(page, path)
                    page.wait_for_timeout(1500)
                    page.screenshot(path=str(out / f"{name}.png"))
                    page.context.close()
                    print(f"{out / name}.png")
                browser.close()
        finally:
            server.stop()


def _open_try_code(page) -> None:
    page.get_by_text("演示:用这些邀请码试填").click()
    page.get_by_role("button", name="用此码填写").first.click()
    wait_for_app(page)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
