"""The DuckDB route (storage.scoring via analytics.scoring.score_campaign) equals the pandas route.

Random worlds with N/A answers, reverse-keyed and weighted items, a matrix item, a rated
commitment item (each subject states 1..5 commitments, rated one by one), mixed scales, grid
ballots (one ballot rates several subjects), unbalanced and small groups, are written to a
throw-away DuckDB file through ``storage.db.bulk_insert`` and scored both ways.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.scoring import _cell_stats, prepare_items, score_campaign, score_subjects
from storage.db import Database, bulk_insert
from storage.scoring import cell_stats

GROUP_SIZES = {
    "superior": (0, 2),
    "peer": (0, 7),
    "subordinate": (0, 6),
    "public": (0, 5),
    "observer": (0, 3),
    "self": (0, 1),
}


def random_items(
    rng: np.random.Generator, *, mixed_scales: bool = False, commitment: bool = False
) -> pd.DataFrame:
    """Nine likert items in three dimensions, a weight-0 item and a 2-row matrix; with
    ``commitment`` also a rated commitment item ``pledge`` (then with a ``type`` column)."""
    rows = []
    for d, dim in enumerate(["integrity", "ability", "diligence"]):
        for k in range(3):
            hi = 10.0 if (mixed_scales and k == 2) else 5.0
            rows.append(
                (
                    f"q{d}{k}",
                    None,
                    dim,
                    float(rng.choice([0.5, 1.0, 2.0])),
                    bool(rng.random() < 0.3),
                    1.0,
                    hi,
                )
            )
    rows.append(("q_zero", None, "ability", 0.0, False, 1.0, 5.0))  # weight 0: never counts
    for r in ("r1", "r2"):  # a matrix item: one scored cell per row
        rows.append(("grid", r, "diligence", 1.0, r == "r2", 1.0, 5.0))
    cols = ["item_id", "row_id", "dimension", "weight", "reverse", "scale_min", "scale_max"]
    frame = pd.DataFrame(rows, columns=cols)
    if not commitment:
        return frame
    frame["type"] = np.where(frame["item_id"] == "grid", "matrix", "likert")
    pledge = {"item_id": "pledge", "row_id": None, "dimension": "diligence", "weight": 1.5,
              "reverse": True, "scale_min": 1.0, "scale_max": 5.0,
              "type": "commitment"}  # fmt: skip
    return pd.concat([frame, pd.DataFrame([pledge])], ignore_index=True)


def commitment_ids(rng: np.random.Generator, subjects: int) -> dict[str, list[str]]:
    """Each subject's stated commitments: 1..5 ids, different per subject (as in storage)."""
    return {f"s{s}": [f"k{s}_{j}" for j in range(int(rng.integers(1, 6)))] for s in range(subjects)}


def random_answers(
    rng: np.random.Generator,
    items: pd.DataFrame,
    subjects: int,
    phases: tuple[str, ...] = ("ph1",),
    na_rate: float = 0.15,
) -> pd.DataFrame:
    out, ballot = [], 0
    kinds = items["type"] if "type" in items.columns else pd.Series(None, index=items.index)
    commitment = set(items.loc[kinds.eq("commitment"), "item_id"])
    stated = commitment_ids(rng, subjects) if commitment else {}
    for phase in phases:
        for s in range(subjects):
            for group, (lo, hi) in GROUP_SIZES.items():
                for _ in range(int(rng.integers(lo, hi + 1))):
                    ballot += 1
                    rated = [s] + ([(s + 1) % subjects] if rng.random() < 0.3 else [])
                    for subject in rated:  # grid ballots: one ballot, several subjects
                        for it in items.itertuples():
                            # a rated commitment: one answer per commitment of the subject
                            rows = (
                                stated[f"s{subject}"] if it.item_id in commitment else [it.row_id]
                            )
                            for row_id in rows:
                                na = rng.random() < na_rate
                                value = (
                                    None
                                    if na
                                    else float(rng.integers(it.scale_min, it.scale_max + 1))
                                )
                                out.append(
                                    (
                                        phase,
                                        f"b{ballot}",
                                        group,
                                        f"s{subject}",
                                        it.item_id,
                                        row_id,
                                        value,
                                        na,
                                    )
                                )
                        out.append(
                            (
                                phase,
                                f"b{ballot}",
                                group,
                                f"s{subject}",
                                "comment",
                                None,
                                None,
                                False,
                            )
                        )  # an unscored text item, ignored
    cols = [
        "phase_id",
        "ballot_id",
        "rater_group",
        "subject_id",
        "item_id",
        "row_id",
        "value_num",
        "is_na",
    ]
    frame = pd.DataFrame(out, columns=cols)
    frame = frame.drop_duplicates(["ballot_id", "subject_id", "item_id", "row_id"])
    frame["campaign_id"], frame["phase_kind"] = "c1", "single"
    frame["option_id"], frame["value_text"] = None, None
    return frame.reset_index(drop=True)


