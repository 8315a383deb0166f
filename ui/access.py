"""The server-side check at the top of every page: the role the page needs, or a stop.

``app.py`` offers only the pages a session may open (any other address gets a stand-in that
runs none of the page's code); :func:`guard` checks again inside the page, so a page can never
run for a session without its role however it was reached (a stale link, a direct run, a
changed navigation).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from security.roles import PAGE_ROLES, Principal
from ui.auth import AUTH_KEY
from ui.entry import require_entry_point
from ui.i18n import t

PRINCIPAL_KEY = "_principal"  # set by app.py on every run, from the database


def principal() -> Principal | None:
    """The principal app.py found for this run (None for a respondent or a visitor)."""
    value = st.session_state.get(PRINCIPAL_KEY)
    return value if isinstance(value, Principal) else None


def allowed(page: str, who: Principal | None, *, respondent: bool = False) -> bool:
    """Whether ``who`` may open ``page`` (a respondent: the filling page only)."""
    if respondent:
        return page == "fill"
    if PAGE_ROLES[page] is None:
        return True
    return who is not None and who.opens(page)


def guard(page_file: str) -> Principal | None:
    """Call first in every page with ``__file__``: stops the run unless this session may open it."""
    require_entry_point()
    page = Path(page_file).stem
    who = principal()
    if not allowed(page, who, respondent=bool(st.session_state.get("respondent_mode"))):
        st.error(t("access.denied"), icon=":material/lock:")
        st.stop()
    return who


def scope(role: str) -> frozenset[str] | None:
    """The units this session's ``role`` covers: None = every unit (see ``Principal.units``)."""
    who = principal()
    return frozenset() if who is None else who.units(role)


def enter_respondent_mode(token: str) -> None:
    """This session fills with a code from now on: no account stays signed in beside it, and
    only the filling page is offered (see app.py)."""
    st.session_state.pop(AUTH_KEY, None)
    st.session_state[PRINCIPAL_KEY] = None
    st.session_state["pending_token"] = token
    st.session_state["respondent_mode"] = True
