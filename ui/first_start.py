"""First start: an empty database is filled with the default demo world, with a progress display."""

from __future__ import annotations

import os
import sys

import streamlit as st

from security.signin import FIRST_ADMIN, FIRST_ADMIN_NOTICE
from security.signin import ensure_first_admin as ensure_first_admin_account
from storage.accounts import count_accounts
from storage.demo import is_present
from storage.meta import get_meta, set_meta
from ui.i18n import current_lang, t
from ui.state import first_start_lock

ENV_DEMO = "QUANJING_DEMO"  # "0" starts with an empty database
ENV_DEMO_SIZE = "QUANJING_DEMO_SIZE"  # tiny | default | large
ENV_DEMO_SEED = "QUANJING_DEMO_SEED"


_HAS_ACCOUNT: dict[str, bool] = {}


def ensure_first_admin(db) -> None:
    """No account yet (demo ones aside): create ``admin`` and print its one-time password on the
    server console, once; it must be changed at the first sign-in."""
    if _HAS_ACCOUNT.get(db.path) or count_accounts(db, include_demo=False):
        _HAS_ACCOUNT[db.path] = db.path != ":memory:"  # asked once per process, not every run
        return
    with first_start_lock():
        password = ensure_first_admin_account(db)
    if password:
        print(FIRST_ADMIN_NOTICE.format(name=FIRST_ADMIN, password=password),
              file=sys.stderr, flush=True)  # fmt: skip


def ensure_world(db) -> None:
    """Create the demo world once, on the first start of an empty database."""
    if get_meta(db, "initialized") is not None:
        return
    with first_start_lock():
        if get_meta(db, "initialized") is not None:
            return
        if os.environ.get(ENV_DEMO, "1") != "0" and not is_present(db):
            _generate_with_progress(db)
        set_meta(db, "initialized", "1")


def _generate_with_progress(db) -> None:
    import demo

    size = os.environ.get(ENV_DEMO_SIZE, "default")
    seed = int(os.environ.get(ENV_DEMO_SEED, "20241029"))
    locale = "en" if current_lang() == "en" else "zh_CN"
    panel = st.empty()  # title and bar vanish once the world is there
    with panel.container():
        st.subheader(t("firststart.title"))
        bar = st.progress(0.0)

    def progress(fraction: float, message: str) -> None:
        bar.progress(min(max(fraction, 0.0), 1.0), text=message)

    demo.generate(db, size=size, seed=seed, locale=locale, progress=progress)
    panel.empty()
