"""Ballot skeletons and answer rows of one phase, with the unit rule of the ballot box.

A *submission* is what one respondent hands in at once: one subject (single-subject surveys), a
personal grid (all done subjects of one invitation and rater group) or a meeting grid. Answers
are drawn per submission (caps, careless fills and the stuffing are per submission). Which
submissions stay one ballot follows ``campaign.respondent`` (docs/ANONYMITY.md): a grid stays
whole only when its subjects are the invitation's whole assigned set for that rater group and at
least ``k`` invitations of the phase and group (``k`` = the group's threshold) have exactly that
set; ``_whole`` says so, :mod:`demo.units` splits the others into one ballot per subject.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from demo.blocks import block_rows, identical_copies
from demo.meeting import meeting_ballots
from demo.org import GROUPS
from demo.phases import PhaseSpec
from demo.state import Ctx, World


def shared_sets(assignments: pd.DataFrame) -> pd.DataFrame:
    """Per invitation and rater group: ``n`` subjects assigned, ``all_done``, and ``shared``:
    how many invitations of the frame (one phase) have exactly that set in that group."""
    sets = assignments.groupby(["invitation_id", "rater_group"], sort=False).agg(
        subjects=("subject_id", lambda s: tuple(sorted(s))), all_done=("done", "all")
    )
    sets["n"] = sets["subjects"].map(len)
    sets["shared"] = sets.groupby(["rater_group", "subjects"])["n"].transform("size")
    return sets.drop(columns="subjects").reset_index()


def _k(groups: pd.Series, thresholds: Mapping[str, int]) -> np.ndarray:
    return groups.map(lambda g: thresholds[g]).to_numpy()


def ballot_frame(
    world: World, spec: PhaseSpec, ctx: Ctx, g: np.ndarray, source: str
) -> pd.DataFrame:
    """Skeletons of ``len(g)`` submissions (groups ``g``) with fresh integer codes."""
    n = len(g)
    frame = pd.DataFrame(
        {
            "ballot": np.arange(world.n_ballots, world.n_ballots + n),
            "phase_id": spec.phase_id,
            "definition_id": spec.definition,
            "definition_version": ctx.surveys[spec.definition].version,
            "rater_group": np.array(GROUPS, dtype=object)[g],
            "source": source,
        }
    )
    world.n_ballots += n
    return frame


def _rows(world: World, definition_id: str, cells: pd.DataFrame, ctx: Ctx) -> list[dict]:
    return block_rows(
        ctx.rngs["answers"],
        ctx.surveys[definition_id],
        cells,
        ctx.truth,
        ctx.traits,
        ctx.cfg,
        world.vocab,
        ctx.commit,
        ctx.lang,
    )


def single_ballots(world: World, spec: PhaseSpec, cells: pd.DataFrame, ctx: Ctx) -> None:
    """One online ballot per (rater, subject) cell."""
    ballots = ballot_frame(world, spec, ctx, cells["g"].to_numpy(), "online")
    ballots["_r"], ballots["_s"] = cells["r"].to_numpy(), cells["s"].to_numpy()
    ballots["_flag"], ballots["_whole"] = cells["flag"].to_numpy(), True
    world.ballots.append(ballots)
    world.parts.extend(_rows(world, spec.definition, cells.assign(ballot=ballots["ballot"]), ctx))


def personal_grid_ballots(world: World, spec: PhaseSpec, cells: pd.DataFrame, ctx: Ctx) -> None:
    """One online grid submission per personal invitation and group (all its done subjects);
    whole only when that is the assigned set and at least ``k`` invitations share it."""
    if cells.empty:
        return
    head = cells.drop_duplicates("key").sort_values("key", kind="stable")
    ballots = ballot_frame(world, spec, ctx, head["g"].to_numpy(), "online")
    ballots["_r"], ballots["_s"] = head["r"].to_numpy(), -1
    ballots["_flag"] = head["flag"].to_numpy()
    sets = shared_sets(spec.assignments)
    sets["r"] = sets["invitation_id"].map(spec.invitations.set_index("invitation_id")["_r"])
    sets["whole"] = (
        sets["all_done"]
        & (sets["n"] > 1)
        & (sets["shared"] >= _k(sets["rater_group"], world.phases[spec.phase_id]["thresholds"]))
    )
    whole = sets.set_index(["r", "rater_group"])["whole"]
    keys = pd.MultiIndex.from_arrays([head["r"].to_numpy(), ballots["rater_group"].to_numpy()])
    ballots["_whole"] = whole.reindex(keys).fillna(False).to_numpy(dtype=bool)
    world.ballots.append(ballots)
    ballot_of = ballots["ballot"].to_numpy()[cells["key"].to_numpy()]
    world.parts.extend(_rows(world, spec.definition, cells.assign(ballot=ballot_of), ctx))


def meeting_grid_ballots(world: World, spec: PhaseSpec, ctx: Ctx) -> dict:
    """Meeting ballots (a grid of the unit's cadres, handed in on the meeting day) and the
    stuffing attempt; a meeting's ballots stay whole when its batch of tokens (one set) has at
    least ``k`` tokens."""
    survey = ctx.surveys[spec.definition]
    meet = meeting_ballots(
        ctx.rngs["phases"], ctx.org, spec, survey.rater_groups, ctx.cfg.ballot_stuffing_extra
    )
    world.tables["_invitations"].append(meet.invitations)
    world.tables["_assignments"].append(meet.assignments)
    ballots = ballot_frame(world, spec, ctx, meet.ballots["g"].to_numpy(), "meeting")
    first = int(ballots["ballot"].iloc[0])
    ballots["_r"], ballots["_s"], ballots["_flag"] = meet.ballots["_r"].to_numpy(), -1, ""
    sets = shared_sets(meet.assignments)
    sets["meeting_id"] = sets["invitation_id"].map(
        meet.invitations.set_index("invitation_id")["meeting_id"]
    )
    sets["whole"] = (sets["n"] > 1) & (
        sets["shared"] >= _k(sets["rater_group"], world.phases[spec.phase_id]["thresholds"])
    )
    whole = sets.groupby("meeting_id")["whole"].all()
    ballots["_whole"] = whole.reindex(meet.ballots["_meeting_id"]).to_numpy(dtype=bool)
    stuffed_mask = meet.ballots["_stuffed"].to_numpy()
    world.ballots.append(ballots)
    cells = meet.cells.assign(ballot=meet.cells["ballot"] + first, k=spec.k, flag="", key=0)
    stuffed = ballots["ballot"].to_numpy()[stuffed_mask]
    world.parts.extend(identical_copies(_rows(world, spec.definition, cells, ctx), stuffed))
    return {**meet.stuffing, "_stuffed_ballots": stuffed}
