"""The demo world: deterministic, consistent, removable, and its planted truth really planted."""

from datetime import date

import pandas as pd
import pytest

import demo
from campaign.tokens import load_server_key, lookup
from storage import demo as demo_store
from storage.db import Database


def _seeded(db: Database, table: str) -> pd.DataFrame:
    """The table without what sealing and the ballot box draw from ``secrets`` (the random
    token hashes of sealed invitations, the slot numbers)."""
    frame = demo_store.table_frame(db, table)
    if table == "invitation":
        sealed = frame["token_hash"].str.startswith("sealed:")
        frame["token_hash"] = frame["token_hash"].where(~sealed, "sealed")
    if table == "ballot_slot":
        frame = frame.drop(columns="slot_no").sort_values(
            ["phase_id", "payload"], ignore_index=True
        )
    return frame


def _hashes(db: Database) -> dict[str, int]:
    return {
        t: int(pd.util.hash_pandas_object(_seeded(db, t), index=False).sum())
        for t in demo_store.DEMO_TABLES
    }


def test_same_seed_gives_identical_tables_and_another_seed_does_not():
    day = date(2026, 11, 24)
    first, second, other = Database(":memory:"), Database(":memory:"), Database(":memory:")
    demo.generate(first, size="tiny", seed=5, today=day)
    demo.generate(second, size="tiny", seed=5, today=day)
    demo.generate(other, size="tiny", seed=6, today=day)
    assert _hashes(first) == _hashes(second)
    differ = {t for t, h in _hashes(other).items() if h != _hashes(first)[t]}
    assert {"subject", "rater", "ballot", "answer", "ballot_slot", "kpi_score"} <= differ


def test_tiny_world_counts(tiny):
    db, summary = tiny
    counts = summary.counts
    assert (counts["unit"], counts["subject"], counts["phase"], counts["campaign"]) == (2, 8, 9, 4)
    assert counts["answer"] > 1000 and counts["ballot"] > 100
    assert counts["ballot_slot"] > 50 and counts["phase_count"] == 5 * 6  # six sealed phases
    assert demo_store.demo_counts(db) == counts | {"survey_definition": counts["survey_definition"]}
    used = set(demo_store.ballot_answers(db)["definition_id"])
    assert used == set(demo_store.table_frame(db, "survey_definition")["definition_id"])


def test_every_reference_points_at_an_existing_row(tiny):
    db, _ = tiny
    assert {k: v for k, v in demo_store.dangling_references(db).items() if v} == {}


def test_demo_rows_are_marked_and_meta_written(tiny):
    db, _ = tiny
    for table in ("unit", "subject", "rater", "campaign"):
        assert demo_store.table_frame(db, table)["is_demo"].all()
    meta = demo_store.demo_meta(db)
    assert meta["demo"] == "true" and meta["demo_seed"] == "11" and meta["demo_size"] == "tiny"
    assert demo.is_present(db)


def test_try_tokens_work_on_the_open_phase_and_are_not_stored_raw(tiny):
    db, _ = tiny
    tokens = demo.try_tokens(db, 11)
    assert len(tokens) == 3 * demo.DemoConfig().try_tokens  # three open phases
    key = load_server_key(db.path)
    assert [lookup(db, key, t) for t in tokens] == ["valid"] * len(tokens)
    stored = set(demo_store.table_frame(db, "invitation")["token_hash"])
    assert not stored & set(tokens)
    assert demo.try_tokens(db, 12) == []


def test_remove_leaves_no_demo_rows_and_a_usable_database():
    db = Database(":memory:")
    demo.generate(db, size="tiny", seed=2)
    with pytest.raises(demo.DemoError):
        demo.generate(db, size="tiny", seed=2)
    demo.remove(db)
    assert not demo.is_present(db)
    assert set(demo_store.demo_counts(db).values()) == {0}
    assert demo_store.demo_meta(db) == {}
    again = demo.generate(db, size="tiny", seed=3)
    assert again.counts["subject"] == 8


def test_truth_file_is_written_beside_the_database(tmp_path):
    db = Database(tmp_path / "q.duckdb")
    summary = demo.generate(db, size="tiny", seed=4, locale="en")
    path = tmp_path / "q.duckdb.truth.json"
    assert summary.truth_path == str(path) and path.exists()
    demo.remove(db)
    assert not path.exists()


def test_a_regenerated_or_removed_world_leaves_no_bytes_of_the_old_one(tmp_path):
    file = tmp_path / "q.duckdb"
    db = Database(file)
    demo.generate(db, size="tiny", seed=4, locale="en")
    old = [
        *demo_store.table_frame(db, "ballot")["ballot_id"],
        *demo_store.table_frame(db, "subject")["subject_id"],
    ]
    assert all(x.encode() in file.read_bytes() for x in old)  # the check can see them
    demo.generate(db, size="tiny", seed=5, locale="en", replace=True)
    assert not any(x.encode() in file.read_bytes() for x in old)
    new = demo_store.table_frame(db, "subject")["subject_id"].tolist()
    demo.remove(db)
    assert not any(x.encode() in file.read_bytes() for x in new)
    assert not (tmp_path / "q.duckdb.wal").exists()
    db.close()


def test_rates_are_configurable():
    db = Database(":memory:")
    config = demo.DemoConfig(straight_liner_rate=0.0, speeder_rate=0.0, colluding_pair_rate=0.0)
    truth = demo.generate(db, size="tiny", seed=8, config=config).truth
    assert truth["careless"]["straight_liner"] == [] and truth["careless"]["speeder"] == []
    assert truth["colluding_pairs"] == [] and truth["careless"]["random_responder"]


def test_large_organisation_has_ten_thousand_cadres_with_about_twenty_raters_each():
    import numpy as np

    from demo.config import SHAPES
    from demo.org import build_org

    org = build_org(np.random.default_rng(0), SHAPES["large"], "zh_CN", 0)
    assert len(org.subjects) == 10_000
    assert 19 <= org.rel.groupby("s").size().mean() <= 21


def test_command_generates_and_prints_the_summary(tmp_path, capsys):
    from demo.__main__ import main

    path = str(tmp_path / "cli.duckdb")
    assert main(["--db", path, "--size", "tiny", "--seed", "9", "--locale", "en"]) == 0
    out = capsys.readouterr().out
    assert "size=tiny seed=9" in out and "try-it invitation codes" in out
    assert main(["--db", path, "--size", "tiny", "--seed", "9"]) == 2
    assert main(["--db", path, "--size", "tiny", "--seed", "10", "--replace"]) == 0
    assert main(["--db", path, "--remove"]) == 0
