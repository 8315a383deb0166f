"""Sign in (登录): organizers, reviewers and admins. Respondents never come here."""

import streamlit as st

from security.signin import authenticate
from ui.access import guard
from ui.auth import NOTE_KEY, oidc_configured, start_session
from ui.components import demo_accounts
from ui.i18n import t
from ui.state import client_address, get_db

guard(__file__)

db = get_db()
st.title(t("signin.title"))
st.caption(t("signin.intro"))
if note := st.session_state.pop(NOTE_KEY, None):
    st.warning(t(f"signin.{note}"))

with st.form("signin_form"):
    name = st.text_input(t("signin.name"), key="signin_name", max_chars=64)
    password = st.text_input(t("signin.password"), type="password", key="signin_password",
                             max_chars=256)  # fmt: skip
    submitted = st.form_submit_button(t("signin.submit"), type="primary")
if submitted and name.strip():
    with st.spinner(t("signin.submit")):
        result = authenticate(db, name, password, client=client_address() or "")
    if result.principal is not None:
        start_session(result.principal)
        st.switch_page("pages/home.py")  # this page leaves the navigation once signed in
    elif result.reason == "locked":
        st.error(t("signin.locked", seconds=result.wait), icon=":material/timer:")
    else:
        st.error(t("signin.bad"), icon=":material/lock:")
if oidc_configured():
    st.divider()
    st.button(t("signin.sso"), on_click=st.login, icon=":material/badge:", key="signin_sso")
demo_accounts(db)
