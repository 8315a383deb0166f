"""The process-wide Database (one DuckDB connection per process) and first-start setup."""

from __future__ import annotations

import os
import threading

import streamlit as st

from storage.db import Database, default_db_path


@st.cache_resource(show_spinner=False)
def get_db() -> Database:
    """The one Database of this server process (migrations applied on open)."""
    return Database(default_db_path())


_first_start_lock = threading.Lock()


def first_start_lock() -> threading.Lock:
    """Serialises the first-start demo generation across sessions of this process."""
    return _first_start_lock


@st.cache_resource(show_spinner=False)
def get_server_key() -> bytes:
    """The server key for token hashes, pseudonyms and draft keys (env or key file)."""
    from campaign.tokens import load_server_key

    return load_server_key(get_db().path)


def client_address() -> str | None:
    """The client's network address as ``ip:ADDR``, or None when unknown (a local or proxied
    connection). Behind a reverse proxy on the same machine Streamlit sees no address; with
    ``QUANJING_TRUST_PROXY=1`` the proxy's ``X-Forwarded-For`` (its last entry: the address the
    proxy itself saw) is used. Never set it without a proxy: a client could then name any address.
    """
    if os.environ.get("QUANJING_TRUST_PROXY") == "1":
        forwarded = (st.context.headers or {}).get("X-Forwarded-For", "")
        if forwarded.strip():
            return f"ip:{forwarded.split(',')[-1].strip()[:64]}"
    ip = getattr(st.context, "ip_address", None)
    return f"ip:{ip}" if isinstance(ip, str) and ip else None


def client_id() -> str:
    """Who is typing codes, for the wrong-code limit: ``ip:ADDR|session:ID``, a device and its
    network address, each with its own budget (``campaign.ratelimit.ClientLimiter``: a hall of
    phones behind one NAT address is not locked out by a few typos), or ``session:ID`` alone.
    Worked out once per session, not on every run."""
    if "client_id" not in st.session_state:
        import secrets

        session = f"session:{secrets.token_hex(8)}"
        address = client_address()
        st.session_state["client_id"] = f"{address}|{session}" if address else session
    return st.session_state["client_id"]
