"""Deterministic "try it" tokens for the open phase: derived from the seed, stored only hashed."""

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


def hashed_tokens(db_path: str, seed: int, count: int) -> list[str]:
    """The ``invitation.token_hash`` values of the try-it tokens (HMAC with the server key)."""
    key = load_server_key(db_path)
    return [token_hash(key, token) for token in derive_tokens(seed, count)]
