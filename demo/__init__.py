"""The seeded demo world: a district organisation with one campaign per survey family (政绩观360,
亮诺践诺, 群众满意度, 民主测评; see :mod:`demo.plans`), each phase answering exactly its one
definition, with KPI, external signals, innovation filings and field notes, and planted
behaviours recorded in a ground-truth file beside the database (the app never reads it).

``app_meta`` keys (all start with ``demo``): ``demo``, ``demo_seed``, ``demo_size``,
``demo_locale``, ``demo_generated_on``, ``demo_try_tokens`` (how many try-it tokens),
``demo_campaign_id`` (the 360 campaign), ``demo_campaigns`` (JSON list of ``{"campaign_id",
"family", "name"}``), ``demo_try_token_phases`` (JSON list of ``{"token_index", "campaign",
"campaign_id", "family", "phase_id", "phase_kind", "definition_id"}``, ``token_index`` being the
position in :func:`try_tokens`; never the token itself), ``demo_definitions``, ``demo_indicators``.

>>> from storage.db import Database
>>> db = Database(":memory:")
>>> summary = generate(db, size="tiny", seed=1, locale="en")
>>> is_present(db), summary.counts["subject"], summary.counts["campaign"]
(True, 8, 4)
>>> _ = remove(db); is_present(db)
False
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np

from demo.accounts import add_demo_accounts
from demo.assemble import answer_chunks, finish_ballots, sealed_answers, storage_tables
from demo.config import SIZES, DemoConfig, DemoSummary
from demo.tokens import derive_tokens
from demo.truth import TRUTH_ABOUT, truth_document
from demo.world import World, build_world
from storage import demo as demo_store
from storage.db import Database

__all__ = [
    "DemoConfig",
    "DemoError",
    "DemoSummary",
    "generate",
    "is_present",
    "remove",
    "truth_path_for",
    "try_token_phases",
    "try_tokens",
]
LOCALES = ("zh_CN", "en")


class DemoError(ValueError):
    """The demo world cannot be generated as asked."""


def truth_path_for(db: Database) -> Path | None:
    """``<db file>.truth.json``, or None for an in-memory database."""
    return None if db.path == ":memory:" else Path(db.path + ".truth.json")


def is_present(db: Database) -> bool:
    """True when a demo world is in the database."""
    return demo_store.is_present(db)


def remove(db: Database) -> dict[str, int]:
    """Delete all demo data in one transaction (the truth file too), then rewrite the database
    into a fresh file (no bytes of the removed world stay); rows deleted per table."""
    counts = demo_store.remove_world(db)
    db.compact()
    path = truth_path_for(db)
    if path is not None and path.exists():
        path.unlink()
    return counts


def try_tokens(db: Database, seed: int) -> list[str]:
    """The raw "try it" tokens of the open phases, recomputed from the seed (demo only); which
    phase each belongs to is in :func:`try_token_phases` (same order)."""
    meta = demo_store.demo_meta(db)
    if meta.get("demo") != "true" or meta.get("demo_seed") != str(seed):
        return []
    return derive_tokens(seed, int(meta.get("demo_try_tokens", "0")))


def campaign_ids(db: Database) -> dict[str, str]:
    """Demo campaign id per survey family (``achievement`` is the 360); empty without a demo.

    >>> from storage.db import Database
    >>> db = Database(":memory:")
    >>> _ = generate(db, size="tiny", seed=1, locale="en")
    >>> sorted(campaign_ids(db))
    ['achievement', 'commitment', 'democratic', 'public']
    """
    listed = json.loads(demo_store.demo_meta(db).get("demo_campaigns", "[]"))
    return {c["family"]: c["campaign_id"] for c in listed}


def try_token_phases(db: Database) -> list[dict]:
    """Per try-it token (by ``token_index``): its campaign name, family, phase and definition."""
    return json.loads(demo_store.demo_meta(db).get("demo_try_token_phases", "[]"))


def generate(
    db: Database,
    *,
    size: str = "default",
    seed: int = 7,
    locale: str = "zh_CN",
    config: DemoConfig | None = None,
    progress: Callable[[float, str], None] | None = None,
    replace: bool = False,
    today: date | None = None,
) -> DemoSummary:
    """Generate the demo world into ``db`` (one transaction), rewrite the database into a fresh
    file (``Database.compact``: no bytes of a previous world or of the write order stay) and
    write the truth file.

    Closed phases are sealed as the platform seals them (ballots in ``ballot``/``answer`` in
    random order, the register reduced to counts); open phases keep their ballots in the ballot
    box and their register as it is, so the try-it tokens work. ``today`` anchors the dates (the
    last phase is open around it); it defaults to the real date.
    """
    if size not in SIZES or locale not in LOCALES:
        raise DemoError(f"size must be one of {SIZES} and locale one of {LOCALES}")
    if is_present(db):
        if not replace:
            raise DemoError("a demo world is already present; remove it first or pass replace")
        remove(db)
    started = time.perf_counter()
    report = progress or (lambda fraction, message: None)
    cfg = config or DemoConfig()
    today = today or date.today()
    world = build_world(
        size=size, seed=seed, locale=locale, cfg=cfg, today=today, db_path=db.path, progress=report
    )
    meta = {
        "demo": "true",
        "demo_seed": str(seed),
        "demo_size": size,
        "demo_locale": locale,
        "demo_generated_on": today.isoformat(),
    }
    counts, planted = _write(db, world, meta, np.random.default_rng([seed, 99]), report)
    add_demo_accounts(db, world.tables["unit"])  # one per role: see demo/accounts.py
    report(0.97, "rewriting the database file")
    db.compact()
    truth = {**meta, "config": cfg.as_dict(), "counts": counts, "about": TRUTH_ABOUT, **planted}
    path = truth_path_for(db)
    if path is not None:
        path.write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    report(1.0, "done")
    seconds = round(time.perf_counter() - started, 2)
    return DemoSummary(seed, size, locale, counts, str(path) if path else None, seconds, truth)


def _write(
    db: Database,
    world: World,
    meta: dict[str, str],
    rng: np.random.Generator,
    report: Callable[[float, str], None],
) -> tuple[dict[str, int], dict]:
    """Ballot units, ids, sealed order, boxes and the truth document; then one transaction
    through storage (which seals the closed phases' register)."""
    subject_ids = world.tables["subject"]["subject_id"].to_numpy()
    ballots = finish_ballots(world, rng, subject_ids)
    tables = storage_tables(world, ballots)
    planted = truth_document(world, ballots.frame, world.tables["rater"])
    campaigns = world.truth["campaigns"]
    names = {c["campaign_id"]: c["name"] for c in campaigns}
    tried = world.truth.get("try_tokens", [])
    meta.update(
        demo_try_tokens=str(len(tried)),
        demo_campaign_id=str(campaigns[0]["campaign_id"]),
        demo_campaigns=json.dumps(
            [{k: c[k] for k in ("campaign_id", "family", "name")} for c in campaigns],
            ensure_ascii=False,
        ),
        demo_try_token_phases=json.dumps(
            [
                {"token_index": t["token_index"], "campaign": names[t["campaign_id"]]}
                | {k: t[k] for k in ("campaign_id", "family", "phase_id", "phase_kind")}
                | {"definition_id": t["definition_id"]}
                for t in tried
            ],
            ensure_ascii=False,
        ),
    )
    total = sealed_answers(world, ballots)
    report(0.75, f"writing {total:,} answers")
    chunks = answer_chunks(world, ballots, subject_ids)

    def written(rows: int) -> None:
        report(0.75 + 0.2 * rows / max(total, 1), f"answers written: {rows:,}")

    sealed = [p for p, info in world.phases.items() if info["status"] == "closed"]
    counts = demo_store.write_world(
        db, tables, chunks, meta, boxes=ballots.boxes, sealed=sealed, progress=written
    )
    return counts, planted
