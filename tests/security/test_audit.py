"""The audit log: append-only (a hash chain shows edits and removals), every event kind has a
place that records it, and nothing in it ties a ballot to a rater."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from campaign import respondent, tokens
from security import admin, audit
from security.signin import authenticate, change_password, create_account, reset_password
from storage import accounts, campaigns
from storage.db import Database
from tests.anonymity._load import answers_for, build

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db():
    database = Database(":memory:")
    yield database
    database.close()


def test_the_chain_finds_an_edited_and_a_removed_entry(tmp_path):
    db = Database(tmp_path / "a.duckdb")
    for i in range(5):
        audit.record(db, "li", "export", f"phase{i}", what="test")
    assert audit.chain_broken_at(db) is None
    with db.transaction() as cur:  # an admin with the file rewrites history
        cur.execute("UPDATE audit_event SET actor = 'someone' WHERE seq = 3")
    assert audit.chain_broken_at(db) == 3
    with db.transaction() as cur:
        cur.execute("UPDATE audit_event SET actor = 'li' WHERE seq = 3")
        cur.execute("DELETE FROM audit_event WHERE seq = 2")
    assert audit.chain_broken_at(db) == 3
    db.close()


def test_storage_offers_no_way_to_change_or_remove_an_entry():
    source = (ROOT / "storage" / "audit.py").read_text(encoding="utf-8")
    assert not re.search(r"\b(UPDATE|DELETE)\b", source)
    assert "audit_event" not in (ROOT / "storage" / "demo.py").read_text(encoding="utf-8")


def test_an_unknown_kind_is_refused(db):
    with pytest.raises(audit.AuditError):
        audit.record(db, "li", "something.else")


def test_account_events_are_recorded(db):
    create_account(db, "boss", "Boss", [("admin", "")], actor="system")
    password = create_account(db, "li", "Li", [("reviewer", "")], actor="boss")
    change_password(db, "li", password, "a-long-new-password")
    reset_password(db, "li", actor="boss")
    admin.set_roles(db, "li", [("reviewer", "u1")], actor="boss")
    admin.set_disabled(db, "li", True, actor="boss")
    admin.set_disabled(db, "li", False, actor="boss")
    authenticate(db, "li", "nope")
    kinds = set(audit.events(db)["kind"])
    assert kinds >= {"account.created", "password.changed", "password.reset", "account.roles",
                     "account.disabled", "account.enabled", "signin.failed"}  # fmt: skip
    with pytest.raises(admin.LastAdmin):
        admin.set_disabled(db, "boss", True, actor="boss")
    with pytest.raises(admin.LastAdmin):
        admin.set_roles(db, "boss", [("reviewer", "")], actor="boss")


def test_every_event_kind_is_recorded_somewhere_in_the_code():
    sources = "\n".join(
        p.read_text(encoding="utf-8")
        for d in ("pages", "ui", "security", "campaign", "demo")
        for p in (ROOT / d).rglob("*.py")
        if p.name != "audit.py" or p.parent.name != "security"
    )
    silent = [k for k in audit.KINDS if f'"{k}"' not in sources]
    assert silent == []


def test_times_are_coarse_beside_respondents(db):
    audit.record(db, "org", "invitation.reissued", "inv1")
    audit.record(db, "org", "meeting.opened", "ph1")
    audit.record(db, "org", "signin.ok", "org")
    logged = audit.events(db).set_index("kind")["logged_at"]
    for kind in ("invitation.reissued", "meeting.opened"):
        assert logged[kind] == logged[kind].normalize()
    assert logged["signin.ok"].second == 0 and logged["signin.ok"].microsecond == 0


def test_a_code_typed_into_any_field_never_reaches_the_log(db):
    code = tokens.generate_token()
    audit.record(db, code, "data.imported", f"file-{code}.csv",
                 file=code.replace("-", ""), nested=[code.lower()])  # fmt: skip
    text = audit.events(db).to_csv()
    canon = code.replace("-", "")
    assert canon not in text.replace("-", "").upper()


def test_nothing_in_the_log_ties_a_ballot_to_a_rater(tmp_path):
    load = build(tmp_path / "camp.duckdb", raters=30, subjects=6)
    db, key = load.db, load.key
    audit.record(db, "org", "invitation.issued", load.phase_id, n=len(load.tokens))
    raters = sorted(load.tokens)
    expires = datetime.now() + timedelta(days=3)
    fresh = tokens.reissue(db, key, load.invitations[raters[0]], expires_at=expires)
    audit.record(db, "org", "invitation.reissued", load.invitations[raters[0]])
    load.tokens[raters[0]] = fresh.token
    hashes = set(db.query_df("SELECT token_hash FROM invitation")["token_hash"])
    before = len(audit.events(db))
    for rater in raters:
        subjects = load.subjects[rater]
        respondent.submit(db, key, load.tokens[rater], subjects, answers_for(subjects, rater))
    assert len(audit.events(db)) == before  # a respondent's action leaves nothing in the log
    campaigns.close_phase(db, load.phase_id)
    audit.record(db, "org", "phase.closed", load.phase_id)

    text = audit.events(db).to_csv()
    ballots = db.query_df("SELECT ballot_id FROM ballot")["ballot_id"]
    comments = db.query_df("SELECT value_text FROM answer WHERE value_text IS NOT NULL")
    assert not [b for b in ballots if b in text]
    assert not [c for c in comments["value_text"] if c in text]
    assert not [h for h in hashes if h in text]
    assert not [t for t in load.tokens.values() if t in text or t.replace("-", "") in text]
    db.close()


def test_the_log_survives_removing_the_demo_world(tmp_path):
    import demo

    db = Database(tmp_path / "d.duckdb")
    demo.generate(db, size="tiny", seed=5)
    audit.record(db, "admin", "data.demo_generated")
    assert accounts.get_account(db, "demo-admin") is not None
    demo.remove(db)
    assert accounts.get_account(db, "demo-admin") is None
    assert audit.events(db)["kind"].tolist() == ["data.demo_generated"]
    db.close()
