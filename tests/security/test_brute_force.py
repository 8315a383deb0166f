"""Guessing: sign-in names and passwords back off per name and per client address; invitation
codes are limited per client. Both refuse even the right secret while the wait lasts."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from campaign import respondent, tokens
from campaign.ratelimit import RateLimited, RateLimiter
from security import audit
from security.passwords import hash_password
from security.signin import FREE_FAILURES, authenticate
from storage import accounts
from storage.db import Database
from tests.world import build_small_world

PASSWORD = "the-right-pass-phrase"


@pytest.fixture
def db():
    database = Database(":memory:")
    accounts.create_account(database, "li", display_name="Li", roles=[("reviewer", "")],
                            password_hash=hash_password(PASSWORD))  # fmt: skip
    yield database
    database.close()


def _age(db, key: str) -> None:
    """Let the wait of ``key`` run out (as the clock would)."""
    failures, _ = accounts.throttle_state(db, key)
    accounts.throttle_fail(db, key, failures, datetime.now() - timedelta(seconds=1))


def test_after_the_free_failures_even_the_right_password_waits(db):
    for _ in range(FREE_FAILURES):
        assert authenticate(db, "li", "guess", client="c1").reason == "bad"
    locked = authenticate(db, "li", PASSWORD, client="c1")
    assert locked.principal is None and locked.reason == "locked"
    # the base wait, counted from the last failure: less by however long this machine took since
    # (CI under load: 28 s), never more
    assert 0 < locked.wait <= 30
    _age(db, "name:li")
    assert authenticate(db, "li", PASSWORD, client="c1").principal.account_id == "li"
    assert accounts.throttle_state(db, "name:li") == (0, None)  # a success clears the count


def test_each_failure_past_the_free_ones_doubles_the_wait(db):
    waits = []
    for _ in range(FREE_FAILURES + 3):
        authenticate(db, "li", "guess")
        _, until = accounts.throttle_state(db, "name:li")
        waits.append(0 if until is None else (until - datetime.now()).total_seconds())
        _age(db, "name:li") if until else None
    assert waits[: FREE_FAILURES - 1] == [0] * (FREE_FAILURES - 1)
    ratios = [
        b / a for a, b in zip(waits[FREE_FAILURES - 1 :], waits[FREE_FAILURES:], strict=False)
    ]
    assert all(1.8 < r < 2.2 for r in ratios), waits


def test_an_unknown_name_answers_like_a_wrong_password_and_is_throttled_too(db):
    for _ in range(FREE_FAILURES):
        assert authenticate(db, "nobody", "x").reason == "bad"
    assert authenticate(db, "nobody", "x").reason == "locked"


def test_one_address_trying_many_names_is_throttled(db):
    for i in range(20):
        authenticate(db, f"name{i}", "x", client="ip:10.0.0.9")
    result = authenticate(db, "li", PASSWORD, client="ip:10.0.0.9")
    assert result.reason == "locked"
    assert authenticate(db, "li", PASSWORD, client="ip:10.0.0.10").principal is not None


def test_a_disabled_account_cannot_sign_in_with_its_password(db):
    accounts.set_disabled(db, "li", True)
    assert authenticate(db, "li", PASSWORD).reason == "bad"


def test_sign_in_outcomes_are_audited_without_the_password(db):
    authenticate(db, "li", "wrong-guess-123")
    authenticate(db, "li", PASSWORD)
    for _ in range(FREE_FAILURES):
        authenticate(db, "li", "wrong-guess-123")
    authenticate(db, "li", PASSWORD)
    logged = audit.events(db)
    assert {"signin.failed", "signin.ok", "signin.locked"} <= set(logged["kind"])
    text = logged.to_csv()
    assert "wrong-guess-123" not in text and PASSWORD not in text


def test_wrong_codes_are_limited_per_client_and_then_even_a_valid_code_waits(tmp_path):
    db = Database(tmp_path / "codes.duckdb")
    key = tokens.load_server_key(db.path)
    world = build_small_world(db, key)
    valid = next(iter(world.tokens.values()))
    limiter = RateLimiter(max_failures=5, window=300)
    wrong = tokens.generate_token()
    for _ in range(5):
        with pytest.raises(tokens.TokenError):
            respondent.open_session(db, key, wrong, "ip:1.2.3.4", limiter=limiter)
    with pytest.raises(RateLimited):
        respondent.open_session(db, key, valid, "ip:1.2.3.4", limiter=limiter)
    assert respondent.open_session(db, key, valid, "ip:5.6.7.8", limiter=limiter).pending
    db.close()


def test_a_hall_behind_one_address_is_not_locked_out_but_one_phone_and_the_address_are(tmp_path):
    from campaign.ratelimit import ClientLimiter

    db = Database(tmp_path / "hall.duckdb")
    key = tokens.load_server_key(db.path)
    valid = next(iter(build_small_world(db, key).tokens.values()))
    hall = ClientLimiter(RateLimiter(5, 300), RateLimiter(200, 300))
    for phone in range(150):  # 150 phones behind one NAT address, each mistypes once
        with pytest.raises(tokens.TokenError):
            respondent.open_session(db, key, "WRONG", f"ip:10.1.1.1|session:{phone}", limiter=hall)
    assert respondent.open_session(db, key, valid, "ip:10.1.1.1|session:new", limiter=hall).pending
    for _ in range(5):  # one phone guessing is stopped on its own
        with pytest.raises(tokens.TokenError):
            respondent.open_session(db, key, "WRONG", "ip:10.1.1.1|session:bad", limiter=hall)
    with pytest.raises(RateLimited):
        respondent.open_session(db, key, valid, "ip:10.1.1.1|session:bad", limiter=hall)
    for phone in range(45):  # and the address as a whole has a budget too
        with pytest.raises(tokens.TokenError):
            respondent.open_session(db, key, "WRONG", f"ip:10.1.1.1|session:x{phone}", limiter=hall)
    with pytest.raises(RateLimited):
        respondent.open_session(db, key, valid, "ip:10.1.1.1|session:fresh", limiter=hall)
    db.close()
