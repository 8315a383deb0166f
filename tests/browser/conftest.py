"""A real `streamlit run` server on a free localhost port, driven by Debian's headless Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("QUANJING_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = ROOT / "artifacts" / "screenshots"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit at {url} not healthy after {timeout}s")


class StreamlitServer:
    def __init__(self, db_path: Path, env_extra: dict[str, str]):
        self.db_path = db_path
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "QUANJING_DB": str(db_path), **env_extra}
        log = db_path.with_suffix(".log").open("w")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "app.py"),
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        _wait_healthy(self.url, self.proc)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="module")
def server_factory(tmp_path_factory):
    """Start a server on a fresh database; every server started is stopped at module end."""
    started: list[StreamlitServer] = []

    def start(db_path: Path | None = None, **env_extra: str) -> StreamlitServer:
        """``db_path``: an existing database (seeded by the test) or None for a fresh one."""
        db_path = db_path or tmp_path_factory.mktemp("browser") / "quanjing.duckdb"
        env_extra.setdefault("QUANJING_DEMO_SIZE", "tiny")
        server = StreamlitServer(db_path, env_extra)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)  # a Streamlit rerun after a click can take a moment

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} missing: scripts/setup.sh dev installs it"
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def new_page(browser, viewport=DESKTOP, locale="zh-CN"):
    context = browser.new_context(viewport=viewport, locale=locale, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


def wait_for_app(page) -> None:
    """Wait until Streamlit has run the script: content attached, no "Running..." status, and a
    page title drawn (every page has one; the first element may be an emptied placeholder)."""
    page.wait_for_selector(
        '[data-testid="stMain"] [data-testid="stElementContainer"]',
        state="attached",
        timeout=90_000,
    )
    # Idle as the user sees it: the app's own run state (not the delayed "Running..." badge), no
    # element of an earlier run still greyed out as stale, a title drawn; and still so on five
    # polls in a row, since a script that reruns itself (st.rerun, switch_page) goes idle for a
    # moment in between.
    page.evaluate("window.__qjIdle = 0")
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            const idle = app?.getAttribute('data-test-script-state') === 'notRunning'
                && !document.querySelector('[data-testid="stStatusWidget"]')
                && !document.querySelector('[data-stale="true"]')
                && document.querySelector('[data-testid="stMain"] h1');
            window.__qjIdle = idle ? (window.__qjIdle || 0) + 1 : 0;
            return window.__qjIdle >= 5;
        }""",
        polling=100,
        timeout=90_000,
    )


SHOTS = os.environ.get("QUANJING_SHOTS") == "1"


def shoot(page, name: str, out: Path | None = None) -> Path | None:
    """Screenshot the whole page into ``out``; a test's shot (no ``out``) is taken only with
    ``QUANJING_SHOTS=1``, since a failing browser test shoots every open page anyway
    (:func:`shoot_open_pages`) and the shots cost a second each (#12: the suite's time).

    Streamlit scrolls inside its main container, so the viewport is stretched to the content's
    height for the shot and restored afterwards."""
    if out is None and not SHOTS:
        return None
    out = out or ARTIFACTS
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.png"
    size = page.viewport_size
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], section')]"
        ".map(e => e.scrollHeight), document.body.scrollHeight)"
    )
    page.set_viewport_size(
        {"width": size["width"], "height": min(max(height, size["height"]), 8000)}
    )
    page.wait_for_timeout(300)  # the layout settles at the new height
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    return path


def shoot_open_pages(browser, test_name: str) -> list[Path]:
    """A screenshot of every page still open in ``browser``, named after the failed test, into
    artifacts/failures: what the test saw when it failed."""
    out = ROOT / "artifacts" / "failures"
    out.mkdir(parents=True, exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in test_name)[:120]
    paths = []
    for i, page in enumerate(p for c in browser.contexts for p in c.pages):
        path = out / f"{safe}-{i}.png"
        try:
            page.screenshot(path=str(path), full_page=True, timeout=10_000)
            paths.append(path)
        except Exception:  # noqa: BLE001 - a page that cannot be shot must not hide the failure
            continue
    return paths


DEMO_PASSWORD = "quanjing-demo"  # demo.accounts.DEMO_PASSWORD
ROLE_ACCOUNT = {"admin": "demo-admin", "organizer": "demo-organizer", "reviewer": "demo-reviewer"}


def sign_in(page, url: str, account: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the sign-in page as a person would (a full load starts a new session)."""
    page.goto(f"{url}/signin")
    wait_for_app(page)
    page.locator('[data-testid="stTextInput"] input[type="text"]').first.fill(account)
    page.locator('[data-testid="stTextInput"] input[type="password"]').first.fill(password)
    page.locator('[data-testid="stFormSubmitButton"] button').first.click()
    page.wait_for_selector(  # the account box: signed in (attached: a phone's sidebar is folded)
        '[data-testid="stSidebar"] [data-testid="stText"]', state="attached", timeout=60_000
    )
    wait_for_app(page)


def open_page(page, path: str) -> None:
    """Go to a page by its sidebar link, inside the signed-in session (no full page load);
    ``""`` is the home page."""
    expand = page.locator('[data-testid="stExpandSidebarButton"]')
    folded = expand.count() > 0 and expand.first.is_visible()
    if folded:  # at phone width the sidebar starts folded, and is folded again afterwards
        expand.first.click()
    page.locator(f'[data-testid="stSidebarNavLink"][href$="/{path}"]').first.click()
    page.wait_for_url(f"**/{path}")
    wait_for_app(page)
    if folded:
        page.locator('[data-testid="stSidebarCollapseButton"] button').first.click(force=True)
        page.wait_for_selector('[data-testid="stSidebar"][data-collapsed="true"]', state="attached")


# Streamlit's own English texts, and raw missing values, not to be seen in the Chinese interface.
ENGLISH_CHROME = (
    r"Choose an? option|Choose options|No options to select|Add an option|Upload|per file"
    r"|Drag and drop|Press (Enter|Ctrl|⌘)|No results|Browse files|Clear all"
    r"|\bNone\b|\bnan\b|\bNaN\b|<NA>|\bNaT\b"
)


def english_chrome(page) -> list[str]:
    """What a reader of the Chinese interface would see in English chrome on ``page``: visible
    texts (not drawn at size 0 by ui/chrome.py) and placeholders (also of folded tabs). Table
    cells are drawn on a canvas, out of reach here: tests/app/conftest.missing_cells checks them."""
    return page.evaluate(
        """(pattern) => {
            const re = new RegExp(pattern), found = [];
            const main = document.querySelector('[data-testid="stMain"]');
            const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                const e = n.parentElement;
                if (!re.test(n.textContent)) continue;
                if (e.closest('[data-testid="stDataFrame"]')) continue;
                const drawn = parseFloat(getComputedStyle(e).fontSize) > 0;
                if (!e.checkVisibility() || !drawn) continue;
                found.push(n.textContent.trim().slice(0, 80));
            }
            for (const e of main.querySelectorAll('[placeholder]')) {
                const text = e.getAttribute('placeholder');
                if (re.test(text)) found.push('placeholder: ' + text);
            }
            return found;
        }""",
        ENGLISH_CHROME,
    )
