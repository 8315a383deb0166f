"""Invalid definitions: each case names the JSON path and a fragment of the message."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from survey_engine import DefinitionError, definition_from_dict, loads_definition


def T(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def base() -> dict[str, Any]:
    """A small valid bilingual definition the cases below break one way each."""
    return {
        "schema_version": 1,
        "id": "demo",
        "version": 1,
        "languages": ["zh", "en"],
        "title": T("测试", "Test"),
        "rater_groups": ["peer", "self"],
        "dimensions": [
            {"id": "de", "label": T("德", "Integrity")},
            {"id": "neng", "label": T("能", "Ability")},
        ],
        "scales": [{"id": "s5", "min": 1, "max": 5}],
        "pages": [
            {
                "id": "p1",
                "title": T("一", "One"),
                "items": [
                    {
                        "type": "likert",
                        "id": "q1",
                        "text": T("问一", "Q1"),
                        "scale": "s5",
                        "dimension": "de",
                    },
                    {"type": "grade", "id": "g1", "text": T("等次", "Grade")},
                    {
                        "type": "multiple_choice",
                        "id": "m1",
                        "text": T("多选", "Multi"),
                        "options": [
                            {"id": "a", "label": T("甲", "A")},
                            {"id": "b", "label": T("乙", "B")},
                        ],
                    },
                    {
                        "type": "matrix",
                        "id": "mx",
                        "text": T("矩阵", "Matrix"),
                        "scale": "s5",
                        "rows": [{"id": "r1", "label": T("行", "Row")}],
                    },
                ],
            },
            {
                "id": "p2",
                "title": T("二", "Two"),
                "items": [
                    {
                        "type": "text",
                        "id": "t1",
                        "text": T("文本", "Text"),
                        "required": False,
                        "show_if": "q1 >= 4",
                    },
                    {
                        "type": "checklist",
                        "id": "c1",
                        "text": T("清单", "List"),
                        "options": [
                            {"id": "good", "label": T("好", "Good"), "polarity": "positive"}
                        ],
                    },
                ],
            },
        ],
    }


Mutation = Callable[[dict[str, Any]], None]


def setv(path: str, value: Any) -> Mutation:
    """Set a value at a dotted path like ``pages.0.items.1.scale``."""

    def mutate(data: dict[str, Any]) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
        node: Any = data
        for part in parents:
            node = node[part]
        node[last] = value

    return mutate


def item(page: int, index: int) -> str:
    return f"pages.{page}.items.{index}"


def append_item(page: int, value: dict[str, Any]) -> Mutation:
    return lambda data: data["pages"][page]["items"].append(value)


def both(*mutations: Mutation) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        for m in mutations:
            m(data)

    return mutate


GRID = setv("subject_mode", "grid")
CASES: list[tuple[str, Mutation, str, str]] = [
    (
        "unknown top-level field with suggestion",
        setv("titel", "x"),
        "$.titel",
        "did you mean 'title'",
    ),
    (
        "unknown item field with suggestion",
        setv(f"{item(0, 0)}.scael", "s5"),
        "$.pages[0].items[0].scael",
        "did you mean 'scale'",
    ),
    (
        "unknown item type",
        setv(f"{item(0, 0)}.type", "likret"),
        "$.pages[0].items[0].type",
        "unknown item type 'likret'; did you mean 'likert'",
    ),
    ("bad id pattern", setv(f"{item(0, 0)}.id", "Q1"), "$.pages[0].items[0].id", "pattern"),
    ("wrong schema_version", setv("schema_version", 2), "$.schema_version", "1"),
    (
        "duplicate item id across pages",
        setv(f"{item(1, 0)}.id", "q1"),
        "$.pages[1].items[0].id",
        "duplicate item id 'q1'",
    ),
    ("duplicate page id", setv("pages.1.id", "p1"), "$.pages[1].id", "duplicate page id"),
    (
        "duplicate option id",
        setv(f"{item(0, 2)}.options.1.id", "a"),
        "$.pages[0].items[2].options[1].id",
        "duplicate option id 'a'",
    ),
    (
        "duplicate dimension id",
        setv("dimensions.1.id", "de"),
        "$.dimensions[1].id",
        "duplicate dimension id",
    ),
    (
        "duplicate scale id",
        lambda d: d["scales"].append({"id": "s5", "min": 0, "max": 1}),
        "$.scales[1].id",
        "duplicate scale id",
    ),
    (
        "duplicate matrix row id",
        lambda d: d["pages"][0]["items"][3]["rows"].append({"id": "r1", "label": T("x", "x")}),
        "$.pages[0].items[3].rows[1].id",
        "duplicate row id",
    ),
    (
        "undeclared dimension",
        setv(f"{item(0, 0)}.dimension", "qin"),
        "$.pages[0].items[0].dimension",
        "undeclared dimension 'qin'",
    ),
    (
        "undeclared row dimension",
        setv(f"{item(0, 3)}.rows.0.dimension", "ji"),
        "$.pages[0].items[3].rows[0].dimension",
        "undeclared dimension 'ji'",
    ),
    (
        "undeclared scale",
        setv(f"{item(0, 0)}.scale", "s7"),
        "$.pages[0].items[0].scale",
        "undeclared scale 's7'",
    ),
    ("scale min >= max", setv("scales.0.min", 5), "$.scales[0].max", "must be less than max"),
    (
        "scale labels per point",
        setv("scales.0.labels", [T("a", "a")]),
        "$.scales[0].labels",
        "one entry per point",
    ),
    (
        "empty option list",
        setv(f"{item(0, 2)}.options", []),
        "$.pages[0].items[2].options",
        "must not be empty",
    ),
    ("empty page", setv("pages.1.items", []), "$.pages[1].items", "must not be empty"),
    (
        "min_select > max_select",
        both(setv(f"{item(0, 2)}.min_select", 2), setv(f"{item(0, 2)}.max_select", 1)),
        "$.pages[0].items[2].min_select",
        "greater than max_select",
    ),
    (
        "max_select > options",
        setv(f"{item(0, 2)}.max_select", 3),
        "$.pages[0].items[2].max_select",
        "greater than the number of options",
    ),
    (
        "min_select > options",
        setv(f"{item(0, 2)}.min_select", 3),
        "$.pages[0].items[2].min_select",
        "greater than the number of options",
    ),
    (
        "missing translation",
        setv(f"{item(0, 0)}.text", {"zh": "只有中文"}),
        "$.pages[0].items[0].text",
        "missing translation: en",
    ),
    (
        "missing translation in option",
        setv(f"{item(1, 1)}.options.0.label", {"en": "Good"}),
        "$.pages[1].items[1].options[0].label",
        "missing translation: zh",
    ),
    (
        "unknown language key",
        setv("title", {"zh": "测", "en": "T", "fr": "x"}),
        "$.title.fr",
        "unknown field 'fr'",
    ),
    (
        "show_if unknown item",
        setv(f"{item(1, 0)}.show_if", "q9 > 1"),
        "$.pages[1].items[0].show_if",
        "unknown item 'q9'",
    ),
    (
        "show_if same page",
        setv(f"{item(0, 1)}.show_if", "q1 > 1"),
        "$.pages[0].items[1].show_if",
        "EARLIER pages",
    ),
    (
        "show_if later page",
        setv(f"{item(0, 1)}.show_if", "answered(t1)"),
        "$.pages[0].items[1].show_if",
        "on a later page",
    ),
    (
        "show_if cycle",
        both(
            setv(f"{item(0, 0)}.show_if", "answered(g1)"),
            setv(f"{item(0, 1)}.show_if", "answered(q1)"),
        ),
        "$.pages[0].items[1].show_if",
        "show_if cycle: g1 -> q1 -> g1",
    ),
    (
        "show_if self reference",
        setv(f"{item(1, 0)}.show_if", "answered(t1)"),
        "$.pages[1].items[0].show_if",
        "show_if cycle: t1 -> t1",
    ),
    (
        "show_if refused construct",
        setv(f"{item(1, 0)}.show_if", "q1.__class__"),
        "$.pages[1].items[0].show_if",
        "attribute access",
    ),
    (
        "show_if on a matrix",
        setv(f"{item(1, 0)}.show_if", "answered(mx)"),
        "$.pages[1].items[0].show_if",
        "matrix items have no single value",
    ),
    (
        "audience outside rater_groups",
        setv(f"{item(0, 0)}.audience", ["public"]),
        "$.pages[0].items[0].audience",
        "not in the survey's rater_groups",
    ),
    ("unknown rater group", setv("rater_groups", ["boss"]), "$.rater_groups[0]", "Input should be"),
    (
        "cap in single mode",
        setv("caps", [{"item": "g1", "option": "excellent", "max_share": 0.2}]),
        "$.caps",
        "only when subject_mode is 'grid'",
    ),
    (
        "cap on unknown option",
        both(GRID, setv("caps", [{"item": "g1", "option": "great", "max_share": 0.2}])),
        "$.caps[0].option",
        "'great' is not an option",
    ),
    (
        "cap on a likert item",
        both(GRID, setv("caps", [{"item": "q1", "option": "x", "max_share": 0.2}])),
        "$.caps[0].item",
        "caps apply to grade or single_choice",
    ),
    (
        "impossible cap",
        both(
            GRID,
            setv(f"{item(0, 1)}.grades", [{"id": "excellent", "label": T("优", "E"), "score": 1}]),
            setv("caps", [{"item": "g1", "option": "excellent", "max_share": 0}]),
        ),
        "$.caps[0]",
        "impossible caps",
    ),
    (
        "cap share above 1",
        both(GRID, setv("caps", [{"item": "g1", "option": "excellent", "max_share": 1.5}])),
        "$.caps[0].max_share",
        "less than or equal to 1",
    ),
    (
        "numeric min >= max",
        append_item(1, {"type": "numeric", "id": "n1", "text": T("数", "N"), "min": 10, "max": 1}),
        "$.pages[1].items[2].max",
        "must be less than max",
    ),
    (
        "ranking max_rank > options",
        append_item(
            1,
            {
                "type": "ranking",
                "id": "rk",
                "text": T("排", "Rank"),
                "max_rank": 3,
                "options": [{"id": "a", "label": T("甲", "A")}, {"id": "b", "label": T("乙", "B")}],
            },
        ),
        "$.pages[1].items[2].max_rank",
        "greater than the number of options",
    ),
    (
        "rate commitment without scale",
        append_item(1, {"type": "commitment", "id": "cm", "mode": "rate", "text": T("诺", "C")}),
        "$.pages[1].items[2].scale",
        "needs a scale",
    ),
    (
        "checklist polarity",
        setv(f"{item(1, 1)}.options.0.polarity", "neutral"),
        "$.pages[1].items[1].options[0].polarity",
        "'positive' or 'negative'",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "path", "fragment"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_invalid_definition_reports_path_and_message(
    mutate: Mutation, path: str, fragment: str
) -> None:
    data = copy.deepcopy(base())
    mutate(data)
    with pytest.raises(DefinitionError) as info:
        definition_from_dict(data, file="case.json")
    found = [(p.path, p.message) for p in info.value.problems]
    assert any(p == path and fragment in m for p, m in found), found
    assert all(p.file == "case.json" for p in info.value.problems)


def test_base_definition_is_valid() -> None:
    assert definition_from_dict(base()).id == "demo"


@pytest.mark.parametrize(
    ("text", "path", "fragment", "line", "column"),
    [
        ('{"id": "x",\n  "version": }', "$", "malformed JSON", 2, 14),
        ('{"id": "x", "id": "y"}', "$.id", "duplicate key 'id'", None, None),
        ('{"pages": [{"w": NaN}]}', "$.pages[0].w", "NaN is not allowed", None, None),
        ('{"w": -Infinity}', "$.w", "-Infinity is not allowed", None, None),
        ("[1, 2]", "$", "must be a JSON object", None, None),
    ],
)
def test_json_level_problems(
    text: str, path: str, fragment: str, line: int | None, column: int | None
) -> None:
    with pytest.raises(DefinitionError) as info:
        loads_definition(text, file="bad.json")
    problem = info.value.problems[0]
    assert (problem.path, problem.line, problem.column) == (path, line, column)
    assert fragment in problem.message and problem.message_zh
    assert "bad.json" in str(info.value)


def test_every_problem_is_reported_at_once() -> None:
    data = base()
    setv("dimensions.1.id", "de")(data)
    setv(f"{item(0, 0)}.scale", "s7")(data)
    setv(f"{item(1, 0)}.show_if", "q9 > 1")(data)
    with pytest.raises(DefinitionError) as info:
        definition_from_dict(data)
    assert len(info.value.problems) == 3


def test_duplicate_key_found_inside_nested_item() -> None:
    text = json.dumps(base()).replace('"id": "q1",', '"id": "q1", "id": "q1",', 1)
    with pytest.raises(DefinitionError) as info:
        loads_definition(text)
    assert info.value.problems[0].path == "$.pages[0].items[0].id"


@pytest.mark.parametrize(
    ("text", "zh"),
    [
        ('{"id": "x" "version": 1}', "缺少逗号"),
        ('{"id": "x",\n  "version": }', "缺少一个值"),
        ('{"id": "x",}', "键名须用英文双引号"),
        ('{"id": "x"} 1', "多余内容"),
    ],
)
def test_a_json_syntax_error_reads_in_chinese_too(text: str, zh: str) -> None:
    """#12: the Chinese message carried Python's English ("Expecting ',' delimiter")."""
    with pytest.raises(DefinitionError) as info:
        loads_definition(text, file="bad.json")
    message = info.value.problems[0].message_zh
    assert zh in message and "Expecting" not in message, message
