"""Paper double entry: single entries, differences, agreement, resolution, voiding, once only."""

from __future__ import annotations

import pytest

from campaign.paper import (
    compare_entries,
    count_agreed,
    count_sheet,
    enter_sheet,
    resolve_sheet,
    void_sheet,
)
from storage.paper import PaperError
from survey_engine.answer import Answer
from tests.campaign._people_fixtures import people_db
from tests.campaign.conftest import boxed

P = "P1"


@pytest.fixture
def db():
    database = people_db()
    yield database
    database.close()


def grid(s1: str = "excellent", s2: str = "competent", comment: str | None = None) -> list[Answer]:
    """A 民主测评 grid: one grade per cadre (+ an optional comment)."""
    answers = [
        Answer("S1", "overall", option_id=s1, value_num={"excellent": 4.0}.get(s1, 3.0)),
        Answer("S2", "overall", option_id=s2, value_num={"excellent": 4.0}.get(s2, 3.0)),
    ]
    if comment:
        answers.append(Answer("S1", "comment", value_text=comment))
    return answers


def _ballots(db) -> list[dict]:
    """The paper ballots in the open phase's ballot box."""
    return boxed(db, P)[0].to_dict("records")


def _answers(db) -> set[tuple]:
    """The answers of the one ballot in the box."""
    frame = boxed(db, P)[1][["subject_id", "item_id", "option_id", "value_text"]]
    return {
        tuple(None if v is None or v != v else v for v in r) for r in frame.itertuples(index=False)
    }


def _staged(db) -> int:
    return int(db.query_df("SELECT count(*) AS n FROM paper_entry")["n"].iloc[0])


def test_sheet_keyed_by_one_clerk_is_listed_and_cannot_count(db):
    enter_sheet(db, P, "001", "A", "peer", grid())
    result = compare_entries(db, P)
    assert result.single_entry.to_dict("records") == [{"sheet_no": "001", "clerk": "A"}]
    assert result.agreed == [] and result.differences.empty
    with pytest.raises(PaperError, match="both clerks"):
        count_sheet(db, P, "001")
    assert _ballots(db) == []


def test_agreeing_entries_count_as_one_paper_ballot(db):
    enter_sheet(db, P, "002", "A", "peer", grid(comment="务实"))
    enter_sheet(db, P, "002", "B", "peer", list(reversed(grid(comment="务实"))))
    assert compare_entries(db, P).agreed == ["002"]
    count_sheet(db, P, "002")
    (ballot,) = _ballots(db)
    assert (ballot["source"], ballot["rater_group"], ballot["definition_id"]) == (
        "paper",
        "peer",
        "minzhu",
    )
    assert _answers(db) == {
        ("S1", "overall", "excellent", None),
        ("S2", "overall", "competent", None),
        ("S1", "comment", None, "务实"),
    }
    assert db.query_df("SELECT status FROM paper_sheet")["status"].tolist() == ["counted"]
    assert _staged(db) == 0  # the sheet number no longer sits beside its answers


def test_each_counted_sheet_is_its_own_ballot(db):
    for sheet in ("010", "011"):
        for clerk in "AB":
            enter_sheet(db, P, sheet, clerk, "subordinate", grid())
    assert count_agreed(db, P) == ["010", "011"]
    assert len(_ballots(db)) == 2


def test_differences_list_each_cell_and_the_group(db):
    enter_sheet(db, P, "003", "A", "peer", grid("excellent", "competent"))
    enter_sheet(db, P, "003", "B", "subordinate", grid("competent", "competent", comment="好"))
    result = compare_entries(db, P)
    assert result.agreed == []
    rows = result.differences.to_dict("records")
    assert [
        (r["item_id"], r["subject_id"] if isinstance(r["subject_id"], str) else None) for r in rows
    ] == [("rater_group", None), ("comment", "S1"), ("overall", "S1")]
    assert (rows[0]["clerk_a"], rows[0]["clerk_b"]) == ("peer", "subordinate")
    assert (rows[1]["clerk_a"], rows[1]["clerk_b"]) == ("—", "好")
    assert (rows[2]["clerk_a"], rows[2]["clerk_b"]) == ("excellent=4", "competent=3")
    with pytest.raises(PaperError, match="give the group"):
        count_sheet(db, P, "003")


