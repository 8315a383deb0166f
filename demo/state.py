"""What the generator builds (:class:`World`) and what every phase draws from (:class:`Ctx`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from demo.answers import Vocab
from demo.config import DemoConfig
from demo.latent import RaterTraits, SubjectTruth
from demo.org import Org


@dataclass
class World:
    """Table frames, answer codes, ballots and the truth.

    ``ballots`` are frames of ballot skeletons: an integer ``ballot`` code (the ``ballot`` column
    of ``answers``), the stored columns, and internal ones: ``_r`` (rater position), ``_s``
    (subject position, -1 for a grid), ``_flag`` (careless kind), ``_whole`` (the unit rule
    keeps the submission whole). ``phases`` holds per phase id its ``status`` and anonymity
    ``thresholds``.
    """

    tables: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, np.ndarray] = field(default_factory=dict)
    ballots: list[pd.DataFrame] = field(default_factory=list)
    vocab: Vocab = field(default_factory=Vocab)
    truth: dict[str, Any] = field(default_factory=lambda: {"phases": []})
    parts: list[dict] = field(default_factory=list)
    phases: dict[str, dict[str, Any]] = field(default_factory=dict)
    n_ballots: int = 0


@dataclass
class Ctx:
    """Everything a phase needs, drawn once per world."""

    org: Org
    truth: SubjectTruth
    traits: RaterTraits
    cfg: DemoConfig
    surveys: dict[str, Any]
    commit: tuple[np.ndarray, np.ndarray]  # vocab codes of commitment ids and texts
    lang: str
    today: date
    rngs: dict[str, np.random.Generator]
    seed: int
    db_path: str
