"""Password hashing (argon2id, argon2-cffi's defaults) and the password policy.

Examples
--------
>>> digest = hash_password("correct horse battery")
>>> digest.startswith("$argon2id$"), verify_password(digest, "correct horse battery")
(True, True)
>>> verify_password(digest, "wrong")
False
>>> policy_problems("short", "admin")
['too_short']
"""

from __future__ import annotations

import secrets
import unicodedata
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 10
MAX_LENGTH = 256  # argon2 takes any length; a megabyte "password" is only a way to burn CPU
_HASHER = PasswordHasher()  # argon2id, t=3, m=64 MiB, p=4 (RFC 9106's second recommendation)
_READABLE = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/l/I


def _normal(password: str) -> str:
    return unicodedata.normalize("NFKC", password)


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (NFKC-normalised: a full-width digit is a digit)."""
    return _HASHER.hash(_normal(password))


def verify_password(digest: str | None, password: str) -> bool:
    """Whether ``password`` matches ``digest``; False for no hash, a bad hash or a huge input."""
    if not digest or len(password) > MAX_LENGTH:
        _dummy_verify(password[:MAX_LENGTH])
        return False
    try:
        return _HASHER.verify(digest, _normal(password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(digest: str) -> bool:
    return _HASHER.check_needs_rehash(digest)


@cache
def _dummy_hash() -> str:
    return _HASHER.hash(secrets.token_hex(16))


def _dummy_verify(password: str) -> None:
    """Spend the same time as a real check, so an unknown name answers no faster."""
    try:
        _HASHER.verify(_dummy_hash(), password or "-")
    except VerificationError:
        pass


def policy_problems(password: str, account_id: str) -> list[str]:
    """What is wrong with a new password: ``too_short``, ``too_long``, ``is_name``, ``control``.

    Length counts characters (a Chinese pass phrase of 10 characters is fine).
    """
    text = _normal(password)
    problems = []
    if len(text) < MIN_LENGTH:
        problems.append("too_short")
    if len(text) > MAX_LENGTH:
        problems.append("too_long")
    if account_id and account_id.lower() in text.lower():
        problems.append("is_name")
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in text):
        problems.append("control")
    return problems


def one_time_password(length: int = 16) -> str:
    """A random password without look-alike characters (about 93 bits at 16 characters)."""
    return "".join(secrets.choice(_READABLE) for _ in range(length))
