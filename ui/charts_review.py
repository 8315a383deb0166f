"""Altair chart builders for the review pages (results, tallies, reliability).

Every builder takes a tidy frame already computed by ``analytics`` (anonymity applied) and the
translated titles; it computes nothing but the layout. Hidden cells never carry a number into a
chart: builders blank the value of a row flagged hidden before drawing it. Widths follow the
container (phone-friendly); heights grow with the number of rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from ui.chart_size import fit, wrapped

ROW = 24  # px per subject row
LABEL_LIMIT = 120  # px: long names are cut on the axis, the tooltip has them whole
HIDDEN_GREY = "#c8c8c8"
SELF_COLOUR, OTHERS_COLOUR = "#e07b39", "#2f6f9f"
#: 优秀 / 称职 / 基本称职 / 不称职 in order: green, light green, amber, red.
GRADE_COLOURS = ("#1b7f3b", "#8cc084", "#f0b429", "#c62828")
GROUP_COLOURS = ("#2f6f9f", "#6aa84f", "#8e7cc3", "#e69138", "#45818e", "#999999", "#134f5c",
                 "#e07b39")  # fmt: skip


def _height(n: int, per: int = ROW, minimum: int = 3) -> int:
    return per * max(n, minimum)


def _y(field: str, order: Sequence[str], title: str | None = None, *, wrap: bool = False
       ) -> alt.Y:  # fmt: skip
    """A row axis. Only rows taller than one line (a dimension's bars) wrap their labels: in a
    ROW px subject row a second line overlaps the next name, and Vega then drops every other
    name (seen on English screens: "Kimberly Cherry" hid the name below it)."""
    axis = (
        alt.Axis(labelLimit=LABEL_LIMIT, labelExpr=wrapped(order))
        if wrap
        else alt.Axis(labelLimit=LABEL_LIMIT)
    )
    return alt.Y(f"{field}:N", sort=list(order), title=title, axis=axis)


def _level(labels: Sequence[str]) -> dict:
    """A horizontal axis's labels level and centred under their column, wrapped."""
    return {"labelAngle": 0, "labelAlign": "center", "labelFlush": False, "labelLimit": 160,
            "labelExpr": wrapped(labels)}  # fmt: skip


def score_heatmap(
    frame: pd.DataFrame,
    *,
    subject: str,
    dimension: str,
    score: str,
    hidden: str,
    note: str,
    subjects: Sequence[str],
    dimensions: Sequence[str],
    titles: Mapping[str, str],
    domain: tuple[float, float] = (0, 100),
) -> alt.LayerChart:
    """Subjects × dimensions coloured by ``score``; ``hidden`` cells are a grey mark with the
    text ``note`` (e.g. "not enough raters") and no number, in the cell and in the tooltip."""
    data = frame[[subject, dimension, score, hidden]].copy()
    data[hidden] = data[hidden].astype(bool)
    data[score] = data[score].astype(float).mask(data[hidden])
    data["label"] = [
        "·" if h else f"{v:.1f}" for v, h in zip(data[score], data[hidden], strict=True)
    ]
    data["shown_as"] = [note if h else f"{v:.1f}" for v, h in zip(data[score], data[hidden],
                                                                   strict=True)]  # fmt: skip
    tooltip = [
        alt.Tooltip(f"{subject}:N", title=titles[subject]),
        alt.Tooltip(f"{dimension}:N", title=titles[dimension]),
        alt.Tooltip("shown_as:N", title=titles[score]),
    ]
    base = alt.Chart(data).encode(
        y=_y(subject, subjects),
        x=alt.X(f"{dimension}:N", sort=list(dimensions), title=None,
                axis=alt.Axis(orient="top", **_level(dimensions))),
    )  # fmt: skip
    colour = alt.condition(
        f"datum['{hidden}']",
        alt.value(HIDDEN_GREY),
        alt.Color(f"{score}:Q", title=titles[score],
                  scale=alt.Scale(scheme="blues", domain=list(domain)),
                  legend=alt.Legend(orient="bottom")),
    )  # fmt: skip
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(color=colour, tooltip=tooltip)
    text = base.mark_text(fontSize=11).encode(
        text="label:N",
        color=alt.condition(f"datum['{score}'] > {sum(domain) / 2 + 15}", alt.value("white"),
                            alt.value("#222")),
        tooltip=tooltip,
    )  # fmt: skip
    return fit(cells + text, _height(len(subjects), 28))


def self_other_dumbbell(
    frame: pd.DataFrame,
    *,
    subject: str,
    self_score: str,
    other_score: str,
    subjects: Sequence[str],
    titles: Mapping[str, str],
    domain: tuple[float, float] = (0, 100),
) -> alt.LayerChart:
    """Per subject a line from the self score to the others' score, a dot at each end.

    ``titles`` names ``subject``, ``self_score``, ``other_score`` and ``"score"`` (the axis).
    A missing self score (hidden or not given) leaves only the others' dot.
    """
    wide = frame[[subject, self_score, other_score]].copy()
    long = wide.melt(id_vars=[subject], var_name="series", value_name="score").dropna()
    long["series"] = long["series"].map({self_score: titles[self_score],
                                         other_score: titles[other_score]})  # fmt: skip
    y = _y(subject, subjects)
    x = alt.X("score:Q", title=titles["score"], scale=alt.Scale(domain=list(domain)))
    rule = alt.Chart(wide.dropna()).mark_rule(color="#999", strokeWidth=2).encode(
        y=y, x=alt.X(f"{self_score}:Q", scale=alt.Scale(domain=list(domain))),
        x2=f"{other_score}:Q",
    )  # fmt: skip
    dots = alt.Chart(long).mark_circle(size=90, opacity=1).encode(
        y=y, x=x,
        color=alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(domain=[titles[self_score], titles[other_score]],
                                        range=[SELF_COLOUR, OTHERS_COLOUR])),
        tooltip=[alt.Tooltip(f"{subject}:N", title=titles[subject]),
                 alt.Tooltip("series:N", title=" "),
                 alt.Tooltip("score:Q", title=titles["score"], format=".1f")],
    )  # fmt: skip
    return fit(rule + dots, _height(len(subjects)))


