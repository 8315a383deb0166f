"""The demo world's accounts: one per role, and an organizer and a reviewer scoped to one
street, so that a newcomer can try each. The sign-in and home pages list them while the demo
world is present; removing the demo world removes them."""

from __future__ import annotations

import pandas as pd

from security.passwords import hash_password
from storage import accounts
from storage.db import Database

DEMO_PASSWORD = "quanjing-demo"
#: (account, role, scope): scope "street" = the demo's first street and its communities
DEMO_ACCOUNTS = (
    ("demo-admin", "admin", None),
    ("demo-organizer", "organizer", None),
    ("demo-organizer-street", "organizer", "street"),
    ("demo-reviewer", "reviewer", None),
    ("demo-reviewer-street", "reviewer", "street"),
)


def scoped_unit(units: pd.DataFrame) -> str:
    """The unit the scoped demo reviewer covers: the first street (else the first unit)."""
    streets = units[units["kind"] == "street"]
    return str((streets if not streets.empty else units)["unit_id"].iloc[0])


def add_demo_accounts(db: Database, units: pd.DataFrame) -> int:
    """Create the demo accounts (marked ``is_demo``); returns how many."""
    digest = hash_password(DEMO_PASSWORD)  # one hash: the same password for each
    for account_id, role, scope in DEMO_ACCOUNTS:
        unit = scoped_unit(units) if scope else ""
        accounts.create_account(db, account_id, display_name=account_id, password_hash=digest,
                                roles=[(role, unit)], is_demo=True)  # fmt: skip
    return len(DEMO_ACCOUNTS)
