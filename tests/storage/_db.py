"""A throw-away database on a real DuckDB file, for the storage tests' ``db`` fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from storage.db import Database


def fresh_db(tmp_path: Path) -> Iterator[Database]:
    database = Database(tmp_path / "s.duckdb")
    yield database
    database.close()
