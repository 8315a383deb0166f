"""First start: an empty database is filled with the default demo world, with a progress display.

What a newcomer sees from the first frame. Streamlit treats the script runs of a server that start
before any ``st.navigation`` call of the process as runs of a legacy multipage app, as there is a
``pages/`` folder: before app.py even starts, it sends the browser a sidebar menu of the raw file
names (app, campaigns, data, ...), which stood until app.py's own ``st.navigation``, seconds later
on a first start. A hidden ``st.navigation`` as app.py's very first statement still lost the race
now and then (the list was sent, and drawn, a few milliseconds before it). So
``.streamlit/config.toml`` sets ``client.showSidebarNavigation = false``, with which Streamlit
sends that list hidden. The option hides ``st.navigation``'s menu too, so :func:`sidebar_menu_on`
sets it back to true (for the process) just before app.py's ``st.navigation``, after which
Streamlit never sends the legacy list again; the browser takes the menu's visibility from each
navigation message, not from the option it was sent when the page loaded.

The progress is drawn before app.py's slow imports when the database does not exist yet
(:func:`early_progress`); later runs draw :class:`Progress` as soon as they find the world missing.

The world is built in a thread of its own: a rerun (the language switch, a menu link, a second
tab) only stops a session's watching of the progress, never the build; every session that arrives
meanwhile shows the same progress. This module is imported before the heavy modules (DuckDB,
pandas, the strings), so it imports them only where it uses them.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

ENV_DEMO = "QUANJING_DEMO"  # "0" starts with an empty database
ENV_DEMO_SIZE = "QUANJING_DEMO_SIZE"  # tiny | default | large
ENV_DEMO_SEED = "QUANJING_DEMO_SEED"
ENV_DB = "QUANJING_DB"  # storage.db.ENV_DB_PATH: that module loads pandas, too slow to wait for
_ROOT = Path(__file__).resolve().parent.parent
_SHOW_MENU = "client.showSidebarNavigation"
_POLL = 0.25  # seconds between two looks at the build's progress
# demo.generate's progress messages (English, from a core package), as the user's language says
_STAGES = (
    ("organisation", "firststart.stage.org"),
    ("ballots and answers", "firststart.stage.ballots"),
    ("KPI", "firststart.stage.signals"),
    ("answers", "firststart.stage.write"),
    ("rewriting", "firststart.stage.compact"),
    ("done", "firststart.done"),
)
log = logging.getLogger("quanjing")

_HAS_ACCOUNT: dict[str, bool] = {}


def ensure_first_admin(db) -> None:
    """No account yet (demo ones aside): create ``admin`` and print its one-time password on the
    server console, once; it must be changed at the first sign-in."""
    from security.signin import FIRST_ADMIN, FIRST_ADMIN_NOTICE
    from security.signin import ensure_first_admin as ensure_first_admin_account
    from storage.accounts import count_accounts
    from ui.state import first_start_lock

    if _HAS_ACCOUNT.get(db.path) or count_accounts(db, include_demo=False):
        _HAS_ACCOUNT[db.path] = db.path != ":memory:"  # asked once per process, not every run
        return
    with first_start_lock():
        password = ensure_first_admin_account(db)
    if password:
        print(FIRST_ADMIN_NOTICE.format(name=FIRST_ADMIN, password=password),
              file=sys.stderr, flush=True)  # fmt: skip


class Progress:
    """The first-start title, a progress bar with the step being built, and a word on waiting."""

    def __init__(self) -> None:
        from ui.i18n import t

        self._panel = st.empty()  # all of it vanishes once the world is there
        with self._panel.container():
            st.subheader(t("firststart.title"))
            self._bar = st.progress(0.0, text=t("firststart.preparing"))
            st.caption(t("firststart.wait"))
        self._shown = (0.0, "")

    def show(self, fraction: float, message: str) -> None:
        from ui.i18n import t

        shown = (round(min(max(fraction, 0.0), 1.0), 2), message)
        if shown != self._shown:
            self._shown = shown
            self._bar.progress(shown[0], text=t(stage_key(message)))

    def clear(self) -> None:
        self._panel.empty()


def stage_key(message: str) -> str:
    """The string key naming, in the user's language, the step a progress message reports."""
    for words, key in _STAGES:
        if words in message:
            return key
    return "firststart.preparing"


