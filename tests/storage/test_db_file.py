"""One Database per file per process, so the file rewrite (compact) reaches every user of it."""

from __future__ import annotations

from storage.db import Database


def test_opening_a_file_twice_shares_one_database_until_the_last_close(tmp_path):
    first = Database(tmp_path / "q.duckdb")
    second = Database(str(tmp_path / "." / "q.duckdb"))
    assert second is first
    with first.transaction() as cur:
        cur.execute("INSERT INTO app_meta VALUES ('k', 'before')")
    second.compact()  # swaps the file under both names
    with first.transaction() as cur:
        cur.execute("UPDATE app_meta SET value = 'after' WHERE key = 'k'")
    second.close()
    assert first.query_df("SELECT value FROM app_meta WHERE key = 'k'")["value"][0] == "after"
    first.close()
    reopened = Database(tmp_path / "q.duckdb")  # what was written after the swap is in the file
    assert reopened is not first
    assert reopened.query_df("SELECT value FROM app_meta WHERE key = 'k'")["value"][0] == "after"
    reopened.close()
