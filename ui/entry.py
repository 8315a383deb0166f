"""Every page runs through ``app.py``'s ``st.navigation``, even on a server's very first request.

Streamlit treats an app with a ``pages/`` folder as a legacy multipage app until the first
``st.navigation`` call of the process: a first request for ``/fill?token=...`` would run
``pages/fill.py`` directly, with the legacy sidebar listing every page and without app.py's
respondent mode or first start. A page that finds itself run that way switches the process to
``st.navigation`` mode and reruns, so app.py decides what is shown.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

_inside = threading.local()


@contextmanager
def entry_point() -> Iterator[None]:
    """Marks the run of a page from app.py (around ``st.navigation(...).run()``)."""
    _inside.active = True
    try:
        yield
    finally:
        _inside.active = False


def require_entry_point() -> None:
    """Call first in every page: if Streamlit ran the page directly, run app.py instead (its
    st.navigation picks this same page from the URL) and stop the direct run."""
    if getattr(_inside, "active", False):
        return
    import app

    app.main()
    st.stop()
