"""The demo world follows the platform's model: one campaign per survey family, a phase uses
exactly one definition version, every ballot of a phase answers it, and the try-it tokens open
the open phases."""

import json

import pandas as pd
import pytest

import demo
from campaign.respondent import open_session
from campaign.settings import CampaignSettings
from campaign.tokens import load_server_key, lookup, token_hash
from storage import demo as demo_store
from storage import filling, monitoring

# family -> (phase kind, definition) in seq order
LAYOUT = {
    "achievement": [
        ("year_start", "achievement_view_360"),
        ("mid_year", "achievement_view_360"),
        ("year_end", "achievement_view_360"),
    ],
    "commitment": [
        ("year_start", "commitment_pledge"),
        ("mid_year", "commitment_midyear"),
        ("year_end", "commitment_yearend"),
    ],
    "public": [("mid_year", "public_satisfaction"), ("year_end", "public_satisfaction")],
    "democratic": [("single", "democratic_assessment")],
}
STATUS = {"year_start": "closed", "mid_year": "closed", "year_end": "open", "single": "closed"}


@pytest.fixture(params=["tiny", "world"])
def any_world(request):
    return request.getfixturevalue(request.param)


def _families(db):
    """campaign_id -> family, from the phases each campaign holds (not from the truth file)."""
    phases = demo_store.table_frame(db, "phase").sort_values(["campaign_id", "seq"])
    shape = {
        c: list(zip(g["kind"], g["definition_id"], strict=True))
        for c, g in phases.groupby("campaign_id")
    }
    by_shape = {tuple(v): k for k, v in LAYOUT.items()}
    return {c: by_shape.get(tuple(v)) for c, v in shape.items()}


def test_one_campaign_per_survey_family_same_year(any_world):
    db, summary = any_world
    families = _families(db)
    assert sorted(f for f in families.values() if f) == sorted(LAYOUT)
    assert None not in families.values()
    campaigns = demo_store.table_frame(db, "campaign")
    assert campaigns["year"].nunique() == 1 and campaigns["launched"].all()
    phases = demo_store.table_frame(db, "phase")
    assert (phases["status"] == phases["kind"].map(STATUS)).all()
    assert (
        phases.groupby("campaign_id")["seq"]
        .apply(lambda s: sorted(s))
        .map(lambda s: s == list(range(1, len(s) + 1)))
        .all()
    )
    truth = {c["campaign_id"]: c["family"] for c in summary.truth["campaigns"]}
    assert truth == families


def test_campaign_names_follow_the_locale(tiny, world):
    zh = demo_store.table_frame(tiny[0], "campaign")["name"]
    en = demo_store.table_frame(world[0], "campaign")["name"]
    assert zh.str.contains("政绩观").any() and zh.str.contains("民主测评").any()
    assert en.str.contains("360").any() and not en.str.contains("[\u4e00-\u9fff]").any()


def test_settings_are_valid_with_weights_and_tally_rules(any_world):
    db, _ = any_world
    families = _families(db)
    for row in demo_store.table_frame(db, "campaign").itertuples():
        settings = CampaignSettings.from_json(row.settings)
        assert settings.to_json() == row.settings and settings.group_weights
        rules = {(r.metric, r.op) for r in settings.tally_rules}
        if families[row.campaign_id] == "democratic":
            assert rules == {("incompetent_share", ">"), ("competent_or_better_share", "<")}
        else:
            assert rules == set()


def test_every_ballot_answers_its_phase_definition_version(any_world):
    db, _ = any_world
    ballots = demo_store.table_frame(db, "ballot").merge(
        demo_store.table_frame(db, "phase"), on="phase_id", suffixes=("", "_phase")
    )
    assert len(ballots) == len(demo_store.table_frame(db, "ballot"))
    assert (ballots["definition_id"] == ballots["definition_id_phase"]).all()
    assert (ballots["definition_version"] == ballots["definition_version_phase"]).all()
    refs = demo_store.dangling_references(db)
    assert refs["ballot.phase_definition"] == refs["ballot_slot.phase_definition"] == 0


def test_assignments_and_invitations_are_per_phase(any_world):
    db, _ = any_world
    refs = demo_store.dangling_references(db)
    assert refs["assignment.phase"] == 0 and refs["assignment.relationship"] == 0
    invitations = demo_store.table_frame(db, "invitation")
    phases = demo_store.table_frame(db, "phase").set_index("phase_id")
    meeting = invitations[invitations["kind"] == "meeting"]
    assert meeting["meeting_id"].notna().all() and meeting["rater_id"].isna().all()
    assert set(phases.loc[meeting["phase_id"], "definition_id"]) == {"democratic_assessment"}
    personal = invitations[invitations["kind"] == "personal"]
    assert personal["meeting_id"].isna().all()
    assert not personal.duplicated(["phase_id", "rater_id"]).any()
    # the 民主测评 has personal grid ballots (superiors) and meeting ballots
    ballots = demo_store.table_frame(db, "ballot")
    grid = ballots[ballots["definition_id"] == "democratic_assessment"]
    assert set(grid["source"]) == {"online", "meeting"}
    assert set(grid.loc[grid["source"] == "online", "rater_group"]) == {"superior"}


