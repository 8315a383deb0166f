"""First start: an empty database is filled with the default demo world, with a progress display."""

from __future__ import annotations

import os

import streamlit as st

from storage.meta import get_meta, set_meta
from ui.i18n import current_lang, t
from ui.state import first_start_lock

ENV_DEMO = "QUANJING_DEMO"  # "0" starts with an empty database
ENV_DEMO_SIZE = "QUANJING_DEMO_SIZE"  # tiny | default | large
ENV_DEMO_SEED = "QUANJING_DEMO_SEED"


def ensure_world(db) -> None:
    """Create the demo world once, on the first start of an empty database."""
    if get_meta(db, "initialized") is not None:
        return
    with first_start_lock():
        if get_meta(db, "initialized") is not None:
            return
        if os.environ.get(ENV_DEMO, "1") != "0":
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
