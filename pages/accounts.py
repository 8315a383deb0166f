"""Accounts & roles (账户与权限), admins only: create accounts, give roles over units, reset
passwords, disable. Every change is audited; one-time passwords are shown once."""

import streamlit as st

from security import admin
from security.signin import create_account, reset_password
from storage.accounts import ROLES, AccountError, get_account, list_accounts
from ui.access import guard
from ui.chrome import choose
from ui.components import localized_table
from ui.i18n import t
from ui.plain import plain
from ui.state import get_db
from ui.units import unit_names as all_unit_names

who = guard(__file__)
db = get_db()
st.title(t("page.accounts"))
st.caption(t("accounts.intro"))

if shown := st.session_state.pop("accounts_one_time", None):
    account_id, password = shown
    st.success(t("accounts.one_time"))
    st.code(f"{account_id}\n{password}", language=None)

unit_names = all_unit_names(db)


def _roles_text(pairs) -> str:
    """``reviewer@unit`` entries as "审阅人（和平街道）" (unit names, shown as table text)."""
    out = []
    for entry in pairs if pairs is not None else []:
        role, _, unit = entry.partition("@")
        label = t(f"role.{role}")
        out.append(
            t("accounts.role_in", role=label, unit=unit_names.get(unit, unit)) if unit else label
        )
    return t("accounts.list_sep").join(out)


frame = list_accounts(db)
frame = frame.assign(
    roles=frame["roles"].map(_roles_text), email=frame["email"].fillna(""),
    created_on=frame["created_on"].astype(str).str[:10],
)  # fmt: skip
localized_table(frame, "accounts.col", key="accounts_table", count=True)


def _roles_input(prefix: str, current: tuple = ()) -> list[tuple[str, str]]:
    """Role checkboxes and one unit scope for the organizer/reviewer roles."""
    held = {r for r, _ in current}
    scoped = sorted({u for r, u in current if u})
    picked = st.multiselect(
        t("accounts.roles"), list(ROLES), default=sorted(held),
        format_func=lambda r: t(f"role.{r}"), key=f"{prefix}_roles", placeholder=t("paper.choose"),
    )  # fmt: skip
    chosen = st.multiselect(t("accounts.units"), list(unit_names), default=scoped,
                            placeholder=t("paper.choose"),
                            format_func=unit_names.get, key=f"{prefix}_units")  # fmt: skip
    pairs = []
    for role in picked:
        if role == "admin" or not chosen:
            pairs.append((role, ""))
        else:
            pairs.extend((role, u) for u in chosen)
    return pairs


def _saved(action, *args, **kwargs):
    try:
        return action(*args, **kwargs)
    except admin.LastAdmin:
        st.error(t("accounts.last_admin"))
    except AccountError as err:
        st.error(t("accounts.error", error=plain(err)))  # may quote an account name
    return None


with st.expander(t("accounts.new"), icon=":material/person_add:"):
    with st.form("accounts_new", clear_on_submit=True):
        name = st.text_input(t("accounts.col.account_id"), max_chars=64)
        display = st.text_input(t("accounts.col.display_name"), max_chars=100)
        email = st.text_input(t("accounts.col.email"), max_chars=200)
        roles = _roles_input("new")
        if st.form_submit_button(t("accounts.create"), type="primary") and name.strip():
            password = _saved(create_account, db, name, display, roles, actor=who.account_id,
                              email=email.strip() or None)  # fmt: skip
            if password:
                st.session_state["accounts_one_time"] = (name.strip().lower(), password)
                st.rerun()

st.subheader(t("accounts.edit"))
target = st.selectbox(
    t("accounts.pick"), frame["account_id"].tolist(), key="accounts_pick", placeholder=choose()
)
row = get_account(db, target) if target else None
if row is not None:
    with st.form(f"accounts_roles_{row.account_id}"):
        roles = _roles_input(f"edit_{row.account_id}", row.roles)
        if st.form_submit_button(t("accounts.save_roles")):
            if _saved(admin.set_roles, db, row.account_id, roles, actor=who.account_id) is None:
                st.success(t("accounts.saved"))
    reset_col, disable_col = st.columns(2)
    with reset_col.form(f"accounts_reset_{row.account_id}"):
        sure = st.checkbox(t("accounts.confirm_reset"))
        if st.form_submit_button(t("accounts.reset")) and sure:
            password = reset_password(db, row.account_id, actor=who.account_id)
            st.session_state["accounts_one_time"] = (row.account_id, password)
            st.rerun()
    with disable_col.form(f"accounts_disable_{row.account_id}"):
        sure = st.checkbox(t("accounts.confirm_disable")) if not row.disabled else True
        label = t("accounts.enable" if row.disabled else "accounts.disable")
        if st.form_submit_button(label) and sure:
            if _saved(admin.set_disabled, db, row.account_id, not row.disabled,
                      actor=who.account_id) is None:  # fmt: skip
                st.rerun()
