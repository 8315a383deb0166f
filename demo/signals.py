"""KPI scores (显绩/潜绩), external signals, innovation filings, field notes and commitments."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from demo import phrases
from demo.ids import hex_ids
from demo.latent import SubjectTruth
from demo.org import Org


def kpi_frames(
    truth: SubjectTruth,
    org: Org,
    campaign_id: str,
    phase_kinds: list[str],
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Indicators and one score (0..100) per subject, phase and indicator."""
    ind = pd.DataFrame(
        phrases.KPI_INDICATORS, columns=["indicator_id", "name_zh", "name_en", "kind"]
    )
    ind["dimension_id"] = None
    kinds = [k for k in phase_kinds if k != "year_start"] or phase_kinds
    n, m = len(org.subjects), len(ind)
    frames = []
    for k, kind in enumerate(kinds):
        z = np.where(
            ind["kind"].to_numpy() == "visible",
            truth.kpi_visible[:, None],
            truth.kpi_latent[:, None],
        )
        z = z + 0.35 * rng.standard_normal((n, m)) + truth.trend[:, min(k + 1, 2)][:, None] * 0.5
        frames.append(
            pd.DataFrame(
                {
                    "subject_id": np.repeat(org.subjects["subject_id"].to_numpy(), m),
                    "campaign_id": campaign_id,
                    "phase_kind": kind,
                    "indicator_id": np.tile(ind["indicator_id"].to_numpy(), n),
                    "score": np.clip(np.round(75 + 8 * z, 1), 0, 100).ravel(),
                }
            )
        )
    return ind, pd.concat(frames, ignore_index=True)


def signal_frame(
    rng: np.random.Generator,
    truth: SubjectTruth,
    org: Org,
    year_start: date,
    lang: str,
    innovation_dates: dict[int, date],
) -> pd.DataFrame:
    """Monthly hotline complaints and satisfaction, quarterly public ratings, and findings."""
    n = len(org.subjects)
    rep = truth.reputation
    months = [year_start + timedelta(days=30 * i + 14) for i in range(10)]
    notes = phrases.SIGNAL_NOTES[lang]
    complaints = rng.poisson(np.exp(0.6 - 0.7 * rep)[:, None] * np.ones(len(months)))
    satisfaction = np.clip(
        np.round(88 + 5 * rep[:, None] + rng.normal(0, 3, (n, len(months))), 1), 40, 100
    )
    quarters = months[2::3]
    rating = np.clip(np.round(4.0 + 0.45 * rep[:, None] + rng.normal(0, 0.25, (n, 3)), 2), 1, 5)
    rows = [
        _grid("hotline_complaint", complaints, months, notes["hotline_complaint"]),
        _grid("hotline_satisfaction", satisfaction, months, None),
        _grid("public_rating", rating, quarters, None),
    ]
    rows.append(_findings(rng, rep, months, notes))
    rows.extend(_innovation_signals(innovation_dates, notes))
    out = pd.concat(rows, ignore_index=True)
    out.insert(0, "signal_id", hex_ids(rng, len(out)))
    out["subject_id"] = org.subjects["subject_id"].to_numpy()[out.pop("s").to_numpy()]
    return out


