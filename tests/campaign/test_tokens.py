"""Tokens: format, normalisation, keyed hashes, server key file, issue, revoke, re-issue."""

from __future__ import annotations

import math
import os
import stat
from datetime import datetime, timedelta

import pytest

from campaign import tokens
from campaign.ratelimit import RateLimited, RateLimiter


def test_token_has_at_least_128_bits_and_groups_of_four():
    token = tokens.generate_token()
    groups = token.split("-")
    assert [len(g) for g in groups] == [4] * 7
    assert tokens.TOKEN_CHARS * math.log2(len(tokens.ALPHABET)) >= 128
    assert len({tokens.generate_token() for _ in range(1000)}) == 1000


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("abcd-efgh-jkmn-pqrs-tvwx-yz01-2345", "ABCDEFGHJKMNPQRSTVWXYZ012345"),
        ("ABCD EFGH JKMN PQRS TVWX YZ01 2345", "ABCDEFGHJKMNPQRSTVWXYZ012345"),
        ("abcdefghjkmnpqrstvwxyzo1l345", "ABCDEFGHJKMNPQRSTVWXYZ011345"),
        ("too-short", None),
        ("UUUU-EFGH-JKMN-PQRS-TVWX-YZ01-2345", None),
    ],
)
def test_normalize_token(typed, expected):
    assert tokens.normalize_token(typed) == expected


def test_keyed_hashes_differ_by_purpose_and_key():
    token = tokens.generate_token()
    key, other = b"k" * 32, b"o" * 32
    values = {
        tokens.token_hash(key, token),
        tokens.rater_pseudonym(key, token),
        tokens.rater_pseudonym(key, token, "peer"),
        tokens.rater_pseudonym(key, token, "self"),
        tokens.draft_key(key, token),
        tokens.token_hash(other, token),
    }
    assert len(values) == 6
    assert tokens.token_hash(key, token.lower()) == tokens.token_hash(key, token)


def test_server_key_file_created_once_with_0600(tmp_path, monkeypatch):
    monkeypatch.delenv(tokens.ENV_SECRET_KEY, raising=False)
    db_path = tmp_path / "q.duckdb"
    first = tokens.load_server_key(db_path)
    key_file = tmp_path / "q.duckdb.key"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert len(first) == 32
    assert tokens.load_server_key(db_path) == first


def test_server_key_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(tokens.ENV_SECRET_KEY, "x" * 40)
    assert tokens.load_server_key(tmp_path / "q.duckdb") == b"x" * 40
    monkeypatch.setenv(tokens.ENV_SECRET_KEY, "short")
    with pytest.raises(ValueError, match="at least 32"):
        tokens.load_server_key(tmp_path / "q.duckdb")


def test_lookup_states(world):
    token = world.tokens["r_a"]
    assert tokens.lookup(world.db, world.key, token) == "valid"
    assert tokens.lookup(world.db, world.key, tokens.generate_token()) == "unknown"
    assert tokens.lookup(world.db, world.key, "nonsense") == "unknown"
    later = datetime.now() + timedelta(days=30)
    assert tokens.lookup(world.db, world.key, token, now=later) == "expired"
    tokens.revoke(world.db, world.key, token)
    assert tokens.lookup(world.db, world.key, token) == "revoked"


def test_only_token_hashes_are_stored(world):
    stored = set(world.db.query_df("SELECT token_hash FROM invitation")["token_hash"])
    assert stored == {tokens.token_hash(world.key, t) for t in world.tokens.values()}


def test_issue_is_one_invitation_per_rater_and_not_repeated(world):
    again = tokens.issue_phase_tokens(
        world.db, world.key, world.phase_id, expires_at=datetime.now() + timedelta(days=1)
    )
    assert again == []
    n = world.db.query_df("SELECT count(*) AS n FROM assignment")["n"][0]
    assert n == 14


def test_reissue_stops_the_old_token(world):
    old = world.tokens["r_a"]
    new = tokens.reissue(
        world.db, world.key, world.invitations["r_a"], expires_at=datetime.now() + timedelta(days=3)
    )
    assert new.rater_id == "r_a" and new.token != old
    assert tokens.lookup(world.db, world.key, old) == "unknown"
    assert tokens.lookup(world.db, world.key, new.token) == "valid"


def test_reissue_also_lifts_a_revocation(world):
    tokens.revoke_invitation(world.db, world.invitations["r_b"])
    new = tokens.reissue(
        world.db, world.key, world.invitations["r_b"], expires_at=datetime.now() + timedelta(days=3)
    )
    assert tokens.lookup(world.db, world.key, new.token) == "valid"


def test_rate_limiter_sliding_window():
    clock = [100.0]
    limiter = RateLimiter(max_failures=2, window=10, clock=lambda: clock[0])
    limiter.record_failure("a")
    clock[0] = 104
    limiter.record_failure("a")
    with pytest.raises(RateLimited) as caught:
        limiter.check("a")
    assert caught.value.wait_seconds == pytest.approx(6)
    limiter.check("b")
    clock[0] = 110.5  # the first failure has left the window
    limiter.check("a")
    assert limiter.wait_time("a") == 0


def test_rate_limiter_is_thread_safe_and_bounded():
    import threading

    limiter = RateLimiter(max_failures=1000, window=60, max_clients=50)
    threads = [
        threading.Thread(
            target=lambda i=i: [limiter.record_failure(f"c{i % 100}") for _ in range(100)]
        )
        for i in range(20)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(limiter._failures) <= 50
