"""Monitoring (进度监控): response rates per phase, rater group, unit and subject, and the list of
raters to remind. Counts only: never what or whom anyone rated. Phase status is shown here; it is
changed on the campaigns page."""

import streamlit as st

from campaign import monitoring
from security.audit import record
from ui.access import guard, scope
from ui.chart_draw import draw_built
from ui.charts_monitor import rate_bars
from ui.components import demo_banner
from ui.exports import csv_bytes
from ui.i18n import t
from ui.meeting import phase_label, pick_campaign, pick_phase
from ui.state import get_db
from ui.units import localize_units

who = guard(__file__)

db = get_db()
st.title(t("page.monitor"))
st.caption(t("monitor.intro"))
demo_banner(db)

RATE = st.column_config.ProgressColumn(
    t("monitor.col.rate"), format="percent", min_value=0.0, max_value=1.0
)
ASSIGN_TITLES = {
    "done": t("monitor.col.done"),
    "assigned": t("monitor.col.assigned"),
    "rate": t("monitor.col.rate"),
}


def show(frame, label: str, label_title: str, done: str, total: str, key: str) -> None:
    """A rate chart and its table (label, counts, rate)."""
    if frame.empty:
        st.info(t("monitor.empty"))
        return
    titles = {
        label: label_title,
        done: t(f"monitor.col.{done}"),
        total: t(f"monitor.col.{total}"),
        "rate": t("monitor.col.rate"),
    }
    draw_built(
        rate_bars,
        frame,
        label=label,
        done=done,
        total=total,
        titles=titles,
        key=f"{key}_chart",
    )
    table = frame[[label, done, total, "rate"]].rename(columns=titles)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        key=f"{key}_table",
        column_config={titles["rate"]: RATE},
    )


campaign_id = pick_campaign(db, "monitor_campaign")
if campaign_id is None:
    st.stop()

st.subheader(t("monitor.by_phase"))
phases = monitoring.rates_by_phase(db, campaign_id)
if phases.empty:
    st.info(t("meeting.no_phases"))
    st.stop()
phases = phases.assign(phase=[phase_label(r) for r in phases.to_dict("records")])
show(
    phases.rename(columns={"assignment_rate": "rate"}),
    "phase",
    t("meeting.phase"),
    "done",
    "assigned",
    "monitor_phases",
)
st.caption(t("monitor.status_note"))

phase = pick_phase(db, campaign_id, "monitor_phase")
phase_id = phase["phase_id"]
pending = localize_units(db, monitoring.pending_raters(db, phase_id))
units_in_scope = scope("organizer")  # a scoped organizer follows up their own units' raters
if units_in_scope is not None:
    pending = pending[pending["unit_id"].isin(units_in_scope)]
    st.info(t("monitor.scoped"), icon=":material/filter_alt:")
finished, invited = phases.set_index("phase_id").loc[phase_id, ["finished", "invited"]]
c1, c2, c3 = st.columns(3)
c1.metric(t("monitor.col.invited"), int(invited))
c2.metric(t("monitor.col.finished"), int(finished))
c3.metric(t("monitor.pending_n"), int(invited) - int(finished))

by_group, by_unit, by_subject = st.tabs(
    [t("monitor.tab.group"), t("monitor.tab.unit"), t("monitor.tab.subject")]
)
with by_group:
    groups = monitoring.rates_by_group(db, phase_id)
    groups = groups.assign(group=[t(f"group.{g}") for g in groups["rater_group"]])
    show(groups, "group", t("monitor.col.group"), "done", "assigned", "monitor_groups")
with by_unit:
    of = st.segmented_control(
        t("monitor.unit_of"),
        ["rater", "subject"],
        default="rater",
        required=True,
        format_func=lambda o: t(f"monitor.unit_of.{o}"),
        key="monitor_unit_of",
    )
    units = localize_units(db, monitoring.rates_by_unit(db, phase_id, of=of))
    if units_in_scope is not None:
        units = units[units["unit_id"].isin(units_in_scope)]
    units = units.assign(unit=units["unit_name"].fillna(t("monitor.no_unit")))
    done, total = ("finished", "invited") if of == "rater" else ("done", "assigned")
    show(units, "unit", t("monitor.col.unit"), done, total, "monitor_units")
with by_subject:
    subjects = localize_units(db, monitoring.rates_by_subject(db, phase_id))
    if units_in_scope is not None:
        subjects = subjects[subjects["unit_id"].isin(units_in_scope)]
    subjects = subjects.assign(
        subject=[
            f"{n} · {u}" if isinstance(u, str) else str(n)
            for n, u in zip(subjects["subject_name"], subjects["unit_name"], strict=True)
        ]
    )
    show(subjects, "subject", t("monitor.col.subject"), "done", "assigned", "monitor_subjects")

st.subheader(t("monitor.pending"))
if phase["status"] == "closed":
    st.info(t("monitor.sealed"))
    st.stop()
st.caption(t("monitor.pending_help"))
pending_table = (
    pending[["name", "unit_name", "contact"]]
    .fillna({"unit_name": t("monitor.no_unit"), "contact": ""})
    .rename(
        columns={
            "name": t("monitor.col.name"),
            "unit_name": t("monitor.col.unit"),
            "contact": t("monitor.col.contact"),
        }
    )
)
if pending_table.empty:
    st.success(t("monitor.all_done"))
else:
    st.dataframe(pending_table, hide_index=True, width="stretch", key="monitor_pending")
    st.download_button(
        t("monitor.download"),
        csv_bytes(pending_table),
        file_name=f"pending-{phase_id[:8]}.csv",
        mime="text/csv",
        key="monitor_download",
        on_click=record,
        args=(db, who.account_id, "export", phase_id),
        kwargs={"what": "pending_raters", "rows": len(pending_table)},
    )
