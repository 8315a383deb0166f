"""Campaigns, phases, relationships, invitations and assignments.

Invitations and assignments are written here in bulk; their later state changes (done, finished,
revoked, re-issued) live in :mod:`storage.filling`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

import duckdb
import pandas as pd

from storage import ballot_box, sealing
from storage.db import Database, StorageError, bulk_insert

PHASE_SEQ = {"year_start": 1, "mid_year": 2, "year_end": 3, "single": 1}
RATER_GROUPS = frozenset({"superior", "peer", "subordinate", "self", "public", "observer"})


class CampaignError(StorageError):
    """A campaign or phase operation is not allowed in the current state."""


def new_id() -> str:
    return uuid.uuid4().hex


def create_campaign(
    db: Database,
    *,
    name: str,
    year: int,
    settings_json: str,
    campaign_id: str | None = None,
    is_demo: bool = False,
) -> str:
    """Create a campaign (not launched) and return its id."""
    campaign_id = campaign_id or new_id()
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO campaign (campaign_id, name, year, settings, launched, created_on,"
            " is_demo) VALUES (?, ?, ?, ?, FALSE, ?, ?)",
            [campaign_id, name, year, settings_json, date.today(), is_demo],
        )
    return campaign_id


def get_campaign(db: Database, campaign_id: str) -> dict:
    with db.read() as cur:
        row = cur.execute(
            "SELECT campaign_id, name, year, settings, launched, created_on, is_demo"
            " FROM campaign WHERE campaign_id = ?",
            [campaign_id],
        ).fetchone()
    if row is None:
        raise CampaignError(f"no campaign {campaign_id!r}")
    keys = ("campaign_id", "name", "year", "settings", "launched", "created_on", "is_demo")
    return dict(zip(keys, row, strict=True))


def list_campaigns(db: Database) -> pd.DataFrame:
    """Every campaign, those with an open phase first (where invitations, meetings and
    monitoring happen), then by year, newest first, and name; ``has_open`` says which."""
    return db.query_df(
        "SELECT c.campaign_id, c.name, c.year, c.launched, c.created_on, c.is_demo,"
        " EXISTS (SELECT 1 FROM phase p WHERE p.campaign_id = c.campaign_id"
        " AND p.status = 'open') AS has_open"
        " FROM campaign c ORDER BY has_open DESC, c.year DESC, c.name"
    )


def _settings_locked(cur: duckdb.DuckDBPyConnection, campaign_id: str) -> tuple[str, bool]:
    row = cur.execute(
        "SELECT c.settings, c.launched OR EXISTS (SELECT 1 FROM ballot b JOIN phase p"
        " ON p.phase_id = b.phase_id WHERE p.campaign_id = c.campaign_id)"
        " FROM campaign c WHERE c.campaign_id = ?",
        [campaign_id],
    ).fetchone()
    if row is None:
        raise CampaignError(f"no campaign {campaign_id!r}")
    return row[0], bool(row[1])


def update_settings(
    db: Database, campaign_id: str, settings_json: str, *, guard: Callable[[str, str], None]
) -> None:
    """Replace the settings JSON. Once launched (or once a ballot exists) ``guard(old, new)`` must
    accept the change (it raises to refuse); the check and the write are one transaction."""
    with db.transaction() as cur:
        old, locked = _settings_locked(cur, campaign_id)
        if locked:
            guard(old, settings_json)
        cur.execute(
            "UPDATE campaign SET settings = ? WHERE campaign_id = ?", [settings_json, campaign_id]
        )


def launch_campaign(db: Database, campaign_id: str) -> None:
    """Fix the anonymity thresholds: from now on they can only be raised."""
    with db.transaction() as cur:
        _launch(cur, campaign_id)


def _launch(cur: duckdb.DuckDBPyConnection, campaign_id: str) -> None:
    n = cur.execute(
        "UPDATE campaign SET launched = TRUE WHERE campaign_id = ?", [campaign_id]
    ).fetchone()[0]
    if n != 1:
        raise CampaignError(f"no campaign {campaign_id!r}")


def add_phase(
    db: Database,
    *,
    campaign_id: str,
    kind: str,
    definition_id: str,
    definition_version: int,
    opens_on: date | None = None,
    closes_on: date | None = None,
    phase_id: str | None = None,
) -> str:
    """Add a phase using a *published* definition version; return its id (status draft)."""
    if kind not in PHASE_SEQ:
        raise CampaignError(f"phase kind must be one of {sorted(PHASE_SEQ)}, not {kind!r}")
    phase_id = phase_id or new_id()
    with db.transaction() as cur:
        _check_new_phase(cur, campaign_id, kind, definition_id, definition_version)
        cur.execute(
            "INSERT INTO phase (phase_id, campaign_id, kind, seq, definition_id,"
            " definition_version, status, opens_on, closes_on)"
            " VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, ?)",
            [
                phase_id,
                campaign_id,
                kind,
                PHASE_SEQ[kind],
                definition_id,
                definition_version,
                opens_on,
                closes_on,
            ],
        )
    return phase_id


def _check_new_phase(
    cur: duckdb.DuckDBPyConnection, campaign_id: str, kind: str, definition_id: str, version: int
) -> None:
    status = cur.execute(
        "SELECT status FROM survey_definition WHERE definition_id = ? AND version = ?",
        [definition_id, version],
    ).fetchone()
    if status is None or status[0] != "published":
        raise CampaignError(
            f"a phase needs a published definition; {definition_id!r} version"
            f" {version} is {'missing' if status is None else status[0]}"
        )
    rows = cur.execute("SELECT kind FROM phase WHERE campaign_id = ?", [campaign_id]).fetchall()
    kinds = {r[0] for r in rows}
    if kind in kinds or (kinds and (kind == "single" or "single" in kinds)):
        raise CampaignError(
            f"campaign already has phases {sorted(kinds)}; cannot add {kind!r}"
            " (a single round stands alone, each of the three phases appears once)"
        )


def get_phase(db: Database, phase_id: str) -> dict:
    frame = db.query_df("SELECT * FROM phase WHERE phase_id = ?", [phase_id])
    if frame.empty:
        raise CampaignError(f"no phase {phase_id!r}")
    return frame.iloc[0].to_dict()


def list_phases(db: Database, campaign_id: str) -> pd.DataFrame:
    return db.query_df("SELECT * FROM phase WHERE campaign_id = ? ORDER BY seq", [campaign_id])


_TRANSITIONS = {"open": ("draft",), "closed": ("open",)}


def set_phase_status(db: Database, phase_id: str, status: str) -> int:
    """Open a draft phase (this launches the campaign, so the thresholds are fixed before the
    first ballot can exist). Closing goes through :func:`close_phase`; a closed phase is never
    reopened, so no second view of it can be subtracted from the first."""
    allowed = _TRANSITIONS.get(status)
    if allowed is None:
        raise CampaignError(f"a phase can be set to open or closed, not {status!r}")
    with db.transaction() as cur:
        row = cur.execute(
            "SELECT status, campaign_id FROM phase WHERE phase_id = ?", [phase_id]
        ).fetchone()
        if row is None:
            raise CampaignError(f"no phase {phase_id!r}")
        if row[0] not in allowed:
            raise CampaignError(f"phase {phase_id!r} is {row[0]}; cannot set it {status}")
        if status == "closed":
            return sealing.seal(cur, phase_id)
        _launch(cur, row[1])
        cur.execute("UPDATE phase SET status = ? WHERE phase_id = ?", [status, phase_id])
        return 0


def open_phase(db: Database, phase_id: str) -> None:
    set_phase_status(db, phase_id, "open")


def close_phase(db: Database, phase_id: str) -> int:
    """Close and seal a phase (``storage.sealing``), then rewrite the database into a fresh
    file, so no byte of the open phase's order or register survives; returns the ballots."""
    n = set_phase_status(db, phase_id, "closed")
    db.compact()
    return n


