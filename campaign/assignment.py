"""Assignment rules as data, expanded into who rates whom (pure: DataFrames in, DataFrame out).

Inputs
------
subjects : subject_id, unit_id
raters : rater_id, unit_id, subject_id (the cadre this rater is, or None)
units : unit_id, parent_id (optional; needed for heads of child units)
unit_heads : unit_id, subject_id (optional; the head of each unit)
served_by : rater_id, unit_id (optional; public raters and the units that served them)

A (rater, subject) pair reached by several rules keeps the most specific group, in the order
self, superior, subordinate, peer, observer, public.
"""

from __future__ import annotations

from typing import Annotated, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

GROUP_PRECEDENCE = ("self", "superior", "subordinate", "peer", "observer", "public")
OUTPUT_COLUMNS = ["rater_id", "subject_id", "rater_group"]


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PeersInUnit(_Rule):
    """Everyone in a unit rates every cadre of that unit (peer), never themself."""

    rule: Literal["peers_in_unit"] = "peers_in_unit"


class SuperiorRatesTeam(_Rule):
    """The head of a unit rates the unit's other cadres (and the heads of its child units)."""

    rule: Literal["superior_rates_team"] = "superior_rates_team"
    include_child_unit_heads: bool = True


class SubordinatesRateHead(_Rule):
    """Everyone in a unit other than the head rates the head (and child-unit heads do too)."""

    rule: Literal["subordinates_rate_head"] = "subordinates_rate_head"
    include_child_unit_heads: bool = True


class SelfRating(_Rule):
    """Each cadre who is also a rater rates themself."""

    rule: Literal["self"] = "self"


class PublicServedBy(_Rule):
    """Public raters rate the cadres of the units they were served by."""

    rule: Literal["public_served_by"] = "public_served_by"


AssignmentRule = Annotated[
    PeersInUnit | SuperiorRatesTeam | SubordinatesRateHead | SelfRating | PublicServedBy,
    Field(discriminator="rule"),
]
RULES_ADAPTER = TypeAdapter(list[AssignmentRule])


def parse_rules(data: list[dict]) -> list[AssignmentRule]:
    """Rules from JSON-like data, e.g. ``[{"rule": "peers_in_unit"}, {"rule": "self"}]``."""
    return RULES_ADAPTER.validate_python(data)


def _pairs(frame: pd.DataFrame, group: str) -> pd.DataFrame:
    return frame[["rater_id", "subject_id"]].assign(rater_group=group)


def _head_links(units: pd.DataFrame | None, heads: pd.DataFrame) -> pd.DataFrame:
    """(head subject of a parent unit, head subject of a child unit)."""
    if units is None or units.empty:
        return pd.DataFrame(columns=["boss", "report"])
    links = units.merge(heads, on="unit_id").rename(columns={"subject_id": "report"})
    links = links.merge(heads, left_on="parent_id", right_on="unit_id", suffixes=("", "_p"))
    return links.rename(columns={"subject_id": "boss"})[["boss", "report"]]


def _team(
    subjects: pd.DataFrame, units: pd.DataFrame | None, heads: pd.DataFrame, with_children: bool
) -> pd.DataFrame:
    """(boss subject, report subject) pairs: unit head over the unit's cadres and child heads."""
    inner = subjects.merge(heads, on="unit_id", suffixes=("", "_head"))
    inner = inner[inner["subject_id"] != inner["subject_id_head"]]
    pairs = inner.rename(columns={"subject_id_head": "boss", "subject_id": "report"})[
        ["boss", "report"]
    ]
    if with_children:
        pairs = pd.concat([pairs, _head_links(units, heads)], ignore_index=True)
    return pairs


def _apply(
    rule: AssignmentRule,
    subjects: pd.DataFrame,
    raters: pd.DataFrame,
    units: pd.DataFrame | None,
    heads: pd.DataFrame | None,
    served_by: pd.DataFrame | None,
) -> pd.DataFrame:
    cadre_raters = raters.dropna(subset=["subject_id"])[["rater_id", "subject_id"]]
    if isinstance(rule, PeersInUnit):
        pairs = (
            raters[["rater_id", "unit_id", "subject_id"]]
            .rename(columns={"subject_id": "own"})
            .merge(subjects, on="unit_id")
        )
        return _pairs(pairs[pairs["own"] != pairs["subject_id"]], "peer")
    if isinstance(rule, SelfRating):
        return _pairs(cadre_raters[cadre_raters["subject_id"].isin(subjects["subject_id"])], "self")
    if isinstance(rule, PublicServedBy):
        if served_by is None:
            raise ValueError("the public_served_by rule needs the served_by frame")
        return _pairs(served_by.merge(subjects, on="unit_id"), "public")
    if heads is None:
        raise ValueError(f"the {rule.rule} rule needs the unit_heads frame")
    team = _team(subjects, units, heads, rule.include_child_unit_heads)
    if isinstance(rule, SuperiorRatesTeam):
        pairs = team.merge(cadre_raters, left_on="boss", right_on="subject_id", suffixes=("", "_r"))
        return _pairs(
            pairs.drop(columns="subject_id").rename(columns={"report": "subject_id"}), "superior"
        )
    staff = raters.merge(heads, on="unit_id", suffixes=("", "_head"))
    staff = staff[staff["subject_id"] != staff["subject_id_head"]]
    staff = staff[["rater_id", "subject_id_head"]].rename(columns={"subject_id_head": "boss"})
    if rule.include_child_unit_heads:
        child = team.merge(cadre_raters, left_on="report", right_on="subject_id")
        staff = pd.concat([staff, child[["rater_id", "boss"]]], ignore_index=True)
    return _pairs(staff.rename(columns={"boss": "subject_id"}), "subordinate")


def expand(
    rules: list[AssignmentRule],
    *,
    subjects: pd.DataFrame,
    raters: pd.DataFrame,
    units: pd.DataFrame | None = None,
    unit_heads: pd.DataFrame | None = None,
    served_by: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Expand rules into relationships: columns rater_id, subject_id, rater_group (one row per
    pair, sorted). Inputs are not modified."""
    parts = [_apply(r, subjects, raters, units, unit_heads, served_by) for r in rules]
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in OUTPUT_COLUMNS})
    out = pd.concat(parts, ignore_index=True)
    rank = {g: i for i, g in enumerate(GROUP_PRECEDENCE)}
    out = out.assign(_rank=out["rater_group"].map(rank)).sort_values(
        ["rater_id", "subject_id", "_rank"]
    )
    out = out.drop_duplicates(["rater_id", "subject_id"]).drop(columns="_rank")
    return out[OUTPUT_COLUMNS].astype("str").reset_index(drop=True)