def sidebar_menu_on() -> None:
    """Let Streamlit show ``st.navigation``'s sidebar menu (see the module's docstring)."""
    if st.get_option(_SHOW_MENU) is False:
        st.set_option(_SHOW_MENU, True)


def early_progress() -> Progress | None:
    """The progress, drawn before app.py's slow imports, if this is surely a first start with a
    demo world to build: the database file does not exist yet. Else None (app.py draws it later
    if the database turns out to need its world)."""
    return Progress() if _demo_enabled() and not _db_path().exists() else None


def _db_path() -> Path:
    """``storage.db.default_db_path()``, without loading storage (tests/app check they agree)."""
    env = os.environ.get(ENV_DB)
    return Path(env) if env else _ROOT / "data" / "quanjing.duckdb"


def _demo_enabled() -> bool:
    return os.environ.get(ENV_DEMO, "1") != "0"


_READY: set[str] = set()  # databases whose first start is done (it is never undone)


def needs_world(db) -> bool:
    """The first start of this database is not finished (its world may be built right now)."""
    from storage.meta import get_meta

    if db.path in _READY:
        return False
    if get_meta(db, "initialized") is None:
        return True
    if db.path != ":memory:":
        _READY.add(db.path)
    return False


def will_build(db) -> bool:
    """A demo world is being built for ``db``, or is about to be: the progress is due."""
    from storage.demo import is_present

    if not needs_world(db):
        return False
    return _running(db) is not None or (_demo_enabled() and not is_present(db))


@dataclass
class _Build:
    """The first-start build of one database in this process, in a thread of its own."""

    thread: threading.Thread
    fraction: float = 0.0
    message: str = ""
    error: BaseException | None = field(default=None, repr=False)

    def report(self, fraction: float, message: str) -> None:
        self.fraction, self.message = fraction, message


_BUILDS: dict[str, _Build] = {}
_BUILDS_LOCK = threading.Lock()


def _running(db) -> _Build | None:
    build = _BUILDS.get(db.path)
    return build if build is not None and build.thread.is_alive() else None


def ensure_world(db, progress: Progress | None = None) -> None:
    """Create the demo world once, on the first start of an empty database, showing its progress
    (in ``progress`` if drawn already); returns when the world is there."""
    from ui.i18n import current_lang

    if not will_build(db):
        if needs_world(db):  # nothing to build (QUANJING_DEMO=0, or `python -m demo` built it)
            _finish(db)
        if progress is not None:
            progress.clear()
        return
    build = start_build(db, "en" if current_lang() == "en" else "zh_CN")
    progress = progress or Progress()
    while build.thread.is_alive():  # a rerun stops this watching, not the build
        progress.show(build.fraction, build.message)
        build.thread.join(_POLL)
    if build.error is not None:
        raise RuntimeError("the first start failed; see the server log") from build.error
    progress.clear()


def start_build(db, locale: str) -> _Build:
    """The build running for ``db``, or a new one (the first, or after one that failed)."""
    with _BUILDS_LOCK:
        build = _running(db)
        if build is None:
            thread = threading.Thread(target=_build, args=(db, locale), daemon=True,
                                      name="quanjing-first-start")  # fmt: skip
            build = _BUILDS[db.path] = _Build(thread)
            thread.start()
        return build


def _build(db, locale: str) -> None:
    """The thread: the world (unless the database has one, or QUANJING_DEMO=0), then the mark
    that the first start is done. An error is kept for the sessions watching; the next run of
    the app starts a new build."""
    build = _BUILDS[db.path]
    try:
        _finish(db, locale=locale, report=build.report)
    except Exception as exc:
        log.exception("first start failed")
        build.error = exc


def _finish(db, *, locale: str | None = None, report=None) -> None:
    """Under the first-start lock: build the world if it is due (``locale`` given), then mark
    the first start done."""
    from storage.demo import is_present
    from storage.meta import get_meta, set_meta
    from ui.state import first_start_lock

    with first_start_lock():
        if get_meta(db, "initialized") is not None:
            return
        if locale is not None and _demo_enabled() and not is_present(db):
            import demo

            size = os.environ.get(ENV_DEMO_SIZE, "default")
            seed = int(os.environ.get(ENV_DEMO_SEED, "20241029"))
            demo.generate(db, size=size, seed=seed, locale=locale, progress=report)
        set_meta(db, "initialized", "1")
