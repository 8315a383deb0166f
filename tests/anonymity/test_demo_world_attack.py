"""The audit's attack, again, on the default demo world (`python -m demo --size default --seed 7`):
the old design tied 4,049 of 6,425 ballots to named raters from the database file alone."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

import demo
from campaign import tokens
from storage.db import Database
from tests.anonymity.attack import attack_file, tied_outside_groups_of_one


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "w.duckdb"
    db = Database(path)
    demo.generate(db, size="default", seed=7, locale="zh_CN")
    codes = demo.try_tokens(db, 7)
    key = tokens.load_server_key(db.path)
    db.close()
    return str(path), key, codes


def test_file_alone_ties_no_sealed_ballot_and_no_subject_set(world, capsys):
    path, _, _ = world
    result = attack_file(path)
    sealed = result[result["sealed"]]
    assert len(sealed) > 3000
    assert tied_outside_groups_of_one(sealed, path).empty
    multi = result[result["subjects"].map(len) > 1]
    assert len(multi) > 100  # 民主测评 slates stay whole for the rater-level checks
    assert (multi["n_candidates"] >= 3).all()
    boxed = result[~result["sealed"]]
    tied_open = boxed["tied"].notna()
    by_sheet = sealed[sealed["tied"].notna()]["rater_group"].value_counts().to_dict()
    open_by_group = boxed[tied_open]["rater_group"].value_counts().to_dict()
    with capsys.disabled():
        print(
            f"\ndemo world (default, seed 7): {len(sealed)} sealed ballots, none tied beyond"
            f" groups of one, named by the sheet: {sum(by_sheet.values())} {by_sheet};"
            f" {len(boxed)} ballots in open boxes, {int(tied_open.sum())} in a cell with a"
            f" single submitter so far {open_by_group}"
        )


def test_key_and_every_code_find_nothing_beside_a_ballot(world):
    """Every value the code derives from a token with the key, searched for in every ballot,
    answer and box payload and in the sealed phases' register."""
    path, key, codes = world
    assert codes  # the demo's real codes: its other invitations never had one
    groups = ("superior", "peer", "subordinate", "self", "public", "observer")
    derived = set()
    for code in codes:
        derived |= {code, code.replace("-", ""), tokens.token_hash(key, code)}
        derived |= {tokens.draft_key(key, code), tokens.rater_pseudonym(key, code)}
        derived |= {tokens.rater_pseudonym(key, code, g) for g in groups}
    con = duckdb.connect(path, read_only=True)
    try:
        texts = con.execute(
            "SELECT payload FROM ballot_slot WHERE payload IS NOT NULL UNION ALL"
            " SELECT ballot_id FROM ballot UNION ALL"
            " SELECT coalesce(value_text, '') || coalesce(row_id, '') FROM answer UNION ALL"
            " SELECT i.token_hash FROM invitation i JOIN phase p USING (phase_id)"
            " WHERE p.status = 'closed'"
        ).fetchall()
    finally:
        con.close()
    blob = "\n".join(t[0] for t in texts if t[0])
    assert not [d for d in derived if d in blob]
    assert not Path(path + ".wal").exists()
