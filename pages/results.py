"""Results (评价结果): the others' composite per subject and dimension, self against others,
how ranks move with the group weights, a subject's drill-down and the trend across phases.

Every number comes from ``analytics`` with the campaign's anonymity settings applied there;
a hidden cell is a grey mark with its reason (the threshold), never a number or a count.
"""

import secrets

import pandas as pd
import streamlit as st

from analytics import blind_spots, self_other_agreement
from storage import campaigns as campaign_store
from ui import charts_review as charts
from ui.access import guard
from ui.chart_draw import draw_built
from ui.i18n import localized_select, t
from ui.review import (
    GROUP_ORDER,
    composite_weights,
    dimension_labels,
    group_label,
    hidden_note,
    item_labels,
    note_view,
    open_review_phase,
    phase_comments,
    phase_label,
    phase_ranks,
    phase_scores,
    rules,
    threshold_text,
)
from ui.state import get_db
from ui.trend import campaign_trend

guard(__file__)

db = get_db()
data = open_review_phase(db, "results")
campaign_id, phase = data.campaign_id, data.phase
scores = phase_scores(data)
if scores is None:
    st.info(t("results.no_scores"))
    st.stop()
if scores.empty:
    st.info(hidden_note(data.settings))
    st.stop()

names, dims = data.names, dimension_labels(data.survey)
settings = data.settings
weights, equal_fallback = composite_weights(data)
st.caption(t("results.scale_note", rule=threshold_text(settings)))
if equal_fallback:
    st.caption(t("results.equal_weights"))

# -- what the sections share ----------------------------------------------------------------------
others = scores[scores["rater_group"] == "others"]
subjects = sorted(scores["subject_id"].unique())
dim_ids = [d for d in dict.fromkeys(scores["dimension"]) if d in dims]
grid = pd.MultiIndex.from_product([subjects, dim_ids], names=["subject_id", "dimension"])
heat = others.set_index(["subject_id", "dimension"])[["score"]].reindex(grid).reset_index()
heat["hidden"] = heat["score"].isna()
overall = heat[heat["dimension"] == "overall"].set_index("subject_id")["score"]
by_score = overall.sort_values(ascending=False, na_position="last").index.tolist()
own = scores[(scores["rater_group"] == "self") & (scores["dimension"] == "overall")
             & ~scores["suppressed"]].set_index("subject_id")["score"]  # fmt: skip
titles = {"subject": t("results.col.subject"), "dim": t("results.col.dimension"),
          "score": t("results.col.others_score")}  # fmt: skip


# -- overview: heat map, self against others -------------------------------------------------------
# A fragment: the sort toggle reruns these two charts only, not the page (#12: a toggle took
# 0.7 s, most of it the browser drawing the page's other charts again).
@st.fragment
def overview() -> None:
    st.subheader(t("results.heatmap"))
    sort_labels = {o: t(f"results.sort.{o}") for o in ("overall", "name")}
    sort = st.segmented_control(
        t("results.sort"), list(sort_labels), default="overall", required=True,
        format_func=sort_labels.get, key="results_sort",
    )  # fmt: skip
    if sort == "overall":
        order_ids = by_score
    else:
        order_ids = sorted(subjects, key=lambda s: names.get(s, s))
    heat_view = heat.assign(subject=heat["subject_id"].map(names), dim=heat["dimension"].map(dims))
    draw_built(
        charts.score_heatmap,
        heat_view,
        subject="subject",
        dimension="dim",
        score="score",
        hidden="hidden",
        note=t("results.too_few"),
        subjects=[names[s] for s in order_ids],
        dimensions=[dims[d] for d in dim_ids],
        titles=titles,
        key="results_heatmap",
    )
    if heat["hidden"].any():
        st.caption(":material/info: " + hidden_note(settings))

    st.subheader(t("results.self_other"))
    pair = pd.DataFrame({"self": own, "others": overall}).reindex(order_ids)
    pair = pair.assign(subject=[names[s] for s in pair.index]).dropna(subset=["others"])
    if pair.empty:
        st.info(hidden_note(settings))
    else:
        draw_built(
            charts.self_other_dumbbell,
            pair,
            subject="subject",
            self_score="self",
            other_score="others",
            subjects=pair["subject"].tolist(),
            titles={
                "subject": titles["subject"],
                "self": t("group.self"),
                "others": t("group.others"),
                "score": t("results.col.score"),
            },
            key="results_dumbbell",
        )


