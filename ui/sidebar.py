"""The sidebar's account box: who is signed in, with which roles, and the sign-out button."""

from __future__ import annotations

import streamlit as st

from security.roles import Principal
from ui.auth import end_session
from ui.i18n import t


def _role_text(who: Principal) -> str:
    parts = []
    for role, units in sorted(who.roles.items()):
        label = t(f"role.{role}")
        parts.append(label if units is None else t("role.scoped", role=label, n=len(units)))
    return " · ".join(parts) or t("role.none")


def account_box(db, who: Principal | None) -> None:
    """Name and roles of the signed-in account (shown as text) and a sign-out button."""
    if who is None:
        return
    box = st.sidebar.container(border=True)
    if who.display_name == who.account_id:
        box.text(t("account.signed_in", account=who.account_id))
    else:
        box.text(t("account.signed_in_as", name=who.display_name, account=who.account_id))
    box.caption(_role_text(who))
    if box.button(t("account.signout"), key="signout", icon=":material/logout:", width="stretch"):
        end_session(db)
        st.rerun()
