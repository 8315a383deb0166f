"""Meeting-mode 民主测评: single-use ballot tokens per unit meeting, one grid ballot per attendee
(every cadre of the unit on one sheet), and the planted ballot-stuffing attempt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

import numpy as np
import pandas as pd

from demo.ids import hex_ids
from demo.org import GROUP_CODE, Org
from demo.phases import PhaseSpec


@dataclass
class Meeting:
    invitations: pd.DataFrame
    ballots: pd.DataFrame  # one row per ballot: rater_group, pseudo, _r, _stuffed
    cells: pd.DataFrame  # ballot (local index), s, r, g
    stuffing: dict


def meeting_ballots(
    rng: np.random.Generator,
    org: Org,
    spec: PhaseSpec,
    groups: list[str],
    extra: int,
    attendance: float = 0.9,
) -> Meeting:
    """Per unit: tokens for its cadres (peer) and staff (subordinate) who may attend."""
    role = org.raters["role"].to_numpy()
    r_unit = (
        pd.Series(org.raters["unit_id"])
        .map(pd.Series(np.arange(len(org.units)), index=org.units["unit_id"]))
        .to_numpy()
    )
    ok_role = np.isin(
        role, [x for x, g in (("cadre", "peer"), ("staff", "subordinate")) if g in groups]
    )
    who = np.flatnonzero(ok_role & ~np.isnan(r_unit))
    who = who[np.argsort(r_unit[who], kind="stable")]
    unit = r_unit[who].astype(np.int64)
    group = np.where(role[who] == "cadre", GROUP_CODE["peer"], GROUP_CODE["subordinate"])
    came = rng.random(len(who)) < attendance
    meeting_ids = hex_ids(rng, len(org.units))
    close = datetime.combine(spec.opens_on + timedelta(days=2), time(18, 0))
    invitations = pd.DataFrame(
        {
            "invitation_id": hex_ids(rng, len(who)),
            "phase_id": spec.phase_id,
            "rater_id": None,
            "kind": "meeting",
            "token_hash": hex_ids(rng, len(who), 32),
            "expires_at": close,
            "revoked": ~came,
            "finished": came,
            "created_on": spec.opens_on,
            "meeting_id": meeting_ids[unit],
        }
    )
    voters, v_unit, v_group = who[came], unit[came], group[came]
    # the stuffing: more identical ballots in the first unit's meeting than tokens were issued
    target = 0
    issued = int((unit == target).sum())
    n_extra = issued - int((v_unit == target).sum()) + extra
    stuffer = voters[v_unit == target][:1] if (v_unit == target).any() else who[:1]
    voters = np.r_[voters, np.repeat(stuffer, n_extra)]
    v_unit = np.r_[v_unit, np.full(n_extra, target)]
    v_group = np.r_[v_group, np.full(n_extra, GROUP_CODE["subordinate"])]
    stuffed = np.r_[np.zeros(len(voters) - n_extra, bool), np.ones(n_extra, bool)]
    ballots = pd.DataFrame(
        {
            "_r": voters,
            "g": v_group,
            "_stuffed": stuffed,
            "pseudo": hex_ids(rng, len(voters), 32),
            "_unit": v_unit,
        }
    )
    s_by_unit = pd.DataFrame({"s": np.arange(len(org.subjects)), "_unit": org.subject_unit})
    cells = ballots.reset_index(names="ballot").merge(s_by_unit, on="_unit")
    cells = cells.rename(columns={"_r": "r"})[["ballot", "s", "r", "g"]]
    stuffing = {
        "phase_id": spec.phase_id,
        "meeting_id": str(meeting_ids[target]),
        "unit_id": str(org.units["unit_id"].iloc[target]),
        "tokens_issued": issued,
        "ballots_received": int((v_unit == target).sum()),
        "identical_extra": int(n_extra),
    }
    return Meeting(invitations, ballots, cells, stuffing)
