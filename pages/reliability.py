"""Reliability and agreement (信度与一致性) of one phase: internal consistency per dimension,
ICC of the overall score, raters needed, within-group agreement per subject and Krippendorff's
alpha for grades. Computed only from ballots behind published cells (others, not self), so no
figure here lets a hidden group be recovered."""

import pandas as pd
import streamlit as st

from analytics import raters_needed
from ui import charts_review as charts
from ui.access import guard
from ui.chart_draw import draw_built
from ui.i18n import current_lang, t
from ui.plain import plain
from ui.reliability_figures import phase_reliability
from ui.review import dimension_labels, hidden_note, open_review_phase
from ui.state import get_db
from ui.tables import table

guard(__file__)

db = get_db()
data = open_review_phase(db, "reliability")
with st.spinner(t("reliability.computing")):
    figures = phase_reliability(data)
if figures is None:
    st.info(t("reliability.no_data") if data.items.empty else hidden_note(data.settings))
    st.stop()
dims = dimension_labels(data.survey)
names = data.names

# -- internal consistency --------------------------------------------------------------------------
st.subheader(t("reliability.consistency"))
st.caption(t("reliability.alpha_explain"))
st.caption(t("reliability.omega_explain"))
coef = figures["consistency"]
needs = [  # why a coefficient could not be computed, in words
    " ".join(t(f"reliability.{k}_needs") for k, on in (("alpha", a), ("omega", o)) if on)
    for a, o in zip(coef["alpha_needs"], coef["omega_needs"], strict=True)
]
coef = coef.drop(columns=["alpha_needs", "omega_needs"]).assign(
    dimension=coef["dimension"].map(dims), note=needs
)
long = pd.concat([
    coef.assign(statistic="α (Cronbach)", value=coef["alpha"]),
    coef.assign(statistic="ω (McDonald)", value=coef["omega"], ci_low=None, ci_high=None),
], ignore_index=True).astype({"value": float, "ci_low": float, "ci_high": float})  # fmt: skip
long = long.dropna(subset=["value"])
if long.empty:
    st.info(t("reliability.alpha_needs"))
else:
    draw_built(
        charts.coefficient_bars,
        long,
        label="dimension",
        statistic="statistic",
        value="value",
        low="ci_low",
        high="ci_high",
        labels=coef["dimension"].tolist(),
        titles={
            "dimension": t("results.col.dimension"),
            "statistic": " ",
            "value": t("reliability.col.value"),
            "ci_low": t("results.col.ci_low"),
            "ci_high": t("results.col.ci_high"),
        },
        key="reliability_alpha_chart",
    )
F3 = "%.3f"
table(
    coef.rename(columns={
        "dimension": t("results.col.dimension"), "k": t("reliability.col.items"),
        "n": t("reliability.col.rows"), "alpha": "α", "ci_low": t("results.col.ci_low"),
        "ci_high": t("results.col.ci_high"), "omega": "ω", "note": t("reliability.col.note")}),
    key="reliability_alpha_table",
    numbers={c: F3 for c in ("α", "ω", t("results.col.ci_low"), t("results.col.ci_high"))},
    help={c: t("reliability.dash_help") for c in ("α", "ω")},
    config={t("reliability.col.note"): st.column_config.TextColumn(width="large")},  # read whole
)  # fmt: skip

# -- ICC of the overall score ----------------------------------------------------------------------
st.subheader(t("reliability.icc"))
st.caption(t("reliability.icc_explain"))
res = figures["icc"]
if res is None:
    st.info(t("reliability.icc_none", why=plain(figures["icc_error"])))
else:
    icc1, icc1k = res.loc["ICC1", "ICC"], res.loc["ICC1k", "ICC"]
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("ICC1", f"{icc1:.3f}")
    c2.metric("ICC1k", f"{icc1k:.3f}", help=t("reliability.icc1k_help", k=res.attrs["k"]))
    for col, goal in ((c3, 0.7), (c4, 0.8)):
        need = raters_needed(float(icc1), goal) if 0 < icc1 <= 1 else None
        col.metric(t("reliability.raters_needed", target=f"{goal:.1f}"),
                   "—" if need is None else str(need))  # fmt: skip
    st.caption(t("reliability.design", design=t(f"reliability.design.{res.attrs['design']}"),
                 targets=res.attrs["n_targets"], k=f"{res.attrs['k']:.1f}"))  # fmt: skip
    st.caption(t("reliability.raters_explain"))
    icc_table = res.reset_index()[["type", "ICC", "ci_low", "ci_high", "F", "pval", "valid",
                                   "reason"]]  # fmt: skip
    why = t("reliability.icc_reason")
    icc_table["reason"] = icc_table["reason"].map(lambda r: why if r else "")
    table(
        icc_table.rename(columns={
            "type": t("reliability.col.form"), "ci_low": t("results.col.ci_low"),
            "ci_high": t("results.col.ci_high"), "pval": "p", "valid": t("reliability.col.valid"),
            "reason": t("reliability.col.reason")}),
        key="reliability_icc_table",
        numbers={"ICC": F3, t("results.col.ci_low"): F3, t("results.col.ci_high"): F3, "F": F3,
                 "p": "%.4f"},
        config={t("reliability.col.valid"): st.column_config.CheckboxColumn()},
    )  # fmt: skip

# -- within-group agreement per subject ------------------------------------------------------------
st.subheader(t("reliability.rwg"))
st.caption(t("reliability.rwg_explain"))
agree = figures["agreement"]
if agree is None:
    st.info(t("reliability.rwg_none"))
else:
    agree["subject"] = agree["subject_id"].map(names)
    dots = agree.melt(id_vars=["subject"], value_vars=["rwg_j", "awg"], var_name="index",
                      value_name="value").replace({"index": {"rwg_j": "rwg(j)"}})  # fmt: skip
    order = agree.sort_values("rwg_j", ascending=False)["subject"].tolist()
    draw_built(
        charts.agreement_dots,
        dots,
        subject="subject",
        index="index",
        value="value",
        subjects=order,
        titles={
            "subject": t("results.col.subject"),
            "index": " ",
            "value": t("reliability.col.agreement"),
        },
        key="reliability_rwg_chart",
    )
    table(
        agree[["subject", "n_raters", "n_items", "rwg_j", "awg"]].rename(columns={
            "subject": t("results.col.subject"), "n_raters": t("reliability.col.raters"),
            "n_items": t("reliability.col.items")}),
        key="reliability_rwg_table", numbers={"rwg_j": F3, "awg": F3},
        help={"rwg_j": t("reliability.dash_help"), "awg": t("reliability.dash_help")},
    )  # fmt: skip

# -- Krippendorff's alpha for grades ---------------------------------------------------------------
grade_items = [i for i in data.survey.all_items() if i.type == "grade"]
if grade_items:
    st.subheader(t("reliability.kripp"))
    st.caption(t("reliability.kripp_explain"))
    out = [{t("reliability.col.item"): item.text.get(current_lang()),
            "α (ordinal)": figures["kripp"][item.id]} for item in grade_items]  # fmt: skip
    table(pd.DataFrame(out), key="reliability_kripp", numbers={"α (ordinal)": F3},
          help={"α (ordinal)": t("reliability.dash_help")})  # fmt: skip
