"""Deterministic "try it" tokens for the open phases: derived from the seed, stored only hashed.

Token ``i`` is the same for a seed wherever it is used; the open phases take consecutive indices
(``app_meta`` key ``demo_try_token_phases`` says which phase each index belongs to)."""

from __future__ import annotations

import hashlib
import hmac

from campaign.tokens import ALPHABET, GROUP, TOKEN_CHARS, load_server_key, token_hash


def _demo_key(seed: int) -> bytes:
    return hashlib.sha256(f"quanjing-demo-try-token:{seed}".encode("ascii")).digest()


def derive_tokens(seed: int, count: int) -> list[str]:
    """``count`` tokens in the real format (Crockford base32, groups of four), from the seed."""
    out = []
    for index in range(count):
        mac = hmac.new(_demo_key(seed), str(index).encode("ascii"), hashlib.sha256).digest()
        bits = int.from_bytes(mac, "big") >> (256 - 5 * TOKEN_CHARS)
        raw = "".join(
            ALPHABET[(bits >> (5 * (TOKEN_CHARS - 1 - i))) & 31] for i in range(TOKEN_CHARS)
        )
        out.append("-".join(raw[i : i + GROUP] for i in range(0, TOKEN_CHARS, GROUP)))
    return out


def hashed_tokens(db_path: str, seed: int, count: int, start: int = 0) -> list[str]:
    """The ``invitation.token_hash`` values of try-it tokens ``start .. start + count - 1``
    (HMAC with the server key)."""
    key = load_server_key(db_path)
    return [token_hash(key, token) for token in derive_tokens(seed, start + count)[start:]]
