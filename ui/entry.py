"""Every page runs through ``app.py``'s ``st.navigation``, even on a server's very first request.

Streamlit treats an app with a ``pages/`` folder as a legacy multipage app until the first
``st.navigation`` call of the process: a first request for ``/fill?token=...`` would run
``pages/fill.py`` directly, with the legacy sidebar listing every page and without app.py's
respondent mode or first start. A page that finds itself run that way switches the process to
``st.navigation`` mode and reruns, so app.py decides what is shown.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

_inside = threading.local()
log = logging.getLogger("quanjing")


@contextmanager
def entry_point() -> Iterator[None]:
    """Marks the run of a page from app.py (around ``st.navigation(...).run()``).

    An error a page did not handle is logged on the server with an id, and the user sees only
    that id (``client.showErrorDetails = "none"`` hides Streamlit's own traceback too).
    """
    _inside.active = True
    try:
        yield
    except Exception:  # st.stop / st.rerun are BaseExceptions and pass through
        error_id = secrets.token_hex(4)
        log.exception("unhandled error %s", error_id)
        from ui.i18n import t

        st.error(t("error.id", id=error_id), icon=":material/error:")
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
