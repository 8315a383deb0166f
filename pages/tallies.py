"""Ballot tallies (民主测评计票): grade shares per subject, 优秀率 / 称职率, and the campaign's
tally rules evaluated exactly with their arithmetic. Suppressed rater groups are hidden by
``analytics.tally_grades``; a hidden row says why (the threshold), never how many voted."""

import pandas as pd
import streamlit as st

from analytics import GRADE_LABELS, exact
from ui import charts_review as charts
from ui.access import guard
from ui.chart_draw import draw_built
from ui.i18n import current_lang, localized_select, t
from ui.plain import plain
from ui.review import (
    composite_weights,
    grade_labels,
    group_label,
    hidden_note,
    open_review_phase,
    phase_tally,
    tally_rule_results,
    threshold_text,
)
from ui.state import get_db

guard(__file__)

db = get_db()
data = open_review_phase(db, "tallies", prefer=("grade",))
phase = data.phase
lang = current_lang()
grade_items = [i for i in data.survey.all_items() if i.type == "grade"]
if not grade_items:
    st.info(t("tallies.no_grades"))
    st.stop()
ids = [i.id for i in grade_items]
texts = {i.id: i.text.get(lang) for i in grade_items}
item_id = localized_select(
    st, t("tallies.item"), ids, index=ids.index("overall") if "overall" in ids else 0,
    format_func=texts.get, key=f"tallies_item_{phase['phase_id']}",
)  # fmt: skip
item = data.survey.item(item_id)
grades = [g.id for g in item.grade_options()]
labels = grade_labels(data.survey, item_id)
votes = data.answers[(data.answers["item_id"] == item_id) & ~data.answers["is_na"]]
if votes.empty:
    st.info(t("tallies.no_votes"))
    st.stop()

weights, _ = composite_weights(data)
weighted = st.toggle(t("tallies.weighted"), value=False, key="tallies_weighted",
                     disabled=weights is None, help=t("tallies.weighted_help"))  # fmt: skip
used_weights = weights if weighted and weights else None
tally = phase_tally(data, item_id, grades, used_weights)
names = data.names
subjects = sorted(tally["subject_id"].unique(), key=lambda s: names.get(s, s))

# -- chart per rater group -------------------------------------------------------------------------
shown_groups = [g for g in dict.fromkeys(tally["rater_group"])
                if (~tally.loc[tally["rater_group"] == g, "suppressed"]).any()]  # fmt: skip
shown_groups = ["all", *[g for g in shown_groups if g != "all"]]
group_labels = {g: group_label(g) for g in shown_groups}
group = st.segmented_control(
    t("tallies.group"), shown_groups, default="all", required=True, format_func=group_labels.get,
    key="tallies_group",
)  # fmt: skip
rows = tally[(tally["rater_group"] == group) & ~tally["suppressed"]]
wide = rows.pivot_table(index="subject_id", columns="grade", values="share").reindex(
    columns=grades)  # fmt: skip
wide["competent_or_better"] = wide[grades[0]] + wide[grades[1]]
order = wide.sort_values([grades[0], "competent_or_better"], ascending=False).index.tolist()
hidden_subjects = [s for s in subjects if s not in set(order)]
st.subheader(t("tallies.shares"))
if rows.empty:
    st.info(hidden_note(data.settings))
else:
    view = rows.assign(subject=rows["subject_id"].map(names), grade_label=rows["grade"].map(labels))
    draw_built(
        charts.grade_stack,
        view,
        subject="subject",
        grade="grade_label",
        share="share",
        votes="votes",
        subjects=[names[s] for s in order],
        grades=[labels[g] for g in grades],
        titles={
            "subject": t("results.col.subject"),
            "grade_label": t("tallies.col.grade"),
            "share": t("tallies.col.share"),
            "votes": t("tallies.col.votes"),
        },
        key="tallies_chart",
    )
if hidden_subjects:
    st.caption(":material/visibility_off: " + t(
        "tallies.hidden_subjects", names="、".join(plain(names[s]) for s in hidden_subjects),
        rule=threshold_text(data.settings)))  # fmt: skip

