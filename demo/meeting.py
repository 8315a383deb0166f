"""Meeting-mode 民主测评: single-use ballot tokens per unit meeting (one rater group each, like
campaign.meeting), one grid ballot per attendee (every cadre of the unit on one sheet), and the
planted ballot-stuffing attempt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

import numpy as np
import pandas as pd

from demo.ids import hex_ids
from demo.org import GROUP_CODE, GROUPS, Org
from demo.phases import PhaseSpec


@dataclass
class Meeting:
    invitations: pd.DataFrame
    assignments: pd.DataFrame  # the grid of every token (as campaign.meeting.create_meeting)
    ballots: pd.DataFrame  # one row per ballot: g, _r, _stuffed, _unit, _meeting(_id)
    cells: pd.DataFrame  # ballot (local index), s, r, g
    stuffing: dict


def _attendees(org: Org, groups: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Who may attend each unit's meetings: rater positions, their unit and group codes."""
    role = org.raters["role"].to_numpy()
    unit_pos = pd.Series(np.arange(len(org.units)), index=org.units["unit_id"])
    r_unit = pd.Series(org.raters["unit_id"]).map(unit_pos).to_numpy()
    allowed = [x for x, g in (("cadre", "peer"), ("staff", "subordinate")) if g in groups]
    who = np.flatnonzero(np.isin(role, allowed) & ~np.isnan(r_unit))
    who = who[np.argsort(r_unit[who], kind="stable")]
    group = np.where(role[who] == "cadre", GROUP_CODE["peer"], GROUP_CODE["subordinate"])
    return who, r_unit[who].astype(np.int64), group


def _invitations(
    rng: np.random.Generator,
    spec: PhaseSpec,
    came: np.ndarray,
    meeting_ids: np.ndarray,
) -> pd.DataFrame:
    """Single-use meeting tokens (hash only); unused ones were revoked when the meeting closed."""
    return pd.DataFrame(
        {
            "invitation_id": hex_ids(rng, len(came)),
            "phase_id": spec.phase_id,
            "rater_id": None,
            "kind": "meeting",
            "token_hash": hex_ids(rng, len(came), 32),
            "expires_at": datetime.combine(spec.opens_on, time(18, 0)),
            "revoked": ~came,
            "finished": came,
            "created_on": spec.opens_on,
            "meeting_id": meeting_ids,
        }
    )


def _grid(
    rng: np.random.Generator,
    org: Org,
    spec: PhaseSpec,
    invitations: pd.DataFrame,
    unit: np.ndarray,
    group: np.ndarray,
) -> pd.DataFrame:
    """One assignment per token and subject of its unit, done when the ballot came back."""
    tokens = pd.DataFrame({"t": np.arange(len(unit)), "_unit": unit})
    subjects = pd.DataFrame({"s": np.arange(len(org.subjects)), "_unit": org.subject_unit})
    grid = tokens.merge(subjects, on="_unit").sort_values(["t", "s"], kind="stable")
    t, s = grid["t"].to_numpy(), grid["s"].to_numpy()
    return pd.DataFrame(
        {
            "assignment_id": hex_ids(rng, len(grid)),
            "phase_id": spec.phase_id,
            "invitation_id": invitations["invitation_id"].to_numpy()[t],
            "subject_id": org.subjects["subject_id"].to_numpy()[s],
            "rater_group": np.array(GROUPS, dtype=object)[group[t]],
            "done": invitations["finished"].to_numpy()[t],
        }
    )


def meeting_ballots(
    rng: np.random.Generator,
    org: Org,
    spec: PhaseSpec,
    groups: list[str],
    extra: int,
    attendance: float = 0.9,
) -> Meeting:
    """Per unit two meetings (one rater group each, as campaign.meeting): its cadres (peer) and
    its staff (subordinate), every cadre of the unit on the grid. The first unit's staff meeting
    receives ``extra`` more ballots than tokens were issued, all identical (the stuffing)."""
    who, unit, group = _attendees(org, groups)
    meeting = 2 * unit + (group == GROUP_CODE["subordinate"])
    came = rng.random(len(who)) < attendance
    meeting_ids = hex_ids(rng, 2 * len(org.units))
    invitations = _invitations(rng, spec, came, meeting_ids[meeting])
    assignments = _grid(rng, org, spec, invitations, unit, group)
    voters, v_unit, v_group, v_meeting = who[came], unit[came], group[came], meeting[came]
    target = 1 if (meeting == 1).any() else int(meeting[0])
    target_unit = target // 2
    issued = int((meeting == target).sum())
    n_extra = issued - int((v_meeting == target).sum()) + extra
    stuffer = voters[v_meeting == target][:1] if (v_meeting == target).any() else who[:1]
    ballots = pd.DataFrame(
        {
            "_r": np.r_[voters, np.repeat(stuffer, n_extra)],
            "g": np.r_[v_group, np.full(n_extra, group[meeting == target][0])],
            "_stuffed": np.r_[np.zeros(len(voters), bool), np.ones(n_extra, bool)],
            "_unit": np.r_[v_unit, np.full(n_extra, target_unit)],
            "_meeting": np.r_[v_meeting, np.full(n_extra, target)],
        }
    )
    ballots["_meeting_id"] = meeting_ids[ballots["_meeting"].to_numpy()]
    s_by_unit = pd.DataFrame({"s": np.arange(len(org.subjects)), "_unit": org.subject_unit})
    cells = ballots.reset_index(names="ballot").merge(s_by_unit, on="_unit")
    cells = cells.rename(columns={"_r": "r"})[["ballot", "s", "r", "g"]]
    stuffing = {
        "phase_id": spec.phase_id,
        "meeting_id": str(meeting_ids[target]),
        "unit_id": str(org.units["unit_id"].iloc[target_unit]),
        "rater_group": GROUPS[int(group[meeting == target][0])],
        "tokens_issued": issued,
        "ballots_received": int((ballots["_meeting"] == target).sum()),
        "identical_extra": int(n_extra),
    }
    return Meeting(invitations, assignments, ballots, cells, stuffing)
