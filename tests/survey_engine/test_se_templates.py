"""Built-in templates validate, round-trip, and the committed JSON Schema is current."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from survey_engine import (
    definition_from_dict,
    dump_definition,
    dumps_definition,
    items_frame,
    list_templates,
    load_template,
    loads_definition,
)
from survey_engine.items import ITEM_TYPES
from survey_engine.schema import REGENERATE, SCHEMA_PATH, schema_text

TEMPLATE_IDS = [
    "achievement_view_360",
    "commitment_midyear",
    "commitment_pledge",
    "commitment_yearend",
    "democratic_assessment",
    "public_satisfaction",
]


def test_list_templates_names_every_builtin_with_bilingual_title() -> None:
    infos = list_templates()
    assert [t.id for t in infos] == TEMPLATE_IDS
    assert all(t.title.missing(["zh", "en"]) == [] for t in infos)


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_template_round_trips(template_id: str) -> None:
    survey = load_template(template_id)
    assert survey.languages == ["zh", "en"]
    assert definition_from_dict(dump_definition(survey)) == survey
    assert loads_definition(dumps_definition(survey)) == survey


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_template_file_is_in_canonical_form(template_id: str) -> None:
    info = next(t for t in list_templates() if t.id == template_id)
    assert info.path.read_text(encoding="utf-8") == dumps_definition(load_template(template_id))


def test_unknown_template_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        load_template("../etc/passwd")


def test_democratic_assessment_is_a_grid_with_15_percent_excellent_cap() -> None:
    survey = load_template("democratic_assessment")
    assert survey.subject_mode == "grid"
    assert [(c.item, c.option, c.max_share) for c in survey.caps] == [
        ("overall", "excellent", 0.15)
    ]
    assert {d.id for d in survey.dimensions} == {"de", "neng", "qin", "ji", "lian"}


def test_achievement_360_has_the_five_papers_reverse_items_self_wording_and_show_if() -> None:
    survey = load_template("achievement_view_360")
    assert len(survey.dimensions) == 5
    items = survey.all_items()
    assert any(i.reverse for i in items)
    assert any(i.text_for and "self" in i.text_for for i in items)
    assert any(i.show_if for i in items)
    assert {"likert", "matrix", "checklist", "text"} <= {i.type for i in items}


def test_items_frame_has_one_row_per_scored_cell() -> None:
    frame = items_frame(load_template("achievement_view_360"))
    assert list(frame.columns) == [
        "item_id",
        "row_id",
        "type",
        "dimension",
        "weight",
        "reverse",
        "scale_min",
        "scale_max",
    ]
    ledger = frame[frame.item_id == "ledger"]
    assert list(ledger.row_id) == [
        "visible_results",
        "visible_real",
        "latent_groundwork",
        "latent_future",
    ]
    assert frame.loc[frame.item_id == "pol_show", "reverse"].item()
    assert set(frame.scale_max.dropna()) == {5.0, 3.0}


def test_templates_cover_every_item_type_but_ranking_and_numeric() -> None:
    used = {i.type for t in TEMPLATE_IDS for i in load_template(t).all_items()}
    assert set(ITEM_TYPES) - used == {"ranking", "numeric"}


def test_committed_json_schema_is_current() -> None:
    committed = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
    assert committed == schema_text(), (
        f"{SCHEMA_PATH} is out of date with the model; regenerate it with: {REGENERATE}"
    )
    assert json.loads(committed)["properties"]["schema_version"]["const"] == 1


def test_survey_engine_never_imports_streamlit() -> None:
    root = Path(__file__).resolve().parents[2] / "survey_engine"
    for path in root.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] == "streamlit" for n in names), path
