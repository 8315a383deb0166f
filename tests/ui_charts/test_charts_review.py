"""Chart builders of the review pages: encodings, data, and hidden cells without numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ui import charts_review as charts


def _spec(chart) -> dict:
    return chart.to_dict()


def _layers(chart) -> list[dict]:
    return _spec(chart)["layer"]


def _data(chart, layer: int = 0) -> pd.DataFrame:
    """The frame of a layer (Altair hoists data shared by every layer to the top)."""
    if isinstance(chart.data, pd.DataFrame):
        return chart.data
    return chart.layer[layer].data


def test_heatmap_greys_hidden_cells_and_drops_their_number():
    frame = pd.DataFrame(
        {
            "s": ["A", "A", "B", "B"],
            "d": ["x", "y", "x", "y"],
            "score": [71.25, 50.0, 33.3, np.nan],
            "hid": [False, False, True, True],
        }
    )
    chart = charts.score_heatmap(
        frame,
        subject="s",
        dimension="d",
        score="score",
        hidden="hid",
        note="too few",
        subjects=["B", "A"],
        dimensions=["x", "y"],
        titles={"s": "S", "d": "D", "score": "Score"},
    )
    data = _data(chart)
    assert data.loc[data["hid"], "score"].isna().all()  # 33.3 was hidden: gone
    assert "33.3" not in data.to_string()
    assert list(data["shown_as"]) == ["71.2", "50.0", "too few", "too few"]
    rect = _layers(chart)[0]
    assert rect["mark"]["type"] == "rect"
    colour = rect["encoding"]["color"]
    assert colour["condition"]["value"] == charts.HIDDEN_GREY and colour["field"] == "score"
    assert rect["encoding"]["y"]["sort"] == ["B", "A"]
    assert _spec(chart)["width"] == "container"


def test_dumbbell_joins_self_and_others_per_subject():
    frame = pd.DataFrame({"who": ["A", "B"], "self": [80.0, np.nan], "others": [60.0, 70.0]})
    chart = charts.self_other_dumbbell(
        frame,
        subject="who",
        self_score="self",
        other_score="others",
        subjects=["A", "B"],
        titles={"who": "W", "self": "Self", "others": "Others", "score": "Score"},
    )
    rule, dots = _layers(chart)
    assert rule["mark"]["type"] == "rule" and rule["encoding"]["x2"]["field"] == "others"
    assert len(chart.layer[0].data) == 1  # B has no self score: no line
    points = chart.layer[1].data
    assert sorted(points["series"]) == ["Others", "Others", "Self"]
    assert dots["encoding"]["color"]["scale"]["domain"] == ["Self", "Others"]


def test_rank_range_draws_best_to_worst_with_the_base_rank():
    frame = pd.DataFrame({"who": ["A", "B"], "base": [1, 2], "lo": [1, 1], "hi": [2, 2]})
    chart = charts.rank_range(
        frame,
        subject="who",
        base="base",
        low="lo",
        high="hi",
        subjects=["A", "B"],
        titles={"who": "W", "base": "Rank", "lo": "Best", "hi": "Worst"},
    )
    rule, dot = _layers(chart)
    assert rule["encoding"]["x"]["field"] == "lo" and rule["encoding"]["x2"]["field"] == "hi"
    assert dot["encoding"]["x"]["field"] == "base"
    assert dot["encoding"]["x"]["scale"]["domain"] == [0.5, 2.5]


def test_group_bars_have_error_bars_and_n_in_the_tooltip():
    frame = pd.DataFrame(
        {
            "dim": ["x", "x"],
            "g": ["Peer", "Others"],
            "score": [70.0, 72.0],
            "lo": [60.0, np.nan],
            "hi": [80.0, np.nan],
            "n": pd.array([5, 8], dtype="Int64"),
        }
    )
    titles = {"dim": "D", "g": "G", "score": "S", "lo": "L", "hi": "H", "n": "N"}
    chart = charts.group_bars(
        frame,
        dimension="dim",
        group="g",
        score="score",
        low="lo",
        high="hi",
        n="n",
        dimensions=["x"],
        groups=["Peer", "Others"],
        titles=titles,
    )
    bars, errors = _layers(chart)
    assert "n" in [t["field"] for t in bars["encoding"]["tooltip"]]
    assert errors["mark"]["type"] == "rule" and errors["encoding"]["x2"]["field"] == "hi"
    assert len(chart.layer[1].data) == 1  # no interval, no error bar
    assert bars["encoding"]["yOffset"]["field"] == "g"


def test_trend_keeps_phase_order_and_skips_hidden_phases():
    frame = pd.DataFrame(
        {
            "p": ["Mid", "End", "Start"],
            "s": [60.0, np.nan, 55.0],
            "lo": [50.0, np.nan, 45.0],
            "hi": [70.0, np.nan, 65.0],
        }
    )
    chart = charts.trend_line(
        frame,
        phase="p",
        score="s",
        low="lo",
        high="hi",
        phases=["Start", "Mid", "End"],
        titles={"p": "P", "s": "S", "lo": "L", "hi": "H"},
    )
    band, line, points = _layers(chart)
    assert line["encoding"]["x"]["sort"] == ["Start", "Mid", "End"]
    assert list(chart.layer[2].data["p"]) == ["Mid", "Start"]


def test_grade_stack_colours_grades_in_order():
    frame = pd.DataFrame(
        {
            "who": ["A"] * 4,
            "g": ["优秀", "称职", "基本称职", "不称职"],
            "share": [0.25, 0.5, 0.0, 0.25],
            "votes": [1, 2, 0, 1],
        }
    )
    chart = charts.grade_stack(
        frame,
        subject="who",
        grade="g",
        share="share",
        votes="votes",
        subjects=["A"],
        grades=["优秀", "称职", "基本称职", "不称职"],
        titles={"who": "W", "g": "G", "share": "S", "votes": "V"},
    )
    enc = _spec(chart)["encoding"]
    assert enc["color"]["scale"]["domain"] == ["优秀", "称职", "基本称职", "不称职"]
    assert enc["color"]["scale"]["range"] == list(charts.GRADE_COLOURS)
    assert enc["x"]["stack"] == "zero" and enc["order"]["field"] == "_k"
    assert list(chart.data["_k"]) == [0, 1, 2, 3]


def test_coefficient_bars_mark_the_reference_line():
    frame = pd.DataFrame(
        {
            "d": ["x", "x"],
            "stat": ["alpha", "omega"],
            "v": [0.8, 0.82],
            "lo": [0.7, np.nan],
            "hi": [0.9, np.nan],
        }
    )
    chart = charts.coefficient_bars(
        frame,
        label="d",
        statistic="stat",
        value="v",
        low="lo",
        high="hi",
        labels=["x"],
        titles={"d": "D", "stat": "", "v": "V", "lo": "L", "hi": "H"},
    )
    bars, errors, ref = _layers(chart)
    assert bars["encoding"]["x"]["field"] == "v"
    assert chart.layer[2].data["ref"].tolist() == [0.7]


def test_agreement_dots_show_both_indices_on_minus_one_to_one():
    frame = pd.DataFrame({"who": ["A", "A"], "idx": ["rwg(j)", "awg"], "v": [0.9, np.nan]})
    chart = charts.agreement_dots(
        frame,
        subject="who",
        index="idx",
        value="v",
        subjects=["A"],
        titles={"who": "W", "idx": "", "v": "V"},
    )
    dots, ref = _layers(chart)
    assert dots["encoding"]["x"]["scale"]["domain"] == [-1, 1]
    assert len(chart.layer[0].data) == 1  # undefined awg: no dot


@pytest.mark.parametrize("name", ["score_heatmap", "self_other_dumbbell", "rank_range",
                                  "group_bars", "trend_line", "grade_stack", "coefficient_bars",
                                  "agreement_dots"])  # fmt: skip
def test_every_builder_is_documented(name):
    assert getattr(charts, name).__doc__


def test_subject_rows_keep_each_name_on_one_line_and_dimension_rows_wrap():
    """A wrapped name in a 24 px subject row overlapped the next, and Vega hid every other name
    (English heat map, #12); the taller rows of a dimension's bars have room for two lines."""
    names = ["Kimberly Cherry", "Devin Rocha"]
    frame = pd.DataFrame({"s": names, "d": "x", "score": [70.0, 60.0], "hid": False})
    heat = charts.score_heatmap(frame, subject="s", dimension="d", score="score", hidden="hid",
                                note="-", subjects=names, dimensions=["x"],
                                titles={"s": "S", "d": "D", "score": "Score"})  # fmt: skip
    for layer in _layers(heat):
        assert "labelExpr" not in layer["encoding"]["y"]["axis"]
    dims = ["High-quality development", "Party building"]
    bars = pd.DataFrame({"dim": dims, "group": "Peer", "score": [70.0, 60.0], "lo": 60.0,
                         "hi": 80.0, "n": 5})  # fmt: skip
    chart = charts.group_bars(bars, dimension="dim", group="group", score="score", low="lo",
                              high="hi", n="n", dimensions=dims, groups=["Peer"],
                              titles={"dim": "D", "group": "G", "score": "S", "lo": "L",
                                      "hi": "H", "n": "N"})  # fmt: skip
    axes = [layer["encoding"]["y"]["axis"] for layer in _layers(chart) if "y" in layer["encoding"]]
    assert axes and all("High-quality" in a["labelExpr"] for a in axes)