def test_resolution_rekeys_the_differing_cells_then_counts(db):
    enter_sheet(db, P, "004", "A", "peer", grid("excellent", "competent"))
    enter_sheet(db, P, "004", "B", "peer", grid("competent", "competent", comment="好"))
    resolution = {
        ("S1", "overall", None): [Answer("S1", "overall", option_id="excellent", value_num=4.0)],
        ("S1", "comment", None): [],  # the comment box is blank on the paper
    }
    with pytest.raises(PaperError, match="exactly the differing cells"):
        resolve_sheet(db, P, "004", {("S1", "overall", None): resolution[("S1", "overall", None)]})
    resolve_sheet(db, P, "004", resolution)
    assert _answers(db) == {
        ("S1", "overall", "excellent", None),
        ("S2", "overall", "competent", None),
    }


def test_resolution_must_name_the_group_when_clerks_differ(db):
    enter_sheet(db, P, "005", "A", "peer", grid())
    enter_sheet(db, P, "005", "B", "public", grid())
    with pytest.raises(PaperError, match="give the group"):
        resolve_sheet(db, P, "005", {})
    resolve_sheet(db, P, "005", {}, rater_group="public")
    assert _ballots(db)[0]["rater_group"] == "public"


def test_resolution_answers_must_belong_to_their_cell(db):
    enter_sheet(db, P, "006", "A", "peer", grid("excellent"))
    enter_sheet(db, P, "006", "B", "peer", grid("competent"))
    wrong = {("S1", "overall", None): [Answer("S2", "overall", option_id="excellent")]}
    with pytest.raises(PaperError, match="belong elsewhere"):
        resolve_sheet(db, P, "006", wrong)
    assert _ballots(db) == []


def test_a_sheet_number_counts_only_once(db):
    for clerk in "AB":
        enter_sheet(db, P, "007", clerk, "peer", grid())
    count_sheet(db, P, "007")
    with pytest.raises(PaperError, match="already counted"):
        count_sheet(db, P, "007")
    with pytest.raises(PaperError, match="already counted"):
        enter_sheet(db, P, "007", "A", "peer", grid())
    with pytest.raises(PaperError, match="already counted"):
        void_sheet(db, P, "007")
    assert len(_ballots(db)) == 1


def test_void_sheet_is_never_counted(db):
    enter_sheet(db, P, "008", "A", "peer", grid())
    enter_sheet(db, P, "008", "B", "peer", grid())
    void_sheet(db, P, "008")
    assert compare_entries(db, P).agreed == [] and _staged(db) == 0
    with pytest.raises(PaperError, match="already void"):
        count_sheet(db, P, "008")
    void_sheet(db, P, "009")  # a spoilt sheet never keyed can be voided too
    assert db.query_df("SELECT sheet_no, status FROM paper_sheet ORDER BY sheet_no").to_dict(
        "list"
    ) == {"sheet_no": ["008", "009"], "status": ["void", "void"]}
    assert _ballots(db) == []


def test_rekeying_by_the_same_clerk_replaces_the_entry(db):
    enter_sheet(db, P, "012", "A", "peer", grid("competent"))
    enter_sheet(db, P, "012", "B", "peer", grid("excellent"))
    enter_sheet(db, P, "012", "A", "peer", grid("excellent"))
    assert compare_entries(db, P).agreed == ["012"]


def test_failure_while_counting_leaves_the_sheet_open(db, monkeypatch):
    for clerk in "AB":
        enter_sheet(db, P, "013", clerk, "peer", grid())

    def broken(cur, phase_id, sheet_no, status):
        raise RuntimeError("power cut")

    monkeypatch.setattr("storage.paper.close_sheet", broken)
    with pytest.raises(RuntimeError):
        count_sheet(db, P, "013")
    assert _ballots(db) == [] and _staged(db) == 2
    assert db.query_df("SELECT count(*) AS n FROM answer")["n"].iloc[0] == 0


@pytest.mark.parametrize(
    ("clerk", "group", "answers", "sheet", "message"),
    [
        ("C", "peer", grid(), "1", "clerk"),
        ("A", "self", grid(), "1", "paper ballots are for"),
        ("A", "peer", [], "1", "no marks"),
        ("A", "peer", grid(), " ", "printed number"),
    ],
)
def test_bad_entries_are_refused(db, clerk, group, answers, sheet, message):
    with pytest.raises(PaperError, match=message):
        enter_sheet(db, P, sheet, clerk, group, answers)


def test_unknown_phase_is_refused(db):
    with pytest.raises(PaperError, match="no phase"):
        enter_sheet(db, "nope", "1", "A", "peer", grid())
