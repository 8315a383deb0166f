"""The planted behaviours listed in the truth document are really in the data.

The truth names ballots by id, and only sealed (closed) phases have ballot ids; the checks of
planted raters therefore look at the sealed ballots, the subject plants at all answers (the open
phases' ballots decoded from their ballot boxes)."""

import numpy as np
import pandas as pd
import pytest

from demo import phrases
from storage import demo as demo_store
from survey_engine import items_frame, load_template


@pytest.fixture(scope="module")
def answers(world):
    db, _ = world
    return demo_store.ballot_answers(db)


@pytest.fixture(scope="module")
def ratings(answers):
    """360 likert/matrix ratings, reverse items turned round (higher = better)."""
    items = items_frame(load_template("achievement_view_360"))
    reverse = set(items.loc[items["reverse"].astype(bool), "item_id"])
    out = answers[
        (answers["definition_id"] == "achievement_view_360")
        & answers["option_id"].isna()
        & answers["value_num"].notna()
    ].copy()
    out["v"] = np.where(out["item_id"].isin(reverse), 6 - out["value_num"], out["value_num"])
    return out


@pytest.fixture(scope="module")
def sealed(ratings):
    """The ratings of sealed ballots (those the truth can name)."""
    return ratings[ratings["sealed"]]


@pytest.fixture(scope="module")
def truth(world):
    return world[1].truth


def _ids(entries):
    return {b for entry in entries for b in entry["ballot_ids"]}


def _scale_rows(answers, ballot_ids):
    rows = answers[answers["ballot_id"].isin(ballot_ids)]
    return rows[rows["option_id"].isna() & rows["value_num"].notna()]


def test_careless_respondents_at_about_ten_percent(answers, truth):
    careless = sum(len(v) for v in truth["careless"].values())
    assert 0.07 <= careless / truth["careless_base"] <= 0.13  # Meade & Craig (2012)
    named = _ids(e for v in truth["careless"].values() for e in v)
    sealed = set(answers.loc[answers["sealed"] & (answers["source"] == "online"), "ballot_id"])
    assert named <= sealed  # every named ballot is a sealed online one


def test_the_truth_names_sealed_phases_only(world, truth):
    db, _ = world
    phases = demo_store.table_frame(db, "phase").set_index("phase_id")["status"]
    entries = [e for v in truth["careless"].values() for e in v]
    assert {phases[e["phase_id"]] for e in entries} == {"closed"}
    ballots = demo_store.table_frame(db, "ballot")
    for entry in entries:  # one rater's ballots: their phase and group
        mine = ballots[ballots["ballot_id"].isin(entry["ballot_ids"])]
        assert len(mine) == len(entry["ballot_ids"])
        assert set(mine["phase_id"]) == {entry["phase_id"]}
        assert set(mine["rater_group"]) == {entry["rater_group"]}


def test_straight_liners_have_zero_variance_within_each_ballot(answers, truth):
    ids = _ids(truth["careless"]["straight_liner"])
    spread = _scale_rows(answers, ids).groupby("ballot_id")["value_num"].nunique()
    assert len(spread) > 20 and (spread == 1).all()


def test_random_responders_vary_more_than_careful_raters(answers, truth):
    ids = _ids(truth["careless"]["random_responder"])
    sealed = answers.loc[answers["sealed"], "ballot_id"].unique()
    sd = _scale_rows(answers, sealed).groupby("ballot_id")["value_num"].std()
    assert sd[sd.index.isin(ids)].mean() > sd[~sd.index.isin(ids)].mean() + 0.3


def test_colluding_pairs_fill_near_identical_ballots(answers, truth):
    keyed = answers.assign(
        key=answers["subject_id"]
        + answers["item_id"]
        + answers["row_id"].fillna("")
        + answers["option_id"].fillna("")
    )
    by_ballot = keyed.set_index("ballot_id")
    assert truth["colluding_pairs"]
    for pair in truth["colluding_pairs"]:
        same = []
        for a, b in pair["ballot_pairs"]:
            x = by_ballot.loc[[a]].set_index("key")["value_num"]
            y = by_ballot.loc[[b]].set_index("key")["value_num"]
            joined = pd.concat([x, y], axis=1, join="inner").dropna()
            same.append((joined.iloc[:, 0] == joined.iloc[:, 1]).mean())
        assert np.mean(same) > 0.8