def test_commitment_ratings_name_commitments_of_that_subject_and_campaign(any_world):
    db, _ = any_world
    answers = demo_store.ballot_answers(db)
    phases = demo_store.table_frame(db, "phase")[["phase_id", "campaign_id"]]
    commitments = demo_store.table_frame(db, "commitment")
    family = _families(db)
    assert set(commitments["campaign_id"].map(family)) == {"commitment"}
    commit_defs = ("commitment_pledge", "commitment_midyear", "commitment_yearend")
    rated = answers[
        answers["definition_id"].isin(commit_defs)
        & answers["item_id"].isin(_commitment_items(commit_defs))
    ].merge(phases, on="phase_id")
    assert len(rated) > 50 and set(rated["definition_id"]) == set(commit_defs)
    known = rated.merge(
        commitments.rename(columns={"commitment_id": "row_id"}),
        on=["row_id", "subject_id", "campaign_id"],
        how="left",
        indicator=True,
    )
    assert (known["_merge"] == "both").all()


def _commitment_items(definition_ids):
    from survey_engine import load_template

    return {
        item.id
        for d in definition_ids
        for item in load_template(d).all_items()
        if item.type == "commitment"
    }


def test_kpi_scores_belong_to_the_360_campaign(any_world):
    db, _ = any_world
    family = _families(db)
    kpi = demo_store.table_frame(db, "kpi_score")
    assert set(kpi["campaign_id"].map(family)) == {"achievement"}
    phases = demo_store.table_frame(db, "phase")
    kinds = set(phases.loc[phases["campaign_id"].isin(kpi["campaign_id"]), "kind"])
    assert set(kpi["phase_kind"]) <= kinds and len(set(kpi["phase_kind"])) >= 2


def test_try_tokens_open_each_open_phase_and_meta_says_which(any_world):
    db, summary = any_world
    seed = summary.seed
    tokens = demo.try_tokens(db, seed)
    where = demo.try_token_phases(db)
    assert [w["token_index"] for w in where] == list(range(len(tokens)))
    meta = demo_store.demo_meta(db)
    assert json.loads(meta["demo_try_token_phases"]) == where
    assert not any(t in meta["demo_try_token_phases"] for t in tokens)
    key = load_server_key(db.path)
    phases = demo_store.table_frame(db, "phase").set_index("phase_id")
    names = demo_store.table_frame(db, "campaign").set_index("campaign_id")["name"]
    family = _families(db)
    for token, w in zip(tokens, where, strict=True):
        assert lookup(db, key, token) == "valid"
        inv = filling.find_invitation(db, token_hash(key, token))
        phase = phases.loc[inv.phase_id]
        assert (w["phase_id"], w["phase_kind"], w["campaign_id"]) == (
            inv.phase_id,
            phase["kind"],
            phase["campaign_id"],
        )
        assert phase["status"] == "open" and w["campaign"] == names[phase["campaign_id"]]
        assert family[phase["campaign_id"]] == w["family"]
        session = open_session(db, key, token, f"test-{w['token_index']}")
        assert session.definition_id == phase["definition_id"] and session.pending
    open_phases = set(phases.index[phases["status"] == "open"])
    assert {w["phase_id"] for w in where} == open_phases
    assert {(w["family"], w["phase_kind"]) for w in where} >= {
        ("achievement", "year_end"),
        ("commitment", "year_end"),
    }


def test_open_phases_have_partial_responses(world):
    db, _ = world
    counts = pd.concat(
        [
            monitoring.counts_by_phase(db, c)
            for c in demo_store.table_frame(db, "campaign")["campaign_id"]
        ]
    )  # sealed phases: from phase_count; open ones: from the register
    done = counts.groupby("status")[["done", "assigned"]].sum()
    share = done["done"] / done["assigned"]
    assert 0.3 < share["open"] < 0.8 and share["closed"] > 0.85


def test_declining_cadres_decline_within_the_360_campaign(world):
    db, summary = world
    answers = demo_store.ballot_answers(db)
    rows = answers[
        (answers["definition_id"] == "achievement_view_360")
        & answers["option_id"].isna()
        & answers["value_num"].notna()
        & (answers["rater_group"] != "self")
    ]
    campaigns = rows.merge(demo_store.table_frame(db, "phase"), on="phase_id")["campaign_id"]
    assert campaigns.nunique() == 1
    assert (
        pd.Series(summary.truth["subjects"]["planted"]["declining"]).isin(rows["subject_id"]).all()
    )
