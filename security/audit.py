"""What the audit log records, and how coarse its times are.

Every event names an actor (an account, or ``system``), a kind from :data:`KINDS`, a target
(an account, a campaign, a phase, a subject, a definition; never a token) and a small detail.

The log is never a side channel onto the ballots: no respondent action is recorded at all (a
code typed, a draft saved or a ballot submitted leaves nothing here), no token or token hash, no
ballot id. Events about invitations and meetings, which sit beside respondents' own actions in
time, are kept to the day; the others to the minute.

Examples
--------
>>> from datetime import datetime
>>> coarse_time("invitation.reissued", datetime(2026, 3, 5, 14, 27, 31))
datetime.datetime(2026, 3, 5, 0, 0)
>>> coarse_time("signin.ok", datetime(2026, 3, 5, 14, 27, 31))
datetime.datetime(2026, 3, 5, 14, 27)
"""

from __future__ import annotations

import re
from datetime import datetime

import pandas as pd

from storage import audit as audit_store
from storage.db import Database

KINDS = (
    "signin.ok", "signin.failed", "signin.locked", "signout", "session.expired",
    "password.changed", "password.reset",
    "account.created", "account.roles", "account.disabled", "account.enabled",
    "report.viewed", "export",
    "invitation.issued", "invitation.reissued", "invitation.revoked",
    "meeting.opened", "meeting.closed",
    "phase.opened", "phase.closed",
    "campaign.settings", "campaign.rules",
    "definition.published",
    "data.demo_generated", "data.demo_removed", "data.imported",
    "audit.exported",
)  # fmt: skip
DAY_KINDS = frozenset(k for k in KINDS if k.startswith(("invitation.", "meeting.")))
_TOKENISH = re.compile(  # a code with dashes (4 groups or more), or 28 code characters in a row
    r"\b[0-9A-HJKMNP-TV-Z]{4}(?:[-\s][0-9A-HJKMNP-TV-Z]{4}){3,}\b|\b[0-9A-HJKMNP-TV-Z]{28}\b", re.I
)


class AuditError(ValueError):
    """An event kind the log does not know."""


def coarse_time(kind: str, now: datetime) -> datetime:
    """``now`` to the day for invitation and meeting events, else to the minute."""
    if kind in DAY_KINDS:
        return now.replace(hour=0, minute=0, second=0, microsecond=0)
    return now.replace(second=0, microsecond=0)


def record(db: Database, actor: str, kind: str, target: str = "", **detail) -> int:
    """Append one event; returns its sequence number.

    Anything in the target or detail that looks like an invitation code (a file name, a typed
    sign-in name) is replaced by ``[code]``: the log never holds one.

    Raises
    ------
    AuditError
        For a kind not in :data:`KINDS`.
    """
    if kind not in KINDS:
        raise AuditError(f"unknown audit event kind {kind!r}")
    at = coarse_time(kind, datetime.now())
    return audit_store.append(db, at=at, actor=_scrub(actor or "system"), kind=kind,
                              target=_scrub(str(target)), detail=_scrub_all(detail))  # fmt: skip


def _scrub(text: str) -> str:
    """Text with anything shaped like an invitation code replaced (case-insensitive).

    >>> _scrub("file ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345.csv")
    'file [code].csv'
    """
    return _TOKENISH.sub("[code]", text)


def _scrub_all(value):
    if isinstance(value, str):
        return _scrub(value)
    if isinstance(value, dict):
        return {k: _scrub_all(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub_all(v) for v in value]
    return value


def events(db: Database, **filters) -> pd.DataFrame:
    """Events newest first (``storage.audit.events`` filters: kinds, actor, since, limit)."""
    return audit_store.events(db, **filters)


def chain_broken_at(db: Database) -> int | None:
    """The first event whose hash chain is broken (edited or removed rows), or None."""
    return audit_store.verify_chain(db)