def insert_relationships(db: Database, campaign_id: str, frame: pd.DataFrame) -> int:
    """Insert who rates whom (columns rater_id, subject_id, rater_group); return the count."""
    bad = set(frame["rater_group"]) - RATER_GROUPS
    if bad:
        raise CampaignError(f"unknown rater groups {sorted(bad)}")
    rows = frame[["rater_id", "subject_id", "rater_group"]].assign(campaign_id=campaign_id)
    with db.transaction() as cur:
        return bulk_insert(cur, "relationship", rows)


def relationships(db: Database, campaign_id: str) -> pd.DataFrame:
    return db.query_df(
        "SELECT rater_id, subject_id, rater_group FROM relationship WHERE campaign_id = ?"
        " ORDER BY rater_id, subject_id",
        [campaign_id],
    )


def refuse_closed(cur: duckdb.DuckDBPyConnection, phase_ids) -> None:
    """A sealed phase takes no invitation, token or ballot: late ballots go to a new phase."""
    closed = cur.execute(
        "SELECT phase_id FROM phase WHERE status = 'closed' AND list_contains(?, phase_id)",
        [sorted({str(p) for p in phase_ids})],
    ).fetchall()
    if closed:
        raise CampaignError(
            f"phase {closed[0][0]!r} is closed and sealed: it takes no new invitation or ballot;"
            " open a new phase for late raters"
        )


def insert_invitations(cur: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> int:
    """Insert invitations (invitation_id, phase_id, rater_id, kind, token_hash, expires_at,
    optional meeting_id) inside the caller's transaction; never into a closed phase."""
    refuse_closed(cur, frame["phase_id"].unique())
    return bulk_insert(cur, "invitation", frame.assign(created_on=date.today()))


def insert_assignments(cur: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> int:
    """Insert assignments (phase_id, invitation_id, subject_id, rater_group) with random ids."""
    rows = frame[["phase_id", "invitation_id", "subject_id", "rater_group"]].copy()
    rows.insert(0, "assignment_id", [new_id() for _ in range(len(rows))])
    n = bulk_insert(cur, "assignment", rows)
    for phase_id in rows["phase_id"].unique():
        ballot_box.reserve(cur, str(phase_id))
    return n


def phase_invitees(cur: duckdb.DuckDBPyConnection, phase_id: str) -> set[str]:
    """Raters who already hold a personal invitation for the phase."""
    rows = cur.execute(
        "SELECT rater_id FROM invitation WHERE phase_id = ? AND kind = 'personal'", [phase_id]
    ).fetchall()
    return {r[0] for r in rows}


def phase_relationships(cur: duckdb.DuckDBPyConnection, phase_id: str) -> pd.DataFrame:
    """The campaign's relationships for a phase: rater_id, subject_id, rater_group."""
    return cur.execute(
        "SELECT r.rater_id, r.subject_id, r.rater_group FROM relationship r"
        " JOIN phase p ON p.campaign_id = r.campaign_id WHERE p.phase_id = ?"
        " ORDER BY r.rater_id, r.subject_id",
        [phase_id],
    ).df()
