"""What an admin does to accounts: roles, disabling, each checked and audited.

The last enabled admin over every unit can neither be disabled nor lose that role, so the
platform can never be left without someone who can manage it.
"""

from __future__ import annotations

from collections.abc import Iterable

from security import audit
from storage import accounts
from storage.db import Database


class LastAdmin(accounts.AccountError):
    """The change would leave no enabled admin over every unit."""


def _keeps_admin(db: Database, account_id: str, roles: Iterable[tuple[str, str]]) -> bool:
    return ("admin", "") in set(roles) or accounts.admins_left(db, without=account_id) > 0


def set_roles(db: Database, account_id: str, roles: list[tuple[str, str]], *, actor: str) -> None:
    """Replace the roles of ``account_id``; refused if it would remove the last admin."""
    if not _keeps_admin(db, account_id, roles):
        raise LastAdmin("the last admin over every unit cannot lose the role")
    accounts.set_roles(db, account_id, roles)
    audit.record(db, actor, "account.roles", account_id,
                 roles=sorted(f"{r}@{u}" if u else r for r, u in roles))  # fmt: skip


def set_disabled(db: Database, account_id: str, disabled: bool, *, actor: str) -> None:
    """Disable (no sign-in; open sessions end at their next click) or enable an account."""
    if disabled and accounts.admins_left(db, without=account_id) == 0:
        row = accounts.get_account(db, account_id)
        if row is not None and ("admin", "") in row.roles:
            raise LastAdmin("the last admin over every unit cannot be disabled")
    accounts.set_disabled(db, account_id, disabled)
    audit.record(db, actor, "account.disabled" if disabled else "account.enabled", account_id)
