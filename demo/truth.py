"""The planted truth: a JSON document beside the database (the app never reads it).

The database links answers only within one ballot: no pseudonym, no day, and a ballot holds
several subjects only when enough raters share that set (the unit rule). So the truth names the
ballots themselves: per planted rater their rater id and the ids of their ballots in the sealed
(closed) phases. Open phases have no ballot ids: their ballots sit unlabelled in the ballot box
and get their random ids only when the phase is sealed.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from demo.latent import CARELESS
from demo.state import World

_SEALED = "Ballot ids exist for the sealed (closed) phases only: an open phase's ballots sit "
_SEALED += "unlabelled in its ballot box (ballot_slot) and get random ids when it is sealed."
TRUTH_ABOUT = {
    "careless": "per kind (straight_liner, random_responder, speeder): one entry per rater, "
    "phase and rater group (one invitation's answers in that group) with rater_id, phase_id, "
    "rater_group and its ballot_ids (a split grid gives one ballot per subject). Speeders: "
    "ballots hold no timing (anonymity), so they are fast fills - a favourite answer 70 % of "
    "the time, noise otherwise. Rates after Meade & Craig (2012). " + _SEALED,
    "careless_base": "how many (rater, phase, rater group) filled online ballots in the sealed "
    "phases: the base of the careless rates",
    "rater_styles": "lenient / severe / halo raters (all phases): rater_id and the ids of their "
    "online ballots. " + _SEALED,
    "colluding_pairs": "rater_ids and ballot pairs (same subject, definition and phase) of two "
    "peers filling near-identical ballots. " + _SEALED,
    "ballot_stuffing": "meeting_id / unit_id / rater_group / phase_id (of the 民主测评 "
    "campaign), tokens issued, ballots received and the identical extra ballots",
    "subjects": "planted subject ids (showy: high visible KPI, low reputation; unsung: the "
    "reverse; declining; self_over / self_under; innovation_explained: negative signals after "
    "a filed innovation) and each subject's latent reputation and KPI z-scores",
    "try_token_invitations": "invitations of the open phases whose tokens are demo.try_tokens()",
    "try_tokens": "per try-it token (token_index into demo.try_tokens()): campaign, family, "
    "phase, phase kind, definition and invitation",
    "campaigns": "one campaign per survey family (achievement 360, commitment, public, "
    "democratic; the large world: bench) with its phases, each answering one definition; "
    "closed phases are sealed, open ones keep their ballots in the ballot box",
}


def truth_document(world: World, ballots: pd.DataFrame, raters: pd.DataFrame) -> dict[str, Any]:
    """The planted truth: careless raters, rater styles, colluding pairs, stuffing, subjects."""
    rater_ids = raters["rater_id"].to_numpy()
    online = ballots[ballots["ballot_id"].notna() & (ballots["source"] == "online")]
    online = online.assign(rater_id=rater_ids[online["_r"].to_numpy()])
    careless = {}
    keys = ["phase_id", "rater_id", "rater_group"]
    for flag in CARELESS:
        rows = online[online["_flag"] == flag]
        careless[flag] = [
            {
                "rater_id": r,
                "phase_id": p,
                "rater_group": g,
                "ballot_ids": sorted(b["ballot_id"]),
            }
            for (p, r, g), b in rows.groupby(keys, sort=True)
        ]
    doc = {
        "careless": careless,
        "careless_base": int(len(online.drop_duplicates(keys))),
        "rater_styles": _styles(world, online),
        "colluding_pairs": _pairs(world, online),
        "ballot_stuffing": _stuffing(world, ballots),
        "subjects": world.truth["subjects"],
        "campaigns": world.truth["campaigns"],
        "try_tokens": world.truth.get("try_tokens", []),
        "try_token_invitations": [
            i for p in world.truth["phases"] for i in p.get("try_token_invitations", [])
        ],
    }
    return doc


def _styles(world: World, online: pd.DataFrame) -> dict[str, list]:
    out: dict[str, list] = {}
    for style, ids in world.truth["raters"]["style"].items():
        rows = online[online["rater_id"].isin(ids)]
        out[style] = [
            {"rater_id": r, "ballot_ids": sorted(g["ballot_id"])}
            for r, g in rows.groupby("rater_id", sort=True)
        ]
    return out


def _pairs(world: World, online: pd.DataFrame) -> list[dict]:
    out = []
    for a_id, b_id in world.truth["raters"]["colluding_pairs"]:
        a = online[online["rater_id"] == a_id]
        b = online[online["rater_id"] == b_id]
        both = a.merge(
            b, on=["phase_id", "definition_id", "_s", "rater_group"], suffixes=("_a", "_b")
        )
        if both.empty:
            continue
        out.append(
            {
                "rater_ids": [a_id, b_id],
                "ballot_pairs": sorted(
                    [x, y] for x, y in zip(both["ballot_id_a"], both["ballot_id_b"], strict=True)
                ),
            }
        )
    return out


def _stuffing(world: World, ballots: pd.DataFrame) -> list[dict]:
    out = []
    for phase in world.truth["phases"]:
        info = phase.get("ballot_stuffing")
        if not info:
            continue
        stuffed = ballots[ballots["_orig"].isin(info["_stuffed_ballots"])]
        out.append(
            {k: v for k, v in info.items() if not k.startswith("_")}
            | {"identical_ballot_ids": stuffed["ballot_id"].dropna().tolist()}
        )
    return out