# -- rates table -----------------------------------------------------------------------------------
st.subheader(t("tallies.rates"))
n = rows.drop_duplicates("subject_id").set_index("subject_id")["n"]
table = pd.DataFrame({
    t("results.col.subject"): [names[s] for s in order],
    t("tallies.col.n"): [int(n[s]) if pd.notna(n[s]) else None for s in order],
    t("tallies.col.excellent"): wide.loc[order, grades[0]].to_numpy(),
    t("tallies.col.competent"): wide.loc[order, "competent_or_better"].to_numpy(),
    t("tallies.col.incompetent"): wide.loc[order, grades[-1]].to_numpy(),
})  # fmt: skip
pct = {c: st.column_config.NumberColumn(c, format="percent")
       for c in table.columns[2:]}  # fmt: skip
st.dataframe(table, hide_index=True, width="stretch", key="tallies_rates", column_config=pct)
st.caption(t("tallies.rates_help", excellent=plain(labels[grades[0]]),
             competent=plain(labels[grades[1]])))  # fmt: skip
if weighted:
    st.caption(t("tallies.weighted_note"))

# -- rules -----------------------------------------------------------------------------------------
st.subheader(t("tallies.rules"))
rule_list = list(data.settings.tally_rules)
if not rule_list:
    st.info(t("tallies.no_rules"))
else:

    def describe(r) -> str:
        metric = (
            t(f"tallies.metric.{r.metric}")
            if r.metric in ("excellent_share", "competent_or_better_share", "incompetent_share")
            else r.metric
        )
        who = group_label(r.rater_group) if r.rater_group else group_label("all")
        action = t("tallies.action.flag") if r.action == "flag" else r.action
        return t("tallies.rule_text", metric=metric, who=who, op=r.op, value=exact(r.value),
                 action=action)  # fmt: skip

    def localize(text: str) -> str:
        if "suppressed" in text:
            return t("tallies.rule_hidden", rule=threshold_text(data.settings))
        if lang == "en":
            for g, zh in sorted(GRADE_LABELS.items(), key=lambda kv: -len(kv[1])):
                text = text.replace(zh, labels.get(g, g))
        return text.replace("? yes", t("tallies.yes")).replace("? no", t("tallies.no"))

    evaluated = tally_rule_results(data, tally, item_id, grades, used_weights)
    results = pd.concat(
        [got.assign(rule=describe(r)) for got, r in zip(evaluated, rule_list, strict=True)],
        ignore_index=True,
    )
    # what fired first, then what could not be judged (too few votes), then the rest (#12: the
    # fired rows were 71, 81 and 85 of 120 in a ten-row box)
    order = results["triggered"].map(lambda v: 1 if pd.isna(v) else (0 if v else 2))
    results = results.assign(_order=order).sort_values("_order", kind="stable")
    results = results.reset_index(drop=True)
    flags = results[results["triggered"].fillna(False).astype(bool)]
    if flags.empty:
        st.success(t("tallies.no_flags"))
    else:
        st.error(t("tallies.flags", n=len(flags)), icon=":material/flag:")
    shown = pd.DataFrame({
        t("tallies.col.flag"): results["triggered"].map(
            lambda v: t("tallies.unjudged") if pd.isna(v)
            else t("tallies.flag") if v else t("tallies.not_flagged")),
        t("results.col.subject"): results["subject_id"].map(names),
        t("tallies.col.rule"): results["rule"],
        t("tallies.col.arithmetic"): results["arithmetic"].map(localize),
    })  # fmt: skip
    hit = results["triggered"].fillna(False).astype(bool).to_numpy()
    styled = shown.style.apply(
        lambda row: ["background-color: #fde0e0" if hit[row.name] else "" for _ in row], axis=1
    )
    st.dataframe(styled, hide_index=True, width="stretch", key="tallies_rule_table")
    st.caption(t("tallies.rules_help"))

# -- per rater group -------------------------------------------------------------------------------
with st.expander(t("tallies.by_group")):
    cells = tally[~tally["suppressed"] & (tally["rater_group"] != "all")]
    if cells.empty:
        st.info(hidden_note(data.settings))
    else:
        per = cells.pivot_table(index=["subject_id", "rater_group"], columns="grade",
                                values="share").reindex(columns=grades).reset_index()  # fmt: skip
        st.dataframe(pd.DataFrame({
            t("results.col.subject"): per["subject_id"].map(names),
            t("results.col.group"): per["rater_group"].map(group_label),
            **{labels[g]: per[g] for g in grades},
        }), hide_index=True, width="stretch", key="tallies_groups",
            column_config={labels[g]: st.column_config.NumberColumn(format="percent")
                           for g in grades})  # fmt: skip
    st.caption(t("tallies.by_group_help", rule=threshold_text(data.settings)))
