"""The DuckDB connection, numbered migrations, transactions and the bulk insert path."""

from __future__ import annotations

import importlib
import os
import re
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_MIGRATION_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")
ENV_DB_PATH = "QUANJING_DB"
# Data steps run in the same transaction as their migration's SQL ("module:function", taking the
# cursor and returning True when the file must then be rewritten, see Database.compact).
_DATA_STEPS = {3: "storage.upgrade:to_v3"}
# The WAL holds the last submissions in commit order until a checkpoint: keep it short
# (docs/ANONYMITY.md, "While a phase is open").
WAL_AUTOCHECKPOINT = "256KB"


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


class _Gate:
    """Many units of work at once, or one exclusive operation (the file rewrite) alone."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._active = 0
        self._exclusive = False

    @contextmanager
    def shared(self) -> Iterator[None]:
        with self._cond:
            while self._exclusive:
                self._cond.wait()
            self._active += 1
        try:
            yield
        finally:
            with self._cond:
                self._active -= 1
                self._cond.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._cond:
            while self._exclusive:
                self._cond.wait()
            self._exclusive = True
            while self._active:
                self._cond.wait()
        try:
            yield
        finally:
            with self._cond:
                self._exclusive = False
                self._cond.notify_all()


_OPEN: dict[str, Database] = {}
_OPEN_LOCK = threading.Lock()


def _file_key(path: str) -> str:
    return path if path == ":memory:" else os.path.realpath(path)


class Database:
    """One embedded DuckDB database: a single connection per process, a cursor per unit of work.

    Opening the same file twice in one process gives the same object (each ``close`` undoes one
    open): DuckDB shares one instance per file anyway, and :meth:`compact` can swap the file
    only for every user of it at once.

    Parameters
    ----------
    path : str or Path
        The database file, created if missing; ``":memory:"`` for a throw-away database.
    """

    def __new__(cls, path: str | Path) -> Database:
        key = _file_key(str(path))
        with _OPEN_LOCK:
            shared = _OPEN.get(key) if key != ":memory:" else None
            if shared is not None:
                shared._holders += 1
                return shared
            return super().__new__(cls)

    def __init__(self, path: str | Path) -> None:
        if getattr(self, "_holders", 0):
            return  # an open database handed out again by __new__
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._gate = _Gate()
        self._con = self._connect()
        self._migrate_lock = threading.Lock()
        self.migrate()
        self._holders = 1
        if self.path != ":memory:":
            with _OPEN_LOCK:
                _OPEN[_file_key(self.path)] = self

    def _connect(self) -> duckdb.DuckDBPyConnection:
        if self.path != ":memory:":
            stale = Path(self.path + ".compact")
            for leftover in (stale, Path(str(stale) + ".wal")):
                leftover.unlink(missing_ok=True)
        con = duckdb.connect(self.path)
        con.execute(f"SET wal_autocheckpoint = '{WAL_AUTOCHECKPOINT}'")
        return con

    # -- units of work -------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor inside one transaction: committed on success, rolled back on any error."""
        with self._gate.shared():
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
        with self._gate.shared():
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
        with _OPEN_LOCK:
            self._holders -= 1
            if self._holders > 0:
                return
            if _OPEN.get(_file_key(self.path)) is self:
                del _OPEN[_file_key(self.path)]
        self._con.close()

    def checkpoint(self) -> bool:
        """Write the WAL into the file now; True if done. Waits for the running units of work
        (DuckDB refuses a checkpoint beside an open write transaction, and under steady load a
        best-effort one almost never succeeds) and holds new ones back meanwhile. Never call it
        inside ``transaction()`` or ``read()``."""
        with self._gate.exclusive():
            try:
                self._con.execute("CHECKPOINT")
            except duckdb.Error:
                return False
        return True

    def compact(self) -> None:
        """Rewrite the database into a fresh file and swap it in: no freed block, old row order
        or WAL of the old file survives in the new one. Waits for the running units of work and
        holds new ones back meanwhile."""
        if self.path == ":memory:":
            return
        fresh = Path(self.path + ".compact")
        with self._gate.exclusive():
            self._con.execute("CHECKPOINT")
            name = self._con.execute("SELECT current_database()").fetchone()[0]
            self._con.execute(f"ATTACH '{_quoted(fresh)}' AS quanjing_fresh")
            marker = uuid.uuid4().hex
            try:
                self._con.execute(f'COPY FROM DATABASE "{name}" TO quanjing_fresh')
                self._con.execute(
                    "INSERT OR REPLACE INTO quanjing_fresh.app_meta VALUES ('file_copy', ?)",
                    [marker],
                )
            finally:
                self._con.execute("DETACH quanjing_fresh")
            self._con.close()
            _fsync(fresh)
            os.replace(fresh, self.path)
            Path(self.path + ".wal").unlink(missing_ok=True)
            _fsync(Path(self.path).parent)
            self._con = self._connect()
            self._check_fresh(marker)

    def _check_fresh(self, marker: str) -> None:
        """DuckDB shares one instance per file within a process: if another connection kept the
        old file open, reconnecting lands on the old, unlinked file and every later write would
        be lost. Say so loudly instead."""
        row = self._con.execute("SELECT value FROM app_meta WHERE key = 'file_copy'").fetchone()
        if row is None or row[0] != marker:
            raise StorageError(
                f"{self.path}: another connection in this process still holds the database, so"
                " the rewritten file cannot be opened; close it and open the database again"
            )

    # -- schema ---------------------------------------------------------------------------------
    def migrate(self) -> list[int]:
        """Apply the numbered migrations not yet applied, each in its own transaction."""
        applied = self.migrate_and_report()
        if applied.rewrite:
            self.compact()
        return list(applied)

    def migrate_and_report(self) -> _Applied:
        """Apply the migrations (each with its data step, one transaction each); the result
        lists them and says whether a data step needs the file rewritten."""
        with self._migrate_lock:
            with self.transaction() as cur:
                cur.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migration ("
                    " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_on DATE NOT NULL)"
                )
                rows = cur.execute("SELECT version FROM schema_migration").fetchall()
                done = {row[0] for row in rows}
            applied = _Applied()
            for number, name, sql in _migrations():
                if number in done:
                    continue
                with self.transaction() as cur:
                    cur.execute(sql)
                    if number in _DATA_STEPS:
                        applied.rewrite |= bool(_data_step(number)(cur))
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


class _Applied(list):
    rewrite = False


def _data_step(number: int):
    module, func = _DATA_STEPS[number].split(":")
    return getattr(importlib.import_module(module), func)


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
