"""validate_submission: raw form values -> typed answers, per item type, with hiding and caps."""

from __future__ import annotations

from typing import Any

import pytest

from survey_engine import (
    GRID_KEY,
    NA,
    Answer,
    AnswerErrors,
    definition_from_dict,
    load_template,
    stated_commitments,
    validate_submission,
    visible_items,
)
from survey_engine.model import GridCap


def opts(*ids: str) -> list[dict[str, Any]]:
    return [{"id": i, "label": i.upper(), "score": n} for n, i in enumerate(ids, 1)]


SURVEY = definition_from_dict(
    {
        "schema_version": 1,
        "id": "all_types",
        "version": 1,
        "languages": ["en"],
        "title": "All types",
        "rater_groups": ["peer", "self"],
        "scales": [
            {"id": "s5", "min": 1, "max": 5, "allow_na": True},
            {"id": "s3", "min": 1, "max": 3},
        ],
        "pages": [
            {
                "id": "p1",
                "title": "One",
                "items": [
                    {"type": "likert", "id": "lk", "text": "L", "scale": "s5"},
                    {"type": "likert", "id": "lk3", "text": "L3", "scale": "s3", "required": False},
                    {"type": "grade", "id": "gr", "text": "G"},
                    {"type": "single_choice", "id": "sc", "text": "S", "options": opts("a", "b")},
                    {
                        "type": "multiple_choice",
                        "id": "mc",
                        "text": "M",
                        "options": opts("a", "b", "c"),
                        "min_select": 1,
                        "max_select": 2,
                    },
                    {
                        "type": "checklist",
                        "id": "ck",
                        "text": "C",
                        "options": [
                            {"id": "good", "label": "Good", "polarity": "positive"},
                            {"id": "bad", "label": "Bad", "polarity": "negative"},
                        ],
                    },
                    {
                        "type": "numeric",
                        "id": "nu",
                        "text": "N",
                        "min": 0,
                        "max": 10,
                        "integer": True,
                    },
                    {"type": "text", "id": "tx", "text": "T", "max_length": 5, "required": False},
                    {
                        "type": "matrix",
                        "id": "mx",
                        "text": "X",
                        "scale": "s5",
                        "rows": [{"id": "r1", "label": "R1"}, {"id": "r2", "label": "R2"}],
                    },
                    {
                        "type": "ranking",
                        "id": "rk",
                        "text": "K",
                        "options": opts("a", "b", "c"),
                        "max_rank": 2,
                    },
                    {
                        "type": "commitment",
                        "id": "cs",
                        "text": "CS",
                        "mode": "state",
                        "max_commitments": 2,
                        "max_length": 20,
                        "audience": ["self"],
                    },
                ],
            },
            {
                "id": "p2",
                "title": "Two",
                "items": [
                    {"type": "text", "id": "why", "text": "Why?", "show_if": "lk <= 2"},
                    {"type": "commitment", "id": "cr", "text": "CR", "mode": "rate", "scale": "s3"},
                ],
            },
        ],
    }
)
GOOD: dict[str, Any] = {
    "lk": 4,
    "gr": "excellent",
    "sc": "b",
    "mc": ["a", "c"],
    "ck": ["bad"],
    "nu": 7,
    "tx": " hi ",
    "mx": {"r1": 5, "r2": NA},
    "rk": ["c", "a"],
    "cr": {"k1": 2},
}
COMMITMENTS = {"s1": [("k1", "Build the bridge")]}


def run(values: dict[str, Any], group: str = "peer", **kw: Any) -> list[Answer]:
    return validate_submission(
        SURVEY,
        {"s1": values},
        rater_group=group,
        subject_ids=["s1"],
        lang="en",
        commitments=COMMITMENTS,
        **kw,
    )


def error_of(values: dict[str, Any], item_id: str, group: str = "peer") -> str:
    with pytest.raises(AnswerErrors) as info:
        run(values, group)
    message = info.value.for_item("s1", item_id)
    assert message, info.value.errors
    return message


def test_valid_ballot_yields_typed_answers_per_item_type() -> None:
    answers = {(a.item_id, a.row_id, a.option_id): a for a in run(GOOD)}
    assert answers[("lk", None, None)].value_num == 4.0
    assert answers[("gr", None, "excellent")].value_num == 4.0
    assert answers[("sc", None, "b")].value_num == 2
    assert {k[2] for k in answers if k[0] == "mc"} == {"a", "c"}
    assert ("ck", None, "bad") in answers
    assert answers[("nu", None, None)].value_num == 7.0
    assert answers[("tx", None, None)].value_text == "hi"
    assert answers[("mx", "r1", None)].value_num == 5.0
    assert answers[("mx", "r2", None)].is_na and answers[("mx", "r2", None)].value_num is None
    assert answers[("rk", None, "c")].value_num == 1.0
    assert answers[("cr", "k1", None)].value_num == 2.0
    assert "cs" not in {a.item_id for a in answers.values()}  # self only


