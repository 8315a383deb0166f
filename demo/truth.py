"""The planted truth: a JSON document beside the database (the app never reads it).

Raters are linked across ballots only by ``rater_pseudonym`` (random per rater, phase and rater
group, like the real HMAC pseudonym), so the truth lists pseudonyms, ballot ids and subject ids;
it also names the rater ids behind them, which the database itself never links to a ballot.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from demo.latent import CARELESS
from demo.world import World

TRUTH_ABOUT = {
    "careless": "per kind (straight_liner, random_responder, speeder): one entry per rater "
    "pseudonym with rater_id, phase_id, rater_group and its ballot_ids. Speeders: ballots hold "
    "no timing (anonymity), so they are fast fills - a favourite answer 70 % of the time, "
    "noise otherwise. Rates after Meade & Craig (2012).",
    "rater_styles": "lenient / severe / halo raters (all phases): rater_id and pseudonyms",
    "colluding_pairs": "rater_ids, pseudonym pairs and ballot pairs (same subject, definition "
    "and phase) of two peers filling near-identical ballots",
    "ballot_stuffing": "meeting_id / unit_id / rater_group / phase_id (of the 民主测评 "
    "campaign), tokens issued, ballots received and the identical extra ballots",
    "subjects": "planted subject ids (showy: high visible KPI, low reputation; unsung: the "
    "reverse; declining; self_over / self_under; innovation_explained: negative signals after "
    "a filed innovation) and each subject's latent reputation and KPI z-scores",
    "try_token_invitations": "invitations of the open phases whose tokens are demo.try_tokens()",
    "try_tokens": "per try-it token (token_index into demo.try_tokens()): campaign, family, "
    "phase, phase kind, definition and invitation",
    "campaigns": "one campaign per survey family (achievement 360, commitment, public, "
    "democratic; the large world: bench) with its phases, each answering one definition",
}


def truth_document(world: World, ballots: pd.DataFrame, raters: pd.DataFrame) -> dict[str, Any]:
    """The planted truth: careless pseudonyms, rater styles, colluding pairs, stuffing, subjects."""
    rater_ids = raters["rater_id"].to_numpy()
    online = ballots[ballots["source"] == "online"]
    careless = {}
    for flag in CARELESS:
        rows = online[online["_flag"] == flag]
        careless[flag] = [
            {
                "rater_pseudonym": p,
                "rater_id": str(rater_ids[g["_r"].iloc[0]]),
                "phase_id": g["phase_id"].iloc[0],
                "rater_group": g["rater_group"].iloc[0],
                "ballot_ids": g["ballot_id"].tolist(),
            }
            for p, g in rows.groupby("rater_pseudonym", sort=True)
        ]
    doc = {
        "careless": careless,
        "rater_styles": _styles(world, online, rater_ids),
        "colluding_pairs": _pairs(world, online, rater_ids),
        "ballot_stuffing": _stuffing(world, ballots),
        "subjects": world.truth["subjects"],
        "campaigns": world.truth["campaigns"],
        "try_tokens": world.truth.get("try_tokens", []),
        "try_token_invitations": [
            i for p in world.truth["phases"] for i in p.get("try_token_invitations", [])
        ],
    }
    return doc


def _styles(world: World, online: pd.DataFrame, rater_ids: np.ndarray) -> dict[str, list]:
    pos = pd.Series(np.arange(len(rater_ids)), index=rater_ids)
    out: dict[str, list] = {}
    for style, ids in world.truth["raters"]["style"].items():
        rows = online[online["_r"].isin(pos[ids].to_numpy())]
        out[style] = [
            {
                "rater_id": str(rater_ids[r]),
                "rater_pseudonyms": sorted(g["rater_pseudonym"].unique().tolist()),
            }
            for r, g in rows.groupby("_r", sort=True)
        ]
    return out


def _pairs(world: World, online: pd.DataFrame, rater_ids: np.ndarray) -> list[dict]:
    pos = pd.Series(np.arange(len(rater_ids)), index=rater_ids)
    out = []
    for a_id, b_id in world.truth["raters"]["colluding_pairs"]:
        a = online[online["_r"] == pos[a_id]]
        b = online[online["_r"] == pos[b_id]]
        both = a.merge(
            b, on=["phase_id", "definition_id", "_s", "rater_group"], suffixes=("_a", "_b")
        )
        if both.empty:
            continue
        out.append(
            {
                "rater_ids": [a_id, b_id],
                "pseudonym_pairs": sorted(
                    {
                        (x, y)
                        for x, y in zip(
                            both["rater_pseudonym_a"], both["rater_pseudonym_b"], strict=True
                        )
                    }
                ),
                "ballot_pairs": [
                    [x, y] for x, y in zip(both["ballot_id_a"], both["ballot_id_b"], strict=True)
                ],
            }
        )
    return out


def _stuffing(world: World, ballots: pd.DataFrame) -> list[dict]:
    out = []
    for phase in world.truth["phases"]:
        info = phase.get("ballot_stuffing")
        if not info:
            continue
        stuffed = ballots.set_index("ballot")["ballot_id"].loc[info["_stuffed_ballots"]]
        out.append(
            {k: v for k, v in info.items() if not k.startswith("_")}
            | {"identical_ballot_ids": stuffed.tolist()}
        )
    return out
