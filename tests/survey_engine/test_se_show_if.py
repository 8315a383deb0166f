"""show_if: the supported constructs, the semantics of missing answers, and what is refused."""

from __future__ import annotations

from typing import Any

import pytest

from survey_engine import NA, ExpressionError, parse_show_if

ANSWERS: dict[str, Any] = {"q1": 4, "q2": "yes", "q3": ["opt_a", "opt_b"], "q4": 2.5, "q5": NA}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("q1 == 4", True),
        ("q1 != 4", False),
        ("q1 >= 4 and q4 < 3", True),
        ("1 < q1 <= 4", True),
        ("1 < q1 < 4", False),
        ("q2 == 'yes'", True),
        ("'opt_a' in q3", True),
        ("'opt_c' not in q3", True),
        ("q2 in ['yes', 'maybe']", True),
        ("q2 in ('no',)", False),
        ("not (q1 > 4)", True),
        ("q1 > 4 or (q2 == 'yes' and 'opt_b' in q3)", True),
        ("answered(q1)", True),
        ("answered(q5)", True),  # "not applicable" is an answer
        ("answered(missing)", False),
        ("q1 == '4'", False),  # different kinds never compare equal
        ("q1 < 'a'", False),  # ... nor order, and never raise
    ],
)
def test_show_if_evaluates(source: str, expected: bool) -> None:
    assert parse_show_if(source).evaluate(ANSWERS) is expected


@pytest.mark.parametrize(
    "source",
    [
        "missing == 1",
        "missing != 1",
        "missing > 0",
        "'a' in missing",
        "'a' not in missing",
        "q5 == 'na'",
        "q5 > 0",
    ],
)
def test_every_comparison_with_a_missing_answer_is_false(source: str) -> None:
    assert parse_show_if(source).evaluate(ANSWERS) is False


def test_not_of_a_false_comparison_with_missing_answer_is_true() -> None:
    assert parse_show_if("not (missing > 3)").evaluate({}) is True


def test_empty_selection_counts_as_missing() -> None:
    assert parse_show_if("'a' not in q3").evaluate({"q3": []}) is False


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("q1.real", "attribute access"),
        ("__import__('os')", "calls are not allowed"),
        ("open('x')", "calls are not allowed"),
        ("answered(q1, q2)", "exactly one item id"),
        ("answered('q1')", "exactly one item id"),
        ("q3[0] == 'a'", "subscripts"),
        ("(lambda: 1)()", "calls are not allowed"),
        ("lambda: 1", "lambda"),
        ("__class__ == 1", "dunder"),
        ("_private == 1", "dunder"),
        ("[x for x in q3]", "comprehensions"),
        ("f'{q1}' == '4'", "f-strings"),
        ("q1 + 1 > 2", "arithmetic"),
        ("-q1 < 0", "arithmetic"),
        ("q1 == 10**100", "arithmetic"),
        ("q1 == 99999999999999999999", "number literal larger"),
        ("q2 == '" + "x" * 300 + "'", "string literal longer"),
        ("q1 if q2 else q4", "conditional"),
        ("(y := 1)", "assignment"),
        ("q1 is None", "'is' is not allowed"),
        ("q1 == None", "only number and string literals"),
        ("q1 == True", "only number and string literals"),
        ("{'a': 1}", "dict literals"),
        ("q2 == ['a']", "only right of 'in'"),
        ("q1 ==", "syntax error"),
        ("q1 == 1; import os", "syntax error"),
        ("Q1 == 1", "not an item id"),
        (" or ".join(["a<1"] * 70), "too complex"),
        ("x" * 501, "longer than 500"),
    ],
)
def test_refused_constructs_have_clear_messages(source: str, fragment: str) -> None:
    with pytest.raises(ExpressionError, match=None) as info:
        parse_show_if(source)
    assert fragment in str(info.value)


def test_names_lists_referenced_items() -> None:
    assert parse_show_if("answered(a) and 'x' in b or c > 1").names == {"a", "b", "c"}