@pytest.mark.parametrize(
    ("item_id", "value", "fragment"),
    [
        ("lk", None, "required"),
        ("lk", 6, "from 1 to 5"),
        ("lk", 2.5, "from 1 to 5"),
        ("lk", True, "from 1 to 5"),
        ("lk3", NA, "Not applicable"),
        ("gr", "superb", "Unknown option"),
        ("gr", NA, "Not applicable"),
        ("sc", "z", "Unknown option"),
        ("mc", [], "required"),
        ("mc", ["a", "b", "c"], "at most 2"),
        ("mc", ["a", "a"], "twice"),
        ("mc", "a", "wrong shape"),
        ("ck", ["ugly"], "Unknown option"),
        ("nu", "7", "Enter a number"),
        ("nu", 7.5, "whole number"),
        ("nu", 11, "at most 10"),
        ("nu", -1, "at least 0"),
        ("nu", float("nan"), "Enter a number"),
        ("tx", "toolong", "At most 5"),
        ("mx", {"r1": 3}, "missing: r2"),
        ("mx", {"r1": 3, "r2": 3, "r9": 1}, "Unknown row"),
        ("rk", ["a"], "exactly 2"),
        ("cr", {"k1": None}, "required"),
        ("cr", {"k1": 2, "k2": 1}, "Unknown row"),
    ],
)
def test_invalid_raw_value_is_reported_beside_its_item(
    item_id: str, value: Any, fragment: str
) -> None:
    assert fragment in error_of({**GOOD, item_id: value}, item_id)


def test_unknown_item_is_reported() -> None:
    assert "Unknown question" in error_of({**GOOD, "zz": 1}, "zz")


def test_errors_speak_the_requested_language() -> None:
    with pytest.raises(AnswerErrors) as info:
        validate_submission(
            SURVEY,
            {"s1": {**GOOD, "lk": None}},
            rater_group="peer",
            subject_ids=["s1"],
            lang="zh",
            commitments=COMMITMENTS,
        )
    assert info.value.for_item("s1", "lk") == "此题必答。"


def test_show_if_hides_item_and_drops_its_answer() -> None:
    answers = run({**GOOD, "why": "because"})
    assert "why" not in {a.item_id for a in answers}
    assert "required" in error_of({**GOOD, "lk": 2}, "why")
    assert any(a.item_id == "why" for a in run({**GOOD, "lk": 2, "why": "because"}))


def test_audience_hides_item_from_other_groups() -> None:
    peer = {i.id for i in visible_items(SURVEY, rater_group="peer", answers=GOOD)}
    own = {i.id for i in visible_items(SURVEY, rater_group="self", answers=GOOD)}
    assert "cs" not in peer and "cs" in own
    assert "required" in error_of(GOOD, "cs", group="self")


def test_stated_commitments_round_trip_into_rated_rows() -> None:
    answers = run({**GOOD, "cs": ["Build the bridge", " ", "Fix roads"]}, group="self")
    stated = [a for a in answers if a.item_id == "cs"]
    assert [(a.row_id, a.value_text) for a in stated] == [
        ("c1", "Build the bridge"),
        ("c2", "Fix roads"),
    ]
    assert stated_commitments(answers, item_id="cs") == {
        "s1": [("c1", "Build the bridge"), ("c2", "Fix roads")]
    }
    assert "At most 2" in error_of({**GOOD, "cs": ["a", "b", "c"]}, "cs", group="self")


def test_rate_commitment_without_stated_commitments_is_not_required() -> None:
    answers = validate_submission(
        SURVEY, {"s1": {**GOOD, "cr": None}}, rater_group="peer", subject_ids=["s1"], lang="en"
    )
    assert "cr" not in {a.item_id for a in answers}


def test_page_index_checks_only_that_page() -> None:
    answers = run({"lk": 1, "why": "slow", "cr": {"k1": 3}}, page_index=1)
    assert {a.item_id for a in answers} == {"why", "cr"}


def test_unknown_subject_is_reported() -> None:
    with pytest.raises(AnswerErrors) as info:
        validate_submission(
            SURVEY,
            {"s1": GOOD, "s9": {}},
            rater_group="peer",
            subject_ids=["s1"],
            lang="en",
            commitments=COMMITMENTS,
        )
    assert GRID_KEY in info.value.errors["s9"]


GRID = load_template("democratic_assessment")
ROW = {f"grade_{d}": "competent" for d in ("de", "neng", "qin", "ji", "lian")}


def grid_ballot(n: int, excellent: int) -> dict[str, dict[str, str]]:
    return {
        f"s{i}": {**ROW, "overall": "excellent" if i < excellent else "competent"} for i in range(n)
    }


@pytest.mark.parametrize(
    ("share", "n", "allowed"),
    [
        (0.15, 20, 3),
        (0.15, 7, 1),
        (0.15, 3, 1),
        (0.15, 1, 1),
        (0.5, 5, 2),
        (0.0, 10, 0),
        (1.0, 4, 4),
        (0.3, 10, 3),
    ],
)
def test_cap_allows_floor_of_share_times_n_but_at_least_one(
    share: float, n: int, allowed: int
) -> None:
    assert GridCap(item="overall", option="excellent", max_share=share).allowed(n) == allowed


def test_grid_cap_of_15_percent_excellent_is_enforced() -> None:
    ids = [f"s{i}" for i in range(20)]
    answers = validate_submission(
        GRID, grid_ballot(20, 3), rater_group="peer", subject_ids=ids, lang="en"
    )
    assert len(answers) == 20 * 6
    with pytest.raises(AnswerErrors) as info:
        validate_submission(
            GRID, grid_ballot(20, 4), rater_group="peer", subject_ids=ids, lang="en"
        )
    assert "At most 3 of 20" in info.value.errors[GRID_KEY]["overall"]


def test_grid_reports_errors_per_subject() -> None:
    ballot = grid_ballot(3, 0)
    ballot["s1"]["grade_de"] = None
    with pytest.raises(AnswerErrors) as info:
        validate_submission(
            GRID, ballot, rater_group="peer", subject_ids=["s0", "s1", "s2"], lang="zh"
        )
    assert info.value.errors == {"s1": {"grade_de": "此题必答。"}}
