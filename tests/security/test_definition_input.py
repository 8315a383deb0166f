"""Hostile survey definitions and answers fail safely: deep nesting, absurd sizes, characters that
cannot be stored. Each is an ordinary problem (definition) or answer error (ballot) naming where,
in Chinese and English, never a raw exception; and validation stays linear in the size."""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest

from bench.definition_validation import definition
from survey_engine import (
    AnswerErrors,
    DefinitionError,
    definition_from_dict,
    list_templates,
    loads_definition,
    validate_submission,
)
from survey_engine.expr import parse_show_if
from survey_engine.limits import MAX_DEFINITION_CHARS, MAX_DEPTH, MAX_REPORTED, MAX_VALUES
from survey_engine.loader import parse_json
from tests.survey_engine.test_se_definition_errors import base


def problems_of(call, *args: Any, **kwargs: Any) -> list:
    """The problems of a refused definition (each with a storable path and messages)."""
    with pytest.raises(DefinitionError) as caught:
        call(*args, **kwargs)
    problems = caught.value.problems
    for p in problems:
        f"{p} {p.message_zh}".encode()  # storable: no lone surrogate reaches a message
    str(caught.value).encode()
    return problems


def only(problems: list) -> Any:
    assert len(problems) == 1, problems
    return problems[0]


# -- nesting ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("[" * 100_000, "$" + "[0]" * MAX_DEPTH),
        ('{"a":' * 100_000, "$" + ".a" * MAX_DEPTH),
        ('{"pages": [' + "[" * 5_000 + "]" * 5_000 + "]}", "$.pages" + "[0]" * (MAX_DEPTH - 1)),
    ],
    ids=["arrays", "objects", "inside-a-definition"],
)
def test_deep_nesting_is_a_problem_at_the_path_and_column_where_the_cap_is_crossed(text, path):
    problem = only(problems_of(loads_definition, text, file="deep.json"))
    assert problem.path == path
    assert f"nested deeper than {MAX_DEPTH} levels" in problem.message
    assert f"嵌套超过 {MAX_DEPTH} 层" in problem.message_zh
    assert problem.file == "deep.json"
    opened = [i for i, c in enumerate(text) if c in "[{"][MAX_DEPTH]
    assert (problem.line, problem.column) == (1, opened + 1)


def test_nesting_the_parser_accepts_is_refused_with_its_line():
    """Depth 200 parses (below the recursion limit) and is then refused by the data walk."""
    body = base()
    body["pages"][0]["items"][0]["help"] = json.loads("[" * 200 + "]" * 200)
    text = json.dumps(body, ensure_ascii=False, indent=1)
    problem = only(problems_of(loads_definition, text))
    # $.pages[0].items[0].help is at depth 6, so 59 lists inside it reach the cap of 64
    assert problem.path == "$.pages[0].items[0].help" + "[0]" * (MAX_DEPTH - 5)
    start = text.index('"help"')
    too_deep = [i for i in range(start, len(text)) if text[i] == "["][MAX_DEPTH - 5]
    assert problem.line == text[:too_deep].count("\n") + 1 > MAX_DEPTH - 5


def test_exactly_the_cap_is_accepted_and_one_more_is_not():
    deepest = '{"a":' * (MAX_DEPTH - 1) + "{}" + "}" * (MAX_DEPTH - 1)
    assert parse_json(deepest)["a"]
    one_more = '{"a":' * MAX_DEPTH + "{}" + "}" * MAX_DEPTH
    assert only(problems_of(parse_json, one_more)).path == "$" + ".a" * MAX_DEPTH


def test_a_deep_python_structure_is_refused_without_recursion():
    nested: list = []
    for _ in range(200_000):
        nested = [nested]
    body = base()
    body["title"] = nested
    problem = only(problems_of(definition_from_dict, body, file="d.json"))
    assert problem.path == "$.title" + "[0]" * (MAX_DEPTH - 1)


def test_nesting_is_checked_even_near_the_recursion_limit():
    """With little stack left the parser gives up at once; the problem is still clean."""

    def frames() -> int:
        frame, count = sys._getframe(), 0
        while frame is not None:
            frame, count = frame.f_back, count + 1
        return count

    def descend():
        if frames() < sys.getrecursionlimit() - 40:
            return descend()
        return problems_of(loads_definition, "[" * 10_000)

    assert "nested deeper" in only(descend()).message


# -- sizes --------------------------------------------------------------------------------------


