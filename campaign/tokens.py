"""Invitation tokens: generation, normalisation, keyed hashes, the server key, issue and re-issue.

A token is 140 random bits from :mod:`secrets`, written in Crockford base32 as seven groups of
four characters (``7KQ2-M9XD-...``). Input is case-insensitive; dashes and spaces are ignored;
``I``/``L`` read as ``1`` and ``O`` as ``0``. Only ``HMAC-SHA256(server key, token)`` is stored.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from storage import campaigns as campaign_store
from storage import filling
from storage.db import Database

ENV_SECRET_KEY = "QUANJING_SECRET_KEY"
ENV_SECRET_KEY_FILE = "QUANJING_SECRET_KEY_FILE"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32
TOKEN_CHARS = 28  # 28 * 5 = 140 bits
GROUP = 4
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0", "-": None, " ": None})
_MEMORY_KEY = secrets.token_bytes(32)


class TokenError(ValueError):
    """A token is not usable; ``state`` says why (unknown, expired, revoked, finished)."""

    def __init__(self, state: str, message: str | None = None) -> None:
        self.state = state
        super().__init__(message or f"this invitation code is {state}")


def generate_token() -> str:
    """A new random token, grouped for reading aloud and typing."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(TOKEN_CHARS))
    return "-".join(raw[i : i + GROUP] for i in range(0, TOKEN_CHARS, GROUP))


def normalize_token(text: str) -> str | None:
    """The canonical form of typed input, or None if it cannot be a token.

    Full-width characters from a Chinese keyboard count as their ASCII selves (NFKC).

    >>> normalize_token("ａｂｃｄ－" * 6 + "ＡＢＣＤ") == normalize_token("abcd-" * 6 + "ABCD")
    True
    """
    canon = unicodedata.normalize("NFKC", text).strip().upper().translate(_READ_AS)
    if len(canon) != TOKEN_CHARS or any(c not in ALPHABET for c in canon):
        return None
    return canon


def _mac(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode("ascii"), hashlib.sha256).hexdigest()


def _canon(token: str) -> str:
    canon = normalize_token(token)
    if canon is None:
        raise TokenError("unknown", "this is not an invitation code")
    return canon


def token_hash(key: bytes, token: str) -> str:
    """HMAC-SHA256(server key, canonical token), hex: what ``invitation.token_hash`` holds."""
    return _mac(key, _canon(token))


def rater_pseudonym(key: bytes, token: str, rater_group: str | None = None) -> str:
    """HMAC(key, "pseudonym:" + token), hex; scoped to a rater group when one is given
    (HMAC(key, "pseudonym:<group>:" + token)) so a self or superior ballot, which names its
    rater, cannot be linked to the same rater's peer or subordinate ballots."""
    prefix = "pseudonym:" if rater_group is None else f"pseudonym:{rater_group}:"
    return _mac(key, prefix + _canon(token))


def draft_key(key: bytes, token: str) -> str:
    """HMAC(key, "draft:" + token), hex: the row key of the encrypted draft."""
    return _mac(key, "draft:" + _canon(token))


def load_server_key(db_path: str | Path) -> bytes:
    """The server key: ``$QUANJING_SECRET_KEY`` (at least 32 characters), else the key file
    named by ``$QUANJING_SECRET_KEY_FILE``, else ``<database>.key`` beside the database, created
    with mode 0600 on first use. A key file that others than its owner may read is refused. An
    in-memory database gets a key that lives as long as the process."""
    env = os.environ.get(ENV_SECRET_KEY)
    if env:
        if len(env) < 32:
            raise ValueError(f"{ENV_SECRET_KEY} must be at least 32 characters")
        return env.encode("utf-8")
    if named := os.environ.get(ENV_SECRET_KEY_FILE):
        return _read_key_file(Path(named))
    if str(db_path) == ":memory:":
        return _MEMORY_KEY
    path = Path(str(db_path) + ".key")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key_file(path)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32))
    return _read_key_file(path)


def _read_key_file(path: Path) -> bytes:
    """Read the key file (owner-only permissions required); a process that lost the creation race
    waits for the writer briefly."""
    mode = path.stat().st_mode
    if mode & 0o077:
        raise PermissionError(
            f"{path}: the server key file must be readable by its owner only"
            f" (mode {mode & 0o777:o}); run: chmod 600 {path}"
        )
    for _ in range(50):
        text = path.read_text(encoding="ascii").strip()
        if len(text) == 64:
            return bytes.fromhex(text)
        time.sleep(0.01)
    raise ValueError(f"{path}: not a server key file (expected 64 hex characters)")


def lookup(db: Database, key: bytes, token: str, *, now: datetime | None = None) -> str:
    """The state of an invitation: valid, expired, revoked, finished or unknown."""
    canon = normalize_token(token)
    if canon is None:
        return "unknown"
    inv = filling.find_invitation(db, _mac(key, canon))
    return filling.invitation_state(inv, now or datetime.now())


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A raw token, shown once to the organizer for the invitation sheet; never stored."""

    rater_id: str | None
    invitation_id: str
    token: str


def issue_phase_tokens(
    db: Database,
    key: bytes,
    phase_id: str,
    *,
    expires_at: datetime,
    rater_ids: list[str] | None = None,
) -> list[IssuedToken]:
    """One personal token per rater of the phase's relationships (those not yet invited), with
    one assignment per (rater, subject). Returns the raw tokens; only their HMACs are stored."""
    issued: list[IssuedToken] = []
    with db.transaction() as cur:
        campaign_store.refuse_closed(cur, [phase_id])
        rel = campaign_store.phase_relationships(cur, phase_id)
        if rater_ids is not None:
            rel = rel[rel["rater_id"].isin(rater_ids)]
        rel = rel[~rel["rater_id"].isin(campaign_store.phase_invitees(cur, phase_id))]
        raters = sorted(rel["rater_id"].unique())
        for rater_id in raters:
            issued.append(IssuedToken(rater_id, uuid.uuid4().hex, generate_token()))
        invitations = pd.DataFrame(
            {
                "invitation_id": [t.invitation_id for t in issued],
                "phase_id": phase_id,
                "rater_id": [t.rater_id for t in issued],
                "kind": "personal",
                "token_hash": [token_hash(key, t.token) for t in issued],
                "expires_at": expires_at,
            }
        )
        campaign_store.insert_invitations(cur, invitations)
        by_rater = {t.rater_id: t.invitation_id for t in issued}
        campaign_store.insert_assignments(
            cur, rel.assign(phase_id=phase_id, invitation_id=rel["rater_id"].map(by_rater))
        )
    return issued


def revoke(db: Database, key: bytes, token: str) -> None:
    """Stop a token from working (e.g. it was lost or handed to the wrong person)."""
    filling.revoke_invitation(db, token_hash(key, token))


def revoke_invitation(db: Database, invitation_id: str) -> None:
    filling.revoke_invitation(db, None, invitation_id=invitation_id)


def reissue(db: Database, key: bytes, invitation_id: str, *, expires_at: datetime) -> IssuedToken:
    """A new token for an existing invitation; the old token stops working at once. Work already
    submitted stays done; an unfinished draft under the old token cannot be read any more."""
    token = generate_token()
    rater_id = filling.replace_token_hash(
        db, invitation_id, token_hash(key, token), expires_at=expires_at
    )
    return IssuedToken(rater_id, invitation_id, token)
