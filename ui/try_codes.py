"""Home page, demo only: the try-it invitation codes the demo world comes with."""

from __future__ import annotations

import streamlit as st

import demo
from campaign.tokens import lookup
from storage.meta import get_meta
from ui.access import enter_respondent_mode
from ui.i18n import t
from ui.state import get_db, get_server_key


def try_codes() -> None:
    """List the demo's try-it codes with their campaign, phase and state; a click enters one."""
    db = get_db()
    seed = get_meta(db, "demo_seed")
    if get_meta(db, "demo") != "true" or seed is None:
        return
    codes = demo.try_tokens(db, int(seed))
    if not codes:
        return
    phases = {p["token_index"]: p for p in demo.try_token_phases(db)}
    with st.expander(t("home.try"), icon=":material/science:"):
        st.caption(t("home.try.help"))
        for index, code in enumerate(codes):
            info = phases.get(index, {})
            state = lookup(db, get_server_key(), code)
            phase_key = f"phase.{info.get('phase_kind', 'single')}"
            what, shown, act = st.columns([4, 4, 1.5], vertical_alignment="center")
            what.text(f"{info.get('campaign', '')} · {t(phase_key)}")
            shown.code(code, language=None)
            label = t("home.try.use") if state == "valid" else t(f"home.try.state.{state}")
            if act.button(label, key=f"try_{index}", disabled=state != "valid", width="stretch"):
                enter_respondent_mode(code)
                st.switch_page("pages/fill.py")