def test_absurd_scale_text_and_counts_are_problems_at_their_paths():
    body = base()
    body["scales"] = [
        {"id": "s5", "min": 0, "max": 10**9},
        {"id": "far", "min": 10**12, "max": 10**12 + 4},
    ]
    items = body["pages"][0]["items"]
    items[0]["text"] = {"zh": "问" * 10_000_000, "en": "Q1"}
    items[2]["options"] = [{"id": f"o{i}", "label": {"zh": "甲", "en": "A"}} for i in range(500)]
    body["pages"][1]["items"] += [
        {"type": "text", "id": f"x{i}", "text": {"zh": "文", "en": "T"}, "required": False}
        for i in range(2_000)
    ]
    found = {p.path: p for p in problems_of(definition_from_dict, body)}
    assert "at most 101 points" in found["$.scales[0].max"].message
    assert "量表最多 101 个刻度" in found["$.scales[0].max"].message_zh
    assert "out of range" in found["$.scales[1].min"].message
    assert "10,000,000 characters" in found["$.pages[0].items[0].text.zh"].message
    assert "500 options; at most 200" in found["$.pages[0].items[2].options"].message
    assert "items over all pages" in found["$.pages"].message
    assert "题目共 2006 个" in found["$.pages"].message_zh


def test_a_text_over_the_size_cap_is_refused_before_it_is_parsed():
    text = '{"id": "' + "x" * MAX_DEFINITION_CHARS + '"}'
    problem = only(problems_of(loads_definition, text))
    assert problem.path == "$" and "at most 5,000,000" in problem.message
    assert "超过上限" in problem.message_zh


def test_a_huge_integer_is_a_problem_not_a_crash():
    text = json.dumps(base()).replace('"max": 5', '"max": ' + "9" * 5_000)
    problem = only(problems_of(loads_definition, text))
    assert problem.path == "$.scales[0].max" and "5,000 digits" in problem.message


def test_millions_of_json_values_stop_the_walk_before_the_model_sees_them():
    text = '{"schema_version": 1, "pages": [' + ",".join(["0"] * 1_000_000) + "]}"
    problem = only(problems_of(loads_definition, text))
    assert problem.path == "$.pages" and f"more than {MAX_VALUES:,} JSON values" in problem.message


def test_a_flood_of_model_errors_lists_the_first_hundred_and_counts_the_rest():
    body = base()
    body["pages"][0]["items"] += [{"type": "likert", "id": f"x{i}"} for i in range(5_000)]
    problems = problems_of(definition_from_dict, body)
    assert len(problems) == MAX_REPORTED + 1
    assert problems[0].path == "$.pages[0].items[4].text"
    assert problems[-1].path == "$" and "more problems, not listed" in problems[-1].message
    assert "未列出" in problems[-1].message_zh


def test_the_largest_sensible_sizes_are_accepted_and_templates_stay_valid():
    body = base()
    body["scales"] = [{"id": "s5", "min": 0, "max": 100}]
    body["pages"][0]["items"][0]["text"] = {"zh": "问" * 5_000, "en": "Q"}
    body["description"] = {"zh": "说明" * 10_000, "en": "About"}
    assert definition_from_dict(body).scale("s5").points()[-1] == 100
    assert len(list_templates()) >= 6


# -- characters that cannot be stored -----------------------------------------------------------


@pytest.mark.parametrize("bad", ["\\ud800", "\\u0000", "\\u001b"])
def test_unstorable_characters_in_definition_texts_are_problems(bad):
    text = json.dumps(base(), ensure_ascii=False).replace('"en": "Test"', f'"en": "Te{bad}st"')
    problem = only(problems_of(loads_definition, text))
    assert problem.path == "$.title.en"
    assert "cannot be stored" in problem.message and "无法保存" in problem.message_zh


def test_an_unstorable_key_is_shown_escaped():
    text = json.dumps(base()).replace('"title"', '"ti\\ud800tle"', 1)
    problem = only(problems_of(loads_definition, text))
    assert problem.path == "$.ti\\ud800tle"


def submit(survey, values: dict[str, Any], lang: str = "zh") -> AnswerErrors:
    with pytest.raises(AnswerErrors) as caught:
        validate_submission(survey, {"s1": values}, rater_group="peer", subject_ids=["s1"],
                            lang=lang)  # fmt: skip
    return caught.value


def answers() -> dict[str, Any]:
    return {"q1": 4, "g1": "competent", "m1": ["a"], "mx": {"r1": 3}, "c1": []}


