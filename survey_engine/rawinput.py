"""Checks of raw definition input, before the model sees it: size, nesting, count of values,
numbers, characters.

Nothing here recurses: a hostile file nested 100,000 levels deep is refused with a problem that
names the JSON path, line and column where :data:`~survey_engine.limits.MAX_DEPTH` is crossed.

>>> [str(p) for p in inspect({"a": [[["x"]]]}, "f.json", max_depth=3)]
['f.json: $.a[0][0]: nested deeper than 3 levels']
>>> locate_depth('{"a": [\\n  [[1]]]}', 3)
(('a', 0, 0), 2, 4)
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from survey_engine.errors import Problem, json_path
from survey_engine.limits import (
    MAX_DEFINITION_CHARS,
    MAX_DEPTH,
    MAX_INT_DIGITS,
    MAX_KEY_CHARS,
    MAX_REPORTED,
    MAX_VALUES,
)
from survey_engine.textsafe import UNSTORABLE, first_unstorable, shown

Loc = tuple[str | int, ...]
_TOKEN = re.compile(r'("[^"\\]*(?:\\.[^"\\]*)*")(\s*:)?|[\[\]{},]')


class BadNumber:
    """Stands in for a JSON number that is refused (NaN, Infinity, a huge integer)."""

    def __init__(self, message: str, message_zh: str) -> None:
        self.message = message
        self.message_zh = message_zh


class Pairs(dict):
    """A JSON object with duplicate keys (``duplicates`` lists them); plain objects stay dicts."""

    duplicates: list[str]


def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` for :func:`json.loads`: a dict, or :class:`Pairs` on duplicates."""
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    out = Pairs(obj)
    seen: set[str] = set()
    out.duplicates = [key for key, _ in pairs if key in seen or seen.add(key)]
    return out


def bad_constant(name: str) -> BadNumber:
    """``parse_constant`` for :func:`json.loads` (``NaN``, ``Infinity``, ``-Infinity``)."""
    return BadNumber(f"{name} is not allowed (JSON numbers must be finite)", f"不允许使用 {name}")


def parse_int(digits: str) -> int | BadNumber:
    """``parse_int`` for :func:`json.loads`: integers of at most ``MAX_INT_DIGITS`` digits."""
    if len(digits.lstrip("-")) <= MAX_INT_DIGITS:
        return int(digits)
    return BadNumber(
        f"an integer of {len(digits):,} digits is not allowed (at most {MAX_INT_DIGITS})",
        f"整数位数过多({len(digits)} 位,最多 {MAX_INT_DIGITS} 位)",
    )


def size_problem(n_chars: int, file: str) -> Problem | None:
    """A problem when a definition text of ``n_chars`` characters is over the size cap."""
    if n_chars <= MAX_DEFINITION_CHARS:
        return None
    return Problem(
        file,
        "$",
        f"the definition has {n_chars:,} characters; at most {MAX_DEFINITION_CHARS:,} are allowed",
        f"问卷定义共 {n_chars} 个字符,超过上限 {MAX_DEFINITION_CHARS} 个",
    )


def _too_deep(file: str, loc: Loc, max_depth: int, line=None, column=None) -> Problem:
    return Problem(file, json_path(loc), *_deep(max_depth), line, column)


def inspect(data: Any, file: str, *, max_depth: int = MAX_DEPTH) -> list[Problem]:
    """Problems of parsed JSON data, walked without recursion: nesting over ``max_depth``,
    duplicate keys, refused numbers, NaN/Infinity, overlong keys and unstorable characters.

    Parameters
    ----------
    data
        What :func:`json.loads` (with :func:`pairs_hook`, :func:`bad_constant` and
        :func:`parse_int`) returned, or any dict given to the loader.
    file
        The file named in each problem.
    max_depth
        Objects and arrays nested deeper are reported at their path and not entered.

    Returns
    -------
    list of Problem
        At most :data:`~survey_engine.limits.MAX_REPORTED`, object by object in document order
        (an object's own keys and values before the objects and arrays inside it). The walk
        stops at the object or array that takes the count of values over
        :data:`~survey_engine.limits.MAX_VALUES` (so the model never sees millions of them).
    """
    walk = _Walk(file, max_depth)
    if walk.value(data, None, None):
        walk.stack.append((data, ()))
    values = 1
    while walk.stack and len(walk.problems) < MAX_REPORTED:
        container, loc = walk.stack.pop()
        values += len(container)
        if values > MAX_VALUES:
            walk.add(
                loc,
                f"more than {MAX_VALUES:,} JSON values (objects, arrays, strings, numbers) "
                "by here; a survey needs far fewer",
                f"到此处 JSON 值(对象、数组、字符串、数字)已超过 {MAX_VALUES} 个",
            )
            break
        walk.container(container, loc)
    return walk.problems[:MAX_REPORTED]


