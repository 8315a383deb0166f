"""Charts are drawn unchecked and kept (ui/chart_draw.py), as Streamlit would send them anyway."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import altair as alt
import pandas as pd
import pyarrow as pa
from streamlit.testing.v1 import AppTest

from ui import chart_draw
from ui.chart_draw import spec
from ui.charts_review import score_heatmap

ROOT = Path(__file__).resolve().parents[2]
ARGS = {"subject": "s", "dimension": "d", "score": "score", "hidden": "hid", "note": "hidden",
        "subjects": ["A", "B"], "dimensions": ["x"],
        "titles": {"s": "S", "d": "D", "score": "Score"}}  # fmt: skip


def _frame(score: float = 70.0) -> pd.DataFrame:
    return pd.DataFrame({"s": ["A", "B"], "d": ["x", "x"], "score": [score, None],
                         "hid": [False, True]})  # fmt: skip


def _without_data(spec_dict: dict) -> str:
    text = json.dumps({k: v for k, v in spec_dict.items() if k != "datasets"}, sort_keys=True)
    for name in spec_dict.get("datasets", {}):
        text = text.replace(name, "DATA")
    return text


def test_the_unchecked_spec_is_the_checked_one_with_the_data_in_arrow():
    chart = score_heatmap(_frame(), **ARGS)
    with alt.theme.enable("none"):
        checked = chart.to_dict()  # validates, and raises on a spec the schema refuses
    unchecked = spec(chart)
    assert _without_data(unchecked) == _without_data(checked)
    (raw,) = unchecked["datasets"].values()
    sent = pa.ipc.open_stream(raw).read_all().to_pandas()
    (rows,) = checked["datasets"].values()
    pd.testing.assert_frame_equal(sent, pd.DataFrame(rows), check_dtype=False)
    assert alt.theme.active == "default"  # the process-wide theme is left as it was
    assert alt.data_transformers.active == "default"
    assert "config" not in spec(alt.Chart(pd.DataFrame({"x": [1]})).mark_point())


def test_a_builder_runs_again_only_when_its_frame_or_arguments_change(monkeypatch):
    calls = []

    def builder(frame, **kwargs):
        calls.append(kwargs)
        return score_heatmap(frame, **kwargs)

    monkeypatch.setattr(chart_draw, "_send", lambda spec_dict, key: spec_dict)
    first = chart_draw.draw_built(builder, _frame(), **ARGS)
    assert chart_draw.draw_built(builder, _frame(), **ARGS) == first and len(calls) == 1
    chart_draw.draw_built(builder, _frame(71.0), **ARGS)  # one cell changed
    assert len(calls) == 2
    chart_draw.draw_built(builder, _frame(), **{**ARGS, "titles": {**ARGS["titles"], "s": "名"}})
    assert len(calls) == 3  # the other language's titles
    chart_draw.draw_built(builder, _frame().iloc[::-1], **ARGS)  # the same rows, other order
    assert len(calls) == 4


def test_a_drawn_chart_sends_its_data_as_arrow_every_run():
    def page():
        import pandas as pd  # noqa: F401 - AppTest runs this function's body as the script

        from ui.chart_draw import draw_built
        from ui.charts_review import score_heatmap

        frame = pd.DataFrame({"s": ["A"], "d": ["x"], "score": [70.0], "hid": [False]})
        draw_built(score_heatmap, frame, subject="s", dimension="d", score="score",
                   hidden="hid", note="-", subjects=["A"], dimensions=["x"],
                   titles={"s": "S", "d": "D", "score": "Score"}, key="heat")  # fmt: skip

    at = AppTest.from_function(page).run()
    for _ in range(2):  # built on the first run, kept on the second
        assert not at.exception
        (chart,) = at.get("vega_lite_chart")
        sent = json.loads(chart.proto.spec)
        assert "datasets" not in sent and len(chart.proto.datasets) == 1  # moved out, as Arrow
        assert sent["layer"][0]["mark"]["type"] == "rect"
        assert chart.proto.theme == "streamlit"  # the app's theme, as st.altair_chart draws
        at.run()


def test_every_chart_of_the_app_goes_through_chart_draw():
    """``st.altair_chart`` would switch Altair's process-wide theme and transformer under
    Streamlit's lock, not ours; and it would validate every run again."""
    calls = []
    for path in [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/**/*.py"), ROOT / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "altair_chart":
                calls.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert calls == []