@pytest.mark.parametrize("bad", ["\ud800", "\udfff", "\x00", "\x07", "\x1f"])
def test_unstorable_characters_in_a_text_answer_are_an_error_beside_the_item(bad):
    survey = definition_from_dict(base())
    values = {**answers(), "t1": f"good {bad} work"}
    zh = submit(survey, values, "zh").for_item("s1", "t1")
    en = submit(survey, values, "en").for_item("s1", "t1")
    assert "无法保存" in zh and "cannot be stored" in en
    assert f"U+{ord(bad):04X}" in en
    assert list(submit(survey, values).errors) == ["s1"]


def test_tabs_and_line_breaks_in_a_text_answer_are_kept():
    survey = definition_from_dict(base())
    stored = validate_submission(survey, {"s1": {**answers(), "t1": "a\tb\r\nc"}},
                                 rater_group="peer", subject_ids=["s1"], lang="en")  # fmt: skip
    assert [a.value_text for a in stored if a.item_id == "t1"] == ["a\tb\r\nc"]


def test_an_unknown_option_with_a_lone_surrogate_gives_a_storable_message():
    survey = definition_from_dict(base())
    message = submit(survey, {**answers(), "g1": "x\ud800" * 1000}, "en").for_item("s1", "g1")
    assert "Unknown option" in message and "\\ud800" in message and len(message) < 200
    message.encode()


# -- linear validation --------------------------------------------------------------------------


def calls_to_validate(data: dict[str, Any]) -> int:
    """Python function calls made while validating ``data`` (deterministic, unlike time)."""
    parse_show_if.cache_clear()
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        count += event == "call"

    sys.setprofile(profile)
    try:
        definition_from_dict(data)
    finally:
        sys.setprofile(None)
    return count


def test_validation_work_grows_linearly_with_the_items():
    small, large = calls_to_validate(definition(200)), calls_to_validate(definition(1_600))
    assert large / small < 8 * 1.15, (small, large)


def chain(n: int, *, back: int) -> dict[str, Any]:
    """``n`` items, one per page, each showing if the ``back`` previous ones were answered."""
    body = base()
    body["pages"] = [
        {
            "id": f"p{k}",
            "title": {"zh": "页", "en": "Page"},
            "items": [
                {
                    "type": "likert",
                    "id": f"q{k}",
                    "text": {"zh": "问", "en": "Q"},
                    "scale": "s5",
                    "required": False,
                    **(
                        {"show_if": " and ".join(f"q{k - j} >= 1" for j in range(1, back + 1))}
                        if k >= back
                        else {}
                    ),  # fmt: skip
                }
            ],
        }
        for k in range(n)
    ]
    return body


def test_show_if_references_with_many_paths_are_checked_in_linear_time():
    """Each item reads the two before it: exponentially many paths, one pass over the edges."""
    small, large = calls_to_validate(chain(50, back=2)), calls_to_validate(chain(200, back=2))
    assert large / small < 4 * 1.15, (small, large)


def test_a_show_if_cycle_longer_than_fifty_items_is_found():
    body = chain(60, back=1)
    body["pages"][0]["items"][0]["show_if"] = "q59 >= 1"
    problem = only(problems_of(definition_from_dict, body))
    assert problem.path == "$.pages[0].items[0].show_if"
    assert problem.message.startswith("show_if cycle: q0 -> q59 -> q58 -> ")
    assert "(60 items) -> q0" in problem.message


# -- the designer -------------------------------------------------------------------------------


@pytest.fixture
def designer(app):
    """The designer page, signed in (``app`` from tests/app/conftest.py)."""
    app.switch_page("pages/designer.py").run()
    assert not app.exception
    return app


def problems_table(app) -> list[tuple[str, str]]:
    frames = [df.value for df in app.dataframe if "JSON路径" in df.value.columns]
    assert frames, "the problems table is shown"
    return list(zip(frames[0]["JSON路径"], frames[0]["问题"], strict=True))


@pytest.mark.parametrize(
    ("text", "path", "frag"),
    [
        ("[" * 100_000, "$" + "[0]" * MAX_DEPTH, "嵌套超过"),
        (
            json.dumps(base(), ensure_ascii=False).replace('"en": "Test"', '"en": "\\ud800"'),
            "$.title.en",
            "无法保存",
        ),
        (
            json.dumps(base()).replace('"max": 5', '"max": 1000000000'),
            "$.scales[0].max",
            "量表最多 101 个刻度",
        ),
    ],
    ids=["deep", "surrogate", "huge-scale"],
)
def test_the_designer_shows_hostile_definitions_in_the_problems_table(designer, text, path, frag):
    designer.text_area(key="designer_json").input(text).run()
    assert not designer.exception
    assert any(p == path and frag in message for p, message in problems_table(designer))
