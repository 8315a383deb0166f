"""Accounts of organizers, reviewers and admins, their roles per unit, and sign-in back-off.

Only storage: hashing, policies and the session live in :mod:`security`. Respondents have no
account here; nothing in these tables refers to a rater, an invitation or a ballot.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import pandas as pd

from storage.db import Database, StorageError

ROLES = ("admin", "organizer", "reviewer")
EVERY_UNIT = ""  # account_role.unit_id for a role over every unit


class AccountError(StorageError):
    """An account operation is not possible (unknown account, name taken, bad role)."""


@dataclass(frozen=True, slots=True)
class AccountRow:
    """One account as stored, with its roles as ``(role, unit_id)`` pairs."""

    account_id: str
    display_name: str
    password_hash: str | None
    email: str | None
    must_change: bool
    disabled: bool
    is_demo: bool
    roles: tuple[tuple[str, str], ...]


def _check_roles(roles: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    pairs = sorted({(r, u or EVERY_UNIT) for r, u in roles})
    for role, _ in pairs:
        if role not in ROLES:
            raise AccountError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    return pairs


def create_account(
    db: Database,
    account_id: str,
    *,
    display_name: str,
    password_hash: str | None,
    roles: Iterable[tuple[str, str]],
    email: str | None = None,
    must_change: bool = False,
    is_demo: bool = False,
) -> None:
    """Insert an account and its roles in one transaction (refused if the name is taken)."""
    pairs = _check_roles(roles)
    with db.transaction() as cur:
        if cur.execute("SELECT 1 FROM account WHERE account_id = ?", [account_id]).fetchone():
            raise AccountError(f"the account name {account_id!r} is taken")
        cur.execute(
            "INSERT INTO account (account_id, display_name, password_hash, email, must_change,"
            " disabled, is_demo, created_on) VALUES (?, ?, ?, ?, ?, FALSE, ?, ?)",
            [account_id, display_name, password_hash, email, must_change, is_demo, date.today()],
        )
        _write_roles(cur, account_id, pairs)


def _write_roles(cur: duckdb.DuckDBPyConnection, account_id: str, pairs) -> None:
    cur.execute("DELETE FROM account_role WHERE account_id = ?", [account_id])
    for role, unit_id in pairs:
        cur.execute("INSERT INTO account_role VALUES (?, ?, ?)", [account_id, role, unit_id])


def get_account(db: Database, account_id: str) -> AccountRow | None:
    """The account called ``account_id`` with its roles, or None."""
    with db.read() as cur:
        row = cur.execute(
            "SELECT account_id, display_name, password_hash, email, must_change, disabled,"
            " is_demo FROM account WHERE account_id = ?",
            [account_id],
        ).fetchone()
        if row is None:
            return None
        roles = cur.execute(
            "SELECT role, unit_id FROM account_role WHERE account_id = ? ORDER BY role, unit_id",
            [account_id],
        ).fetchall()
    return AccountRow(*row, roles=tuple((r, u) for r, u in roles))


def account_id_for_email(db: Database, email: str) -> str | None:
    """The enabled account whose e-mail is ``email`` (case-insensitive), if exactly one."""
    with db.read() as cur:
        rows = cur.execute(
            "SELECT account_id FROM account WHERE lower(email) = lower(?) AND NOT disabled",
            [email],
        ).fetchall()
    return rows[0][0] if len(rows) == 1 else None


def list_accounts(db: Database) -> pd.DataFrame:
    """Every account (no hashes) with its roles as a list of ``role@unit`` strings."""
    return db.query_df(
        "SELECT a.account_id, a.display_name, a.email, a.must_change, a.disabled, a.is_demo,"
        " a.created_on, list(r.role || CASE WHEN r.unit_id = '' THEN '' ELSE '@' || r.unit_id END"
        "   ORDER BY r.role, r.unit_id) FILTER (WHERE r.role IS NOT NULL) AS roles"
        " FROM account a LEFT JOIN account_role r USING (account_id)"
        " GROUP BY ALL ORDER BY a.is_demo, a.account_id"
    )


def count_accounts(db: Database, *, include_demo: bool = True) -> int:
    with db.read() as cur:
        return cur.execute(
            "SELECT count(*) FROM account WHERE ? OR NOT is_demo", [include_demo]
        ).fetchone()[0]


def set_password(db: Database, account_id: str, password_hash: str, *, must_change: bool) -> None:
    with db.transaction() as cur:
        _require(cur, account_id)
        cur.execute(
            "UPDATE account SET password_hash = ?, must_change = ? WHERE account_id = ?",
            [password_hash, must_change, account_id],
        )


def set_disabled(db: Database, account_id: str, disabled: bool) -> None:
    with db.transaction() as cur:
        _require(cur, account_id)
        cur.execute("UPDATE account SET disabled = ? WHERE account_id = ?", [disabled, account_id])


def set_roles(db: Database, account_id: str, roles: Iterable[tuple[str, str]]) -> None:
    """Replace the account's roles (one transaction)."""
    pairs = _check_roles(roles)
    with db.transaction() as cur:
        _require(cur, account_id)
        _write_roles(cur, account_id, pairs)


def _require(cur: duckdb.DuckDBPyConnection, account_id: str) -> None:
    if not cur.execute("SELECT 1 FROM account WHERE account_id = ?", [account_id]).fetchone():
        raise AccountError(f"no account {account_id!r}")


def admins_left(db: Database, *, without: str) -> int:
    """Enabled accounts other than ``without`` holding the admin role over every unit."""
    with db.read() as cur:
        return cur.execute(
            "SELECT count(DISTINCT a.account_id) FROM account a JOIN account_role r"
            " USING (account_id) WHERE r.role = 'admin' AND r.unit_id = '' AND NOT a.disabled"
            " AND a.account_id <> ?",
            [without],
        ).fetchone()[0]


# -- units, for scopes -----------------------------------------------------------------------------
def unit_parents(db: Database) -> dict[str, str | None]:
    """unit_id -> parent_id of every unit (for a scope's sub-units)."""
    with db.read() as cur:
        rows = cur.execute("SELECT unit_id, parent_id FROM unit").fetchall()
    return {u: p for u, p in rows}


# -- sign-in back-off ------------------------------------------------------------------------------
def throttle_state(db: Database, key: str) -> tuple[int, datetime | None]:
    """``(failures, locked_until)`` of a sign-in key; ``(0, None)`` if it never failed."""
    with db.read() as cur:
        row = cur.execute(
            "SELECT failures, locked_until FROM signin_throttle WHERE throttle_key = ?", [key]
        ).fetchone()
    return (0, None) if row is None else (row[0], row[1])


def throttle_fail(db: Database, key: str, failures: int, locked_until: datetime | None) -> None:
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO signin_throttle VALUES (?, ?, ?) ON CONFLICT (throttle_key) DO UPDATE"
            " SET failures = excluded.failures, locked_until = excluded.locked_until",
            [key, failures, locked_until],
        )


def throttle_clear(db: Database, key: str) -> None:
    with db.transaction() as cur:
        cur.execute("DELETE FROM signin_throttle WHERE throttle_key = ?", [key])