def rank_range(
    frame: pd.DataFrame,
    *,
    subject: str,
    base: str,
    low: str,
    high: str,
    subjects: Sequence[str],
    titles: Mapping[str, str],
) -> alt.LayerChart:
    """Per subject the range of ranks over the weight scenarios (a rule from the best to the
    worst rank) and the base rank (a dot). Rank 1 is on the left."""
    data = frame[[subject, base, low, high]].copy()
    n = max(int(data[high].max()) if len(data) else 1, 1)
    x = alt.X(
        f"{base}:Q",
        title=titles[base],
        scale=alt.Scale(domain=[0.5, n + 0.5]),
        axis=alt.Axis(tickMinStep=1, format="d"),
    )
    tooltip = [alt.Tooltip(f"{subject}:N", title=titles[subject]),
               alt.Tooltip(f"{base}:Q", title=titles[base]),
               alt.Tooltip(f"{low}:Q", title=titles[low]),
               alt.Tooltip(f"{high}:Q", title=titles[high])]  # fmt: skip
    y = _y(subject, subjects)
    rule = alt.Chart(data).mark_rule(strokeWidth=6, color="#9ecae1", strokeCap="round").encode(
        y=y, x=alt.X(f"{low}:Q", scale=alt.Scale(domain=[0.5, n + 0.5])), x2=f"{high}:Q",
        tooltip=tooltip,
    )  # fmt: skip
    dot = (
        alt.Chart(data)
        .mark_circle(size=80, color=OTHERS_COLOUR, opacity=1)
        .encode(y=y, x=x, tooltip=tooltip)
    )
    return fit(rule + dot, _height(len(subjects)))


