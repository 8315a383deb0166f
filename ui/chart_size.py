"""Chart sizing and axis-label wrapping shared by every Altair builder.

Streamlit gives a chart without ``autosize`` the Vega-Lite "fit" mode, which squeezes axes,
labels and legend into the declared height: a 3-bar chart 78 px high kept about 20 px for its
bars. "fit-x" fits the width to the container and lets the height be the plot's own height.
"""

import json
import textwrap
from collections.abc import Sequence

import altair as alt

FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")


def fit(chart: alt.TopLevelMixin, height: int) -> alt.TopLevelMixin:
    """``chart`` as wide as its container and ``height`` pixels of plot."""
    return chart.properties(height=height, width="container", autosize=FIT_WIDTH)


WRAP = 14  # characters a line of a wrapped axis label


def wrapped(labels: Sequence[str], width: int = WRAP) -> str:
    """A Vega ``labelExpr`` drawing each long label on several lines, broken between words
    (English dimension and phase names were cut to "High-quality de…"); others stay as they are.

    >>> wrapped(["Political building", "High-quality development", "政治建设"], width=18)
    '{"High-quality development": ["High-quality", "development"]}[datum.label] || datum.label'
    """
    lines = {str(v): textwrap.wrap(str(v), width) for v in labels}
    return (
        f"{json.dumps({k: v for k, v in lines.items() if len(v) > 1}, ensure_ascii=False)}"
        "[datum.label] || datum.label"
    )
