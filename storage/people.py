"""Units, subjects (cadres), raters and relationships: lookups for import checks and the bulk write.

Imports are checked in ``campaign.imports`` against the lookups here, then written by
:func:`insert_import` in one all-or-nothing transaction, chunk by chunk through
:func:`storage.db.bulk_insert`.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb
import pandas as pd

from storage.db import Database, StorageError, bulk_insert

#: Import kind -> the table it writes and the columns it writes.
IMPORT_TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "unit": ("unit", ("unit_id", "name_zh", "name_en", "kind", "parent_id")),
    "subject": ("subject", ("subject_id", "name", "unit_id", "position", "level")),
    "rater": ("rater", ("rater_id", "name", "unit_id", "contact", "subject_id")),
    "relationship": ("relationship", ("campaign_id", "rater_id", "subject_id", "rater_group")),
}


def units_frame(db: Database) -> pd.DataFrame:
    """All units: ``unit_id, name_zh, name_en`` (for resolving a unit given by id or by name)."""
    return db.query_df("SELECT unit_id, name_zh, name_en FROM unit ORDER BY unit_id")


def subject_ids(db: Database) -> set[str]:
    """The ids of all subjects."""
    return set(db.query_df("SELECT subject_id FROM subject")["subject_id"])


def subjects_in_units(db: Database, unit_ids) -> set[str]:
    """The ids of the subjects whose unit is one of ``unit_ids`` (a reviewer's scope)."""
    frame = db.query_df(
        "SELECT subject_id FROM subject WHERE list_contains(?, unit_id)", [sorted(unit_ids)]
    )
    return set(frame["subject_id"])


def rater_subjects(db: Database) -> dict[str, str | None]:
    """Each rater id -> the subject id the rater is (``None`` unless the rater is a cadre)."""
    frame = db.query_df("SELECT rater_id, subject_id FROM rater")
    return {
        r: (s if isinstance(s, str) else None)
        for r, s in zip(frame["rater_id"], frame["subject_id"], strict=True)
    }


def rater_labels(db: Database, rater_ids: list[str]) -> pd.DataFrame:
    """``rater_id, name, unit_name`` of the given raters (for invitation sheets)."""
    return db.query_df(
        "SELECT r.rater_id, r.name, u.name_zh AS unit_name FROM rater r"
        " LEFT JOIN unit u ON u.unit_id = r.unit_id WHERE list_contains(?, r.rater_id)",
        [list(rater_ids)],
    )


def relationship_keys(db: Database, campaign_id: str) -> set[tuple[str, str]]:
    """The ``(rater_id, subject_id)`` pairs already related in one campaign."""
    frame = db.query_df(
        "SELECT rater_id, subject_id FROM relationship WHERE campaign_id = ?", [campaign_id]
    )
    return set(zip(frame["rater_id"], frame["subject_id"], strict=True))


def campaign_exists(db: Database, campaign_id: str) -> bool:
    """Whether a campaign with this id exists."""
    with db.read() as cur:
        row = cur.execute(
            "SELECT count(*) FROM campaign WHERE campaign_id = ?", [campaign_id]
        ).fetchone()
    return bool(row and row[0])


def insert_import(
    db: Database,
    kind: str,
    frame: pd.DataFrame,
    *,
    chunk_size: int = 500,
    on_chunk: Callable[[int, int], None] | None = None,
) -> int:
    """Write checked import rows of one kind in ONE transaction, chunk by chunk.

    Parameters
    ----------
    db : Database
    kind : {"unit", "subject", "rater", "relationship"}
    frame : DataFrame
        The rows, with (at least) the columns of ``IMPORT_TABLES[kind]``; other columns are ignored.
    chunk_size : int
        Rows per bulk insert.
    on_chunk : callable, optional
        Called after each chunk with ``(rows_written, rows_total)``, inside the transaction: if it
        raises, nothing is written.

    Returns
    -------
    int
        The number of rows written. On any error (a constraint, the callback) nothing is written
        and a :class:`StorageError` (or the callback's exception) is raised.
    """
    if kind not in IMPORT_TABLES:
        raise StorageError(f"unknown import kind {kind!r}")
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    table, columns = IMPORT_TABLES[kind]
    rows = frame.loc[:, list(columns)].astype(object).where(frame.loc[:, list(columns)].notna())
    total = len(rows)
    written = 0
    try:
        with db.transaction() as cur:
            for start in range(0, total, chunk_size):
                written += _insert_chunk(cur, table, rows.iloc[start : start + chunk_size])
                if on_chunk is not None:
                    on_chunk(written, total)
    except duckdb.Error as exc:
        # a failed statement aborts the transaction; the root cause is the first error raised
        cause = exc.__context__ if isinstance(exc, duckdb.TransactionException) else exc
        raise StorageError(f"import into {table} refused by the database: {cause or exc}") from exc
    return written


def _insert_chunk(cur: duckdb.DuckDBPyConnection, table: str, chunk: pd.DataFrame) -> int:
    return bulk_insert(cur, table, chunk.reset_index(drop=True))


def subject_labels(db: Database, subject_ids: list[str]) -> pd.DataFrame:
    """Display fields of subjects: subject_id, name, unit (zh and en names), position, level."""
    return db.query_df(
        "SELECT s.subject_id, s.name, u.name_zh AS unit_zh,"
        " coalesce(u.name_en, u.name_zh) AS unit_en, s.position, s.level"
        " FROM subject s LEFT JOIN unit u ON u.unit_id = s.unit_id"
        " WHERE list_contains(?, s.subject_id) ORDER BY s.subject_id",
        [list(subject_ids)],
    )
