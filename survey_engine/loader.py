"""Load, validate and dump survey definitions.

Errors are collected, not raised one at a time: :class:`DefinitionError` carries every
:class:`Problem` found (file, JSON path, English and Chinese message, line/column for bad JSON).
The order: size -> JSON syntax -> nesting, duplicate keys, NaN, unstorable characters -> model
shape (pydantic) -> cross-field checks and caps (see :mod:`survey_engine.limits`).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from survey_engine.checks import check_survey
from survey_engine.errors import DefinitionError, Problem, json_path
from survey_engine.items import ITEM_CLASSES, ITEM_TYPES
from survey_engine.limits import MAX_REPORTED
from survey_engine.localtext import LocalText, Translations
from survey_engine.model import Survey
from survey_engine.rawinput import (
    bad_constant,
    depth_problem,
    inspect,
    pairs_hook,
    parse_int,
    size_problem,
    with_position,
)
from survey_engine.textsafe import shown

#: Python's JSON syntax errors (``JSONDecodeError.msg``) in Chinese; line and column go with them.
JSON_ERRORS_ZH = {
    "Expecting value": "此处缺少一个值",
    "Expecting ',' delimiter": "缺少逗号“,”",
    "Expecting ':' delimiter": "缺少冒号“:”",
    "Expecting property name enclosed in double quotes": "键名须用英文双引号括起来",
    "Unterminated string starting at": "字符串缺少结尾的双引号",
    "Invalid control character at": "字符串中有控制字符（如未转义的换行）",
    "Invalid \\escape": "无效的转义符“\\”",
    "Invalid \\uXXXX escape": "无效的 \\uXXXX 转义",
    "Extra data": "JSON 结束后还有多余内容",
    "Illegal trailing comma before end of object": "对象最后一项后面多了逗号",
    "Illegal trailing comma before end of array": "数组最后一项后面多了逗号",
}


def parse_json(text: str, *, file: str = "<string>") -> dict[str, Any]:
    """Parse JSON text strictly; raise :class:`DefinitionError` naming where it is refused.

    Refused: a text over the size cap (before parsing), malformed JSON (line and column),
    nesting deeper than the depth cap (path, line and column), duplicate keys, NaN/Infinity,
    huge integers, overlong keys and characters that cannot be stored (see
    :mod:`survey_engine.rawinput`), and anything but an object at the top.

    Parameters
    ----------
    text
        The definition's JSON text.
    file
        The name shown in every problem.

    Returns
    -------
    dict
        The parsed object.
    """
    too_large = size_problem(len(text), file)
    if too_large is not None:
        raise DefinitionError([too_large])
    try:
        data = json.loads(
            text, object_pairs_hook=pairs_hook, parse_constant=bad_constant, parse_int=parse_int
        )
    except json.JSONDecodeError as exc:
        problem = Problem(
            file,
            "$",
            f"malformed JSON: {exc.msg}",
            f"JSON 格式错误：{JSON_ERRORS_ZH.get(exc.msg, exc.msg)}",
            exc.lineno,
            exc.colno,
        )
        raise DefinitionError([problem]) from None
    except RecursionError:
        raise DefinitionError([depth_problem(text, file)]) from None
    problems = inspect(data, file)
    if problems:
        raise DefinitionError(with_position(problems, text))
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
    """Load and validate a definition from JSON text (:func:`parse_json`, then the model).

    Raises :class:`DefinitionError` listing every problem; never another exception for bad
    input.
    """
    return _validated(parse_json(text, file=file), file)


@lru_cache(maxsize=64)
def loads_stored(text: str, *, file: str) -> Survey:
    """:func:`loads_definition` once per text and process, for stored definition versions: the
    same text gives the same (frozen) :class:`Survey`, so the respondent's pages and every
    review run stop parsing and validating the pinned version again (#11, #12)."""
    return loads_definition(text, file=file)


def definition_from_dict(data: dict[str, Any], *, file: str = "<dict>") -> Survey:
    """Validate already parsed JSON data: the raw checks of :func:`parse_json` that apply to
    data (nesting, NaN/Infinity, keys, unstorable characters), the shape, then the cross-field
    checks and caps. Raises :class:`DefinitionError`."""
    problems = inspect(data, file)
    if problems:
        raise DefinitionError(problems)
    return _validated(data, file)


def _validated(data: dict[str, Any], file: str) -> Survey:
    try:
        survey = Survey.model_validate(data)
    except ValidationError as exc:
        problems = _from_pydantic(exc, data, file)
        raise DefinitionError(_at_most(problems, exc.error_count(), file)) from None
    problems = check_survey(survey, file)
    if problems:
        raise DefinitionError(_at_most(problems, len(problems), file))
    return survey


def _at_most(problems: list[Problem], total: int, file: str) -> list[Problem]:
    """The first :data:`MAX_REPORTED` problems of ``total``, then one that counts the rest."""
    if total <= MAX_REPORTED:
        return problems
    rest = total - MAX_REPORTED
    return [
        *problems[:MAX_REPORTED],
        Problem(
            file,
            "$",
            f"… and up to {rest:,} more problems, not listed (the first {MAX_REPORTED} are)",
            f"……另有至多 {rest} 个问题未列出(仅列出前 {MAX_REPORTED} 个)",
        ),
    ]


def dump_definition(survey: Survey) -> dict[str, Any]:
    """The definition as JSON-ready data; ``definition_from_dict(dump_definition(s)) == s``."""
    return survey.model_dump(mode="json", exclude_none=True)


def dumps_definition(survey: Survey) -> str:
    """Canonical JSON text (stable key order, UTF-8 kept, 2-space indent)."""
    return json.dumps(dump_definition(survey), ensure_ascii=False, indent=2) + "\n"


def _from_pydantic(exc: ValidationError, data: dict[str, Any], file: str) -> list[Problem]:
    problems: list[Problem] = []
    for err in exc.errors(include_url=False):
        if len(problems) >= MAX_REPORTED:
            break
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
    value = shown(value)
    hint = difflib.get_close_matches(value, ITEM_TYPES, n=1)
    suggest = f"; did you mean '{hint[0]}'?" if hint else ""
    return f"unknown item type '{value}'{suggest} Known types: {known}", f"未知题型 '{value}'"


def _unknown_field(loc: tuple[str | int, ...], data: dict[str, Any]) -> tuple[str, str]:
    name = shown(loc[-1])
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
