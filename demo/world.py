"""Build the whole demo world in memory: frames per table, plus the planted truth."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from demo.ballots import meeting_grid_ballots, personal_grid_ballots, single_ballots
from demo.blocks import concat_rows
from demo.config import SHAPES, DemoConfig
from demo.definitions import definition_frame, load_surveys
from demo.latent import RaterTraits, SubjectTruth, careless_flags, draw_raters, draw_subjects
from demo.org import GROUPS, Org, build_org
from demo.phases import (
    CampaignSpec,
    PhaseSpec,
    make_campaigns,
    personal_invitations,
    phase_frames,
    try_raters,
)
from demo.plans import PLANS, personal_groups
from demo.signals import commitment_frame, innovation_frame, kpi_frames, note_frame, signal_frame
from demo.state import Ctx, World
from demo.tokens import hashed_tokens
from storage.ballot_box import thresholds_of

__all__ = ["Ctx", "World", "build_world"]
Progress = Callable[[float, str], None]
STREAMS = ("org", "truth", "raters", "phases", "answers", "signals", "ids")


def build_world(
    *,
    size: str,
    seed: int,
    locale: str,
    cfg: DemoConfig,
    today: date,
    db_path: str,
    progress: Progress,
) -> World:
    """The demo world of ``size`` for ``seed``; dates are anchored on ``today``."""
    streams = np.random.SeedSequence(seed).spawn(len(STREAMS))
    rngs = {name: np.random.default_rng(s) for name, s in zip(STREAMS, streams, strict=True)}
    lang = "zh" if locale == "zh_CN" else "en"
    progress(0.02, "organisation")
    org = build_org(rngs["org"], SHAPES[size], locale, seed)
    plans = PLANS["bench" if size == "large" else "three_phase"]
    surveys, texts = load_surveys([p.definition for plan in plans for p in plan.phases])
    campaigns = make_campaigns(rngs["ids"], rngs["phases"], plans, set(surveys), today)
    specs = [spec for c in campaigns for spec in c.phases]
    world = World()
    world.phases = {
        p.phase_id: {"status": p.status, "thresholds": thresholds_of(c.plan.settings.to_json())}
        for c in campaigns
        for p in c.phases
    }
    _base_tables(world, org, campaigns, surveys, texts, today, lang)
    commit = _commitments(
        world,
        org,
        rngs["signals"],
        _owner(campaigns, "commitments").campaign_id,
        SHAPES[size].commitments_per_subject,
        lang,
    )
    ctx = Ctx(
        org,
        draw_subjects(rngs["truth"], org, cfg, max(len(c.phases) for c in campaigns)),
        draw_raters(rngs["raters"], org, cfg),
        cfg,
        surveys,
        commit,
        lang,
        today,
        rngs,
        seed,
        db_path,
    )
    for i, spec in enumerate(specs):
        progress(0.05 + 0.6 * i / len(specs), f"{spec.family} {spec.kind}: ballots and answers")
        _phase(world, spec, ctx)
    progress(0.7, "KPI, signals, innovation filings, field notes")
    _signals(world, ctx, _owner(campaigns, "kpi"))
    world.truth["campaigns"] = _campaign_truth(campaigns, today, lang)
    world.truth["subjects"] = _subject_truth(org, ctx.truth)
    world.truth["raters"] = _rater_truth(org, ctx.traits)
    world.answers = concat_rows(world.parts)
    world.parts = []
    return world


def _owner(campaigns: list[CampaignSpec], flag: str) -> CampaignSpec:
    """The campaign the KPI scores (``kpi``) or commitment rows (``commitments``) belong to."""
    return next(c for c in campaigns if getattr(c.plan, flag))


def _name(c: CampaignSpec, today: date, lang: str) -> str:
    return c.plan.name[lang].format(year=today.year)


def _campaign_truth(campaigns: list[CampaignSpec], today: date, lang: str) -> list[dict[str, Any]]:
    """Campaigns and phases as the truth file lists them."""
    return [
        {
            "campaign_id": c.campaign_id,
            "family": c.plan.family,
            "name": _name(c, today, lang),
            "phases": [
                {
                    "phase_id": p.phase_id,
                    "kind": p.kind,
                    "status": p.status,
                    "definition_id": p.definition,
                }
                for p in c.phases
            ],
        }
        for c in campaigns
    ]


def _base_tables(
    world: World,
    org: Org,
    campaigns: list[CampaignSpec],
    surveys: dict[str, Any],
    texts: dict[str, str],
    today: date,
    lang: str,
) -> None:
    rel = org.rel
    rater_ids = org.raters["rater_id"].to_numpy()
    subject_ids = org.subjects["subject_id"].to_numpy()
    relationships = []
    for c in campaigns:  # who rates whom: the groups with personal invitations in the campaign
        groups = {g for p in c.phases for g in personal_groups(surveys[p.definition])}
        mine = rel[rel["g"].isin([GROUPS.index(g) for g in GROUPS if g in groups])]
        relationships.append(
            pd.DataFrame(
                {
                    "campaign_id": c.campaign_id,
                    "rater_id": rater_ids[mine["r"].to_numpy()],
                    "subject_id": subject_ids[mine["s"].to_numpy()],
                    "rater_group": np.array(GROUPS, dtype=object)[mine["g"].to_numpy()],
                }
            )
        )
    world.tables.update(
        survey_definition=definition_frame(surveys, texts, today),
        unit=org.units.drop(columns=["parent_pos"]),
        subject=org.subjects.drop(columns=["seat"]),
        rater=org.raters.drop(columns=["role"]),
        campaign=pd.DataFrame([_campaign(c, today, lang) for c in campaigns]),
        relationship=pd.concat(relationships, ignore_index=True),
        phase=phase_frames(
            [p for c in campaigns for p in c.phases],
            {k: s.version for k, s in surveys.items()},
        ),
        _invitations=[],
        _assignments=[],
    )


def _commitments(
    world: World, org: Org, rng: np.random.Generator, campaign_id: str, per: int, lang: str
) -> tuple[np.ndarray, np.ndarray]:
    commits = commitment_frame(rng, org, campaign_id, per, lang)
    world.tables["commitment"] = commits
    ids = world.vocab.codes_of(commits["commitment_id"].tolist()).reshape(-1, per)
    texts = world.vocab.codes_of(commits["text"].tolist()).reshape(-1, per)
    return ids, texts


def _campaign(c: CampaignSpec, today: date, lang: str) -> dict[str, Any]:
    """One campaign row: launched (its phases are open or closed), settings as validated JSON."""
    first = min(p.opens_on for p in c.phases)
    return {
        "campaign_id": c.campaign_id,
        "name": _name(c, today, lang),
        "year": today.year,
        "settings": c.plan.settings.to_json(),
        "launched": any(p.status in ("open", "closed") for p in c.phases),
        "created_on": first - timedelta(days=15),
        "is_demo": True,
    }


def _completion(spec: PhaseSpec, cfg: DemoConfig) -> float:
    if isinstance(spec.completion, str):
        return float(getattr(cfg, spec.completion))
    if spec.completion is not None:
        return float(spec.completion)
    return cfg.open_completion if spec.status == "open" else cfg.closed_completion


def _phase(world: World, spec: PhaseSpec, ctx: Ctx) -> None:
    """Invitations, assignments, ballots and answers of one phase (its one definition)."""
    survey, cfg = ctx.surveys[spec.definition], ctx.cfg
    groups = personal_groups(survey)
    entry: dict[str, Any] = {
        "phase_id": spec.phase_id,
        "campaign_id": spec.campaign_id,
        "family": spec.family,
        "kind": spec.kind,
        "status": spec.status,
        "definition_id": spec.definition,
    }
    n_try = cfg.try_tokens if spec.status == "open" else 0
    tried = try_raters(ctx.org.rel, spec, groups, n_try)
    cells = personal_invitations(
        ctx.rngs["phases"], ctx.org, spec, groups, _completion(spec, cfg), tried
    )
    if len(tried):
        mask = spec.invitations["_r"].isin(tried)
        start = len(world.truth.setdefault("try_tokens", []))
        spec.invitations.loc[mask, "token_hash"] = hashed_tokens(
            ctx.db_path, ctx.seed, int(mask.sum()), start=start
        )
        invitations = spec.invitations.loc[mask, "invitation_id"].tolist()
        entry["try_token_invitations"] = invitations
        world.truth["try_tokens"].extend(
            {
                "token_index": start + i,
                "campaign_id": spec.campaign_id,
                "family": spec.family,
                "phase_id": spec.phase_id,
                "phase_kind": spec.kind,
                "definition_id": spec.definition,
                "invitation_id": inv,
            }  # fmt: skip
            for i, inv in enumerate(invitations)
        )
    n_keys = int(cells["key"].max()) + 1 if len(cells) else 0
    flags = careless_flags(ctx.rngs["raters"], n_keys, cfg, _planted_keys(cells, ctx))
    cells = cells.assign(flag=flags[cells["key"].to_numpy()], k=spec.k)
    if survey.subject_mode == "grid":
        personal_grid_ballots(world, spec, cells, ctx)
        entry["ballot_stuffing"] = meeting_grid_ballots(world, spec, ctx)
    else:
        single_ballots(world, spec, cells, ctx)
    world.tables["_invitations"].append(spec.invitations.drop(columns=["_r"]))
    world.tables["_assignments"].append(spec.assignments)
    world.truth["phases"].append(entry)


def _planted_keys(cells: pd.DataFrame, ctx: Ctx) -> np.ndarray:
    """Keys (rater and group) of other planted behaviours, never also careless, so each stays
    detectable: colluders, rater styles and the self ratings of self_over / self_under cadres."""
    r = cells["r"].to_numpy()
    self_plants = np.r_[ctx.truth.plants["self_over"], ctx.truth.plants["self_under"]]
    planted = np.isin(r, ctx.traits.colluders.ravel()) | (ctx.traits.style[r] != "")
    planted |= (cells["g"].to_numpy() == GROUPS.index("self")) & np.isin(cells["s"], self_plants)
    return np.unique(cells["key"].to_numpy()[planted])


def _signals(world: World, ctx: Ctx, owner: CampaignSpec) -> None:
    """KPI scores of the ``owner`` campaign (per its phases), signals, filings, field notes."""
    org, truth, rng, lang = ctx.org, ctx.truth, ctx.rngs["signals"], ctx.lang
    year_start = ctx.today - timedelta(days=330)
    kinds = [s.kind for s in owner.phases]
    ind, scores = kpi_frames(truth, org, owner.campaign_id, kinds, rng)
    filings, dates = innovation_frame(rng, truth, org, year_start, lang)
    observers = org.raters.loc[org.raters["role"] == "observer", "name"].to_numpy()
    world.tables.update(
        kpi_indicator=ind,
        kpi_score=scores,
        innovation_filing=filings,
        external_signal=signal_frame(rng, truth, org, year_start, lang, dates),
        field_note=note_frame(rng, truth, org, year_start, lang, observers),
    )


def _subject_truth(org: Org, truth: SubjectTruth) -> dict[str, Any]:
    ids = org.subjects["subject_id"].to_numpy().tolist()
    return {
        "planted": {k: [ids[i] for i in v] for k, v in truth.plants.items()},
        "reputation": dict(zip(ids, np.round(truth.reputation, 3).tolist(), strict=True)),
        "kpi_visible_z": dict(zip(ids, np.round(truth.kpi_visible, 3).tolist(), strict=True)),
        "kpi_latent_z": dict(zip(ids, np.round(truth.kpi_latent, 3).tolist(), strict=True)),
    }


def _rater_truth(org: Org, traits: RaterTraits) -> dict[str, Any]:
    ids = org.raters["rater_id"].to_numpy()
    styles = {s: ids[traits.style == s].tolist() for s in ("lenient", "severe", "halo")}
    return {"style": styles, "colluding_pairs": [[ids[a], ids[b]] for a, b in traits.colluders]}
