"""First start of the app on a database it did not fill itself."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from storage.db import Database
from storage.meta import get_meta
from tests.app.conftest import ROOT


def _campaigns(path) -> int:
    db = Database(path)
    try:
        return db.query_df("SELECT count(*) AS n FROM campaign")["n"][0]
    finally:
        db.close()


def test_a_database_built_by_the_demo_command_opens_in_the_app(app_db, monkeypatch):
    """`python -m demo --db FILE` (the README's path to a large world), then the app on FILE:
    the first start takes the world that is there instead of failing to build a second one."""
    from demo.__main__ import main

    assert main(["--db", str(app_db), "--size", "tiny", "--seed", "7"]) == 0
    campaigns = _campaigns(app_db)
    monkeypatch.setenv("QUANJING_DEMO", "1")  # the default: a first start would build a world

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()

    assert not at.exception
    assert not [e.value for e in at.error]  # no error screen
    assert _campaigns(app_db) == campaigns  # the command's world, not a second one
    db = Database(app_db)
    try:
        assert get_meta(db, "initialized") == "1"  # the next start asks nothing
    finally:
        db.close()
