"""民主测评 tallies and rules: exact boundaries, a published rule, weights, units, anonymity."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from analytics.tallies import evaluate_rules, exact, tally_grades

# A county's annual assessment plan for leading cadres (fsou.net, 领导干部年度考核实施方案):
#   优秀和称职得票率达不到三分之二 -> 诫勉谈话或者组织调整;
#   不称职得票率超过三分之一 -> 免职、责令辞职、降职等组织处理.
# "超过" is strictly more than, "达不到" strictly less than.
PUBLISHED_RULES = [
    {
        "id": "incompetent_over_third",
        "metric": "incompetent_share",
        "op": ">",
        "value": "1/3",
        "action": "flag",
    },
    {
        "id": "competent_under_two_thirds",
        "metric": "competent_or_better_share",
        "op": "<",
        "value": "2/3",
        "action": "flag",
    },
]


def votes(grades: list[str], group: str = "peer", subject: str = "s", start: int = 0):
    return pd.DataFrame(
        {
            "phase_id": "p",
            "subject_id": subject,
            "rater_group": group,
            "ballot_id": [f"{subject}{group}{i}" for i in range(start, start + len(grades))],
            "item_id": "grade",
            "option_id": grades,
            "is_na": False,
        }
    )


def ballot(excellent=0, competent=0, basic=0, incompetent=0, **kw):
    return votes(
        ["excellent"] * excellent
        + ["competent"] * competent
        + ["basically_competent"] * basic
        + ["incompetent"] * incompetent,
        **kw,
    )


@pytest.mark.parametrize(
    ("counts", "expected", "text"),
    [
        # 4 / 12 is exactly one third: not "more than" -> no flag; 8 / 12 = 2/3 reaches 2/3
        ((2, 6, 0, 4), [False, False], "不称职 4 / 12 = 33.3 % > 33.3 %? no"),
        # 5 / 12 = 41.7 % > 1/3 -> flag; 優秀+称职 6 / 12 = 50 % < 2/3 -> flag
        ((2, 4, 1, 5), [True, True], "不称职 5 / 12 = 41.7 % > 33.3 %? yes"),
        # 7 / 12 < 2/3 but 3 / 12 incompetent is fine
        ((1, 6, 2, 3), [False, True], "不称职 3 / 12 = 25.0 % > 33.3 %? no"),
    ],
)
def test_published_rule_at_and_around_the_boundary(counts, expected, text):
    result = evaluate_rules(tally_grades(ballot(*counts), "grade"), PUBLISHED_RULES)
    assert result["triggered"].tolist() == expected
    assert result["arithmetic"].iloc[0] == text


def test_float_one_third_from_campaign_settings_is_exactly_one_third():
    # campaign.settings stores 1/3 as the float 0.3333333333333333 (< 1/3): read exactly
    rule = [{"metric": "incompetent_share", "op": ">", "value": 1 / 3, "action": "flag"}]
    assert not evaluate_rules(tally_grades(ballot(2, 6, 0, 4), "grade"), rule)["triggered"][0]
    assert exact(0.15) == Fraction(3, 20) and exact("0.15") == Fraction(3, 20)
    with pytest.raises(ValueError, match="value"):
        evaluate_rules(tally_grades(ballot(2, 6, 0, 4), "grade"), [{**rule[0], "value": "a"}])


def test_weighted_total_is_exact_where_floats_are_not():
    # peer 1/3 incompetent, subordinate 1/3, public 2/6 with weights .1, .7, .3:
    # exactly 1/3 overall, while float arithmetic lands just above it (0.33333333333333337).
    a = pd.concat(
        [
            ballot(1, 1, 0, 1, group="peer"),
            ballot(1, 1, 0, 1, group="subordinate"),
            ballot(2, 2, 0, 2, group="public"),
        ],
        ignore_index=True,
    )
    w = {"peer": 0.1, "subordinate": 0.7, "public": 0.3}
    floats = (0.1 * (1 / 3) + 0.7 * (1 / 3) + 0.3 * (1 / 3)) / (0.1 + 0.7 + 0.3)
    assert floats > 1 / 3  # the float route would flag this cadre
    t = tally_grades(a, "grade", weights=w)
    rule = [{"metric": "incompetent_share", "op": ">", "value": "1/3", "action": "flag"}]
    out = evaluate_rules(t, rule)
    assert not out["triggered"][0]
    assert (
        out["arithmetic"][0] == "不称职 (0.1×1/3 + 0.7×1/3 + 0.3×2/6) / 1.1 = 33.3 % > 33.3 %? no"
    )
    share = t[(t.rater_group == "all") & (t.grade == "incompetent")]["share"].item()
    assert share == pytest.approx(1 / 3)


def test_shares_match_value_counts_on_random_votes():
    rng = np.random.default_rng(2)
    grades = ["excellent", "competent", "basically_competent", "incompetent"]
    frames = [
        votes(list(rng.choice(grades, int(rng.integers(3, 15)))), group=g, subject=f"s{s}")
        for s in range(20)
        for g in ("peer", "subordinate", "public")
    ]
    answers = pd.concat(frames, ignore_index=True)
    before = answers.copy()
    t = tally_grades(answers, "grade")
    pd.testing.assert_frame_equal(answers, before)
    for (subject, group), grp in answers.groupby(["subject_id", "rater_group"]):
        expect = grp["option_id"].value_counts(normalize=True).reindex(grades, fill_value=0)
        got = t[(t.subject_id == subject) & (t.rater_group == group)].set_index("grade")["share"]
        np.testing.assert_allclose(got[grades], expect[grades], atol=1e-12)
    pooled = answers.groupby("subject_id")["option_id"].value_counts(normalize=True)
    alls = t[t.rater_group == "all"].set_index(["subject_id", "grade"])["share"]
    for (subject, grade), share in pooled.items():
        assert alls[(subject, grade)] == pytest.approx(share)


def test_small_group_is_merged_not_shown_and_abstentions_leave_the_denominator():
    a = pd.concat([ballot(3, 5, 1, 1), ballot(0, 1, 0, 1, group="public")], ignore_index=True)
    a.loc[0, ["option_id", "is_na"]] = [None, True]  # one abstention (弃权) in peer
    t = tally_grades(a, "grade")
    rows = t.groupby("rater_group")["suppressed"].first()
    assert rows["public"] and rows["peer"] and not rows["others_combined"]
    assert t[(t.rater_group == "all")]["n"].iloc[0] == 11  # 9 peer + 2 public


def test_unit_rule_pools_the_units_votes():
    a = pd.concat(
        [
            ballot(2, 8, 2, 0, subject="a"),
            ballot(1, 10, 1, 0, subject="b"),
            ballot(4, 6, 2, 0, subject="c"),
        ],
        ignore_index=True,
    )
    rule = [
        {
            "metric": "unit_excellent_share",
            "op": ">",
            "value": 0.15,
            "action": "warn",
            "scope": "unit",
        }
    ]
    out = evaluate_rules(tally_grades(a, "grade"), rule, units={"a": "u1", "b": "u1", "c": "u2"})
    by_unit = out.set_index("unit_id")
    assert by_unit.loc["u1", "arithmetic"] == "优秀 3 / 24 = 12.5 % > 15.0 %? no"
    assert by_unit.loc["u2", "arithmetic"] == "优秀 4 / 12 = 33.3 % > 15.0 %? yes"
    with pytest.raises(ValueError, match="units"):
        evaluate_rules(tally_grades(a, "grade"), rule)


def test_custom_grades_and_suppressed_subject():
    a = votes(["good", "good", "poor", "fair"])
    t = tally_grades(a, "grade", grades=["good", "fair", "poor"])
    rule = [{"metric": "competent_or_better_share", "op": ">=", "value": "3/4", "action": "info"}]
    assert evaluate_rules(t, rule, grades=["good", "fair", "poor"])["triggered"][0]
    tiny = tally_grades(votes(["excellent", "incompetent"]), "grade")
    res = evaluate_rules(tiny, PUBLISHED_RULES)
    assert res["triggered"].isna().all() and "suppressed" in res["arithmetic"][0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda a: a.drop(columns="option_id"), "'option_id'"),
        (lambda a: a.assign(option_id="great"), "option_id"),
        (lambda a: pd.concat([a, a.head(1)]), "twice"),
        (lambda a: a.assign(item_id="other"), "no vote"),
    ],
)
def test_bad_votes_raise(change, message):
    with pytest.raises(ValueError, match=message):
        tally_grades(change(ballot(1, 2, 0, 1)), "grade")


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"metric": "incompetent_share", "op": "=>", "value": 1, "action": "flag"}, "op"),
        ({"metric": "nonsense", "op": ">", "value": 1, "action": "flag"}, "metric"),
        ({"metric": "incompetent_share", "op": ">", "action": "flag"}, "'value'"),
        (
            {"metric": "excellent_share", "op": ">", "value": 1, "action": "x", "scope": "unit"},
            "unit_",
        ),
    ],
)
def test_bad_rules_raise(rule, message):
    with pytest.raises(ValueError, match=message):
        evaluate_rules(tally_grades(ballot(1, 2, 0, 1), "grade"), [rule])
