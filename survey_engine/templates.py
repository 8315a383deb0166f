"""Built-in survey templates in ``survey_defs/*.json``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from survey_engine.loader import load_definition
from survey_engine.localtext import LocalText
from survey_engine.model import Survey

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "survey_defs"


@dataclass(frozen=True)
class TemplateInfo:
    id: str
    title: LocalText
    path: Path


def list_templates() -> list[TemplateInfo]:
    """The built-in templates, sorted by id (each file is loaded and validated)."""
    return [
        TemplateInfo(id=survey.id, title=survey.title, path=path)
        for path in sorted(TEMPLATE_DIR.glob("*.json"))
        for survey in [_load(path)]
    ]


def load_template(template_id: str) -> Survey:
    """The validated template ``template_id``; ``KeyError`` when there is none."""
    path = TEMPLATE_DIR / f"{template_id}.json"
    if not template_id.replace("_", "").isalnum() or not path.is_file():
        raise KeyError(f"no built-in template '{template_id}'")
    return _load(path)


@lru_cache(maxsize=32)
def _load(path: Path) -> Survey:
    return load_definition(path)
