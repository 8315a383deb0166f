"""Home: what Quanjing is, where each role starts, what the database holds."""

import streamlit as st

from storage.overview import overview_counts
from ui.components import demo_banner
from ui.entry import require_entry_point
from ui.i18n import t
from ui.state import get_db
from ui.try_codes import try_codes

require_entry_point()


db = get_db()
st.title(t("app.title"))
st.caption(t("app.tagline"))
demo_banner(db)

st.subheader(t("home.roles"))
rater, organizer, reviewer = st.columns(3)
with rater.container(border=True):
    st.markdown(f"**{t('home.role.rater')}**")
    st.caption(t("home.role.rater.help"))
    with st.form("home_token", border=False):
        token = st.text_input(t("home.token"), type="password", key="home_token_input")
        if st.form_submit_button(t("home.go"), type="primary") and token.strip():
            st.session_state["respondent_mode"] = True
            st.session_state["pending_token"] = token.strip()
            st.switch_page("pages/fill.py")
    try_codes()
with organizer.container(border=True):
    st.markdown(f"**{t('home.role.organizer')}**")
    st.caption(t("home.role.organizer.help"))
    st.page_link("pages/designer.py", label=t("page.designer"), icon=":material/design_services:")
    st.page_link("pages/campaigns.py", label=t("page.campaigns"), icon=":material/event_note:")
    st.page_link("pages/monitor.py", label=t("page.monitor"), icon=":material/monitoring:")
with reviewer.container(border=True):
    st.markdown(f"**{t('home.role.reviewer')}**")
    st.caption(t("home.role.reviewer.help"))
    st.page_link("pages/results.py", label=t("page.results"), icon=":material/insights:")
    st.page_link("pages/tallies.py", label=t("page.tallies"), icon=":material/ballot:")

st.subheader(t("home.counts"))
counts = overview_counts(db)
for col, (table, n) in zip(st.columns(len(counts)), counts.items(), strict=True):
    col.metric(t(f"count.{table}"), f"{n:,}")