overview()

# -- overview: sensitivity -------------------------------------------------------------------------
st.subheader(t("results.sensitivity"))
st.caption(t("results.sensitivity_help"))
base_w = weights or {g: 1.0 for g in set(data.answers["rater_group"]) - {"self"}}
ranks = phase_ranks(data, scores, base_w) if base_w else pd.DataFrame()
if ranks.empty:
    st.info(hidden_note(settings))
else:
    ranks = ranks.assign(subject=ranks["subject_id"].map(names)).sort_values("base_rank")
    rank_titles = {"subject": titles["subject"], "base_rank": t("results.col.base_rank"),
                   "min_rank": t("results.col.best_rank"),
                   "max_rank": t("results.col.worst_rank")}  # fmt: skip
    draw_built(
        charts.rank_range,
        ranks,
        subject="subject",
        base="base_rank",
        low="min_rank",
        high="max_rank",
        subjects=ranks["subject"].tolist(),
        titles=rank_titles,
        key="results_ranks",
    )
    moved = ranks[ranks["rank_range"] > 0]
    st.caption(t("results.sensitivity_summary", moved=len(moved), total=len(ranks)))


# -- subject drill-down and trend ------------------------------------------------------------------
# A fragment too: picking a subject reruns the subject's part only.
@st.fragment
def subject_detail() -> None:
    st.divider()
    st.subheader(t("results.subject"))
    subject_id = localized_select(
        st, t("results.pick_subject"), by_score, format_func=names.get,
        key=f"results_subject_{phase['phase_id']}",
    )  # fmt: skip
    if subject_id is not None:
        note_view(db, "results", phase["phase_id"], subject_id)
    mine = scores[scores["subject_id"] == subject_id]
    visible = mine[mine["status"].isin(["shown", "composite"]) & mine["score"].notna()]
    groups = [g for g in GROUP_ORDER if g in set(visible["rater_group"])]
    bars = visible.assign(group=visible["rater_group"].map(group_label),
                          dim=visible["dimension"].map(dims))  # fmt: skip
    if bars.empty:
        st.info(hidden_note(settings))
    else:
        bar_titles = {"dim": titles["dim"], "group": t("results.col.group"),
                      "score": t("results.col.score"), "ci_low": t("results.col.ci_low"),
                      "ci_high": t("results.col.ci_high"), "n": t("results.col.n")}  # fmt: skip
        draw_built(
            charts.group_bars,
            bars,
            dimension="dim",
            group="group",
            score="score",
            low="ci_low",
            high="ci_high",
            n="n",
            dimensions=[dims[d] for d in dim_ids],
            groups=[group_label(g) for g in groups],
            titles=bar_titles,
            key="results_groups",
        )
        st.caption(t("results.ci_note"))
    hidden = mine[(mine["dimension"] == "overall") & mine["status"].isin(["suppressed", "merged"])]
    for row in hidden.itertuples(index=False):
        same = mine["rater_group"] == row.rater_group
        shown_dims = mine[same & (mine["dimension"] != "overall") & (mine["status"] == "shown")]
        note = (t("results.hidden_overall", group=group_label(row.rater_group))
                if len(shown_dims) and row.status == "suppressed"
                else hidden_note(settings, row.rater_group, row.status))  # fmt: skip
        st.caption(":material/visibility_off: " + note)

    # self-other agreement
    st.markdown(f"**{t('results.agreement')}**")
    st.caption(t("results.agreement_rule"))
    both = pd.DataFrame({"self": own, "others": overall}).dropna().rename_axis("subject_id")
    try:
        soa = self_other_agreement(both.reset_index(), subject="subject_id", self_score="self",
                                   other_score="others")  # fmt: skip
    except ValueError:
        soa = None
    if soa is None or subject_id not in soa.index or pd.isna(soa.loc[subject_id, "category"]):
        st.info(t("results.agreement_none"))
    else:
        row = soa.loc[subject_id]
        c1, c2, c3 = st.columns([2, 1, 1])  # the category, in words, needs the room
        c1.metric(t("results.agreement_category"), t(f"results.soa.{row['category']}"))
        c2.metric(t("results.col.self_minus_others"), f"{row['difference']:+.1f}")
        c3.metric("z", f"{row['z']:+.2f}")

    # blind spots and hidden strengths
    st.markdown(f"**{t('results.blind_spots')}**")
    st.caption(t("results.blind_spots_rule"))
    by_item = phase_scores(data, by_item=True)
    spots = pd.DataFrame()
    if by_item is not None:
        mine_items = by_item[(by_item["subject_id"] == subject_id) & ~by_item["suppressed"]]
        wide = mine_items[mine_items["rater_group"].isin(["self", "others"])].pivot_table(
            index="dimension", columns="rater_group", values="score"
        )
        if {"self", "others"} <= set(wide.columns):
            items = wide.reset_index().assign(subject_id=subject_id)
            spots = blind_spots(items, subject="subject_id", item="dimension", self_score="self",
                                other_score="others", top=3, min_gap=25.0)  # fmt: skip
    if spots.empty:
        st.info(t("results.blind_spots_none"))
    else:
        labels = item_labels(data.survey)
        st.dataframe(
            pd.DataFrame({
                t("results.col.kind"): spots["kind"].map(
                    {"blind spot": t("results.blind_spot"),
                     "hidden strength": t("results.hidden_strength")}),
                t("results.col.item"): spots["dimension"].map(lambda i: labels.get(i, i)),
                t("group.self"): spots["self"].round(1), t("group.others"): spots["other"].round(1),
                t("results.col.difference"): spots["difference"].round(1),
            }),
            hide_index=True, width="stretch", key="results_spots",
        )  # fmt: skip

    # released comments: shuffled, plain text in a table, never Markdown
    st.markdown(f"**{t('results.comments')}**")
    text_items = [i.id for i in data.survey.all_items() if i.type == "text"]
    seed = st.session_state.setdefault("results_comment_seed", secrets.randbelow(2**31))
    comments = pd.DataFrame()
    written = data.answers["item_id"].isin(text_items) & data.answers["value_text"].notna()
    if written.any():
        released = phase_comments(data, text_items, seed)
        comments = released[released["subject_id"] == subject_id]
    if comments.empty:
        st.caption(t("results.comments_none", n=rules(settings).comments))
    else:
        st.caption(t("results.comments_help", n=rules(settings).comments))
        st.dataframe(
            pd.DataFrame({t("results.col.group"): comments["rater_group"].map(
                lambda g: t("results.group.others_comment") if g == "others" else group_label(g)),
                t("results.col.comment"): comments["text"].astype(str)}),
            hide_index=True, width="stretch", key="results_comments",
        )  # fmt: skip

    # the trend across the campaign's phases
    st.divider()
    st.subheader(t("results.trend"))
    phases = campaign_store.list_phases(db, campaign_id).to_dict("records")
    points, missing = [], []
    with st.spinner(t("results.loading")):  # only closed phases: see open_review_phase
        closed = [p for p in phases if p["status"] == "closed"]
        trend_scores = campaign_trend(db, campaign_id, closed, settings)
    for p in phases:
        s = trend_scores.get(p["phase_id"])
        got = None if s is None else s[s["subject_id"] == subject_id]
        if got is None or got.empty:
            why = ("results.trend_open" if p["status"] != "closed" else "results.trend_unscored"
                   if s is None else "results.trend_missing")  # fmt: skip
            missing.append(t(why, phase=phase_label(p), rule=threshold_text(settings)))
            continue
        r = got.iloc[0]
        points.append({"phase": phase_label(p), "score": r["score"], "ci_low": r["ci_low"],
                       "ci_high": r["ci_high"]})  # fmt: skip
    if len(points) < 2:
        st.info(t("results.trend_none"))
    if points:
        trend = pd.DataFrame(points)
        draw_built(
            charts.trend_line,
            trend,
            phase="phase",
            score="score",
            low="ci_low",
            high="ci_high",
            phases=[phase_label(p) for p in phases],
            titles={
                "phase": t("results.phase"),
                "score": titles["score"],
                "ci_low": t("results.col.ci_low"),
                "ci_high": t("results.col.ci_high"),
            },
            key="results_trend",
        )
    for note in missing:
        st.caption(":material/visibility_off: " + note)


subject_detail()
