"""Paper double entry in SQL: clerk entries (staging) and the per-sheet outcome.

``paper_entry`` holds what clerk A and clerk B keyed for a sheet, answers as JSON, until the sheet
is counted or voided; then the sheet's entries are deleted in the same transaction, so that no row
links a sheet number to its answers once the ballot exists. ``paper_sheet`` keeps one row per
sheet number and phase (``counted`` or ``void``); its primary key makes a sheet count only once.
"""

from __future__ import annotations

import uuid
from datetime import date

import duckdb
import pandas as pd

from storage.db import Database, StorageError


class PaperError(StorageError):
    """A paper sheet cannot be entered, counted or voided as asked; nothing was written."""


def phase_definition(cur: duckdb.DuckDBPyConnection, phase_id: str) -> tuple[str, int]:
    """The ``(definition_id, definition_version)`` of a phase."""
    row = cur.execute(
        "SELECT definition_id, definition_version FROM phase WHERE phase_id = ?", [phase_id]
    ).fetchone()
    if row is None:
        raise PaperError(f"no phase {phase_id!r}")
    return row[0], int(row[1])


def sheet_status(cur: duckdb.DuckDBPyConnection, phase_id: str, sheet_no: str) -> str | None:
    """``"counted"``, ``"void"`` or ``None`` (still open)."""
    row = cur.execute(
        "SELECT status FROM paper_sheet WHERE phase_id = ? AND sheet_no = ?", [phase_id, sheet_no]
    ).fetchone()
    return row[0] if row else None


def save_entry(
    db: Database,
    *,
    phase_id: str,
    sheet_no: str,
    clerk: str,
    rater_group: str,
    answers_json: str,
    entered_on: date,
) -> str:
    """Store (or replace) one clerk's entry of an open sheet; return the entry id."""
    entry_id = uuid.uuid4().hex
    with db.transaction() as cur:
        phase_definition(cur, phase_id)
        status = sheet_status(cur, phase_id, sheet_no)
        if status is not None:
            raise PaperError(f"sheet {sheet_no} is already {status}")
        cur.execute(
            "DELETE FROM paper_entry WHERE phase_id = ? AND sheet_no = ? AND clerk = ?",
            [phase_id, sheet_no, clerk],
        )
        cur.execute(
            "INSERT INTO paper_entry (entry_id, phase_id, sheet_no, clerk, rater_group, answers,"
            " entered_on) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [entry_id, phase_id, sheet_no, clerk, rater_group, answers_json, entered_on],
        )
    return entry_id


def open_entries(db: Database, phase_id: str) -> pd.DataFrame:
    """``sheet_no, clerk, rater_group, answers`` of every entry of a sheet not yet closed."""
    return db.query_df(
        "SELECT sheet_no, clerk, rater_group, answers FROM paper_entry WHERE phase_id = ?"
        " ORDER BY sheet_no, clerk",
        [phase_id],
    )


def sheet_entries(
    cur: duckdb.DuckDBPyConnection, phase_id: str, sheet_no: str
) -> dict[str, tuple[str, str]]:
    """Clerk -> ``(rater_group, answers_json)`` for one sheet."""
    rows = cur.execute(
        "SELECT clerk, rater_group, answers FROM paper_entry WHERE phase_id = ? AND sheet_no = ?",
        [phase_id, sheet_no],
    ).fetchall()
    return {clerk: (group, answers) for clerk, group, answers in rows}


def close_sheet(cur: duckdb.DuckDBPyConnection, phase_id: str, sheet_no: str, status: str) -> None:
    """Mark a sheet counted or void and delete its staging entries (inside the caller's unit)."""
    if status not in ("counted", "void"):
        raise PaperError(f"sheet status must be 'counted' or 'void', not {status!r}")
    try:
        cur.execute(
            "INSERT INTO paper_sheet (phase_id, sheet_no, status) VALUES (?, ?, ?)",
            [phase_id, sheet_no, status],
        )
    except duckdb.ConstraintException as exc:
        raise PaperError(f"sheet {sheet_no} was already counted or voided") from exc
    cur.execute("DELETE FROM paper_entry WHERE phase_id = ? AND sheet_no = ?", [phase_id, sheet_no])


def sheets(db: Database, phase_id: str) -> pd.DataFrame:
    """``sheet_no, status`` of every counted or voided sheet of a phase."""
    return db.query_df(
        "SELECT sheet_no, status FROM paper_sheet WHERE phase_id = ? ORDER BY sheet_no",
        [phase_id],
    )