def _findings(
    rng: np.random.Generator, rep: np.ndarray, months: list[date], notes: dict[str, str]
) -> pd.DataFrame:
    """Audit and inspection findings, likelier for cadres with a poor reputation."""
    p_finding = 1 / (1 + np.exp(2.0 + 1.2 * rep))
    parts = []
    for kind in ("audit_finding", "inspection_finding"):
        hit = np.flatnonzero(rng.random(len(rep)) < p_finding)
        parts.append(
            pd.DataFrame(
                {
                    "s": hit,
                    "kind": kind,
                    "occurred_on": [months[i] for i in rng.integers(0, len(months), len(hit))],
                    "value": rng.integers(1, 4, len(hit)).astype(float),
                    "note": notes[kind],
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def _innovation_signals(dates: dict[int, date], notes: dict[str, str]) -> list[pd.DataFrame]:
    """Complaint spikes and an audit finding after a filed innovation (which explains them)."""
    return [
        pd.DataFrame(
            {
                "s": s,
                "kind": ["hotline_complaint"] * 3 + ["audit_finding"],
                "occurred_on": [filed + timedelta(days=d) for d in (40, 70, 100, 120)],
                "value": [9.0, 11.0, 8.0, 2.0],
                "note": notes["innovation"],
            }
        )
        for s, filed in dates.items()
    ]


def _grid(kind: str, values: np.ndarray, dates: list[date], note: str | None) -> pd.DataFrame:
    n, m = values.shape
    return pd.DataFrame(
        {
            "s": np.repeat(np.arange(n), m),
            "kind": kind,
            "occurred_on": np.tile(np.array(dates, dtype=object), n),
            "value": values.ravel().astype(float),
            "note": note,
        }
    )


def innovation_frame(
    rng: np.random.Generator, truth: SubjectTruth, org: Org, year_start: date, lang: str
) -> tuple[pd.DataFrame, dict[int, date]]:
    """Filed innovation items: the planted subject(s), plus a few ordinary filings."""
    n = len(org.subjects)
    planted = truth.plants["innovation_explained"]
    others = rng.choice(
        np.setdiff1d(np.arange(n), planted),
        size=min(n - len(planted), max(1, n // 20)),
        replace=False,
    )
    who = np.r_[planted, np.sort(others)]
    bank = phrases.INNOVATIONS[lang]
    filed = [year_start + timedelta(days=int(d)) for d in rng.integers(5, 40, len(who))]
    frame = pd.DataFrame(
        {
            "filing_id": hex_ids(rng, len(who)),
            "subject_id": org.subjects["subject_id"].to_numpy()[who],
            "filed_on": filed,
            "title": [bank[i % len(bank)][0] for i in range(len(who))],
            "risk_note": [bank[i % len(bank)][1] for i in range(len(who))],
        }
    )
    return frame, {int(s): filed[i] for i, s in enumerate(planted)}


def note_frame(
    rng: np.random.Generator,
    truth: SubjectTruth,
    org: Org,
    year_start: date,
    lang: str,
    authors: np.ndarray,
) -> pd.DataFrame:
    """Interviews and embedded observations, their tone following the subject's reputation."""
    n = len(org.subjects)
    per = rng.integers(1, 4, n)
    s = np.repeat(np.arange(n), per)
    bank = phrases.NOTES[lang]
    positive = truth.reputation[s] + rng.normal(0, 0.5, len(s)) > 0
    text = [bank["pos" if p else "neg"][i % 3] for i, p in enumerate(positive)]
    return pd.DataFrame(
        {
            "note_id": hex_ids(rng, len(s)),
            "subject_id": org.subjects["subject_id"].to_numpy()[s],
            "author": authors[rng.integers(0, len(authors), len(s))],
            "kind": np.where(rng.random(len(s)) < 0.5, "interview", "observation"),
            "noted_on": [
                year_start + timedelta(days=int(d)) for d in rng.integers(20, 300, len(s))
            ],
            "text": text,
        }
    )


def commitment_frame(
    rng: np.random.Generator, org: Org, campaign_id: str, per: int, lang: str
) -> pd.DataFrame:
    n = len(org.subjects)
    bank = phrases.COMMITMENTS[lang]
    pick = np.argsort(rng.random((n, len(bank))), axis=1)[:, :per]
    nums, pcts = rng.integers(2, 9, (n, per)), rng.integers(80, 99, (n, per))
    text = [
        bank[pick[i, j]].format(n=nums[i, j], p=pcts[i, j]) for i in range(n) for j in range(per)
    ]
    return pd.DataFrame(
        {
            "commitment_id": hex_ids(rng, n * per),
            "campaign_id": campaign_id,
            "subject_id": np.repeat(org.subjects["subject_id"].to_numpy(), per),
            "seq": np.tile(np.arange(1, per + 1), n),
            "text": text,
        }
    )
