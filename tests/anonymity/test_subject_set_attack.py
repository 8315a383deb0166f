"""The subject-set attack (audit finding 1) on ballots submitted through the real respondent path.

A 360 with individual relationship sheets (each rater's set of colleagues is a fingerprint) and a
民主测评 slate (six raters grade the same four cadres) in one phase. Raters submit all at once,
one subject at a time, or stop half way. The attacker reads the database file alone.
"""

from __future__ import annotations

import random

import pandas as pd
import pytest

from campaign import respondent
from storage import campaigns
from storage.db import Database
from tests.anonymity._load import launch
from tests.anonymity.attack import attack_file, tied_outside_groups_of_one
from tests.campaign.conftest import make_answers

PEERS = [f"s{i:02d}" for i in range(10)]
SLATE = ["h1", "h2", "h3", "h4"]


def _sheet(rng: random.Random) -> list[tuple[str, str, str]]:
    rows = []
    for r in range(24):  # individual 360 sheets: 2-4 peers each
        others = [s for s in PEERS if r >= len(PEERS) or s != PEERS[r]]
        for s in rng.sample(others, rng.randint(2, 4)):
            rows.append((f"r{r:02d}", s, "peer"))
    for r in range(6):  # the slate: everyone grades the same four heads
        rows.extend((f"m{r}", s, "subordinate") for s in SLATE)
    rows.extend((f"r{r:02d}", PEERS[r], "self") for r in range(10))
    return rows


@pytest.fixture
def hall(tmp_path):
    db = Database(tmp_path / "q.duckdb")
    rng = random.Random(7)
    sheet = pd.DataFrame(_sheet(rng), columns=["rater_id", "subject_id", "rater_group"])
    key, _, pid, issued = launch(db, sheet)
    token_of = {i.rater_id: i.token for i in issued}
    for rater, rows in sheet.groupby("rater_id"):
        subjects = sorted(rows["subject_id"])
        style = "all" if rater.startswith("m") else rng.choice(["all", "one_by_one", "half"])
        batches = {"all": [subjects], "one_by_one": [[s] for s in subjects]}.get(
            style, [subjects[: max(1, len(subjects) // 2)]]
        )
        for batch in batches:
            respondent.submit(db, key, token_of[rater], batch, make_answers(batch, comment="意见"))
    yield db, pid
    db.close()


def test_open_phase_file_ties_only_cells_with_a_single_submitter_so_far(hall, capsys):
    """While the phase is open the register says who has done whom (reminders, exactly-once):
    a ballot in a cell where only one rater has submitted so far is tied. That is the open
    phase's known exposure (docs/ANONYMITY.md); what the attack must not find is a *set*
    match: a multi-subject ballot tied by its subject set."""
    db, _ = hall
    db.checkpoint()
    result = attack_file(_copy(db))
    tied = result[result["tied"].notna()]
    assert (tied["subjects"].map(len) == 1).all()
    multi = result[result["subjects"].map(len) > 1]
    assert len(multi) > 0 and (multi["n_candidates"] >= 3).all()
    with capsys.disabled():
        print(
            f"\nopen phase, file alone: {len(tied)} of {len(result)} ballots sit in a cell with"
            " a single submitter so far"
        )


def test_sealed_file_ties_no_ballot_beyond_groups_of_one(hall):
    db, pid = hall
    campaigns.close_phase(db, pid)
    path = _copy(db)
    result = attack_file(path)
    assert len(result) > 60
    assert tied_outside_groups_of_one(result, path).empty
    slate = result[result["subjects"].map(len) > 1]
    assert len(slate) >= 3  # the shared slate stays one ballot (halo, leniency checks)
    assert set(slate["rater_group"]) == {"subordinate"}
    assert (slate["n_candidates"] == 6).all()
    singles = result[(result["subjects"].map(len) == 1) & (result["rater_group"] == "peer")]
    assert (singles["n_candidates"] >= 2).all()


def _copy(db: Database) -> str:
    """A copy of the file as an administrator would take it (the open database keeps running)."""
    import shutil
    from pathlib import Path

    db.checkpoint()
    target = Path(db.path).with_name("copy.duckdb")
    shutil.copyfile(db.path, target)
    wal = Path(db.path + ".wal")
    if wal.exists():
        shutil.copyfile(wal, str(target) + ".wal")
    return str(target)
