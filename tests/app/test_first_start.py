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


def test_the_early_check_looks_where_storage_opens_the_database(tmp_path, monkeypatch):
    """app.py asks, before loading storage, whether the database file exists (a first start):
    the path it looks at is the one ``storage.db`` opens."""
    from storage.db import default_db_path
    from ui.first_start import _db_path

    monkeypatch.delenv("QUANJING_DB", raising=False)
    assert _db_path() == default_db_path()
    monkeypatch.setenv("QUANJING_DB", str(tmp_path / "x.duckdb"))
    assert _db_path() == default_db_path() == tmp_path / "x.duckdb"


def test_every_step_of_the_demo_build_is_named_in_the_users_language(tmp_path):
    """The generator reports its steps in English; the progress bar names each in zh or en."""
    import demo
    from ui.first_start import stage_key
    from ui.i18n import t

    messages = []
    db = Database(tmp_path / "w.duckdb")
    try:
        demo.generate(db, size="tiny", seed=3, progress=lambda f, m: messages.append(m))
    finally:
        db.close()
    assert messages
    unnamed = [m for m in messages if stage_key(m) == "firststart.preparing"]
    assert unnamed == [], "a step the progress bar does not name"
    for m in messages:
        assert t(stage_key(m), lang="zh") != t(stage_key(m), lang="en")


def test_an_empty_database_gets_its_world_and_the_progress_goes_away(app_db, monkeypatch):
    monkeypatch.setenv("QUANJING_DEMO", "1")
    monkeypatch.setenv("QUANJING_DEMO_SIZE", "tiny")

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()

    assert not at.exception
    assert _campaigns(app_db) > 0
    assert "首次启动：正在生成演示数据" not in [s.value for s in at.subheader]
    assert at.get("progress") == []


def test_the_build_runs_on_its_own_so_a_rerun_cannot_cut_it_short(tmp_path, monkeypatch):
    """A click (the language switch, a menu link) stops a run at its next Streamlit call: the
    build used to run inside the run and stopped with it. It now has a thread of its own, one
    per database however many sessions ask, and ends without anybody watching."""
    from storage.demo import is_present
    from ui.first_start import start_build

    monkeypatch.setenv("QUANJING_DEMO", "1")
    monkeypatch.setenv("QUANJING_DEMO_SIZE", "tiny")
    db = Database(tmp_path / "b.duckdb")
    try:
        build = start_build(db, "zh_CN")
        assert start_build(db, "en") is build  # a second session watches the same build
        build.thread.join(120)
        assert build.error is None
        assert is_present(db)
        assert get_meta(db, "initialized") == "1"
        assert build.fraction == 1.0
    finally:
        db.close()


def test_streamlit_s_own_menu_is_hidden_until_the_app_s_menu_is_drawn(app_db):
    """.streamlit/config.toml hides the list of pages/ that Streamlit draws in a server's first
    run; app.py turns the option back on before its own menu, which would stay hidden too."""
    import tomllib

    import streamlit as st

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showSidebarNavigation"] is False
    st.set_option("client.showSidebarNavigation", False)  # as a fresh server starts

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()

    assert not at.exception
    assert st.get_option("client.showSidebarNavigation") is True
