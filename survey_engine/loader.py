"""Load, validate and dump survey definitions.

Errors are collected, not raised one at a time: :class:`DefinitionError` carries every
:class:`Problem` found (file, JSON path, English and Chinese message, line/column for bad JSON).
The order: JSON syntax -> duplicate keys / NaN -> model shape (pydantic) -> cross-field checks.
"""

from __future__ import annotations

import difflib
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from survey_engine.checks import check_survey
from survey_engine.errors import DefinitionError, Problem, json_path
from survey_engine.items import ITEM_CLASSES, ITEM_TYPES
from survey_engine.localtext import LocalText, Translations
from survey_engine.model import Survey


class _Pairs(dict):
    """A JSON object that remembers duplicate keys."""

    duplicates: list[str]


class _BadNumber:
    def __init__(self, name: str) -> None:
        self.name = name


def _pairs_hook(pairs: list[tuple[str, Any]]) -> _Pairs:
    obj = _Pairs()
    obj.duplicates = []
    for key, value in pairs:
        if key in obj:
            obj.duplicates.append(key)
        obj[key] = value
    return obj


def _scan(value: Any, loc: tuple[str | int, ...], file: str, out: list[Problem]) -> Any:
    """Report duplicate keys and NaN/Infinity; return plain dicts/lists."""
    if isinstance(value, _BadNumber):
        out.append(
            Problem(
                file,
                json_path(loc),
                f"{value.name} is not allowed (JSON numbers must be finite)",
                f"不允许使用 {value.name}",
            )
        )
        return None
    if isinstance(value, dict):
        for key in getattr(value, "duplicates", []):
            out.append(
                Problem(
                    file,
                    json_path((*loc, key)),
                    f"duplicate key '{key}' in one JSON object",
                    f"同一对象中键 '{key}' 重复",
                )
            )
        return {k: _scan(v, (*loc, k), file, out) for k, v in value.items()}
    if isinstance(value, list):
        return [_scan(v, (*loc, i), file, out) for i, v in enumerate(value)]
    return value


def parse_json(text: str, *, file: str = "<string>") -> dict[str, Any]:
    """Parse JSON text strictly (no duplicate keys, no NaN/Infinity); raise DefinitionError."""
    try:
        data = json.loads(text, object_pairs_hook=_pairs_hook, parse_constant=_BadNumber)
    except json.JSONDecodeError as exc:
        problem = Problem(
            file,
            "$",
            f"malformed JSON: {exc.msg}",
            f"JSON 格式错误:{exc.msg}",
            exc.lineno,
            exc.colno,
        )
        raise DefinitionError([problem]) from None
    problems: list[Problem] = []
    data = _scan(data, (), file, problems)
    if problems:
        raise DefinitionError(problems)
    if not isinstance(data, dict):
        raise DefinitionError(
            [
                Problem(
                    file,
                    "$",
                    "a survey definition must be a JSON object",
                    "问卷定义必须是 JSON 对象",
                )
            ]
        )
    return data


def load_definition(path: str | Path) -> Survey:
    """Load and validate a definition file."""
    path = Path(path)
    return loads_definition(path.read_text(encoding="utf-8"), file=str(path))


def loads_definition(text: str, *, file: str = "<string>") -> Survey:
    """Load and validate a definition from JSON text."""
    return definition_from_dict(parse_json(text, file=file), file=file)


def definition_from_dict(data: dict[str, Any], *, file: str = "<dict>") -> Survey:
    """Validate already parsed JSON data (shape, then cross-field checks)."""
    _check_floats(data, (), file)
    try:
        survey = Survey.model_validate(data)
    except ValidationError as exc:
        raise DefinitionError(_from_pydantic(exc, data, file)) from None
    problems = check_survey(survey, file)
    if problems:
        raise DefinitionError(problems)
    return survey


def dump_definition(survey: Survey) -> dict[str, Any]:
    """The definition as JSON-ready data; ``definition_from_dict(dump_definition(s)) == s``."""
    return survey.model_dump(mode="json", exclude_none=True)


def dumps_definition(survey: Survey) -> str:
    """Canonical JSON text (stable key order, UTF-8 kept, 2-space indent)."""
    return json.dumps(dump_definition(survey), ensure_ascii=False, indent=2) + "\n"


def _check_floats(value: Any, loc: tuple[str | int, ...], file: str) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise DefinitionError(
            [
                Problem(
                    file, json_path(loc), "NaN/Infinity is not allowed", "不允许使用 NaN/Infinity"
                )
            ]
        )
    if isinstance(value, dict):
        for key, item in value.items():
            _check_floats(item, (*loc, key), file)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_floats(item, (*loc, index), file)


