"""The latent trait model and the planted behaviours (who is what, drawn once per world).

A rating is ``base + subject standing + phase trend + dimension effect + rater offset + group
offset + item noise`` on a standard-normal latent scale, mapped to the answer scale through the
normal CDF (a quantile ``p`` in 0..1, then cut into the scale's points). Careless raters replace
``p``: straight-liners give one constant, random responders uniform noise, speeders (no timing
exists in ballots, by design, so they are modelled as fast fills) a favourite answer 70 % of the
time and noise otherwise. Rates follow Meade & Craig (2012), see :mod:`demo.config`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import ndtr

from demo.config import DemoConfig
from demo.ids import pick
from demo.org import GROUP_CODE, Org

# group offsets on the latent scale (self inflation added from the config)
GROUP_OFFSET = {
    "superior": 0.0,
    "peer": 0.05,
    "subordinate": -0.05,
    "self": 0.0,
    "public": -0.2,
    "observer": -0.1,
}
CARELESS = ("straight_liner", "random_responder", "speeder")
STYLE = ("lenient", "severe", "halo")


@dataclass
class SubjectTruth:
    """Per-subject latent values and the planted subject sets (positions into ``org.subjects``)."""

    reputation: np.ndarray  # latent standing as seen by raters (政声)
    kpi_visible: np.ndarray  # z-score of visible KPI (显绩)
    kpi_latent: np.ndarray  # z-score of latent KPI (潜绩)
    dim_effect: np.ndarray  # subjects x 8 dimension slots
    trend: np.ndarray  # subjects x 3 phases (latent shift)
    self_bias: np.ndarray
    plants: dict[str, np.ndarray]


@dataclass
class RaterTraits:
    offset: np.ndarray  # per rater
    style: np.ndarray  # per rater: "" | lenient | severe | halo
    colluders: np.ndarray  # (k, 2) rater positions: b copies a


def draw_subjects(
    rng: np.random.Generator, org: Org, cfg: DemoConfig, n_phases: int
) -> SubjectTruth:
    n = len(org.subjects)
    perf = rng.normal(size=n)
    rep = 0.6 * perf + 0.8 * rng.normal(size=n)
    vis = 0.7 * perf + 0.7 * rng.normal(size=n)
    lat = 0.7 * perf + 0.7 * rng.normal(size=n)
    plants: dict[str, np.ndarray] = {}
    taken = np.array([], dtype=np.int64)
    rates = [
        ("showy", cfg.showy_rate),
        ("unsung", cfg.unsung_rate),
        ("declining", cfg.declining_rate if n_phases > 1 else 0.0),
        ("self_over", cfg.self_over_rate),
        ("self_under", cfg.self_under_rate),
        ("innovation_explained", cfg.innovation_explained / max(n, 1)),
    ]
    for name, rate in rates:
        plants[name] = pick(rng, n, rate, exclude=taken, minimum=1)
        taken = np.union1d(taken, plants[name])
    _plant_gaps(plants, rep, vis, lat, cfg)
    trend = rng.normal(0, 0.08, size=(n, 3)) * np.arange(3)
    trend[plants["declining"]] = -cfg.decline_per_phase * np.arange(3)
    bias = np.zeros(n)
    over, under = plants["self_over"], plants["self_under"]
    bias[over], bias[under] = cfg.self_bias_effect, -cfg.self_bias_effect
    rep[over] = -0.5 * np.abs(rep[over])  # room above: an average cadre who rates self high
    rep[under] = 0.5 * np.abs(rep[under]) + 0.5  # a good cadre who is modest
    return SubjectTruth(rep, vis, lat, rng.normal(0, 0.3, size=(n, 8)), trend, bias, plants)


def _plant_gaps(
    plants: dict[str, np.ndarray],
    rep: np.ndarray,
    vis: np.ndarray,
    lat: np.ndarray,
    cfg: DemoConfig,
) -> None:
    """Showy cadres: visible KPI high, reputation low; unsung cadres the reverse (in place)."""
    s, u = plants["showy"], plants["unsung"]
    vis[s] = np.abs(vis[s]) + cfg.kpi_gap_effect
    lat[s] = lat[s] - 0.5
    rep[s] = -0.3 * np.abs(rep[s]) - cfg.reputation_gap_effect
    vis[u] = -np.abs(vis[u]) - cfg.kpi_gap_effect
    lat[u] = np.abs(lat[u]) + 0.5
    rep[u] = 0.3 * np.abs(rep[u]) + cfg.reputation_gap_effect


def draw_raters(rng: np.random.Generator, org: Org, cfg: DemoConfig) -> RaterTraits:
    n = len(org.raters)
    offset = rng.normal(0, cfg.rater_sd, size=n)
    style = np.full(n, "", dtype=object)
    taken = np.array([], dtype=np.int64)
    for name, rate in (
        ("lenient", cfg.lenient_rate),
        ("severe", cfg.severe_rate),
        ("halo", cfg.halo_rate),
    ):
        chosen = pick(rng, n, rate, exclude=taken, minimum=1)
        style[chosen] = name
        taken = np.union1d(taken, chosen)
    offset[style == "lenient"] += cfg.rater_style_effect
    offset[style == "severe"] -= cfg.rater_style_effect
    return RaterTraits(offset, style, _colluders(rng, org, cfg, taken))


def _colluders(
    rng: np.random.Generator, org: Org, cfg: DemoConfig, taken: np.ndarray
) -> np.ndarray:
    """Pairs of peers in one unit (rating the same colleagues) who fill near-identical ballots."""
    peers = org.rel[org.rel["g"] == GROUP_CODE["peer"]]
    cadre = np.flatnonzero(org.raters["role"].to_numpy() == "cadre")
    cadre = np.setdiff1d(cadre, taken)
    want = max(1, int(round(cfg.colluding_pair_rate * len(org.raters) / 2)))
    if cfg.colluding_pair_rate <= 0:
        return np.zeros((0, 2), dtype=np.int64)
    unit = org.subject_unit  # cadre rater position == subject position
    order = rng.permutation(cadre)
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    by_unit: dict[int, list[int]] = {}
    for r in order:
        by_unit.setdefault(int(unit[r]), []).append(int(r))
    for members in by_unit.values():
        while len(members) >= 2 and len(pairs) < want:
            a, b = members.pop(), members.pop()
            if a in used or b in used or not len(peers):
                continue
            pairs.append((a, b))
            used.update((a, b))
        if len(pairs) >= want:
            break
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)


def careless_flags(
    rng: np.random.Generator, n: int, cfg: DemoConfig, exclude: np.ndarray
) -> np.ndarray:
    """One label per key (rater and group in a phase): "" or a careless kind; ``exclude``
    lists keys that never get one."""
    flags = np.full(n, "", dtype=object)
    taken = exclude
    for name, rate in zip(
        CARELESS,
        (cfg.straight_liner_rate, cfg.random_responder_rate, cfg.speeder_rate),
        strict=True,
    ):
        chosen = pick(rng, n, rate, exclude=taken, minimum=1)
        flags[chosen] = name
        taken = np.union1d(taken, chosen)
    return flags


def cell_mean(
    cells: pd.DataFrame, truth: SubjectTruth, traits: RaterTraits, cfg: DemoConfig
) -> np.ndarray:
    """Latent mean of each (rater, subject, phase) cell: columns r, s, g, k of ``cells``."""
    s, r, g, k = (cells[c].to_numpy() for c in ("s", "r", "g", "k"))
    group_off = np.array([GROUP_OFFSET[name] for name in GROUP_CODE])
    mu = cfg.base_level + cfg.subject_sd * truth.reputation[s] + truth.trend[s, k]
    mu = mu + traits.offset[r] + group_off[g]
    is_self = g == GROUP_CODE["self"]
    return mu + is_self * (cfg.self_inflation + truth.self_bias[s])


def quantiles(
    rng: np.random.Generator,
    cells: pd.DataFrame,
    mu: np.ndarray,
    dims: np.ndarray,
    truth: SubjectTruth,
    traits: RaterTraits,
    cfg: DemoConfig,
) -> np.ndarray:
    """The cells x columns matrix of answer quantiles ``p`` in (0, 1), before careless rows.

    ``dims`` is the dimension slot (0..7) of each column. Halo raters lose the dimension effect
    and most of the item noise: one overall impression for everything.
    """
    s = cells["s"].to_numpy()
    halo = traits.style[cells["r"].to_numpy()] == "halo"
    noise_sd = np.where(halo, 0.12, cfg.item_noise_sd)[:, None]
    lat = mu[:, None] + np.where(halo[:, None], 0.0, truth.dim_effect[s][:, dims])
    lat = lat + rng.standard_normal((len(mu), len(dims)), dtype=np.float32) * noise_sd
    return ndtr(lat).astype(np.float32)


def apply_careless(
    rng: np.random.Generator, p: np.ndarray, flag: np.ndarray, key: np.ndarray
) -> None:
    """Overwrite the rows of careless respondents in place (``flag`` and rater ``key`` per
    row); a straight-liner keeps one level across all their ballots."""
    rows = np.flatnonzero(flag == "straight_liner")
    if len(rows):
        level = np.array([0.97, 0.97, 0.7, 0.5], dtype=np.float32)[key[rows] % 4]
        p[rows] = level[:, None]
    rows = np.flatnonzero(flag == "random_responder")
    if len(rows):
        p[rows] = rng.random((len(rows), p.shape[1]), dtype=np.float32)
    rows = np.flatnonzero(flag == "speeder")
    if len(rows):
        fav = rng.choice(np.array([0.97, 0.7], dtype=np.float32), size=len(rows))[:, None]
        noise = rng.random((len(rows), p.shape[1]), dtype=np.float32)
        p[rows] = np.where(rng.random(noise.shape) < 0.7, fav, noise)
