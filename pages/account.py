"""My account (我的账户): change the password (first, after a one-time password) and sign out."""

import streamlit as st

from security.signin import change_password
from ui.access import guard
from ui.i18n import t
from ui.state import get_db

who = guard(__file__)
db = get_db()
st.title(t("page.account"))
if who is None:
    st.stop()
st.text(t("account.signed_in_as", name=who.display_name, account=who.account_id))
if who.must_change:
    st.warning(t("account.must_change"), icon=":material/key:")
if st.session_state.pop("account_changed", False):
    st.success(t("account.changed"))

with st.form("account_password", clear_on_submit=True):
    st.subheader(t("account.change"))
    old = st.text_input(t("account.old"), type="password", max_chars=256)
    new = st.text_input(t("account.new"), type="password", max_chars=256)
    again = st.text_input(t("account.repeat"), type="password", max_chars=256)
    submitted = st.form_submit_button(t("account.change"), type="primary")
if submitted:
    if new != again:
        st.error(t("account.mismatch"))
    elif problems := change_password(db, who.account_id, old, new):
        for problem in problems:
            st.error(t(f"account.problem.{problem}"))
    else:
        st.session_state["account_changed"] = True
        st.rerun()
