"""Drawing Altair charts on a page without paying for Altair on every click.

``st.altair_chart`` validates every chart against the Vega-Lite JSON schema on every script run
(a fifth of a Results run went to ``jsonschema``), and building and converting the charts took
another fifth (bench/README.md, "Review pages", #12). The builders of ``ui/charts_*.py`` are pure:
the same frame and arguments give the same chart. So:

- :func:`spec` converts as Streamlit does (no default theme size; the data as named datasets in
  Arrow, which Streamlit sends as they are) but without the schema check. The check belongs in
  the tests, on every chart the pages send (``tests/app/conftest.invalid_charts``).
- :func:`draw_built` keeps the spec of a builder's chart, keyed by the builder, a hash of the
  frame's contents and the arguments: a click that changes nothing in a chart reuses its spec.

Altair's theme and data transformer are process-wide settings; they are switched only inside
:data:`_LOCK`, and every chart of the app is drawn here (``tests/app/test_chart_draw.py``).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable

import altair as alt
import pandas as pd
import streamlit as st
from streamlit.dataframe_util import convert_anything_to_arrow_bytes

_LOCK = threading.Lock()
_KEPT = 256  # specs kept: a few charts per page, phase, subject and language
_specs: OrderedDict[str, dict] = OrderedDict()


def _to_arrow(data, datasets: dict) -> dict:
    """Altair data transformer: the frame as Arrow bytes under a name made from its bytes."""
    raw = convert_anything_to_arrow_bytes(data)
    name = "data-" + hashlib.sha256(raw).hexdigest()[:32]
    datasets[name] = raw
    return {"name": name}


alt.data_transformers.register("quanjing_arrow", _to_arrow)


def spec(chart: alt.TopLevelMixin) -> dict:
    """The chart's Vega-Lite spec as Streamlit would send it, without the schema check.

    >>> chart = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_bar().encode(x="x:Q")
    >>> out = spec(chart)
    >>> out["mark"], out["data"]["name"] in out["datasets"], "config" in out
    ({'type': 'bar'}, True, False)
    >>> type(next(iter(out["datasets"].values())))
    <class 'bytes'>
    """
    datasets: dict[str, bytes] = {}
    with (
        _LOCK,
        alt.theme.enable("none"),
        alt.data_transformers.enable("quanjing_arrow", datasets=datasets),
    ):
        out = chart.to_dict(validate=False)
    out["datasets"] = {**out.get("datasets", {}), **datasets}
    return out


def draw(chart: alt.TopLevelMixin, *, key: str | None = None):
    """``st.altair_chart(chart, width="stretch")``, minus the per-run schema check."""
    return _send(spec(chart), key)


def draw_built(builder: Callable[..., alt.TopLevelMixin], frame: pd.DataFrame, *,
               key: str | None = None, **kwargs):  # fmt: skip
    """Draw ``builder(frame, **kwargs)``, built and converted only when the frame's contents or
    the arguments differ from a chart drawn before (any session: the spec holds only what the
    chart shows)."""
    digest = _digest(builder, frame, kwargs)
    with _LOCK:
        kept = _specs.get(digest) if digest else None
        if kept is not None:
            _specs.move_to_end(digest)
    if kept is None:
        kept = spec(builder(frame, **kwargs))
        if digest:
            with _LOCK:
                _specs[digest] = kept
                while len(_specs) > _KEPT:
                    _specs.popitem(last=False)
    return _send(kept, key)


def _send(chart_spec: dict, key: str | None):
    # Streamlit moves the datasets out of the spec it is given: give it its own top level
    mine = {**chart_spec, "datasets": dict(chart_spec.get("datasets", {}))}
    return st.vega_lite_chart(mine, width="stretch", key=key)


def _digest(builder: Callable, frame: pd.DataFrame, kwargs: dict) -> str | None:
    """A hash of everything the chart is made from; None when a cell cannot be hashed."""
    try:
        cells = pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes()
    except TypeError:
        return None
    head = repr((builder.__module__, builder.__qualname__, list(frame.columns),
                 [str(t) for t in frame.dtypes], sorted(kwargs.items())))  # fmt: skip
    return hashlib.sha256(head.encode() + cells).hexdigest()
