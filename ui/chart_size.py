"""Chart sizing shared by every Altair builder.

Streamlit gives a chart without ``autosize`` the Vega-Lite "fit" mode, which squeezes axes,
labels and legend into the declared height: a 3-bar chart 78 px high kept about 20 px for its
bars. "fit-x" fits the width to the container and lets the height be the plot's own height.
"""

import altair as alt

FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")


def fit(chart: alt.TopLevelMixin, height: int) -> alt.TopLevelMixin:
    """``chart`` as wide as its container and ``height`` pixels of plot."""
    return chart.properties(height=height, width="container", autosize=FIT_WIDTH)
