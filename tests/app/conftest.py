"""AppTest from the real entry point on a throw-away database."""

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app_db(tmp_path, monkeypatch):
    """A fresh database file for the app (no demo world), caches cleared."""
    path = tmp_path / "app.duckdb"
    monkeypatch.setenv("QUANJING_DB", str(path))
    monkeypatch.setenv("QUANJING_DEMO", "0")
    st.cache_resource.clear()
    st.cache_data.clear()
    yield path
    st.cache_resource.clear()


@pytest.fixture
def app(app_db):
    """Run app.py once (zh) and return the AppTest."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = "zh"
    return at.run()
