"""Migrations apply once on a fresh file and survive a reopen."""

from __future__ import annotations

from storage.db import Database


def test_fresh_file_gets_every_migration(tmp_path):
    db = Database(tmp_path / "m.duckdb")
    assert db.schema_version() >= 2
    assert {"ballot", "answer", "invitation", "draft"} <= db.tables()
    columns = set(db.query_df("SELECT * FROM invitation LIMIT 0").columns)
    assert "meeting_id" in columns
    db.close()


def test_reopen_applies_nothing_again(tmp_path):
    path = tmp_path / "m.duckdb"
    Database(path).close()
    db = Database(path)
    assert db.migrate() == []
    n = db.query_df("SELECT count(*) AS n FROM schema_migration")["n"][0]
    assert n == db.schema_version()
    db.close()
