"""Small shared page parts."""

from __future__ import annotations

import streamlit as st

from storage.meta import get_meta
from ui.i18n import t


def demo_banner(db) -> None:
    """A visible mark on every organizer/reviewer page while demo data is present."""
    if get_meta(db, "demo") == "true":
        st.warning(t("demo.banner"), icon=":material/science:")
