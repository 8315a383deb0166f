"""``show_if``: a small, safe expression language over earlier answers.

Parsed with :func:`ast.parse` (``mode="eval"``) and checked against a whitelist; evaluated by a
tiny interpreter. Nothing is ever passed to ``eval``/``exec``.

Grammar (Python syntax, subset)
-------------------------------
- names: item ids; the value of that item's answer (a number, an option id, a text, or for
  multiple_choice/checklist a set of option ids)
- literals: numbers, strings, and tuples/lists of them (right of ``in``)
- comparisons ``== != < <= > >=`` (chained), ``in`` / ``not in``
- ``and``, ``or``, ``not``, parentheses, and the one call ``answered(item_id)``

Semantics
---------
- A missing answer (unanswered, hidden, or "not applicable") makes EVERY comparison with it
  False, including ``!=`` and ``not in``; ``not (q1 > 3)`` is therefore True when q1 is missing.
- ``answered(q)`` is True when q has any response, "not applicable" included.
- Comparing values of different kinds (a number with a string) is False, never an error.

>>> expr = parse_show_if("q1 >= 4 and 'a' in q2")
>>> sorted(expr.names)
['q1', 'q2']
>>> expr.evaluate({"q1": 5, "q2": ["a", "b"]})
True
>>> expr.evaluate({})
False
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from survey_engine.items import NA

MAX_SOURCE = 500
MAX_NODES = 200
MAX_STRING = 200
MAX_NUMBER = 10**12


class ExpressionError(ValueError):
    """The expression is not valid show_if syntax; the message says what was refused."""


_MISSING = object()
_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_REFUSED: dict[type[ast.AST], str] = {
    ast.Attribute: "attribute access (a.b)",
    ast.Subscript: "subscripts (a[0])",
    ast.Lambda: "lambda",
    ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.GeneratorExp: "comprehensions",
    ast.JoinedStr: "f-strings",
    ast.BinOp: "arithmetic",
    ast.UnaryOp: "arithmetic or unary operators (use 'not')",
    ast.IfExp: "conditional expressions",
    ast.NamedExpr: "assignment (:=)",
    ast.Dict: "dict literals",
    ast.Set: "set literals",
    ast.Starred: "starred expressions",
    ast.Await: "await",
}


@dataclass(frozen=True)
class ShowIf:
    """A checked show_if expression: ``names`` it reads, ``evaluate(answers)`` -> bool."""

    source: str
    tree: ast.Expression
    names: frozenset[str]

    def evaluate(self, answers: Mapping[str, Any]) -> bool:
        return bool(_truth(_eval(self.tree.body, answers)))


@lru_cache(maxsize=1024)
def parse_show_if(source: str) -> ShowIf:
    """Parse and check ``source``; raises :class:`ExpressionError` naming what was refused."""
    if len(source) > MAX_SOURCE:
        raise ExpressionError(f"expression longer than {MAX_SOURCE} characters")
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"syntax error at column {exc.offset}: {exc.msg}") from None
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise ExpressionError(f"expression too complex (more than {MAX_NODES} nodes)")
    names: set[str] = set()
    _check(tree.body, names, in_list=False)
    return ShowIf(source=source, tree=tree, names=frozenset(names))


def _check(node: ast.AST, names: set[str], *, in_list: bool) -> None:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        _check(node.operand, names, in_list=False)
        return
    for refused, what in _REFUSED.items():
        if isinstance(node, refused):
            raise ExpressionError(f"{what} is not allowed in show_if")
    if isinstance(node, ast.BoolOp):
        for value in node.values:
            _check(value, names, in_list=False)
    elif isinstance(node, ast.Compare):
        if any(isinstance(op, ast.Is | ast.IsNot) for op in node.ops):
            raise ExpressionError("'is' is not allowed in show_if; use == or answered()")
        _check(node.left, names, in_list=False)
        for op, part in zip(node.ops, node.comparators, strict=True):
            _check(part, names, in_list=isinstance(op, ast.In | ast.NotIn))
    elif isinstance(node, ast.Tuple | ast.List):
        if in_list is False or len(node.elts) > 50:
            raise ExpressionError("a list of literals is allowed only right of 'in' (max 50)")
        for elt in node.elts:
            if not isinstance(elt, ast.Constant):
                raise ExpressionError("a list in show_if may hold only number or string literals")
            _check(elt, names, in_list=False)
    elif isinstance(node, ast.Call):
        _check_call(node, names)
    elif isinstance(node, ast.Name):
        _check_name(node.id)
        names.add(node.id)
    elif isinstance(node, ast.Constant):
        _check_constant(node.value)
    else:
        raise ExpressionError(f"'{type(node).__name__}' is not allowed in show_if")


def _check_call(node: ast.Call, names: set[str]) -> None:
    if not isinstance(node.func, ast.Name) or node.func.id != "answered":
        raise ExpressionError("calls are not allowed in show_if, except answered(item_id)")
    if node.keywords or len(node.args) != 1 or not isinstance(node.args[0], ast.Name):
        raise ExpressionError("answered() takes exactly one item id, e.g. answered(q1)")
    _check_name(node.args[0].id)
    names.add(node.args[0].id)


def _check_name(name: str) -> None:
    if name.startswith("_") or not name.isascii() or name != name.lower():
        raise ExpressionError(f"'{name}' is not an item id (dunder and private names are refused)")
    if name in {"answered", "true", "false", "none"}:
        raise ExpressionError(f"'{name}' is reserved and cannot be used as an item id here")


def _check_constant(value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ExpressionError(f"only number and string literals are allowed, not {value!r}")
    if isinstance(value, str) and len(value) > MAX_STRING:
        raise ExpressionError(f"string literal longer than {MAX_STRING} characters")
    if isinstance(value, int | float) and not abs(value) <= MAX_NUMBER:
        raise ExpressionError(f"number literal larger than {MAX_NUMBER}")


def _truth(value: Any) -> bool:
    return value is not _MISSING and bool(value)


def _lookup(answers: Mapping[str, Any], name: str) -> Any:
    value = answers.get(name, _MISSING)
    if value is None or value == NA or value == "" or value is _MISSING:
        return _MISSING
    if isinstance(value, list | tuple | set | frozenset):
        return frozenset(value) if value else _MISSING
    return value


def _eval(node: ast.AST, answers: Mapping[str, Any]) -> Any:
    if isinstance(node, ast.BoolOp):
        results = (_truth(_eval(v, answers)) for v in node.values)
        return all(results) if isinstance(node.op, ast.And) else any(results)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return not _truth(_eval(node.operand, answers))
    if isinstance(node, ast.Compare):
        left = _eval(node.left, answers)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = _eval(right_node, answers)
            if not _compare(op, left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.Call):
        value = answers.get(node.args[0].id)  # type: ignore[attr-defined]
        return value is not None and value != "" and value != [] and value != {}
    if isinstance(node, ast.Name):
        return _lookup(answers, node.id)
    if isinstance(node, ast.Tuple | ast.List):
        return frozenset(elt.value for elt in node.elts)  # type: ignore[attr-defined]
    if isinstance(node, ast.Constant):
        return node.value
    raise ExpressionError(f"'{type(node).__name__}' is not allowed in show_if")  # pragma: no cover


def _compare(op: ast.cmpop, left: Any, right: Any) -> bool:
    if left is _MISSING or right is _MISSING:
        return False
    if isinstance(op, ast.In | ast.NotIn):
        if not isinstance(right, frozenset | str) or isinstance(left, frozenset):
            return False
        if isinstance(right, str) and not isinstance(left, str):
            return False
        found = left in right
        return found if isinstance(op, ast.In) else not found
    numeric = isinstance(left, int | float) and isinstance(right, int | float)
    same_kind = numeric or type(left) is type(right)
    if not same_kind:
        return False
    try:
        return bool(_COMPARE[type(op)](left, right))
    except TypeError:
        return False
