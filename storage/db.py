"""The DuckDB connection, numbered migrations, transactions and the bulk insert path."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_MIGRATION_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")
ENV_DB_PATH = "QUANJING_DB"


class StorageError(RuntimeError):
    """A storage operation failed in a way the caller should report (nothing was written)."""


def default_db_path() -> Path:
    """The database file: ``$QUANJING_DB`` or ``data/quanjing.duckdb`` under the project."""
    env = os.environ.get(ENV_DB_PATH)
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "data" / "quanjing.duckdb"


def _migrations() -> list[tuple[int, str, str]]:
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise StorageError(f"{path}: migration file names must look like 001_name.sql")
        found.append((int(match.group(1)), match.group(2), path.read_text(encoding="utf-8")))
    numbers = [n for n, _, _ in found]
    if numbers != list(range(1, len(numbers) + 1)):
        raise StorageError(f"migrations must be numbered 1..N without gaps, found {numbers}")
    return found


class Database:
    """One embedded DuckDB database: a single connection per process, a cursor per unit of work.

    Parameters
    ----------
    path : str or Path
        The database file, created if missing; ``":memory:"`` for a throw-away database.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._con = duckdb.connect(self.path)
        self._migrate_lock = threading.Lock()
        self.migrate()

    # -- units of work -------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor inside one transaction: committed on success, rolled back on any error."""
        cur = self._con.cursor()
        try:
            cur.begin()
            try:
                yield cur
            except BaseException:
                cur.rollback()
                raise
            cur.commit()
        finally:
            cur.close()

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor for reads (auto-commit; each statement sees a consistent snapshot)."""
        cur = self._con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def query_df(self, sql: str, params: list | tuple | dict | None = None) -> pd.DataFrame:
        """Run one read query with bound parameters and return a DataFrame."""
        with self.read() as cur:
            return cur.execute(sql, params or []).df()

    def close(self) -> None:
        self._con.close()

    # -- schema ---------------------------------------------------------------------------------
    def migrate(self) -> list[int]:
        """Apply the numbered migrations not yet applied, each in its own transaction."""
        with self._migrate_lock:
            with self.transaction() as cur:
                cur.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migration ("
                    " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_on DATE NOT NULL)"
                )
                rows = cur.execute("SELECT version FROM schema_migration").fetchall()
                done = {row[0] for row in rows}
            applied = []
            for number, name, sql in _migrations():
                if number in done:
                    continue
                with self.transaction() as cur:
                    cur.execute(sql)
                    cur.execute(
                        "INSERT INTO schema_migration VALUES (?, ?, ?)",
                        [number, name, date.today()],
                    )
                applied.append(number)
            return applied

    def schema_version(self) -> int:
        with self.read() as cur:
            row = cur.execute("SELECT coalesce(max(version), 0) FROM schema_migration").fetchone()
            return row[0]

    def tables(self) -> set[str]:
        with self.read() as cur:
            rows = cur.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        return {r[0] for r in rows}


def bulk_insert(cur: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> int:
    """Insert a DataFrame into ``table`` by column name, inside the caller's transaction.

    The table name must be one of the schema's tables (it cannot come from user input); the
    columns of ``frame`` must be columns of the table. Returns the number of rows inserted.
    """
    known = {
        r[0]
        for r in cur.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
    }
    if table not in known:
        raise StorageError(f"bulk_insert: unknown table {table!r}")
    if frame.empty:
        return 0
    view = f"_bulk_{threading.get_ident()}"
    cur.register(view, frame)
    try:
        # Both identifiers are checked above / generated here; values travel as a registered frame.
        cur.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM "{view}"')  # noqa: S608
    finally:
        cur.unregister(view)
    return len(frame)