def group_bars(
    frame: pd.DataFrame,
    *,
    dimension: str,
    group: str,
    score: str,
    low: str,
    high: str,
    n: str,
    dimensions: Sequence[str],
    groups: Sequence[str],
    titles: Mapping[str, str],
    domain: tuple[float, float] = (0, 100),
) -> alt.LayerChart:
    """Bars per dimension (rows) and rater group (colour, side by side) with the confidence
    interval as an error bar; ``n`` and the interval are in the tooltip."""
    data = frame[[dimension, group, score, low, high, n]].copy()
    data[n] = data[n].astype("Int64").astype("float")
    colours = list(GROUP_COLOURS[: len(groups)])
    y = _y(dimension, dimensions, wrap=True)
    y_offset = alt.YOffset(f"{group}:N", sort=list(groups))
    tooltip = [alt.Tooltip(f"{dimension}:N", title=titles[dimension]),
               alt.Tooltip(f"{group}:N", title=titles[group]),
               alt.Tooltip(f"{score}:Q", title=titles[score], format=".1f"),
               alt.Tooltip(f"{low}:Q", title=titles[low], format=".1f"),
               alt.Tooltip(f"{high}:Q", title=titles[high], format=".1f"),
               alt.Tooltip(f"{n}:Q", title=titles[n], format="d")]  # fmt: skip
    bars = alt.Chart(data).mark_bar().encode(
        y=y, yOffset=y_offset,
        x=alt.X(f"{score}:Q", title=titles[score], scale=alt.Scale(domain=list(domain))),
        color=alt.Color(f"{group}:N", title=titles[group], sort=list(groups),
                        scale=alt.Scale(domain=list(groups), range=colours),
                        legend=alt.Legend(orient="bottom", columns=3, labelLimit=0)),
        tooltip=tooltip,
    )  # fmt: skip
    errors = (
        alt.Chart(data.dropna(subset=[low, high]))
        .mark_rule(color="#333", clip=True)  # an interval past 0 or 100 ends at the frame
        .encode(y=y, yOffset=y_offset, x=f"{low}:Q", x2=f"{high}:Q", tooltip=tooltip)
    )
    height = max(len(dimensions), 1) * max(len(groups), 1) * 14 + 40
    return fit(bars + errors, height)


def trend_line(
    frame: pd.DataFrame,
    *,
    phase: str,
    score: str,
    low: str,
    high: str,
    phases: Sequence[str],
    titles: Mapping[str, str],
    domain: tuple[float, float] = (0, 100),
) -> alt.LayerChart:
    """The others' overall score per phase in phase order, with its interval; a phase whose
    score is hidden has no point (the line skips it)."""
    data = frame[[phase, score, low, high]].copy()
    x = alt.X(f"{phase}:N", sort=list(phases), title=None, axis=alt.Axis(**_level(phases)))
    y = alt.Y(f"{score}:Q", title=titles[score], scale=alt.Scale(domain=list(domain)))
    tooltip = [alt.Tooltip(f"{phase}:N", title=titles[phase]),
               alt.Tooltip(f"{score}:Q", title=titles[score], format=".1f"),
               alt.Tooltip(f"{low}:Q", title=titles[low], format=".1f"),
               alt.Tooltip(f"{high}:Q", title=titles[high], format=".1f")]  # fmt: skip
    shown = data.dropna(subset=[score])
    line = alt.Chart(shown).mark_line(color=OTHERS_COLOUR).encode(x=x, y=y)
    points = (
        alt.Chart(shown)
        .mark_circle(size=90, color=OTHERS_COLOUR, opacity=1)
        .encode(x=x, y=y, tooltip=tooltip)
    )
    band = alt.Chart(shown.dropna(subset=[low, high])).mark_rule(color="#9ecae1", clip=True,
                                                                 strokeWidth=3).encode(
        x=x, y=f"{low}:Q", y2=f"{high}:Q"
    )  # fmt: skip
    return fit(band + line + points, 260)


def grade_stack(
    frame: pd.DataFrame,
    *,
    subject: str,
    grade: str,
    share: str,
    votes: str,
    subjects: Sequence[str],
    grades: Sequence[str],
    titles: Mapping[str, str],
) -> alt.Chart:
    """Stacked horizontal bars of grade shares per subject, grades best first in fixed
    colours (优秀 green … 不称职 red); votes and shares in the tooltip."""
    data = frame[[subject, grade, share, votes]].copy()
    data["_k"] = data[grade].map({g: i for i, g in enumerate(grades)})
    colours = list(GRADE_COLOURS[: len(grades)]) + ["#777"] * max(len(grades) - 4, 0)
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=_y(subject, subjects),
            x=alt.X(
                f"{share}:Q",
                title=titles[share],
                stack="zero",
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%"),
            ),
            color=alt.Color(
                f"{grade}:N",
                title=None,
                sort=list(grades),
                scale=alt.Scale(domain=list(grades), range=colours),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=0),  # fits a phone
            ),
            order=alt.Order("_k:Q", sort="ascending"),
            tooltip=[
                alt.Tooltip(f"{subject}:N", title=titles[subject]),
                alt.Tooltip(f"{grade}:N", title=titles[grade]),
                alt.Tooltip(f"{votes}:Q", title=titles[votes], format="d"),
                alt.Tooltip(f"{share}:Q", title=titles[share], format=".1%"),
            ],
        )  # fmt: skip
    )
    return fit(bars, _height(len(subjects), 26))


