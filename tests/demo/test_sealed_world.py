"""The demo world is stored as the platform stores its own (docs/ANONYMITY.md): closed phases
sealed (ballot units, register cleared, counts kept), open phases in their ballot box."""

import json

import pytest

import demo
from campaign.tokens import load_server_key, token_hash
from storage import ballot_box, monitoring
from storage import demo as demo_store
from survey_engine import load_template


@pytest.fixture(params=["tiny", "world"])
def any_world(request):
    return request.getfixturevalue(request.param)


def _phases(db, status):
    phases = demo_store.table_frame(db, "phase").merge(
        demo_store.table_frame(db, "campaign")[["campaign_id", "settings"]], on="campaign_id"
    )
    return phases[phases["status"] == status]


def _ballot_sets(db, phase_id):
    ballots = demo_store.table_frame(db, "ballot")
    answers = demo_store.table_frame(db, "answer")
    mine = ballots[ballots["phase_id"] == phase_id]
    sets = (
        answers[answers["ballot_id"].isin(mine["ballot_id"])]
        .groupby("ballot_id")["subject_id"]
        .agg(lambda s: tuple(sorted(set(s))))
        .rename("subjects")
    )
    return mine.join(sets, on="ballot_id")


def test_every_linked_subject_set_of_a_sealed_phase_is_shared_by_k_ballots(any_world):
    db, _ = any_world
    multi = 0
    for phase in _phases(db, "closed").itertuples():
        k = ballot_box.thresholds_of(phase.settings)
        ballots = _ballot_sets(db, phase.phase_id)
        assert ballots["subjects"].notna().all()  # no ballot without answers
        linked = ballots[
            ballots["source"].isin(ballot_box.LINKABLE_SOURCES) & (ballots["subjects"].map(len) > 1)
        ]
        shared = linked.groupby(["rater_group", "subjects"]).size()
        for (group, _subjects), n in shared.items():
            assert n >= k[group], (phase.phase_id, group, n)
        multi += len(linked)
        # the sealing check changes nothing any more
        answers = demo_store.table_frame(db, "answer")
        answers = answers[answers["ballot_id"].isin(ballots["ballot_id"])]
        kept, _ = ballot_box.split_small_units(ballots.drop(columns="subjects"), answers, k)
        assert set(kept["ballot_id"]) == set(ballots["ballot_id"])
    assert multi > 0  # the meeting grids of the 民主测评 stay whole


def test_grids_that_would_single_out_their_rater_are_split(tiny):
    db, _ = tiny
    (phase,) = _phases(db, "closed").query("definition_id == 'democratic_assessment'").itertuples()
    ballots = _ballot_sets(db, phase.phase_id)
    superiors = ballots[ballots["rater_group"] == "superior"]
    assert len(superiors) > 0 and (superiors["subjects"].map(len) == 1).all()
    meeting = ballots[ballots["source"] == "meeting"]
    assert (meeting["subjects"].map(len) == 1).any() and (meeting["subjects"].map(len) > 1).any()


def test_the_register_of_a_sealed_phase_is_reduced_to_counts(any_world):
    db, _ = any_world
    invitations = demo_store.table_frame(db, "invitation")
    assignments = demo_store.table_frame(db, "assignment")
    counts = demo_store.table_frame(db, "phase_count")
    ballots = demo_store.table_frame(db, "ballot")
    for phase in _phases(db, "closed").itertuples():
        mine = invitations[invitations["phase_id"] == phase.phase_id]
        assert mine["finished"].isna().all() and mine["token_hash"].str.startswith("sealed:").all()
        assert assignments.loc[assignments["phase_id"] == phase.phase_id, "done"].isna().all()
        views = set(counts.loc[counts["phase_id"] == phase.phase_id, "view"])
        assert views == set(monitoring.VIEWS)
        (row,) = (
            monitoring.counts_by_phase(db, phase.campaign_id)
            .query("phase_id == @phase.phase_id")
            .itertuples()
        )
        assert (
            row.status == "closed"
            and 0 < row.done <= row.assigned
            and row.invited == len(mine[~mine["revoked"]])
        )
        if load_template(phase.definition_id).subject_mode == "single":
            by_group = monitoring.assignment_counts_by_group(db, phase.phase_id)
            per_group = ballots[ballots["phase_id"] == phase.phase_id].groupby("rater_group").size()
            assert by_group.set_index("rater_group")["done"].to_dict() == per_group.to_dict()


def test_open_phases_keep_their_ballots_in_the_box_and_their_register(any_world):
    db, summary = any_world
    ballots = demo_store.table_frame(db, "ballot")
    slots = demo_store.table_frame(db, "ballot_slot")
    invitations = demo_store.table_frame(db, "invitation")
    assignments = demo_store.table_frame(db, "assignment")
    key = load_server_key(db.path)
    tried = {token_hash(key, t) for t in demo.try_tokens(db, summary.seed)}
    open_phases = _phases(db, "open")
    assert len(open_phases) == 3
    for phase in open_phases.itertuples():
        assert phase.phase_id not in set(ballots["phase_id"])
        mine = slots[slots["phase_id"] == phase.phase_id]
        assert sorted(mine["slot_no"]) == list(range(len(mine)))
        payloads = mine["payload"].dropna().tolist()
        decoded_b, decoded_a = ballot_box.decode(phase.phase_id, payloads)
        assert len(decoded_b) > 0 and set(decoded_b["source"]) == {"online"}
        assert set(decoded_b["definition_id"]) == {phase.definition_id}
        assert (decoded_a.groupby("ballot_id")["subject_id"].nunique() == 1).all()  # single
        assert {json.loads(p)["v"] for p in payloads} == {phase.definition_version}
        # the register keeps its flags: one ballot per done assignment, free slots for the rest
        reg = assignments[assignments["phase_id"] == phase.phase_id]
        inv = invitations[invitations["phase_id"] == phase.phase_id]
        assert reg["done"].notna().all() and inv["finished"].notna().all()
        assert int(reg["done"].sum()) == len(payloads)
        inv_open = inv[~inv["finished"] & ~inv["revoked"]]["invitation_id"]
        capacity = int((~reg["done"] & reg["invitation_id"].isin(inv_open)).sum())
        assert mine["payload"].isna().sum() == capacity + ballot_box.SLOT_MARGIN
        assert tried & set(inv["token_hash"])  # the try-it tokens of this phase still work
