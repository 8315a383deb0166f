"""Designer helpers: validate the JSON being edited, tabulate problems, diff two versions."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass

import pandas as pd

from storage.definitions import get_definition, list_definitions, list_versions, save_definition
from survey_engine import (
    DefinitionError,
    Problem,
    Survey,
    dump_definition,
    dumps_definition,
    loads_definition,
)


@dataclass(frozen=True)
class Checked:
    """The outcome of validating the editor's text: a survey or the problems."""

    survey: Survey | None
    problems: tuple

    @property
    def ok(self) -> bool:
        return self.survey is not None


def check_text(text: str, file: str) -> Checked:
    """Validate the editor's JSON text (never raises for a bad definition).

    The engine reports every bad input as a :class:`DefinitionError`; should hostile text still
    exhaust the recursion limit or carry text that cannot be encoded, that too is shown as one
    problem at ``$`` in the problems table rather than as a raw exception.
    """
    try:
        return Checked(loads_definition(text, file=file), ())
    except DefinitionError as err:
        return Checked(None, tuple(err.problems))
    except (RecursionError, UnicodeError) as err:
        problem = Problem(
            file,
            "$",
            f"the definition could not be checked ({type(err).__name__})",
            f"无法检查此问卷定义({type(err).__name__})",
        )
        return Checked(None, (problem,))


def problems_frame(problems, lang: str) -> pd.DataFrame:
    """One row per problem: JSON path, message in ``lang``, line and column when known."""
    return pd.DataFrame(
        {
            "path": [p.path for p in problems],
            "message": [
                (p.message_zh or p.message) if lang == "zh" else p.message for p in problems
            ],
            "line": [p.line for p in problems],
            "column": [p.column for p in problems],
        }
    )


def pretty(text: str) -> str:
    """Indented JSON for editing and diffing, keys in the model's order (schema_version, id,
    title, ... pages) rather than the sorted order of the stored canonical form."""
    try:
        return json.dumps(dump_definition(loads_definition(text)), ensure_ascii=False, indent=2)
    except DefinitionError:
        pass
    try:
        return json.dumps(json.loads(text), ensure_ascii=False, indent=2)
    except (ValueError, RecursionError):
        return text  # shown as it is; the problems table says what is wrong


def next_version(db, definition_id: str) -> int:
    """The version number a save will get: the open draft's, or one past the latest."""
    versions = list_versions(db, definition_id)
    if versions.empty:
        return 1
    last = versions.iloc[-1]
    return int(last["version"]) if last["status"] == "draft" else int(last["version"]) + 1


def save_checked(db, survey: Survey):
    """Save a valid survey as a draft version whose body names that version."""
    version = next_version(db, survey.id)
    body = json.loads(dumps_definition(survey))
    body["version"] = version
    return save_definition(db, survey.id, body, version=version)


def version_diff(db, definition_id: str, old: int, new: int) -> str:
    """A unified diff of two saved versions (pretty JSON)."""
    a = pretty(get_definition(db, definition_id, old).body).splitlines()
    b = pretty(get_definition(db, definition_id, new).body).splitlines()
    return "\n".join(
        difflib.unified_diff(
            a, b, f"{definition_id} v{old}", f"{definition_id} v{new}", lineterm=""
        )
    )


def definition_ids(db) -> list[str]:
    return list_definitions(db)["definition_id"].tolist()