def coefficient_bars(
    frame: pd.DataFrame,
    *,
    label: str,
    statistic: str,
    value: str,
    low: str,
    high: str,
    labels: Sequence[str],
    titles: Mapping[str, str],
    reference: float = 0.7,
) -> alt.LayerChart:
    """Reliability coefficients (e.g. alpha and omega) per dimension as bars side by side, the
    interval where there is one, and a dashed line at the conventional ``reference``."""
    data = frame[[label, statistic, value, low, high]].copy()
    stats = list(dict.fromkeys(data[statistic]))
    y = _y(label, labels, wrap=True)
    y_offset = alt.YOffset(f"{statistic}:N", sort=stats)
    x_scale = alt.Scale(domain=[min(0.0, float(data[low].min(skipna=True) or 0)), 1])
    tooltip = [alt.Tooltip(f"{label}:N", title=titles[label]),
               alt.Tooltip(f"{statistic}:N", title=titles[statistic]),
               alt.Tooltip(f"{value}:Q", title=titles[value], format=".3f"),
               alt.Tooltip(f"{low}:Q", title=titles[low], format=".3f"),
               alt.Tooltip(f"{high}:Q", title=titles[high], format=".3f")]  # fmt: skip
    bars = alt.Chart(data).mark_bar().encode(
        y=y, yOffset=y_offset, x=alt.X(f"{value}:Q", title=titles[value], scale=x_scale),
        color=alt.Color(f"{statistic}:N", title=None, sort=stats,
                        scale=alt.Scale(range=list(GROUP_COLOURS[:2]) or None),
                        legend=alt.Legend(orient="bottom")),
        tooltip=tooltip,
    )  # fmt: skip
    errors = (
        alt.Chart(data.dropna(subset=[low, high]))
        .mark_rule(color="#333", clip=True)
        .encode(y=y, yOffset=y_offset, x=f"{low}:Q", x2=f"{high}:Q")
    )
    ref = alt.Chart(pd.DataFrame({"ref": [reference]})).mark_rule(
        strokeDash=[4, 4], color="#c62828").encode(x="ref:Q")  # fmt: skip
    height = max(len(labels), 1) * max(len(stats), 1) * 16 + 40
    return fit(bars + errors + ref, height)


def agreement_dots(
    frame: pd.DataFrame,
    *,
    subject: str,
    index: str,
    value: str,
    subjects: Sequence[str],
    titles: Mapping[str, str],
    reference: float = 0.7,
) -> alt.LayerChart:
    """Within-group agreement per subject: one dot per index (rwg(j), awg) on -1..1, a dashed
    line at ``reference`` (0.70, the usual 'strong agreement' cut-off)."""
    data = frame[[subject, index, value]].dropna()
    y = _y(subject, subjects)
    dots = alt.Chart(data).mark_point(size=80, filled=True, opacity=0.9).encode(
        y=y,
        x=alt.X(f"{value}:Q", title=titles[value], scale=alt.Scale(domain=[-1, 1])),
        color=alt.Color(f"{index}:N", title=None, legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(range=[OTHERS_COLOUR, SELF_COLOUR])),
        shape=alt.Shape(f"{index}:N", title=None),
        tooltip=[alt.Tooltip(f"{subject}:N", title=titles[subject]),
                 alt.Tooltip(f"{index}:N", title=titles[index]),
                 alt.Tooltip(f"{value}:Q", title=titles[value], format=".2f")],
    )  # fmt: skip
    ref = alt.Chart(pd.DataFrame({"ref": [reference]})).mark_rule(
        strokeDash=[4, 4], color="#c62828").encode(x="ref:Q")  # fmt: skip
    return fit(dots + ref, _height(len(subjects)))
