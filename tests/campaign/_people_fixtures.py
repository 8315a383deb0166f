"""Small worlds for the import, paper and monitoring tests, written through storage's bulk path.

Not a conftest: the tests import what they need from here.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd

from storage.db import Database, bulk_insert

DATA = Path(__file__).with_name("data")

UNITS = pd.DataFrame(
    {
        "unit_id": ["U1", "U2", "U3"],
        "name_zh": ["和平区发改局", "南市街道", "劝业场社区"],
        "name_en": ["Development Bureau", "Nanshi Street", None],
        "kind": ["bureau", "street", "community"],
        "parent_id": [None, None, "U2"],
    }
)
SUBJECTS = pd.DataFrame(
    {
        "subject_id": ["S1", "S2", "S3"],
        "name": ["张伟", "李娜", "王强"],
        "unit_id": ["U1", "U1", "U2"],
        "position": ["局长", "副局长", "街道主任"],
        "level": ["正处", "副处", "正处"],
    }
)
RATERS = pd.DataFrame(
    {
        "rater_id": ["R1", "R2", "R3", "R4"],
        "name": ["张伟", "赵敏", "钱进", "孙丽"],
        "unit_id": ["U1", "U1", "U2", None],
        "contact": ["13800000001", "zhao@example.cn", "13800000003", None],
        "subject_id": ["S1", None, None, None],
    }
)


def people_db() -> Database:
    """A throw-away database with three units, three subjects, four raters and campaign C1."""
    db = Database(":memory:")
    with db.transaction() as cur:
        bulk_insert(cur, "unit", UNITS)
        bulk_insert(cur, "subject", SUBJECTS)
        bulk_insert(cur, "rater", RATERS)
        bulk_insert(
            cur,
            "campaign",
            pd.DataFrame(
                {
                    "campaign_id": ["C1"],
                    "name": ["2024 年度考评"],
                    "year": [2024],
                    "settings": ["{}"],
                    "created_on": [date(2024, 1, 5)],
                }
            ),
        )
        bulk_insert(
            cur,
            "phase",
            pd.DataFrame(
                {
                    "phase_id": ["P1", "P2"],
                    "campaign_id": ["C1", "C1"],
                    "kind": ["year_start", "year_end"],
                    "seq": [1, 3],
                    "definition_id": ["minzhu", "minzhu"],
                    "definition_version": [1, 1],
                    "status": ["open", "draft"],
                }
            ),
        )
    return db


def add_invitations(db: Database, rows: list[tuple[str, str, str | None, bool, bool]]) -> None:
    """Invitations as (invitation_id, phase_id, rater_id, finished, revoked)."""
    frame = pd.DataFrame(
        rows, columns=["invitation_id", "phase_id", "rater_id", "finished", "revoked"]
    )
    frame["kind"] = ["personal" if r else "meeting" for r in frame["rater_id"]]
    frame["token_hash"] = "h-" + frame["invitation_id"]
    frame["expires_at"] = datetime(2024, 12, 31, 23, 59)
    frame["created_on"] = date(2024, 1, 6)
    with db.transaction() as cur:
        bulk_insert(cur, "invitation", frame)


def add_assignments(db: Database, rows: list[tuple[str, str, str, str, bool]]) -> None:
    """Assignments as (phase_id, invitation_id, subject_id, rater_group, done)."""
    frame = pd.DataFrame(
        rows, columns=["phase_id", "invitation_id", "subject_id", "rater_group", "done"]
    )
    frame.insert(0, "assignment_id", [f"A{i}" for i in range(len(frame))])
    with db.transaction() as cur:
        bulk_insert(cur, "assignment", frame)
