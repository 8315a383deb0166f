"""The signed-in session: who is signed in, expiry, sign-out, OpenID Connect via ``st.login``.

The session holds only the account name and two times (``st.session_state["auth"]``); the
principal (roles, scopes) is read again from the database on every run, so a disabled account or
a removed role takes effect at the next click. A session ends after :data:`IDLE` without a click
or :data:`LONGEST` in all. A respondent's session never holds an account.
"""

from __future__ import annotations

import os
import time

import streamlit as st

from security import audit
from security.roles import Principal
from security.signin import load_principal
from storage.accounts import account_id_for_email

AUTH_KEY = "auth"
NOTE_KEY = "auth_note"
IDLE = float(os.environ.get("QUANJING_SESSION_IDLE_MINUTES", "30")) * 60
LONGEST = float(os.environ.get("QUANJING_SESSION_HOURS", "12")) * 3600


def start_session(principal: Principal, method: str = "password") -> None:
    now = time.time()
    st.session_state[AUTH_KEY] = {"account": principal.account_id, "since": now, "seen": now,
                                  "method": method}  # fmt: skip
    st.session_state.pop(NOTE_KEY, None)


def end_session(db, *, kind: str = "signout") -> None:
    """Forget the account of this session (and the OpenID session, if any)."""
    auth = st.session_state.pop(AUTH_KEY, None)
    if auth:
        audit.record(db, auth["account"], kind, auth["account"])
    for key in [k for k in st.session_state if not k.startswith(("lang", NOTE_KEY))]:
        del st.session_state[key]  # no page state of the account outlives it
    if auth and auth.get("method") == "oidc" and _oidc_logged_in():
        st.logout()


def oidc_configured() -> bool:
    """Whether ``.streamlit/secrets.toml`` has an ``[auth]`` section (then ``st.login`` works)."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all
        return False


def _oidc_logged_in() -> bool:
    try:
        return bool(st.user.is_logged_in)
    except Exception:  # noqa: BLE001 - st.user without auth configured
        return False


def _from_oidc(db) -> Principal | None:
    """An OpenID sign-in maps to the enabled account with the same e-mail address."""
    email = st.user.get("email") if _oidc_logged_in() else None
    if not email:
        return None
    account_id = account_id_for_email(db, str(email))
    principal = load_principal(db, account_id) if account_id else None
    if principal is None:
        st.session_state[NOTE_KEY] = "no_account"
        audit.record(db, "?", "signin.failed", str(email)[:64], method="oidc")
        st.logout()
        return None
    audit.record(db, principal.account_id, "signin.ok", principal.account_id, method="oidc")
    start_session(principal, "oidc")
    return principal


def current_principal(db) -> Principal | None:
    """The account signed in to this session, or None (also after expiry or if disabled)."""
    auth = st.session_state.get(AUTH_KEY)
    if auth is None:
        return _from_oidc(db) if oidc_configured() else None
    now = time.time()
    if now - auth["seen"] > IDLE or now - auth["since"] > LONGEST:
        end_session(db, kind="session.expired")
        st.session_state[NOTE_KEY] = "expired"
        return None
    principal = load_principal(db, auth["account"])
    if principal is None:
        end_session(db)
        return None
    auth["seen"] = now
    return principal