def test_ballot_stuffing_exceeds_tokens_issued_with_identical_ballots(world, answers, truth):
    db, _ = world
    (stuffing,) = truth["ballot_stuffing"]
    assert stuffing["ballots_received"] > stuffing["tokens_issued"]
    invitations = demo_store.table_frame(db, "invitation")
    issued = invitations[invitations["meeting_id"] == stuffing["meeting_id"]]
    assert len(issued) == stuffing["tokens_issued"]
    rows = answers[answers["ballot_id"].isin(stuffing["identical_ballot_ids"])]
    shapes = rows.groupby("ballot_id").apply(
        lambda g: tuple(zip(g["subject_id"], g["item_id"], g["option_id"], strict=True))
    )
    assert len(shapes) == stuffing["identical_extra"] and shapes.nunique() == 1


def test_showy_cadres_have_high_kpi_and_low_reputation(world, ratings, truth):
    db, _ = world
    kpi = demo_store.table_frame(db, "kpi_score").merge(
        demo_store.table_frame(db, "kpi_indicator"), on="indicator_id"
    )
    visible = kpi[kpi["kind"] == "visible"].groupby("subject_id")["score"].mean()
    reputation = ratings[ratings["rater_group"] != "self"].groupby("subject_id")["v"].mean()
    for subject in truth["subjects"]["planted"]["showy"]:
        assert visible[subject] > visible.quantile(0.75)
        assert reputation[subject] < reputation.quantile(0.25)
    for subject in truth["subjects"]["planted"]["unsung"]:
        assert visible[subject] < visible.quantile(0.25)
        assert reputation[subject] > reputation.quantile(0.75)


def test_declining_cadres_fall_from_phase_to_phase(ratings, truth):
    by_phase = (
        ratings[ratings["rater_group"] != "self"]
        .groupby(["subject_id", "phase_kind"])["v"]
        .mean()
        .unstack()
    )
    for subject in truth["subjects"]["planted"]["declining"]:
        start, mid, end = by_phase.loc[subject, ["year_start", "mid_year", "year_end"]]
        assert start > mid > end and start - end > 0.5


def test_self_over_and_under_estimators(ratings, truth):
    mean = ratings.groupby(["subject_id", "rater_group"])["v"].mean().unstack()
    others = ratings[ratings["rater_group"] != "self"].groupby("subject_id")["v"].mean()
    gap = mean["self"] - others
    for subject in truth["subjects"]["planted"]["self_over"]:
        assert gap[subject] > gap.median() + 0.25
    for subject in truth["subjects"]["planted"]["self_under"]:
        assert gap[subject] < 0


@pytest.mark.parametrize(("style", "direction"), [("lenient", 1), ("severe", -1)])
def test_lenient_and_severe_raters_shift_their_ratings(sealed, truth, style, direction):
    mine = sealed["ballot_id"].isin(_ids(truth["rater_styles"][style]))
    assert mine.sum() > 100
    assert direction * (sealed.loc[mine, "v"].mean() - sealed.loc[~mine, "v"].mean()) > 0.4


def test_halo_raters_barely_differentiate_items(sealed, truth):
    sd = sealed.groupby("ballot_id")["v"].std()
    halo = sd.index.isin(_ids(truth["rater_styles"]["halo"]))
    assert halo.sum() > 20
    assert sd[halo].mean() < 0.7 * sd[~halo].mean()


def test_negative_signals_of_the_innovator_follow_a_filed_innovation(world, truth):
    db, _ = world
    filings = demo_store.table_frame(db, "innovation_filing")
    signals = demo_store.table_frame(db, "external_signal")
    note = phrases.SIGNAL_NOTES["en"]["innovation"]
    for subject in truth["subjects"]["planted"]["innovation_explained"]:
        filed = filings.loc[filings["subject_id"] == subject, "filed_on"].min()
        mine = signals[(signals["subject_id"] == subject) & (signals["note"] == note)]
        assert set(mine["kind"]) == {"hotline_complaint", "audit_finding"}
        assert (pd.to_datetime(mine["occurred_on"]) > pd.Timestamp(filed)).all()
        monthly = signals[(signals["kind"] == "hotline_complaint")].groupby("subject_id")["value"]
        assert mine["value"].max() > monthly.mean().quantile(0.9)
