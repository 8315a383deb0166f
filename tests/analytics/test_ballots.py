"""Per-ballot views: only ballots behind published cells count; recoding and ballot scores."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics import (
    AnonymityRules,
    anonymity_decisions,
    ballot_overall,
    counted_answers,
    recoded_ratings,
    score_subjects,
)

ITEMS = pd.DataFrame({
    "item_id": ["q1", "q2", "m", "m"], "row_id": [None, None, "r1", "r2"],
    "type": ["likert", "likert", "matrix", "matrix"], "dimension": ["a", "a", "b", "b"],
    "weight": [1.0, 2.0, 1.0, 1.0], "reverse": [False, True, False, True],
    "scale_min": 1, "scale_max": 5,
})  # fmt: skip


def _answers(rng: np.random.Generator, groups: dict[str, int], subject: str = "s") -> pd.DataFrame:
    rows = []
    for group, n in groups.items():
        for b in range(n):
            for item, row in zip(ITEMS["item_id"], ITEMS["row_id"], strict=True):
                na = rng.random() < 0.1
                rows.append({"phase_id": "p", "ballot_id": f"{subject}-{group}-{b}",
                             "rater_group": group, "subject_id": subject, "item_id": item,
                             "row_id": row, "value_num": None if na else float(rng.integers(1, 6)),
                             "is_na": na})  # fmt: skip
    return pd.DataFrame(rows)


def test_counted_ballots_are_exactly_those_of_shown_or_merged_cells() -> None:
    rng = np.random.default_rng(3)
    answers = pd.concat([
        _answers(rng, {"peer": 4, "subordinate": 2, "self": 1}, "s1"),  # subordinate merged
        _answers(rng, {"peer": 2, "self": 1}, "s2"),  # peer alone below 3: suppressed
    ])  # fmt: skip
    counts = answers.groupby(["phase_id", "subject_id", "rater_group"])["ballot_id"].nunique()
    decided = anonymity_decisions(counts.rename("n").reset_index())
    visible = decided[decided["status"] != "suppressed"]
    kept = counted_answers(answers, self_too=True)
    cells = kept.groupby(["subject_id", "rater_group"]).size().index
    assert set(cells) == set(zip(visible["subject_id"], visible["rater_group"], strict=True))
    assert "self" not in set(counted_answers(answers)["rater_group"])
    assert ("s2", "peer") not in set(cells)


def test_higher_thresholds_leave_more_out() -> None:
    answers = _answers(np.random.default_rng(4), {"peer": 4, "public": 6})
    strict = AnonymityRules(thresholds={"peer": 5})
    # peer 4 < 5 pools with public (6): merged, so nothing is lost, only pooled
    assert set(counted_answers(answers, thresholds=strict)["rater_group"]) == {"peer", "public"}
    stricter = AnonymityRules(thresholds={"peer": 5, "public": 11})
    assert counted_answers(answers, thresholds=stricter).empty


def test_recoded_ratings_turn_reverse_items_and_matrix_rows_round() -> None:
    answers = pd.DataFrame({"ballot_id": "b", "subject_id": "s", "rater_group": "peer",
                            "item_id": ["q1", "q2", "m", "m"], "row_id": [None, None, "r1", "r2"],
                            "value_num": [2.0, 2.0, 5.0, 5.0], "is_na": False})  # fmt: skip
    out = recoded_ratings(answers, ITEMS).set_index("item_key")["value"]
    assert out.to_dict() == {"q1": 2.0, "q2": 4.0, "m|r1": 5.0, "m|r2": 1.0}


def test_ballot_scores_average_to_the_group_scores_without_missing_answers() -> None:
    rng = np.random.default_rng(5)
    answers = _answers(rng, {"peer": 5}).assign(is_na=False)
    answers["value_num"] = rng.integers(1, 6, len(answers)).astype(float)
    per_ballot = ballot_overall(answers, ITEMS)
    group = score_subjects(answers, ITEMS, percent=True)
    overall = group[(group["dimension"] == "overall") & (group["rater_group"] == "peer")]
    assert per_ballot["score"].mean() == pytest.approx(overall["score"].iloc[0], abs=1e-9)


def test_counted_answers_rejects_a_frame_without_ballots() -> None:
    with pytest.raises(ValueError, match="missing column 'ballot_id'"):
        counted_answers(pd.DataFrame({"phase_id": [], "subject_id": [], "rater_group": []}))
