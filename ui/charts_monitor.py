"""Altair chart builders for the monitoring page: response rates as horizontal bars.

Each builder takes a tidy frame from ``campaign.monitoring`` (one row per bar, counts and a
``rate`` in 0..1) and the already translated titles; it computes nothing but the layout.
"""

from __future__ import annotations

from textwrap import wrap

import altair as alt
import pandas as pd

from ui.chart_size import WRAP, fit, wrapped

BAR_HEIGHT = 26
LABEL_LIMIT = 130  # px: long unit or subject names are cut, the tooltip has them whole


def rate_bars(
    frame: pd.DataFrame,
    *,
    label: str,
    done: str,
    total: str,
    rate: str = "rate",
    titles: dict[str, str],
) -> alt.Chart:
    """Horizontal bars of ``rate`` per ``label`` on a fixed 0–100 % axis, counts in the tooltip.

    ``titles`` gives the shown names of ``label``, ``done``, ``total`` and ``rate``. Bars keep
    the frame's order; an empty rate (nothing assigned) is drawn as no bar. Width follows the
    container, so the chart stays readable at phone width.
    """
    data = frame[[label, done, total, rate]].copy()
    data[label] = data[label].fillna("—").astype(str)
    data[rate] = data[rate].astype("float64")
    order = data[label].tolist()
    y = alt.Y(
        f"{label}:N",
        sort=order,
        title=None,
        axis=alt.Axis(labelLimit=LABEL_LIMIT, labelFontSize=12, labelExpr=wrapped(order)),
    )
    x = alt.X(
        f"{rate}:Q",
        title=titles[rate],
        scale=alt.Scale(domain=[0, 1], clamp=True),
        axis=alt.Axis(format="%", values=[0, 0.25, 0.5, 0.75, 1], grid=True),
    )
    tooltip = [
        alt.Tooltip(f"{label}:N", title=titles[label]),
        alt.Tooltip(f"{done}:Q", title=titles[done], format=","),
        alt.Tooltip(f"{total}:Q", title=titles[total], format=","),
        alt.Tooltip(f"{rate}:Q", title=titles[rate], format=".0%"),
    ]
    base = alt.Chart(data).encode(y=y)
    bars = base.mark_bar(color="#2f6f9f", cornerRadiusEnd=2).encode(x=x, tooltip=tooltip)
    text = base.mark_text(align="left", dx=3, fontSize=11).encode(
        x=alt.X(f"{rate}:Q"), text=alt.Text(f"{rate}:Q", format=".0%"), tooltip=tooltip
    )
    per = max(BAR_HEIGHT, 14 * max((len(wrap(v, WRAP)) for v in order), default=1) + 4)
    height = max(per * len(data), BAR_HEIGHT * 2)  # a bar as tall as its wrapped label
    return fit(bars + text, height)