class _Walk:
    """The state of :func:`inspect`: containers still to enter, problems, keys seen good."""

    def __init__(self, file: str, max_depth: int) -> None:
        self.file = file
        self.max_depth = max_depth
        self.stack: list[tuple[Any, Loc]] = []
        self.problems: list[Problem] = []
        self.good_keys: set[str] = set()

    def add(self, loc: Loc, message: str, message_zh: str) -> None:
        self.problems.append(Problem(self.file, json_path(loc), message, message_zh))

    def container(self, value: dict | list, loc: Loc) -> None:
        """Check one object or array; queue the containers inside it."""
        inner: list[tuple[Any, Loc]] = []
        if isinstance(value, dict):
            for key in getattr(value, "duplicates", ()):
                shown_key = shown(key)
                self.add(
                    (*loc, key),
                    f"duplicate key '{shown_key}' in one JSON object",
                    f"同一对象中键 '{shown_key}' 重复",
                )
            for key, child in value.items():
                if key not in self.good_keys:
                    self.key(key, loc)
                if self.value(child, loc, key):
                    inner.append((child, (*loc, key)))
        else:
            for index, child in enumerate(value):
                if self.value(child, loc, index):
                    inner.append((child, (*loc, index)))
        self.stack.extend(reversed(inner))

    def value(self, value: Any, parent: Loc | None, key: str | int | None) -> bool:
        """Check a scalar; True for a container to enter. The location (``parent`` + ``key``,
        the root when ``parent`` is None) is built only for a problem or a container."""
        where = (parent, key)
        if isinstance(value, str):
            if UNSTORABLE.search(value):
                self.add(_loc(where), *_unstorable(value))
        elif isinstance(value, dict | list):
            loc = _loc(where)
            if len(loc) < self.max_depth:
                return True
            self.add(loc, *_deep(self.max_depth))
        elif isinstance(value, float):
            if not math.isfinite(value):
                self.add(_loc(where), "NaN/Infinity is not allowed", "不允许使用 NaN/Infinity")
        elif isinstance(value, BadNumber):
            self.add(_loc(where), value.message, value.message_zh)
        return False

    def key(self, key: Any, loc: Loc) -> None:
        if not isinstance(key, str):
            return
        if len(key) > MAX_KEY_CHARS:
            self.add(
                (*loc, key),
                f"a key of {len(key):,} characters (at most {MAX_KEY_CHARS})",
                f"键名过长({len(key)} 个字符,最多 {MAX_KEY_CHARS} 个)",
            )
        elif UNSTORABLE.search(key):
            self.add((*loc, key), *_unstorable(key))
        else:
            self.good_keys.add(key)


def _loc(where: tuple[Loc | None, str | int | None]) -> Loc:
    parent, key = where
    return () if parent is None else (*parent, key)  # type: ignore[arg-type]


def _unstorable(text: str) -> tuple[str, str]:
    bad = first_unstorable(text)
    return (
        f"contains a character that cannot be stored ({bad}: a control character or "
        "an unpaired surrogate)",
        f"含有无法保存的字符({bad}:控制字符或不成对的代理字符)",
    )


def _deep(max_depth: int) -> tuple[str, str]:
    return f"nested deeper than {max_depth} levels", f"嵌套超过 {max_depth} 层"


def locate_depth(text: str, max_depth: int = MAX_DEPTH) -> tuple[Loc, int, int] | None:
    """Where JSON ``text`` first nests deeper than ``max_depth``: (path, line, column).

    One scan over the tokens, no recursion; it stops at the first object or array that is too
    deep, so only the (valid) text before that point is read. ``None`` when none is too deep.
    """
    stack: list[list[Any]] = []  # per open container: [kind, current key or index]
    for match in _TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first in "[{":
            if len(stack) >= max_depth:
                start = match.start()
                line = text.count("\n", 0, start) + 1
                column = start - text.rfind("\n", 0, start)
                return tuple(part for _, part in stack), line, column
            stack.append([first, 0 if first == "[" else ""])
        elif first in "]}":
            if stack:
                stack.pop()
        elif first == ",":
            if stack and stack[-1][0] == "[":
                stack[-1][1] += 1
        elif match.group(2) and stack and stack[-1][0] == "{":
            stack[-1][1] = _decode_key(match.group(1))
    return None


def _decode_key(literal: str) -> str:
    try:
        return json.loads(literal)
    except ValueError:
        return literal.strip('"')


def depth_problem(text: str, file: str, max_depth: int = MAX_DEPTH) -> Problem:
    """The problem for a text nested deeper than ``max_depth`` (path, line and column)."""
    found = locate_depth(text, max_depth)
    if found is None:
        return _too_deep(file, (), max_depth)
    return _too_deep(file, found[0], max_depth, found[1], found[2])


def with_position(problems: list[Problem], text: str) -> list[Problem]:
    """Add the line and column to the first "nested too deep" problem found in ``text``."""
    deep = [p for p in problems if p.message.startswith("nested deeper than")]
    if not deep:
        return problems
    located = depth_problem(text, deep[0].file)
    return [located if p is deep[0] and p.path == located.path else p for p in problems]
