"""The campaigns: phases (one definition each), who fills what, invitations, assignments and
ballot skeletons."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd

from demo.ids import hex_ids
from demo.org import GROUP_CODE, GROUPS, Org
from demo.plans import CampaignPlan


@dataclass
class PhaseSpec:
    kind: str
    seq: int
    phase_id: str
    definition: str  # the phase's one definition: every ballot of the phase answers it
    status: str
    opens_on: date
    closes_on: date
    k: int  # index into the subject trend (0, 1, 2)
    campaign_id: str = ""
    family: str = ""
    completion: str | float | None = None
    invitations: pd.DataFrame = field(default_factory=pd.DataFrame)
    assignments: pd.DataFrame = field(default_factory=pd.DataFrame)
    done: pd.DataFrame = field(default_factory=pd.DataFrame)  # r, s, g done cells + key


@dataclass
class CampaignSpec:
    campaign_id: str
    plan: CampaignPlan
    phases: list[PhaseSpec]


def make_campaigns(
    id_rng: np.random.Generator,
    rng: np.random.Generator,
    plans: tuple[CampaignPlan, ...],
    available: set[str],
    today: date,
) -> list[CampaignSpec]:
    """The campaigns of ``plans`` whose definitions exist, with their phases (seq from 1)."""
    plans = tuple(c for c in plans if all(p.definition in available for p in c.phases))
    ids = hex_ids(id_rng, len(plans))
    out = []
    for campaign_id, plan in zip(ids, plans, strict=True):
        specs = []
        for seq, p in enumerate(plan.phases, start=1):
            opened, closed = p.window
            specs.append(
                PhaseSpec(
                    p.kind,
                    seq,
                    hex_ids(rng, 1)[0],
                    p.definition,
                    "open" if closed < 0 else "closed",
                    today - timedelta(days=opened),
                    today - timedelta(days=closed),
                    p.k,
                    campaign_id,
                    plan.family,
                    p.completion,
                )
            )
        out.append(CampaignSpec(campaign_id, plan, specs))
    return out


def phase_frames(specs: list[PhaseSpec], versions: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "phase_id": [p.phase_id for p in specs],
            "campaign_id": [p.campaign_id for p in specs],
            "kind": [p.kind for p in specs],
            "seq": [p.seq for p in specs],
            "definition_id": [p.definition for p in specs],
            "definition_version": [versions[p.definition] for p in specs],
            "status": [p.status for p in specs],
            "opens_on": [p.opens_on for p in specs],
            "closes_on": [p.closes_on for p in specs],
        }
    )


def personal_invitations(
    rng: np.random.Generator,
    org: Org,
    spec: PhaseSpec,
    groups: set[str],
    completion: float,
    kept_open: np.ndarray,
) -> pd.DataFrame:
    """Invitations, assignments and the done (rater, subject) cells of one phase.

    Returns the done cells (``r, s, g, key``); ``key`` numbers the (rater, rater group) pairs of
    the phase: one invitation's submission per group, the unit careless raters are drawn by.
    """
    codes = [GROUP_CODE[g] for g in groups]
    rel = org.rel[org.rel["g"].isin(codes)].reset_index(drop=True)
    raters = np.unique(rel["r"].to_numpy())
    inv_ids = hex_ids(rng, len(raters))
    inv_of = pd.Series(np.arange(len(raters)), index=raters)
    done = rng.random(len(rel)) < completion
    done &= ~np.isin(rel["r"].to_numpy(), kept_open)  # the try-it raters have work left
    r_inv = inv_of[rel["r"].to_numpy()].to_numpy()
    finished = np.bincount(r_inv, weights=~done, minlength=len(raters)) == 0
    close = datetime.combine(spec.closes_on, time(23, 59))
    spec.invitations = pd.DataFrame(
        {
            "invitation_id": inv_ids,
            "phase_id": spec.phase_id,
            "rater_id": org.raters["rater_id"].to_numpy()[raters],
            "kind": "personal",
            "token_hash": hex_ids(rng, len(raters), 32),
            "expires_at": close,
            "revoked": False,
            "finished": finished,
            "created_on": spec.opens_on - timedelta(days=3),
        }
    )
    spec.invitations["_r"] = raters
    spec.assignments = pd.DataFrame(
        {
            "assignment_id": hex_ids(rng, len(rel)),
            "phase_id": spec.phase_id,
            "invitation_id": inv_ids[r_inv],
            "subject_id": org.subjects["subject_id"].to_numpy()[rel["s"].to_numpy()],
            "rater_group": np.array(GROUPS, dtype=object)[rel["g"].to_numpy()],
            "done": done,
        }
    )
    cells = _keyed(rel[done].reset_index(drop=True))
    spec.done = cells
    return cells


def _keyed(cells: pd.DataFrame) -> pd.DataFrame:
    """Add ``key``: the number of the cell's (rater, rater group) pair in this phase."""
    _, inverse = np.unique(cells["r"].to_numpy() * 8 + cells["g"].to_numpy(), return_inverse=True)
    return cells.assign(key=inverse)


def try_raters(rel: pd.DataFrame, spec: PhaseSpec, groups: list[str], n: int) -> np.ndarray:
    """Raters kept unfinished in an open phase for the try-it tokens: peers, subordinates or
    (where the phase has none) the public, with several subjects (so the respondent page has a
    queue)."""
    if spec.status != "open" or n <= 0:
        return np.array([], dtype=np.int64)
    for wanted in (("peer", "subordinate"), ("public",), tuple(g for g in groups if g != "self")):
        codes = [GROUP_CODE[g] for g in wanted if g in groups]
        if codes:
            break
    mask = rel["g"].isin(codes)
    counts = rel[mask].groupby("r").size().sort_values(ascending=False, kind="stable")
    return counts.index.to_numpy()[:n]