def store(path: str, answers: pd.DataFrame) -> Database:
    db = Database(path)
    phases = answers["phase_id"].drop_duplicates().tolist()
    phase = pd.DataFrame(
        {
            "phase_id": phases,
            "campaign_id": "c1",
            "kind": "single",
            "seq": range(1, len(phases) + 1),
            "definition_id": "d",
            "definition_version": 1,
            "status": "closed",
        }
    )
    ballots = answers.drop_duplicates("ballot_id")[["ballot_id", "phase_id", "rater_group"]]
    ballots = ballots.assign(definition_id="d", definition_version=1, source="online")
    cols = [
        "ballot_id",
        "subject_id",
        "item_id",
        "row_id",
        "option_id",
        "value_num",
        "value_text",
        "is_na",
    ]
    with db.transaction() as cur:
        bulk_insert(cur, "phase", phase)
        bulk_insert(cur, "ballot", ballots)
        bulk_insert(cur, "answer", answers[cols])
    return db


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sql_cell_stats_equal_pandas_cell_stats(tmp_path, seed):
    rng = np.random.default_rng(seed)
    items = prepare_items(random_items(rng, mixed_scales=True, commitment=True))
    answers = random_answers(rng, items, subjects=15, phases=("ph1", "ph2"))
    counts = answers[answers["item_id"] == "pledge"].groupby("subject_id")["row_id"].nunique()
    assert counts.nunique() > 2  # subjects state different numbers of commitments
    db = store(str(tmp_path / "w.duckdb"), answers)
    key = ["phase_id", "subject_id", "rater_group", "dimension"]
    sql = cell_stats(db, "c1", items).sort_values(key).reset_index(drop=True)
    pd_ = _cell_stats(answers, items).sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(sql[key], pd_[key], check_dtype=False)
    assert (sql["n"].to_numpy() == pd_["n"].to_numpy()).all()
    np.testing.assert_allclose(sql["mean"], pd_["mean"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(sql["var"], pd_["var"], rtol=0, atol=1e-9)  # NaN == NaN here


@pytest.mark.parametrize(("seed", "percent"), [(4, False), (5, True)])
def test_score_campaign_equals_score_subjects(tmp_path, seed, percent):
    rng = np.random.default_rng(seed)
    items = random_items(rng, mixed_scales=percent, commitment=True)
    answers = random_answers(rng, items, subjects=25)
    db = store(str(tmp_path / "w.duckdb"), answers)
    kw = {
        "weights": {"superior": 0.3, "peer": 0.4, "subordinate": 0.3, "public": 0.1},
        "dimension_weights": {"integrity": 2, "ability": 1, "diligence": 1},
        "percent": percent,
        "thresholds": {"show_self": False, "show_superior": percent},
    }
    a = score_campaign(db, "c1", items, **kw)
    b = score_subjects(answers, items, **kw)
    pd.testing.assert_frame_equal(
        a.drop(columns=["score", "sd", "ci_low", "ci_high"]),
        b.drop(columns=["score", "sd", "ci_low", "ci_high"]),
    )
    for column in ("score", "sd", "ci_low", "ci_high"):
        np.testing.assert_allclose(a[column], b[column], rtol=0, atol=1e-9, err_msg=column)
    assert set(a["status"]) >= {"shown", "merged", "suppressed", "composite"}


def test_score_campaign_filters_phase_and_campaign(tmp_path):
    rng = np.random.default_rng(6)
    items = random_items(rng)
    answers = random_answers(rng, items, subjects=6, phases=("ph1", "ph2"))
    db = store(str(tmp_path / "w.duckdb"), answers)
    one = score_campaign(db, "c1", items, phase_id="ph2")
    assert set(one["phase_id"]) == {"ph2"}
    expected = score_subjects(answers[answers["phase_id"] == "ph2"], items)
    np.testing.assert_allclose(one["score"], expected["score"], atol=1e-9)
    with pytest.raises(ValueError, match="no scored answers"):
        score_campaign(db, "another", items)


def test_sql_route_rejects_out_of_scale_values(tmp_path):
    rng = np.random.default_rng(7)
    items = random_items(rng)
    answers = random_answers(rng, items, subjects=3)
    answers.loc[answers["value_num"].notna().idxmax(), "value_num"] = 9.0
    db = store(str(tmp_path / "w.duckdb"), answers)
    with pytest.raises(ValueError, match="value_num"):
        score_campaign(db, "c1", items)
    with pytest.raises(ValueError, match="value_num"):
        score_subjects(answers, items)


def test_commitment_ratings_are_averaged_per_ballot_in_both_routes(tmp_path):
    # ballot b1 rates k1..k3 as 5, 4, N/A: one value (5 + 4) / 2 = 4.5, not three; b2: 2, 3, 4 -> 3
    items = pd.DataFrame({"item_id": ["pledge"], "row_id": [None], "type": ["commitment"],
                          "dimension": ["delivery"], "weight": [1.0], "reverse": [False],
                          "scale_min": [1.0], "scale_max": [5.0]})  # fmt: skip
    ratings = {"b1": [5.0, 4.0, None], "b2": [2.0, 3.0, 4.0]}
    answers = pd.DataFrame(
        [{"campaign_id": "c1", "phase_id": "ph1", "phase_kind": "single", "ballot_id": b,
          "rater_group": "peer", "subject_id": "s0",
          "item_id": "pledge", "row_id": f"k{j}", "option_id": None, "value_num": v,
          "value_text": None, "is_na": v is None}
         for b, values in ratings.items() for j, v in enumerate(values)]
    )  # fmt: skip
    db = store(str(tmp_path / "w.duckdb"), answers)
    prepared = prepare_items(items)
    for stats in (cell_stats(db, "c1", prepared), _cell_stats(answers, prepared)):
        row = stats[stats["dimension"] == "delivery"].iloc[0]
        assert row["n"] == 2  # ballots, not ratings
        assert row["mean"] == pytest.approx(((4.5 - 1) / 4 + (3 - 1) / 4) / 2)
    # the same commitment rated twice by one ballot is a duplicate in both routes
    twice = pd.concat([answers, answers.head(1)], ignore_index=True)
    db2 = store(str(tmp_path / "w2.duckdb"), twice)
    with pytest.raises(ValueError, match="item_id/row_id"):
        cell_stats(db2, "c1", prepared)
    with pytest.raises(ValueError, match="item_id/row_id"):
        _cell_stats(twice, prepared)
