"""Save-and-resume drafts the server cannot read at rest.

Key derivation (documented in docs/ANONYMITY.md)::

    k_draft   = HKDF-SHA256(ikm = canonical token, salt = server key,
                            info = b"quanjing/draft/v1", length = 32)
    row key   = HMAC-SHA256(server key, "draft:" + canonical token)       (draft.draft_key)
    stored    = nonce (12 random bytes), AES-256-GCM(k_draft, nonce, JSON, aad = row key)

The database holds neither the token nor anything from which ``k_draft`` follows: the token is
stored only as an HMAC. Anyone holding the token (the rater, on any device) can resume.
"""

from __future__ import annotations

import json
import os
from datetime import datetime

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from campaign import tokens
from storage import filling
from storage.db import Database

HKDF_INFO = b"quanjing/draft/v1"


def derive_draft_key(server_key: bytes, token: str) -> bytes:
    """The AES-256 key of a token's draft (see the module docstring)."""
    canon = tokens.normalize_token(token)
    if canon is None:
        raise tokens.TokenError("unknown", "this is not an invitation code")
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=server_key, info=HKDF_INFO)
    return hkdf.derive(canon.encode("ascii"))


def encrypt_draft(server_key: bytes, token: str, data: dict) -> tuple[str, bytes, bytes]:
    """(row key, nonce, ciphertext) of a draft."""
    row_key = tokens.draft_key(server_key, token)
    nonce = os.urandom(12)
    plain = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
    ciphertext = AESGCM(derive_draft_key(server_key, token)).encrypt(
        nonce, plain, row_key.encode("ascii")
    )
    return row_key, nonce, ciphertext


def save_draft(
    db: Database, server_key: bytes, token: str, data: dict, *, now: datetime | None = None
) -> None:
    """Encrypt and store the draft of a valid invitation (replacing any earlier one)."""
    inv = filling.find_invitation(db, tokens.token_hash(server_key, token))
    state = filling.invitation_state(inv, now or datetime.now())
    if state != "valid":
        raise tokens.TokenError(state)
    filling.save_draft(db, *encrypt_draft(server_key, token, data), phase_id=inv.phase_id)


def load_draft(db: Database, server_key: bytes, token: str) -> dict | None:
    """The decrypted draft of this token, or None if there is none (or it cannot be read)."""
    row_key = tokens.draft_key(server_key, token)
    stored = filling.load_draft(db, row_key)
    if stored is None:
        return None
    nonce, ciphertext = stored
    try:
        plain = AESGCM(derive_draft_key(server_key, token)).decrypt(
            nonce, ciphertext, row_key.encode("ascii")
        )
    except InvalidTag:
        return None
    return json.loads(plain.decode("utf-8"))
