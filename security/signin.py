"""Signing in with a built-in account: checks, back-off, first admin, password changes.

Back-off: after :data:`FREE_FAILURES` failed attempts on one sign-in name (or from one client
address), every further attempt waits ``30 s * 2 ** (failures - FREE_FAILURES)``, at most an
hour; a success clears the name's count. During a wait even the right password is refused,
so guessing gains nothing from speed. An unknown name costs the same hashing time as a known one
and fails with the same message.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from security import audit
from security.passwords import (
    hash_password,
    needs_rehash,
    one_time_password,
    policy_problems,
    verify_password,
)
from security.roles import Principal, principal_of
from storage import accounts
from storage.db import Database

FREE_FAILURES = 5
CLIENT_FREE_FAILURES = 20  # one address trying many names
BASE_WAIT = timedelta(seconds=30)
MAX_WAIT = timedelta(hours=1)
FIRST_ADMIN = "admin"
FIRST_ADMIN_NOTICE = """
================================================================================
 Quanjing: first start. An administrator account was created.
   name:               {name}
   one-time password:  {password}
 Sign in with it and choose a new password (asked at once). It is shown only here;
 a lost one is replaced with:  .venv/bin/python -m security reset-password {name}
================================================================================
"""


@dataclass(frozen=True)
class SigninResult:
    """``principal`` on success; else ``reason`` (``bad`` or ``locked``) and ``wait`` seconds."""

    principal: Principal | None = None
    reason: str | None = None
    wait: int = 0


def normal_name(name: str) -> str:
    """Sign-in names compare after NFKC, trimming and lower-casing (``ＡＤＭＩＮ`` is ``admin``).

    >>> normal_name(" ＡＤＭＩＮ ")
    'admin'
    """
    return unicodedata.normalize("NFKC", name).strip().lower()[:64]


def _wait_after(failures: int, free: int) -> timedelta | None:
    if failures < free:
        return None
    return min(BASE_WAIT * 2 ** (failures - free), MAX_WAIT)


def _locked(db: Database, key: str, now: datetime) -> int:
    _, until = accounts.throttle_state(db, key)
    return max(0, int((until - now).total_seconds()) + 1) if until and until > now else 0


def _fail(db: Database, key: str, free: int, now: datetime) -> None:
    failures, _ = accounts.throttle_state(db, key)
    wait = _wait_after(failures + 1, free)
    accounts.throttle_fail(db, key, failures + 1, now + wait if wait else None)


def load_principal(db: Database, account_id: str) -> Principal | None:
    """The current principal of an account (roles re-read), None if gone or disabled."""
    row = accounts.get_account(db, account_id)
    if row is None or row.disabled:
        return None
    return principal_of(row, accounts.unit_parents(db))


def authenticate(db: Database, name: str, password: str, *, client: str = "") -> SigninResult:
    """Check a sign-in; every outcome is audited (the name typed, never the password)."""
    account_id, now = normal_name(name), datetime.now()
    keys = [(f"name:{account_id}", FREE_FAILURES)]
    if client:
        keys.append((f"client:{client}", CLIENT_FREE_FAILURES))
    wait = max(_locked(db, key, now) for key, _ in keys)
    if wait:
        audit.record(db, account_id or "?", "signin.locked", account_id, wait=wait)
        return SigninResult(reason="locked", wait=wait)
    row = accounts.get_account(db, account_id) if account_id else None
    ok = verify_password(row.password_hash if row else None, password)
    if not ok or row is None or row.disabled:
        for key, free in keys:
            _fail(db, key, free, now)
        audit.record(db, account_id or "?", "signin.failed", account_id)
        return SigninResult(reason="bad")
    accounts.throttle_clear(db, keys[0][0])
    if needs_rehash(row.password_hash):
        accounts.set_password(db, row.account_id, hash_password(password),
                              must_change=row.must_change)  # fmt: skip
    audit.record(db, row.account_id, "signin.ok", row.account_id, method="password")
    return SigninResult(principal=load_principal(db, row.account_id))


def change_password(db: Database, account_id: str, old: str, new: str) -> list[str]:
    """Set a new password after checking the old one; returns problems (empty = changed)."""
    row = accounts.get_account(db, account_id)
    if row is None or not verify_password(row.password_hash, old):
        return ["old_wrong"]
    problems = policy_problems(new, account_id)
    if not problems and verify_password(row.password_hash, new):
        problems.append("same")
    if problems:
        return problems
    accounts.set_password(db, account_id, hash_password(new), must_change=False)
    audit.record(db, account_id, "password.changed", account_id)
    return []


def reset_password(db: Database, account_id: str, *, actor: str) -> str:
    """A new one-time password for ``account_id`` (to be changed at the next sign-in)."""
    password = one_time_password()
    accounts.set_password(db, account_id, hash_password(password), must_change=True)
    audit.record(db, actor, "password.reset", account_id)
    return password


def create_account(
    db: Database, account_id: str, display_name: str, roles, *, actor: str, email: str | None = None
) -> str:
    """A new account with a one-time password (returned once, changed at first sign-in)."""
    account_id = normal_name(account_id)
    if not account_id or any(not (c.isalnum() or c in "._-@") for c in account_id):
        raise accounts.AccountError("an account name uses letters, digits and . _ - @ only")
    password = one_time_password()
    accounts.create_account(db, account_id, display_name=display_name.strip() or account_id,
                            password_hash=hash_password(password), roles=roles, email=email,
                            must_change=True)  # fmt: skip
    audit.record(db, actor, "account.created", account_id,
                 roles=sorted(f"{r}@{u}" if u else r for r, u in roles))  # fmt: skip
    return password


def ensure_first_admin(db: Database) -> str | None:
    """On the first start (no account but demo ones): create ``admin`` with a one-time password
    and return it, to be printed on the server console; None when an account exists."""
    if accounts.count_accounts(db, include_demo=False):
        return None
    try:
        return create_account(db, FIRST_ADMIN, "Administrator", [("admin", "")], actor="system")
    except accounts.AccountError:  # another process created it a moment ago
        return None
