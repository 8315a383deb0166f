"""Roles, what each may open, and scopes over units.

An account holds roles; each role is over every unit or over some units (and their sub-units).

- ``admin``: accounts, data, the audit log (and later backups);
- ``organizer``: definitions, campaigns, people, invitations, meetings, paper, monitoring;
- ``reviewer``: results and reports.

Examples
--------
>>> p = Principal("li", "Li", {"reviewer": frozenset({"u1"})})
>>> p.has("reviewer"), p.has("admin")
(True, False)
>>> sorted(expand_units({"u1"}, {"u1": None, "u2": "u1", "u3": "u2", "u4": None}))
['u1', 'u2', 'u3']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from storage.accounts import EVERY_UNIT, ROLES, AccountRow

__all__ = ["CAMPAIGN_WIDE", "PAGE_ROLES", "ROLES", "Principal", "expand_units", "principal_of"]

#: page (file stem) -> the role needed to open it; None = anyone, "signed_in" = any account
PAGE_ROLES: dict[str, str | None] = {
    "home": None,
    "fill": None,
    "signin": None,
    "account": "signed_in",
    "designer": "organizer",
    "campaigns": "organizer",
    "people": "organizer",
    "invitations": "organizer",
    "meeting": "organizer",
    "paper": "organizer",
    "monitor": "organizer",
    "results": "reviewer",
    "tallies": "reviewer",
    "reliability": "reviewer",
    "data": "admin",
    "accounts": "admin",
    "audit": "admin",
}


#: organizer pages that act on a whole campaign: only an organizer over every unit opens them.
#: An organizer scoped to units follows up their raters (invitations, monitoring) only.
CAMPAIGN_WIDE = frozenset({"designer", "campaigns", "people", "meeting", "paper"})


@dataclass(frozen=True)
class Principal:
    """A signed-in account: role -> units it covers (``None`` = every unit).

    ``units`` already include every sub-unit of a scoped unit.
    """

    account_id: str
    display_name: str
    roles: Mapping[str, frozenset[str] | None] = field(default_factory=dict)
    must_change: bool = False
    is_demo: bool = False

    def has(self, role: str | None) -> bool:
        """Whether the account may open what ``role`` guards (see :data:`PAGE_ROLES`)."""
        if role is None:
            return True
        if role == "signed_in":
            return True
        return role in self.roles and not self.must_change

    def opens(self, page: str) -> bool:
        """Whether this account may open ``page`` (its role, and for campaign-wide organizer
        pages, the organizer role over every unit)."""
        if not self.has(PAGE_ROLES[page]):  # a role page is closed while must_change holds
            return False
        return not (page in CAMPAIGN_WIDE and self.units("organizer") is not None)

    def units(self, role: str) -> frozenset[str] | None:
        """The units ``role`` covers: ``None`` for every unit, an empty set for none."""
        if role not in self.roles:
            return frozenset()
        return self.roles[role]

    def covers(self, role: str, unit_id: str | None) -> bool:
        """Whether ``role`` reaches a subject or rater of ``unit_id``."""
        units = self.units(role)
        return units is None or (unit_id is not None and unit_id in units)


def expand_units(units: Iterable[str], parents: Mapping[str, str | None]) -> frozenset[str]:
    """``units`` and every unit below them (a unit whose chain of parents meets one of them)."""
    roots, out = set(units), set()
    for unit in parents:
        seen, node = set(), unit
        while node is not None and node not in seen:
            if node in roots:
                out.add(unit)
                break
            seen.add(node)
            node = parents.get(node)
    return frozenset(out | roots)


def principal_of(row: AccountRow, parents: Mapping[str, str | None]) -> Principal:
    """The principal of a stored account, scopes expanded to sub-units."""
    scoped: dict[str, set[str] | None] = {}
    for role, unit in row.roles:
        if role not in ROLES:
            continue
        if unit == EVERY_UNIT:
            scoped[role] = None
        elif scoped.get(role, set()) is not None:
            scoped.setdefault(role, set()).add(unit)
    roles = {r: None if u is None else expand_units(u, parents) for r, u in scoped.items()}
    return Principal(row.account_id, row.display_name, roles, row.must_change, row.is_demo)
