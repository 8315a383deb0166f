"""The process-wide Database (one DuckDB connection per process) and first-start setup."""

from __future__ import annotations

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
