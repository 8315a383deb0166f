"""The survey definitions of the demo world: the built-in templates, or for the large world one
40-item likert definition generated for the benchmark. Saved as published versions."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pandas as pd

from storage.definitions import body_sha256, canonical_json
from survey_engine import definition_from_dict, dump_definition, list_templates, load_template

BENCH_ID = "bench_likert_40"
_DIMS = [
    ("political", "政治建设", "Political building"),
    ("development", "高质量发展", "High-quality development"),
    ("work_style", "作风建设", "Work style"),
    ("party_building", "党建工作", "Party building"),
    ("livelihood", "民生保障", "People's livelihood"),
]


def bench_definition(items: int = 40) -> dict[str, Any]:
    """A plain likert survey: ``items`` statements over the five dimensions, every 5th reversed."""
    rows = []
    for i in range(items):
        dim = _DIMS[i % len(_DIMS)]
        rows.append(
            {
                "type": "likert",
                "id": f"q{i + 1:02d}",
                "scale": "agree5",
                "dimension": dim[0],
                "reverse": i % 5 == 4,
                "text": {"zh": f"{dim[1]}：第{i + 1}题", "en": f"{dim[2]}: statement {i + 1}"},
            }
        )
    return {
        "schema_version": 1,
        "id": BENCH_ID,
        "version": 1,
        "languages": ["zh", "en"],
        "title": {"zh": "基准测试：40题量表", "en": "Benchmark: 40-item likert"},
        "dimensions": [{"id": d, "label": {"zh": zh, "en": en}} for d, zh, en in _DIMS],
        "rater_groups": ["superior", "peer", "subordinate", "self", "public", "observer"],
        "scales": [{"id": "agree5", "min": 1, "max": 5, "allow_na": False}],
        "pages": [
            {
                "id": f"p{p + 1}",
                "title": {"zh": f"第{p + 1}页", "en": f"Page {p + 1}"},
                "items": rows[p * 10 : (p + 1) * 10],
            }
            for p in range((items + 9) // 10)
        ],
    }


def load_surveys(wanted: list[str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The surveys named in ``wanted`` that exist (templates, or the benchmark definition), and
    the JSON text of each (the template file's text)."""
    surveys: dict[str, Any] = {}
    texts: dict[str, str] = {}
    paths = {t.id: t.path for t in list_templates()}
    for definition_id in wanted:
        if definition_id in surveys:
            continue
        if definition_id == BENCH_ID:
            surveys[definition_id] = definition_from_dict(bench_definition(), file=BENCH_ID)
            texts[definition_id] = json.dumps(
                dump_definition(surveys[definition_id]), ensure_ascii=False
            )
        elif definition_id in paths:
            surveys[definition_id] = load_template(definition_id)
            texts[definition_id] = paths[definition_id].read_text(encoding="utf-8")
    return surveys, texts


def definition_frame(surveys: dict[str, Any], texts: dict[str, str], today: date) -> pd.DataFrame:
    """One published row per survey; body is the canonical JSON text, with its sha256."""
    rows = []
    for definition_id, survey in surveys.items():
        body = canonical_json(texts[definition_id])
        rows.append(
            {
                "definition_id": definition_id,
                "version": survey.version,
                "status": "published",
                "body": body,
                "sha256": body_sha256(body),
                "saved_on": today,
            }
        )
    return pd.DataFrame(rows)
