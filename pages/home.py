"""Home: what Quanjing is and where each person starts.

A visitor sees the code box (raters) and the way to sign in; a signed-in account sees links to
the pages its roles open, and what the database holds.
"""

import streamlit as st

from storage.overview import overview_counts
from ui import code_entry
from ui.access import allowed, enter_respondent_mode, guard
from ui.code_entry import code_form
from ui.components import demo_accounts, demo_banner
from ui.i18n import t
from ui.state import get_db
from ui.try_codes import try_codes

who = guard(__file__)

_LINKS = {
    "organizer": [("designer", ":material/design_services:"),
                  ("campaigns", ":material/event_note:"), ("monitor", ":material/monitoring:")],
    "reviewer": [("results", ":material/insights:"), ("tallies", ":material/ballot:")],
    "admin": [("accounts", ":material/manage_accounts:"), ("audit", ":material/history:"),
              ("data", ":material/database:")],
}  # fmt: skip

db = get_db()
st.title(t("app.title"))
st.caption(t("app.tagline"))
demo_banner(db)

st.subheader(t("home.roles"))
rater, *staff = st.columns(3)
with rater.container(border=True):
    st.markdown(f"**{t('home.role.rater')}**")
    st.caption(t("home.role.rater.help"))
    code = code_form(
        code_entry.HOME, t("home.token"), t("home.go"), secret=True, border=False, width="content"
    )
    if code == "":
        st.warning(t("fill.empty_code"))
    elif code:  # app.py takes a typed code first (ui/code_entry.py); this is its fallback
        enter_respondent_mode(code)
        st.switch_page("pages/fill.py")
with st.container():  # below the three cards, full width: a code and its button on one line
    try_codes()

if who is None:
    with staff[0].container(border=True):
        st.markdown(f"**{t('home.role.staff')}**")
        st.caption(t("home.role.staff.help"))
        st.page_link("pages/signin.py", label=t("page.signin"), icon=":material/login:")
    with staff[1]:
        demo_accounts(db)
    st.stop()

shown = [(role, links) for role, links in _LINKS.items() if who.has(role)]
for column, (role, links) in zip(staff * 2, shown, strict=False):
    with column.container(border=True):
        st.markdown(f"**{t(f'home.role.{role}')}**")
        st.caption(t(f"home.role.{role}.help"))
        for page, icon in links:
            if allowed(page, who):
                st.page_link(f"pages/{page}.py", label=t(f"page.{page}"), icon=icon)

st.subheader(t("home.counts"))
counts = overview_counts(db)
for col, (table, n) in zip(st.columns(len(counts)), counts.items(), strict=True):
    col.metric(t(f"count.{table}"), f"{n:,}")
