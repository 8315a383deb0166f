"""The respondent path: sessions, submit, idempotence, concurrency, drafts, bad tokens."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest

from campaign import drafts, respondent, tokens
from campaign.ratelimit import RateLimited, RateLimiter
from tests.campaign.conftest import boxed, make_answers


def test_open_session_shows_queue_groups_and_definition(world):
    session = respondent.open_session(world.db, world.key, world.tokens["r_a"], "ip-1")
    assert session.state == "valid" and session.kind == "personal"
    assert session.phase_id == world.phase_id
    assert (session.definition_id, session.definition_version) == ("dm", 1)
    assert session.rater_groups == ("peer", "self", "subordinate")
    assert [q.subject_id for q in session.queue] == ["s_a", "s_b", "s_head"]
    assert not any(q.done for q in session.queue)


def test_token_is_case_and_dash_insensitive(world):
    typed = world.tokens["r_a"].replace("-", " ").lower()
    assert respondent.open_session(world.db, world.key, typed, "ip-1").state == "valid"


def test_submit_stores_one_ballot_per_group_and_marks_done(world):
    token = world.tokens["r_a"]
    result = respondent.submit(
        world.db, world.key, token, ["s_b", "s_head"], make_answers(["s_b", "s_head"])
    )
    assert result == respondent.SubmitResult("submitted", 2, False)
    ballots, _ = boxed(world.db)
    assert sorted(ballots["rater_group"]) == ["peer", "subordinate"]
    assert set(ballots["source"]) == {"online"}
    assert world.db.query_df("SELECT count(*) AS n FROM ballot")["n"][0] == 0  # box only
    session = respondent.open_session(world.db, world.key, token, "ip-1")
    assert [q.subject_id for q in session.pending] == ["s_a"]


def test_last_submit_finishes_invitation(world):
    token = world.tokens["r_b"]
    result = respondent.submit(
        world.db, world.key, token, ["s_head", "s_a"], make_answers(["s_head", "s_a"])
    )
    assert result.finished
    assert tokens.lookup(world.db, world.key, token) == "finished"
    assert respondent.open_session(world.db, world.key, token, "ip").state == "finished"


def test_double_submit_stores_one_ballot(world):
    token = world.tokens["r_b"]
    answers = make_answers(["s_a"])
    first = respondent.submit(world.db, world.key, token, ["s_a"], answers)
    second = respondent.submit(world.db, world.key, token, ["s_a"], answers)
    assert first.status == "submitted"
    assert second.status == "already_submitted"
    assert len(boxed(world.db)[0]) == 1


def test_concurrent_submits_store_one_ballot(world):
    token = world.tokens["r_c"]
    subjects = ["s_head", "s_a", "s_b"]
    results, errors = [], []
    barrier = threading.Barrier(6)

    def run() -> None:
        barrier.wait()
        try:
            results.append(
                respondent.submit(world.db, world.key, token, subjects, make_answers(subjects))
            )
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(r.status for r in results) == ["already_submitted"] * 5 + ["submitted"]
    ballots, answers = boxed(world.db)
    # r_c's peer set {s_a, s_b} is shared by two invitations only (k = 3): one ballot a subject
    assert ballots["rater_group"].value_counts().to_dict() == {"peer": 2, "subordinate": 1}
    assert len(answers) == 3 * 3


def test_overlapping_partial_submit_is_refused(world):
    token = world.tokens["r_c"]
    respondent.submit(world.db, world.key, token, ["s_a"], make_answers(["s_a"]))
    with pytest.raises(respondent.SubmitError, match="already submitted"):
        respondent.submit(world.db, world.key, token, ["s_a", "s_b"], make_answers(["s_a", "s_b"]))


@pytest.mark.parametrize(
    ("subjects", "answer_subjects", "message"),
    [
        (["s_a"], ["s_b"], "not being submitted"),
        (["s_a", "s_b"], ["s_a"], "no answers"),
        (["s_b"], ["s_b"], "not assigned"),
        ([], [], "at least one"),
    ],
)
def test_submit_rejects_mismatched_answers(world, subjects, answer_subjects, message):
    with pytest.raises(respondent.SubmitError, match=message):
        respondent.submit(
            world.db, world.key, world.tokens["r_b"], subjects, make_answers(answer_subjects)
        )
    assert world.db.query_df("SELECT count(*) AS n FROM ballot")["n"][0] == 0


def test_validator_runs_before_anything_is_written(world):
    def reject(answers):
        raise ValueError("q_overall is required")

    with pytest.raises(ValueError, match="required"):
        respondent.submit(
            world.db,
            world.key,
            world.tokens["r_b"],
            ["s_a"],
            make_answers(["s_a"]),
            validate=reject,
        )
    assert world.db.query_df("SELECT count(*) AS n FROM ballot")["n"][0] == 0


def test_wrong_tokens_are_rate_limited_per_client(world):
    clock = [0.0]
    limiter = RateLimiter(max_failures=3, window=60, clock=lambda: clock[0])
    wrong = tokens.generate_token()
    for _ in range(3):
        with pytest.raises(tokens.TokenError):
            respondent.open_session(world.db, world.key, wrong, "ip-9", limiter=limiter)
    with pytest.raises(RateLimited, match="try again in 60 seconds"):
        respondent.open_session(world.db, world.key, world.tokens["r_a"], "ip-9", limiter=limiter)
    # another client is not affected; after the window the first may try again
    respondent.open_session(world.db, world.key, world.tokens["r_a"], "ip-8", limiter=limiter)
    clock[0] = 61
    respondent.open_session(world.db, world.key, world.tokens["r_a"], "ip-9", limiter=limiter)


def test_expired_token_is_refused(world):
    later = datetime.now() + timedelta(days=15)
    with pytest.raises(tokens.TokenError) as caught:
        respondent.open_session(world.db, world.key, world.tokens["r_a"], "ip", now=later)
    assert caught.value.state == "expired"
    with pytest.raises(tokens.TokenError):
        respondent.submit(
            world.db, world.key, world.tokens["r_b"], ["s_a"], make_answers(["s_a"]), now=later
        )


def test_revoked_token_is_refused(world):
    tokens.revoke(world.db, world.key, world.tokens["r_a"])
    with pytest.raises(tokens.TokenError) as caught:
        respondent.open_session(world.db, world.key, world.tokens["r_a"], "ip")
    assert caught.value.state == "revoked"


def test_closed_phase_refuses_submissions(world):
    from storage import campaigns

    token = world.tokens["r_a"]
    campaigns.close_phase(world.db, world.phase_id)
    # a sealed phase keeps nothing derivable from a token: the code is simply not known
    assert tokens.lookup(world.db, world.key, token) == "unknown"
    with pytest.raises(tokens.TokenError):
        respondent.submit(world.db, world.key, token, ["s_a"], make_answers(["s_a"]))


def test_draft_resumes_from_a_second_session_and_is_deleted_on_final_submit(world):
    token = world.tokens["r_b"]
    drafts.save_draft(world.db, world.key, token, {"s_a": {"q_overall": "competent"}})
    other_device = token.lower().replace("-", "")
    respondent.open_session(world.db, world.key, other_device, "phone")
    assert drafts.load_draft(world.db, world.key, other_device) == {
        "s_a": {"q_overall": "competent"}
    }
    respondent.submit(
        world.db, world.key, token, ["s_head", "s_a"], make_answers(["s_head", "s_a"])
    )
    assert world.db.query_df("SELECT count(*) AS n FROM draft")["n"][0] == 0
    assert drafts.load_draft(world.db, world.key, token) is None


def test_unknown_token_at_submit_counts_against_the_client(world):
    limiter = RateLimiter(max_failures=1, window=60, clock=lambda: 0.0)
    with pytest.raises(tokens.TokenError):
        respondent.submit(
            world.db,
            world.key,
            tokens.generate_token(),
            ["s_a"],
            make_answers(["s_a"]),
            client_id="ip-7",
            limiter=limiter,
        )
    with pytest.raises(RateLimited):
        respondent.open_session(world.db, world.key, world.tokens["r_a"], "ip-7", limiter=limiter)


def test_many_raters_submitting_at_once_all_succeed(world):
    from tests.campaign.conftest import RELATIONS

    errors = []
    barrier = threading.Barrier(len(RELATIONS))

    def run(rater: str) -> None:
        subjects = [s for s, _ in RELATIONS[rater]]
        barrier.wait()
        try:
            result = respondent.submit(
                world.db, world.key, world.tokens[rater], subjects, make_answers(subjects)
            )
            assert result.finished
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(r,)) for r in RELATIONS]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert world.db.query_df("SELECT count(*) AS n FROM invitation WHERE finished")["n"][0] == 5
