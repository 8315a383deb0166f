"""AppTest from the real entry point on a throw-away database."""

import json
import time
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


ALL_ROLES = (("admin", ""), ("organizer", ""), ("reviewer", ""))


def add_account(db_path, account_id: str, roles=ALL_ROLES, *, password: str | None = None) -> None:
    """An account in the app's database (a cheap hash unless a password is given)."""
    from security.passwords import hash_password
    from storage.accounts import create_account
    from storage.db import Database

    db = Database(db_path)
    try:
        digest = hash_password(password) if password else None
        create_account(db, account_id, display_name=account_id, password_hash=digest, roles=roles)
    finally:
        db.close()


def signed_in(at: AppTest, account_id: str) -> AppTest:
    """Make ``at``'s session signed in as ``account_id`` (what the sign-in page stores)."""
    now = time.time()
    at.session_state["auth"] = {"account": account_id, "since": now, "seen": now,
                                "method": "password"}  # fmt: skip
    return at


def new_session(lang: str = "zh") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    return at


@pytest.fixture
def app(app_db):
    """Run app.py once (zh), signed in as an account holding every role; return the AppTest."""
    add_account(app_db, "tester")
    return signed_in(new_session(), "tester").run()


@pytest.fixture
def visitor(app_db):
    """Run app.py once (zh) in a session nobody signed in to."""
    return new_session().run()


def missing_cells(at: AppTest) -> list[str]:
    """The columns of the page's tables holding a missing value, which a table draws as a raw
    "None" (#12): a page says "—" and, in the column's help, why."""
    found = []
    for table in [*at.dataframe, *at.table]:
        frame = table.value
        if hasattr(frame, "isna"):
            found += [f"{table.key or '?'}: {c}" for c in frame.columns[frame.isna().any()]]
    return found


def invalid_charts(at: AppTest) -> list[str]:
    """The charts of the page whose Vega-Lite spec breaks the schema, with the first problem.
    Pages draw charts unchecked (ui/chart_draw.py: the check cost a fifth of a Results run), so
    the check is here, on every chart the page actually sends."""
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema.core import load_schema

    schema, found = load_schema(), []
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        errors = validate_jsonschema(spec, schema, raise_error=False)
        if errors:
            found.append(f"{chart.proto.id or '?'}: {str(errors)[:200]}")
    return found
