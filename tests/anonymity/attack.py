"""The attacker's side: what a copy of the database file lets an administrator link.

Written the way the audit attacked the old design, reading the file with plain DuckDB (not the
project's code): for every *unit* that links answers (a ballot, or before the redesign a
``rater_pseudonym``) take its phase, rater group and subject set, and find the invitations that
could have produced it: assigned every subject of the set in that group and, where the register
still says so, done with each of them. A unit with exactly one candidate invitation of a named
rater is tied to that rater.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import duckdb
import pandas as pd


@dataclass
class Units:
    """Linking units: unit id, phase, group, subject set (a frozenset), source, sealed."""

    frame: pd.DataFrame


def read_units(con: duckdb.DuckDBPyConnection) -> Units:
    """Every ballot of a sealed phase, and every ballot waiting in an open phase's box."""
    sealed = con.execute(
        "SELECT b.ballot_id AS unit, b.phase_id, b.rater_group, b.source,"
        " list(DISTINCT a.subject_id) AS subjects FROM ballot b"
        " JOIN answer a ON a.ballot_id = b.ballot_id GROUP BY ALL"
    ).df()
    sealed["sealed"] = True
    boxed = []
    for phase_id, slot_no, payload in con.execute(
        "SELECT phase_id, slot_no, payload FROM ballot_slot WHERE payload IS NOT NULL"
    ).fetchall():
        body = json.loads(payload)
        subjects = sorted({row[0] for row in body["a"]})
        boxed.append((f"slot:{phase_id}:{slot_no}", phase_id, body["g"], body["s"], subjects))
    open_ = pd.DataFrame(boxed, columns=["unit", "phase_id", "rater_group", "source", "subjects"])
    open_["sealed"] = False
    frame = pd.concat([sealed, open_], ignore_index=True)
    frame["subjects"] = frame["subjects"].map(frozenset)
    return Units(frame)


def read_register(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """invitation, rater, phase, group, subject, done (True / False / None = not kept)."""
    return con.execute(
        "SELECT a.invitation_id, i.rater_id, a.phase_id, a.rater_group, a.subject_id,"
        " CASE WHEN i.finished THEN TRUE ELSE a.done END AS done"
        " FROM assignment a JOIN invitation i ON i.invitation_id = a.invitation_id"
    ).df()


def candidates(units: Units, register: pd.DataFrame) -> pd.DataFrame:
    """Per unit: the candidate invitations (those that could have produced it) and their
    raters; ``tied_rater`` where exactly one candidate invitation names a rater."""
    cells = {}
    for key, g in register.groupby(["phase_id", "rater_group", "invitation_id"], sort=False):
        phase_id, group, invitation_id = key
        done_known = g["done"].notna()
        possible = set(g.loc[~done_known | g["done"].fillna(False).astype(bool), "subject_id"])
        cells.setdefault((phase_id, group), []).append(
            (invitation_id, g["rater_id"].iloc[0], possible)
        )
    rows = []
    for u in units.frame.itertuples():
        pool = cells.get((u.phase_id, u.rater_group), [])
        found = [(inv, rater) for inv, rater, possible in pool if u.subjects <= possible]
        named = [rater for _, rater in found if isinstance(rater, str)]
        tied = named[0] if len(found) == 1 and len(named) == 1 else None
        rows.append((u.unit, u.phase_id, u.rater_group, u.subjects, len(found), tied))
    return pd.DataFrame(
        rows, columns=["unit", "phase_id", "rater_group", "subjects", "n_candidates", "tied"]
    ).merge(units.frame[["unit", "sealed", "source"]], on="unit")


def attack_file(path: str) -> pd.DataFrame:
    """Run the subject-set attack on a database file (opened read-only, as a copy would be)."""
    con = duckdb.connect(path, read_only=True)
    try:
        return candidates(read_units(con), read_register(con))
    finally:
        con.close()


def tied_outside_groups_of_one(result: pd.DataFrame, path: str) -> pd.DataFrame:
    """The tied units that the relationship sheet alone does not already give away."""
    ones = groups_of_one(path)
    tied = result[result["tied"].notna()]
    by_sheet = [
        len(s) == 1 and (p, next(iter(s)), g) in ones
        for p, s, g in zip(tied["phase_id"], tied["subjects"], tied["rater_group"], strict=True)
    ]
    return tied[~pd.Series(by_sheet, index=tied.index, dtype=bool)]


def groups_of_one(path: str) -> set[tuple[str, str, str]]:
    """(phase, subject, group) cells with a single assigned invitation: such a ballot is known by
    its label and the relationship sheet alone (a self-rating, a sole superior)."""
    con = duckdb.connect(path, read_only=True)
    try:
        rows = con.execute(
            "SELECT phase_id, subject_id, rater_group FROM assignment"
            " GROUP BY ALL HAVING count(DISTINCT invitation_id) = 1"
        ).fetchall()
    finally:
        con.close()
    return set(rows)
