"""Response rates and the reminder list, on a small world whose counts are known by construction."""

from __future__ import annotations

import math

import pytest

from campaign.monitoring import (
    pending_raters,
    rates_by_group,
    rates_by_phase,
    rates_by_subject,
    rates_by_unit,
)
from tests.campaign._people_fixtures import add_assignments, add_invitations, people_db


@pytest.fixture(scope="module")
def db():
    database = people_db()
    # P1: R1 finished; R2 half done; R3 nothing; R4 revoked (left out); one meeting ballot used.
    add_invitations(
        database,
        [
            ("I1", "P1", "R1", True, False),
            ("I2", "P1", "R2", False, False),
            ("I3", "P1", "R3", False, False),
            ("I4", "P1", "R4", False, True),
            ("M1", "P1", None, True, False),
            ("I5", "P2", "R2", False, False),
        ],
    )
    add_assignments(
        database,
        [
            ("P1", "I1", "S1", "self", True),
            ("P1", "I2", "S1", "subordinate", True),
            ("P1", "I2", "S2", "peer", False),
            ("P1", "I3", "S3", "public", False),
            ("P1", "I4", "S3", "observer", False),
            ("P1", "M1", "S2", "peer", True),
            ("P2", "I5", "S1", "subordinate", False),
        ],
    )
    yield database
    database.close()


def _rows(frame, key, *cols):
    return {r[key]: tuple(r[c] for c in cols) for r in frame.to_dict("records")}


def test_rates_by_subject_count_unrevoked_assignments(db):
    frame = rates_by_subject(db, "P1")
    assert list(frame.columns) == [
        "phase_id",
        "subject_id",
        "subject_name",
        "unit_id",
        "unit_name",
        "assigned",
        "done",
        "rate",
    ]
    assert _rows(frame, "subject_id", "assigned", "done", "rate") == {
        "S1": (2, 2, 1.0),
        "S2": (2, 1, 0.5),
        "S3": (1, 0, 0.0),
    }
    assert set(frame["phase_id"]) == {"P1"}
    assert frame.loc[frame["subject_id"] == "S1", "subject_name"].item() == "张伟"


def test_rates_by_group(db):
    frame = rates_by_group(db, "P1")
    assert _rows(frame, "rater_group", "assigned", "done") == {
        "self": (1, 1),
        "subordinate": (1, 1),
        "peer": (2, 1),
        "public": (1, 0),
    }
    assert "observer" not in set(frame["rater_group"])  # only the revoked invitation had it


def test_rates_by_rater_unit_count_personal_invitations(db):
    frame = rates_by_unit(db, "P1")
    assert list(frame.columns) == [
        "phase_id",
        "unit_id",
        "unit_name",
        "invited",
        "finished",
        "rate",
    ]
    assert _rows(frame, "unit_id", "invited", "finished", "rate") == {
        "U1": (2, 1, 0.5),
        "U2": (1, 0, 0.0),
    }


def test_rates_by_subject_unit(db):
    frame = rates_by_unit(db, "P1", of="subject")
    assert _rows(frame, "unit_id", "assigned", "done") == {"U1": (4, 3), "U2": (1, 0)}
    with pytest.raises(ValueError, match="of must be"):
        rates_by_unit(db, "P1", of="group")


def test_rates_by_phase_include_phases_without_anything(db):
    frame = rates_by_phase(db, "C1")
    assert list(frame["phase_id"]) == ["P1", "P2"]
    p1, p2 = frame.to_dict("records")
    assert (p1["invited"], p1["finished"], p1["assigned"], p1["done"]) == (4, 2, 5, 3)
    assert p1["invitation_rate"] == 0.5 and p1["assignment_rate"] == 0.6
    assert (p2["invited"], p2["finished"], p2["assignment_rate"]) == (1, 0, 0.0)


def test_rate_is_nan_when_nothing_assigned():
    empty = people_db()
    add_invitations(empty, [("I9", "P2", "R1", False, False)])
    frame = rates_by_phase(empty, "C1")
    assert math.isnan(frame.loc[frame["phase_id"] == "P2", "assignment_rate"].item())
    assert rates_by_subject(empty, "P1").empty


def test_reminder_list_names_unfinished_raters_only(db):
    frame = pending_raters(db, "P1")
    assert list(frame["name"]) == ["赵敏", "钱进"]
    assert list(frame["contact"]) == ["zhao@example.cn", "13800000003"]
    assert list(frame["unit_name"]) == ["和平区发改局", "南市街道"]


def test_reminder_list_reveals_neither_subjects_nor_groups(db):
    frame = pending_raters(db, "P1")
    assert list(frame.columns) == ["rater_id", "name", "unit_id", "unit_name", "contact"]
    values = {str(v) for v in frame.to_numpy().ravel()}
    assert not values & {"S1", "S2", "S3", "张伟", "李娜", "王强", "peer", "subordinate", "public"}
