"""A small real world for app and browser tests: a unit, cadres, raters, an open phase, tokens."""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

import pandas as pd

from campaign import tokens
from campaign.settings import CampaignSettings
from storage import campaigns, definitions
from storage.db import Database, bulk_insert
from survey_engine import dumps_definition, load_template

T = TypeVar("T")


@dataclass
class SmallWorld:
    campaign_id: str
    phase_id: str
    subjects: list[str]
    tokens: dict[str, str]  # rater_id -> raw token


_WORLDS: dict[tuple, tuple[Path, object]] = {}


def world_copy(path: str | Path, key: tuple, build: Callable[[Database], T]) -> T:
    """A database file at ``path`` holding the world ``build`` makes: built once per test process
    and ``key``, then copied (building a world takes seconds, copying its file milliseconds).
    Returns what ``build`` returned. Call it before anything opens ``path`` (the ``app``
    fixture does)."""
    assert not Path(path).exists(), f"{path} exists: copy the world before opening it"
    if key not in _WORLDS:
        folder = tempfile.mkdtemp(prefix="qj-world-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        template = Path(folder) / "world.duckdb"
        db = Database(template)
        made = build(db)
        db.close()  # checkpointed: the whole world is in the one file
        _WORLDS[key] = (template, made)
    template, made = _WORLDS[key]
    for part in template.parent.glob(template.name + "*"):  # the file and what lies beside it
        shutil.copyfile(part, str(path) + part.name.removeprefix(template.name))
    return made


def demo_copy(path: str | Path, *, seed: int, locale: str, size: str = "tiny") -> None:
    """:func:`world_copy` of ``demo.generate``."""
    import demo

    world_copy(path, ("demo", size, seed, locale),
               lambda db: demo.generate(db, size=size, seed=seed, locale=locale))  # fmt: skip


def publish_template(db: Database, template_id: str) -> int:
    body = json.loads(dumps_definition(load_template(template_id)))
    saved = definitions.save_definition(db, template_id, body)
    definitions.publish_definition(db, template_id, saved.version)
    return saved.version


def build_small_world(
    db: Database,
    key: bytes,
    *,
    template_id: str = "achievement_view_360",
    n_subjects: int = 2,
    rater_group: str = "peer",
) -> SmallWorld:
    """``n_subjects`` cadres in one unit; raters r1..r3 rate every cadre as ``rater_group``."""
    version = publish_template(db, template_id)
    subjects = [f"s{i}" for i in range(1, n_subjects + 1)]
    with db.transaction() as cur:
        bulk_insert(
            cur,
            "unit",
            pd.DataFrame(
                {
                    "unit_id": ["u1"],
                    "name_zh": ["和平街道"],
                    "name_en": ["Heping Street"],
                    "kind": ["street"],
                }
            ),
        )
        bulk_insert(
            cur,
            "subject",
            pd.DataFrame(
                {
                    "subject_id": subjects,
                    "name": [f"干部{i}" for i in range(1, n_subjects + 1)],
                    "unit_id": "u1",
                    "position": "副主任",
                    "level": "副科",
                }
            ),
        )
        bulk_insert(
            cur,
            "rater",
            pd.DataFrame(
                {"rater_id": ["r1", "r2", "r3"], "name": ["甲", "乙", "丙"], "unit_id": "u1"}
            ),
        )
    cid = campaigns.create_campaign(
        db, name="2026 年度测评", year=2026, settings_json=CampaignSettings().to_json()
    )
    pid = campaigns.add_phase(
        db, campaign_id=cid, kind="single", definition_id=template_id, definition_version=version
    )
    rel = pd.DataFrame(
        [(r, s, rater_group) for r in ("r1", "r2", "r3") for s in subjects],
        columns=["rater_id", "subject_id", "rater_group"],
    )
    campaigns.insert_relationships(db, cid, rel)
    campaigns.open_phase(db, pid)
    issued = tokens.issue_phase_tokens(db, key, pid, expires_at=datetime.now() + timedelta(days=7))
    return SmallWorld(cid, pid, subjects, {i.rater_id: i.token for i in issued})
