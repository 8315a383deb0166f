"""Assignment rules expand into who rates whom (pure functions on DataFrames)."""

from __future__ import annotations

import pandas as pd
import pytest
from pydantic import ValidationError

from campaign import assignment as a

UNITS = pd.DataFrame({"unit_id": ["bureau", "street"], "parent_id": [None, "bureau"]})
SUBJECTS = pd.DataFrame(
    {
        "subject_id": ["chief", "deputy", "street_head", "street_dep"],
        "unit_id": ["bureau", "bureau", "street", "street"],
    }
)
RATERS = pd.DataFrame(
    {
        "rater_id": ["r_chief", "r_deputy", "r_clerk", "r_sh", "r_sd", "r_staff"],
        "unit_id": ["bureau", "bureau", "bureau", "street", "street", "street"],
        "subject_id": ["chief", "deputy", None, "street_head", "street_dep", None],
    }
)
HEADS = pd.DataFrame({"unit_id": ["bureau", "street"], "subject_id": ["chief", "street_head"]})
SERVED = pd.DataFrame({"rater_id": ["citizen"], "unit_id": ["street"]})


def _pairs(frame: pd.DataFrame) -> set[tuple[str, str, str]]:
    return set(frame.itertuples(index=False, name=None))


def _expand(rules, **kwargs):
    return a.expand(
        a.parse_rules(rules),
        subjects=SUBJECTS,
        raters=RATERS,
        units=UNITS,
        unit_heads=HEADS,
        served_by=SERVED,
        **kwargs,
    )


def test_peers_in_unit_excludes_self():
    out = _pairs(_expand([{"rule": "peers_in_unit"}]))
    assert ("r_chief", "chief", "peer") not in out
    assert ("r_clerk", "chief", "peer") in out and ("r_clerk", "deputy", "peer") in out
    assert ("r_staff", "street_dep", "peer") in out
    assert not any(r == "r_clerk" and s.startswith("street") for r, s, _ in out)
    assert len(out) == 2 + 2 + 1 + 1 + 2


def test_superior_rates_team_and_child_unit_heads():
    out = _pairs(_expand([{"rule": "superior_rates_team"}]))
    assert out == {
        ("r_chief", "deputy", "superior"),
        ("r_chief", "street_head", "superior"),
        ("r_sh", "street_dep", "superior"),
    }


def test_subordinates_rate_head():
    out = _pairs(_expand([{"rule": "subordinates_rate_head", "include_child_unit_heads": False}]))
    assert out == {
        ("r_deputy", "chief", "subordinate"),
        ("r_clerk", "chief", "subordinate"),
        ("r_sd", "street_head", "subordinate"),
        ("r_staff", "street_head", "subordinate"),
    }
    with_children = _pairs(_expand([{"rule": "subordinates_rate_head"}]))
    assert ("r_sh", "chief", "subordinate") in with_children


def test_self_and_public_rules():
    out = _pairs(_expand([{"rule": "self"}, {"rule": "public_served_by"}]))
    assert {
        ("r_chief", "chief", "self"),
        ("citizen", "street_head", "public"),
        ("citizen", "street_dep", "public"),
    } <= out
    assert len(out) == 4 + 2


def test_most_specific_group_wins_and_output_is_unique():
    out = _expand(
        [
            {"rule": "peers_in_unit"},
            {"rule": "superior_rates_team"},
            {"rule": "subordinates_rate_head"},
            {"rule": "self"},
        ]
    )
    assert not out.duplicated(["rater_id", "subject_id"]).any()
    pairs = _pairs(out)
    assert ("r_chief", "deputy", "superior") in pairs
    assert ("r_deputy", "chief", "subordinate") in pairs
    assert ("r_chief", "chief", "self") in pairs
    assert list(out.columns) == ["rater_id", "subject_id", "rater_group"]


def test_inputs_are_not_modified():
    before = RATERS.copy()
    _expand([{"rule": "peers_in_unit"}, {"rule": "subordinates_rate_head"}])
    pd.testing.assert_frame_equal(RATERS, before)


def test_no_rules_give_an_empty_frame():
    out = a.expand([], subjects=SUBJECTS, raters=RATERS)
    assert out.empty and list(out.columns) == a.OUTPUT_COLUMNS


@pytest.mark.parametrize(
    ("rules", "missing"),
    [
        ([{"rule": "public_served_by"}], "served_by"),
        ([{"rule": "superior_rates_team"}], "unit_heads"),
    ],
)
def test_rules_say_which_input_they_need(rules, missing):
    with pytest.raises(ValueError, match=missing):
        a.expand(a.parse_rules(rules), subjects=SUBJECTS, raters=RATERS)


def test_unknown_rule_is_a_validation_error():
    with pytest.raises(ValidationError):
        a.parse_rules([{"rule": "everyone_rates_everyone"}])
