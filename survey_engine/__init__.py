"""Quanjing's survey engine: definition model, loader, show_if, answer validation (no Streamlit)."""

from survey_engine.answer import Answer
from survey_engine.errors import DefinitionError, Problem
from survey_engine.expr import ExpressionError, parse_show_if
from survey_engine.frame import items_frame, options_frame, stated_commitments
from survey_engine.items import ITEM_TYPES, NA, RATER_GROUPS
from survey_engine.loader import (
    definition_from_dict,
    dump_definition,
    dumps_definition,
    load_definition,
    loads_definition,
    loads_stored,
)
from survey_engine.localtext import LocalText
from survey_engine.model import Survey
from survey_engine.templates import list_templates, load_template
from survey_engine.validation import GRID_KEY, AnswerErrors, validate_submission, visible_items

__all__ = [
    "GRID_KEY",
    "ITEM_TYPES",
    "NA",
    "RATER_GROUPS",
    "Answer",
    "AnswerErrors",
    "DefinitionError",
    "ExpressionError",
    "LocalText",
    "Problem",
    "Survey",
    "definition_from_dict",
    "dump_definition",
    "dumps_definition",
    "items_frame",
    "list_templates",
    "load_definition",
    "load_template",
    "loads_definition",
    "loads_stored",
    "options_frame",
    "parse_show_if",
    "stated_commitments",
    "validate_submission",
    "visible_items",
]
