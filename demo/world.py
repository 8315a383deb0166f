"""Build the whole demo world in memory: frames per table, plus the planted truth."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from demo.answers import Vocab
from demo.blocks import block_rows, concat_rows, identical_copies
from demo.config import SHAPES, DemoConfig
from demo.definitions import definition_frame, load_surveys
from demo.ids import hex_ids
from demo.latent import careless_flags, draw_raters, draw_subjects
from demo.meeting import meeting_ballots
from demo.org import GROUPS, build_org
from demo.phases import PLANS, make_phases, personal_invitations, phase_frames, submitted_days
from demo.signals import commitment_frame, innovation_frame, kpi_frames, note_frame, signal_frame
from demo.tokens import hashed_tokens

Progress = Callable[[float, str], None]
STREAMS = ("org", "truth", "raters", "phases", "answers", "signals", "ids")


@dataclass
class World:
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    answers: dict[str, np.ndarray] = field(default_factory=dict)
    ballots: list[pd.DataFrame] = field(default_factory=list)
    vocab: Vocab = field(default_factory=Vocab)
    truth: dict[str, Any] = field(default_factory=dict)
    parts: list[dict] = field(default_factory=list)
    n_ballots: int = 0


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
    rngs = dict(
        zip(
            STREAMS,
            (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(len(STREAMS))),
            strict=True,
        )
    )
    lang = "zh" if locale == "zh_CN" else "en"
    shape = SHAPES[size]
    progress(0.02, "organisation")
    org = build_org(rngs["org"], shape, locale, seed)
    plan = PLANS["bench" if size == "large" else "three_phase"]
    surveys, texts = load_surveys([d for defs in plan.values() for d in defs])
    specs = make_phases(rngs["phases"], plan, set(surveys), today)
    truth = draw_subjects(rngs["truth"], org, cfg, len(specs))
    traits = draw_raters(rngs["raters"], org, cfg)
    world = World()
    campaign_id = hex_ids(rngs["ids"], 1)[0]
    world.tables.update(
        survey_definition=definition_frame(surveys, texts, today),
        unit=org.units.drop(columns=["parent_pos"]),
        subject=org.subjects.drop(columns=["seat"]),
        rater=org.raters.drop(columns=["role"]),
        campaign=_campaign(campaign_id, size, today, lang),
        relationship=pd.DataFrame(
            {
                "campaign_id": campaign_id,
                "rater_id": org.raters["rater_id"].to_numpy()[org.rel["r"]],
                "subject_id": org.subjects["subject_id"].to_numpy()[org.rel["s"]],
                "rater_group": np.array(GROUPS, dtype=object)[org.rel["g"]],
            }
        ),
        phase=phase_frames(specs, campaign_id, {k: s.version for k, s in surveys.items()}),
    )
    commits = commitment_frame(
        rngs["signals"], org, campaign_id, shape.commitments_per_subject, lang
    )
    world.tables["commitment"] = commits
    per = shape.commitments_per_subject
    commit = (
        world.vocab.codes_of(commits["commitment_id"].tolist()).reshape(-1, per),
        world.vocab.codes_of(commits["text"].tolist()).reshape(-1, per),
    )
    ctx = dict(
        org=org,
        truth=truth,
        traits=traits,
        cfg=cfg,
        surveys=surveys,
        commit=commit,
        lang=lang,
        today=today,
        rngs=rngs,
        seed=seed,
        db_path=db_path,
    )
    world.truth["phases"] = []
    for i, spec in enumerate(specs):
        progress(0.05 + 0.6 * i / max(len(specs), 1), f"phase {spec.kind}: ballots and answers")
        _phase(world, spec, **ctx)
    progress(0.7, "KPI, signals, innovation filings, field notes")
    _signals(world, org, truth, rngs["signals"], campaign_id, specs, lang, today)
    world.truth["subjects"] = _subject_truth(org, truth)
    world.truth["raters"] = _rater_truth(org, traits)
    world.answers = concat_rows(world.parts)
    world.parts = []
    return world


def _campaign(campaign_id: str, size: str, today: date, lang: str) -> pd.DataFrame:
    from campaign.settings import CampaignSettings

    name = {
        "zh": f"{today.year}年度领导干部政绩观全景评价(演示)",
        "en": f"{today.year} panoramic evaluation of cadres (demo)",
    }[lang]
    return pd.DataFrame(
        [
            {
                "campaign_id": campaign_id,
                "name": name,
                "year": today.year,
                "settings": CampaignSettings().to_json(),
                "launched": True,
                "created_on": today.replace(month=1, day=1) if size != "large" else today,
                "is_demo": True,
            }
        ]
    )


def _phase(
    world: World,
    spec: Any,
    *,
    org,
    truth,
    traits,
    cfg,
    surveys,
    commit,
    lang,
    today,
    rngs,
    seed,
    db_path,
) -> None:
    rng = rngs["phases"]
    personal = [d for d in spec.definitions if surveys[d].subject_mode != "grid"]
    groups = {g for d in personal for g in surveys[d].rater_groups}
    entry: dict[str, Any] = {"phase_id": spec.phase_id, "kind": spec.kind, "status": spec.status}
    completion = (
        cfg.single_completion
        if spec.kind == "single"
        else cfg.open_completion
        if spec.status == "open"
        else cfg.closed_completion
    )
    n_try = cfg.try_tokens if spec.status == "open" else 0
    cells = personal_invitations(rng, org, spec, groups, completion, n_try)
    invitations = spec.invitations
    if n_try:
        tried = invitations["_r"].isin(_try_set(org, spec, n_try))
        hashes = hashed_tokens(db_path, seed, int(tried.sum()))
        invitations.loc[tried, "token_hash"] = hashes
        entry["try_token_invitations"] = invitations.loc[tried, "invitation_id"].tolist()
    n_pseudo = int(cells["key"].max()) + 1 if len(cells) else 0
    excluded = np.unique(cells["key"][cells["r"].isin(traits.colluders.ravel())])
    flag_of = careless_flags(rngs["raters"], n_pseudo, cfg, excluded)
    cells["flag"] = flag_of[cells["key"].to_numpy()]
    cells["k"] = spec.k
    for d in personal:
        sub = cells[cells["g"].isin([GROUPS.index(g) for g in surveys[d].rater_groups])]
        _single_ballots(world, spec, d, surveys[d], sub.reset_index(drop=True), **_pass(locals()))
    for d in (d for d in spec.definitions if surveys[d].subject_mode == "grid"):
        entry["ballot_stuffing"] = _grid_ballots(world, spec, d, surveys[d], **_pass(locals()))
    world.tables.setdefault("_invitations", []).append(invitations.drop(columns=["_r"]))
    world.tables.setdefault("_assignments", []).append(spec.assignments)
    world.truth["phases"].append(entry)


def _pass(scope: dict) -> dict:
    keys = ("org", "truth", "traits", "cfg", "commit", "lang", "today", "rngs")
    return {k: scope[k] for k in keys}


def _try_set(org, spec, n) -> np.ndarray:
    from demo.phases import _try_raters

    rel = org.rel[org.rel["g"].isin([GROUPS.index(g) for g in ("peer", "subordinate")])]
    return _try_raters(rel, spec, n)


def _ballot_frame(
    world: World,
    spec: Any,
    definition_id: str,
    survey: Any,
    g: np.ndarray,
    pseudo: np.ndarray,
    source: str,
    rng: np.random.Generator,
    today: date,
) -> pd.DataFrame:
    n = len(g)
    frame = pd.DataFrame(
        {
            "ballot": np.arange(world.n_ballots, world.n_ballots + n),
            "phase_id": spec.phase_id,
            "definition_id": definition_id,
            "definition_version": survey.version,
            "rater_group": np.array(GROUPS, dtype=object)[g],
            "rater_pseudonym": pseudo,
            "source": source,
            "submitted_on": submitted_days(rng, spec, n, today),
        }
    )
    world.n_ballots += n
    return frame


def _single_ballots(
    world, spec, definition_id, survey, cells, *, org, truth, traits, cfg, commit, lang, today, rngs
) -> None:
    ballots = _ballot_frame(
        world,
        spec,
        definition_id,
        survey,
        cells["g"].to_numpy(),
        cells["pseudo"].to_numpy(),
        "online",
        rngs["phases"],
        today,
    )
    ballots["_r"], ballots["_s"] = cells["r"].to_numpy(), cells["s"].to_numpy()
    ballots["_flag"] = cells["flag"].to_numpy()
    world.ballots.append(ballots)
    cells = cells.assign(ballot=ballots["ballot"].to_numpy())
    world.parts.extend(
        block_rows(rngs["answers"], survey, cells, truth, traits, cfg, world.vocab, commit, lang)
    )


def _grid_ballots(
    world, spec, definition_id, survey, *, org, truth, traits, cfg, commit, lang, today, rngs
) -> dict:
    meet = meeting_ballots(
        rngs["phases"], org, spec, survey.rater_groups, cfg.ballot_stuffing_extra
    )
    world.tables.setdefault("_invitations", []).append(meet.invitations)
    ballots = _ballot_frame(
        world,
        spec,
        definition_id,
        survey,
        meet.ballots["g"].to_numpy(),
        meet.ballots["pseudo"].to_numpy(),
        "meeting",
        rngs["phases"],
        today,
    )
    first = int(ballots["ballot"].iloc[0])
    ballots["_r"], ballots["_s"], ballots["_flag"] = meet.ballots["_r"].to_numpy(), -1, ""
    stuffed = ballots["ballot"].to_numpy()[meet.ballots["_stuffed"].to_numpy()]
    ballots.loc[meet.ballots["_stuffed"].to_numpy(), "submitted_on"] = spec.opens_on
    world.ballots.append(ballots)
    cells = meet.cells.assign(ballot=meet.cells["ballot"] + first, k=spec.k, flag="", key=0)
    parts = block_rows(
        rngs["answers"], survey, cells, truth, traits, cfg, world.vocab, commit, lang
    )
    world.parts.extend(identical_copies(parts, stuffed))
    return {**meet.stuffing, "_stuffed_ballots": stuffed}


def _signals(world: World, org, truth, rng, campaign_id, specs, lang, today) -> None:
    year_start = today - timedelta(days=330)
    ind, scores = kpi_frames(truth, org, campaign_id, [s.kind for s in specs], rng)
    filings, dates = innovation_frame(rng, truth, org, year_start, lang)
    observers = org.raters.loc[org.raters["role"] == "observer", "name"].to_numpy()
    world.tables.update(
        kpi_indicator=ind,
        kpi_score=scores,
        innovation_filing=filings,
        external_signal=signal_frame(rng, truth, org, year_start, lang, dates),
        field_note=note_frame(rng, truth, org, year_start, lang, observers),
    )


def _subject_truth(org, truth) -> dict[str, Any]:
    ids = org.subjects["subject_id"].to_numpy()
    return {
        "planted": {k: ids[v].tolist() for k, v in truth.plants.items()},
        "reputation": dict(zip(ids.tolist(), np.round(truth.reputation, 3).tolist(), strict=True)),
        "kpi_visible_z": dict(
            zip(ids.tolist(), np.round(truth.kpi_visible, 3).tolist(), strict=True)
        ),
    }


def _rater_truth(org, traits) -> dict[str, Any]:
    ids = org.raters["rater_id"].to_numpy()
    styles = {s: ids[traits.style == s].tolist() for s in ("lenient", "severe", "halo")}
    return {"style": styles, "colluding_pairs": [[ids[a], ids[b]] for a, b in traits.colluders]}