def _from_pydantic(exc: ValidationError, data: dict[str, Any], file: str) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = _clean_loc(err["loc"])
        if _other_branch_explains(err["loc"], data):
            continue
        kind = err["type"]
        if kind == "extra_forbidden":
            message, zh = _unknown_field(loc, data)
        elif kind in ("union_tag_invalid", "union_tag_not_found"):
            loc = (*loc, "type")
            message, zh = _unknown_type(_value_at(data, loc))
        elif kind == "too_short" and err.get("ctx", {}).get("min_length") == 1:
            message, zh = "must not be empty", "不能为空"
        else:
            message, zh = err["msg"], ""
        problems.append(Problem(file, json_path(loc), message, zh))
    return problems


def _other_branch_explains(raw_loc: Sequence[str | int], data: Any) -> bool:
    """For LocalText (str | {"zh","en"}) report only the branch that matches the value's kind."""
    for index, part in enumerate(raw_loc):
        if part in ("str", "Translations"):
            value = _value_at(data, _clean_loc(raw_loc[:index]))
            return (part == "str") == isinstance(value, dict)
    return False


def _clean_loc(loc: Sequence[str | int]) -> tuple[str | int, ...]:
    """Drop the union tag pydantic inserts after a list index (``items[3].likert.scale``),
    and the ``str``/``Translations`` branch names of LocalText."""
    out: list[str | int] = []
    for index, part in enumerate(loc):
        previous = loc[index - 1] if index else None
        if isinstance(part, str) and isinstance(previous, int) and part in ITEM_TYPES:
            continue
        if part in ("str", "Translations"):
            continue
        out.append(part)
    return tuple(out)


def _value_at(data: Any, loc: Sequence[str | int]) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _unknown_type(value: Any) -> tuple[str, str]:
    known = ", ".join(ITEM_TYPES)
    if value is None:
        return f"item has no 'type'; known types: {known}", "缺少题型 type"
    hint = difflib.get_close_matches(str(value), ITEM_TYPES, n=1)
    suggest = f"; did you mean '{hint[0]}'?" if hint else ""
    return f"unknown item type '{value}'{suggest} Known types: {known}", f"未知题型 '{value}'"


def _unknown_field(loc: tuple[str | int, ...], data: dict[str, Any]) -> tuple[str, str]:
    name = str(loc[-1])
    model = _model_at(loc[:-1], data)
    known = sorted(model.model_fields) if model else []
    hint = difflib.get_close_matches(name, known, n=1)
    suggest = f"; did you mean '{hint[0]}'?" if hint else ""
    if not hint and known:
        suggest = f"; known fields: {', '.join(known)}"
    return f"unknown field '{name}'{suggest}", f"未知字段 '{name}'" + (
        f",是否应为 '{hint[0]}'?" if hint else ""
    )


def _model_at(loc: Sequence[str | int], data: dict[str, Any]) -> type[BaseModel] | None:
    """The model class describing the object at ``loc`` (for 'did you mean' suggestions)."""
    model: type[BaseModel] | None = Survey
    annotation: Any = None
    for index, part in enumerate(loc):
        if annotation is None:
            if model is None or not isinstance(part, str) or part not in model.model_fields:
                return None
            annotation = model.model_fields[part].annotation
        else:
            annotation = _element(annotation)
        model, annotation = _resolve(annotation, _value_at(data, loc[: index + 1]))
    return model if annotation is None else None


def _element(annotation: Any) -> Any:
    """The element type of ``list[X]`` or ``dict[K, X]`` (Optional unwrapped)."""
    args = [a for a in get_args(annotation) if a is not type(None)]
    if get_origin(annotation) in (list, dict):
        return args[-1]
    if len(args) == 1:
        return _element(args[0])
    return None


def _resolve(annotation: Any, value: Any) -> tuple[type[BaseModel] | None, Any]:
    """(model, None) when ``annotation`` is a model (for an item: by its ``type``), else
    (None, annotation) to keep walking into a list/dict."""
    if isinstance(value, dict) and value.get("type") in ITEM_CLASSES:
        return ITEM_CLASSES[value["type"]], None
    candidates = [annotation, *get_args(annotation)]
    for candidate in candidates:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            if isinstance(value, dict):
                return (Translations if candidate is LocalText else candidate), None
    if isinstance(value, list | dict):
        return None, annotation
    return None, None
