"""Paper ballots (纸质票录入): double entry by clerks A and B, comparison, counting, resolution.

A sheet becomes a ballot only when both clerks' entries agree, or after the differing cells are
re-keyed from the paper; a spoilt sheet is voided. Counts only: no clerk is shown beyond A/B for
the sheet being compared. The services are in campaign/paper.py.
"""

import unicodedata

import pandas as pd
import streamlit as st

from campaign import paper
from storage import meeting_ui
from ui import paper_grid
from ui.access import guard
from ui.components import demo_banner
from ui.i18n import current_lang, t
from ui.meeting import (
    BLANK,
    cell_text,
    option_labels,
    paper_answers,
    paper_items,
    phase_survey,
    pick_campaign,
    pick_grid,
    pick_phase,
    subject_names,
)
from ui.plain import plain
from ui.state import get_db

guard(__file__)

db = get_db()
lang = current_lang()
st.title(t("page.paper"))
st.caption(t("paper.intro"))
demo_banner(db)

campaign_id = pick_campaign(db, "paper_campaign", grid_first=True)
phase = pick_phase(db, campaign_id, "paper_phase") if campaign_id else None
if phase is None:
    st.stop()
phase_id = phase["phase_id"]
if phase["status"] == "closed":
    st.info(t("meeting.sealed"))
    st.stop()
survey = phase_survey(db, phase)
items = paper_items(survey)
labels = option_labels(survey, lang)
names = subject_names(db)
groups = [g for g in paper.PAPER_GROUPS if g in survey.rater_groups] or list(paper.PAPER_GROUPS)
if not items:
    st.warning(t("paper.no_items"))
    st.stop()


def item_label(item_id: str) -> str:
    if item_id == "rater_group":
        return t("paper.col.group")
    return survey.item(item_id).text.get(lang)


def _flash(kind: str, text: str) -> None:
    st.session_state["paper_flash"] = (kind, text)


def _count_agreed() -> None:
    try:
        _flash("success", t("paper.counted", n=len(paper.count_agreed(db, phase_id))))
    except paper.PaperError as exc:
        _flash("error", t("paper.refused", reason=plain(exc)))


def _resolve(sheet: str) -> None:
    resolution, group, _ = _chosen(sheet)
    try:
        paper.resolve_sheet(db, phase_id, sheet, resolution, rater_group=group)
    except paper.PaperError as exc:
        _flash("error", t("paper.refused", reason=plain(exc)))
    else:
        _flash("success", t("paper.resolved", sheet=plain(sheet)))


def _void() -> None:
    sheet = st.session_state.get("paper_void_no", "").strip()
    try:
        paper.void_sheet(db, phase_id, sheet)
    except paper.PaperError as exc:
        _flash("error", t("paper.refused", reason=plain(exc)))
    else:
        _flash("success", t("paper.voided", sheet=plain(sheet)))
        st.session_state["paper_void_sure"] = False


if "paper_flash" in st.session_state:
    kind, text = st.session_state.pop("paper_flash")
    (st.success if kind == "success" else st.error)(text)

comparison = paper.compare_entries(db, phase_id)
diffs = comparison.differences
differing = sorted(set(diffs["sheet_no"].astype(str)))

enter_tab, compare_tab, resolve_tab = st.tabs(
    [t("paper.tab.enter"), t("paper.tab.compare"), t("paper.tab.resolve")]
)


def _numbered(option_labels: list[str]) -> str:
    return " · ".join(f"{n} = {plain(label)}" for n, label in enumerate(option_labels, 1))


def _legend(options: dict[str, list[str]]) -> None:
    """What each number means, per item (one line when every item has the same options)."""
    groups = paper_grid.legend({i: [labels[i][o] for o in opts] for i, opts in options.items()})
    if len(groups) == 1:
        st.caption(t("paper.legend_all", options=_numbered(groups[0][1])))
        return
    lines = [t("paper.legend_some")]
    for item_ids, shown in groups:
        heads = t("paper.legend_sep").join(plain(short[i]) for i in item_ids)
        lines.append(t("paper.legend_item", items=heads, options=_numbered(shown)))
    st.caption("  \n".join(lines))


def _row_names(subjects: list[str]) -> list[str]:
    """The cadres' names as on the sheet; a name borne twice gets the position after it."""
    shown = [names.get(s, s) for s in subjects]
    if len(set(shown)) == len(shown):
        return shown
    frame = meeting_ui.subjects_frame(db)
    positions = dict(zip(frame["subject_id"], frame["position"], strict=True))
    return [
        f"{n} · {positions.get(s, '')}" if shown.count(n) > 1 else n
        for s, n in zip(subjects, shown, strict=True)
    ]


def _grid_errors(bad: list[paper_grid.BadCell], subjects: list[str]) -> str:
    rows = dict(zip(subjects, _row_names(subjects), strict=True))
    lines = [
        "- "
        + t(
            "paper.bad_cell",
            subject=plain(rows[c.subject_id]),
            item=plain(short[c.item_id]),
            text=plain(c.text),
            k=c.options,
        )
        for c in bad
    ]
    return t("paper.bad_cells") + "\n\n" + "\n".join(lines)


def _keyed_by(clerk: str) -> set[str]:
    """The open sheets this clerk has keyed (a sheet compared or agreed was keyed by both)."""
    single = comparison.single_entry
    mine = single.loc[single["clerk"] == clerk, "sheet_no"]
    return {str(s) for s in [*mine, *diffs["sheet_no"], *comparison.agreed]}


def _replace_key(sheet: str, clerk: str) -> str:
    """The replace box's key, one per sheet and clerk: a tick given for one never counts for
    another."""
    return f"paper_replace_{clerk}_{sheet}"


def _save_sheet(clerk: str, subjects: list[str], sheet_no: str, group: str, edited) -> None:
    """Check and store the keyed sheet; on success the next run shows an empty grid."""
    options = {item.id: list(labels[item.id]) for item in items}
    raw, bad = paper_grid.parse_grid(edited, subjects, options)
    problems = [] if sheet_no.strip() else [t("paper.need_sheet_no")]
    if bad:
        problems.append(_grid_errors(bad, subjects))
    elif paper_grid.is_blank(raw):
        problems.append(t("paper.no_marks", sheet=plain(sheet_no.strip())))
    for problem in problems:
        st.error(problem)
    if problems:
        return
    sheet = unicodedata.normalize("NFKC", sheet_no).strip()  # as paper.enter_sheet reads it
    asked = st.session_state.get("paper_replace_ask") == (sheet, clerk)
    if sheet in _keyed_by(clerk) and not (
        asked and st.session_state.get(_replace_key(sheet, clerk))
    ):
        st.session_state["paper_replace_ask"] = (sheet, clerk)
        text = t("paper.keyed_before", sheet=plain(sheet), clerk=clerk)
        st.session_state["paper_entry_error"] = text
        st.rerun()  # the form then offers to replace; the grid keeps its cells
    try:
        paper.enter_sheet(db, phase_id, sheet_no, clerk, group, paper_answers(survey, raw))
    except (paper.PaperError, ValueError) as exc:
        st.error(t("paper.refused", reason=plain(exc)))
        return
    st.session_state.pop("paper_replace_ask", None)
    st.session_state["paper_sheet_n"] = st.session_state.get("paper_sheet_n", 0) + 1
    st.session_state["paper_clear_sheet_no"] = True
    st.session_state["paper_saved"] = t("paper.saved", sheet=plain(sheet_no.strip()), clerk=clerk)
    st.rerun()


def _entry_form(clerk: str, subjects: list[str]) -> None:
    """Sheet number, rater group and the grid of option numbers, saved as one clerk's keying."""
    item_ids = [item.id for item in items]
    key = paper_grid.grid_key(st.session_state.get("paper_sheet_n", 0), subjects, item_ids)
    if st.session_state.pop("paper_clear_sheet_no", False):
        st.session_state["paper_sheet_no"] = ""
    if saved := st.session_state.pop("paper_saved", None):
        st.success(saved)
    columns = {
        paper_grid.NAME: st.column_config.TextColumn(
            t("paper.col.subject"), disabled=True, pinned=True
        )
    }
    for item in items:
        text = item.text.get(lang)
        columns[item.id] = st.column_config.TextColumn(short[item.id], help=plain(text))
    with st.form("paper_form", enter_to_submit=False):
        c1, c2 = st.columns(2)
        sheet_no = c1.text_input(t("paper.sheet_no"), key="paper_sheet_no")
        group = c2.selectbox(
            t("paper.group"), groups, format_func=lambda g: t(f"group.{g}"), key="paper_group"
        )
        _legend({item.id: list(labels[item.id]) for item in items})
        edited = st.data_editor(
            paper_grid.blank_grid(_row_names(subjects), item_ids),
            column_config=columns,
            hide_index=True,
            num_rows="fixed",
            placeholder="",
            width="stretch",
            key=key,
        )
        st.caption(t("paper.keys"))
        if ask := st.session_state.get("paper_replace_ask"):
            st.checkbox(
                t("paper.replace", sheet=plain(ask[0]), clerk=ask[1]), key=_replace_key(*ask)
            )
        submitted = st.form_submit_button(t("paper.save"), type="primary", width="stretch")
    if error := st.session_state.pop("paper_entry_error", None):
        st.error(error)
    if submitted:
        _save_sheet(clerk, subjects, sheet_no, group, edited)


short = {item.id: paper_grid.short_label(item.text.get(lang)) for item in items}

with enter_tab:
    clerk = st.segmented_control(
        t("paper.clerk"),
        paper.CLERKS,
        default="A",
        required=True,
        format_func=lambda c: t("paper.clerk_name", clerk=c),
        key="paper_clerk",
    )
    subjects = pick_grid(db, phase_id, "paper_grid")
    if subjects:
        _entry_form(clerk, subjects)

closed = meeting_ui.paper_sheet_counts(db, phase_id)

with compare_tab:
    m = st.columns(5)
    m[0].metric(t("paper.n_single"), len(comparison.single_entry))
    m[1].metric(t("paper.n_differing"), len(differing))
    m[2].metric(t("paper.n_agreed"), len(comparison.agreed))
    m[3].metric(t("paper.n_counted"), closed["counted"])
    m[4].metric(t("paper.n_void"), closed["void"])
    st.subheader(t("paper.single"))
    st.dataframe(
        comparison.single_entry.rename(
            columns={"sheet_no": t("paper.col.sheet"), "clerk": t("paper.col.clerk")}
        ),
        hide_index=True,
        width="stretch",
        key="paper_single_table",
    )
    st.subheader(t("paper.differing"))
    shown = pd.DataFrame(
        {
            t("paper.col.sheet"): diffs["sheet_no"].astype(str),
            t("paper.col.subject"): [
                names.get(s, "") if isinstance(s, str) else "—" for s in diffs["subject_id"]
            ],
            t("paper.col.item"): [item_label(i) for i in diffs["item_id"]],
            t("paper.col.a"): [
                cell_text(v, labels.get(i, {}))
                for v, i in zip(diffs["clerk_a"], diffs["item_id"], strict=True)
            ],
            t("paper.col.b"): [
                cell_text(v, labels.get(i, {}))
                for v, i in zip(diffs["clerk_b"], diffs["item_id"], strict=True)
            ],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch", key="paper_diff_table")
    st.subheader(t("paper.agreed"))
    st.dataframe(
        {t("paper.col.sheet"): comparison.agreed},
        hide_index=True,
        width="stretch",
        key="paper_agreed_table",
    )
    st.button(
        t("paper.count_agreed", n=len(comparison.agreed)),
        type="primary",
        key="paper_count",
        disabled=not comparison.agreed,
        on_click=_count_agreed,
    )


def _sheet_diffs(sheet: str) -> pd.DataFrame:
    return diffs[diffs["sheet_no"].astype(str) == sheet].reset_index(drop=True)


def _show_differences(sheet: str) -> None:
    """Each differing cell side by side (A, B) with a choice of what the paper says."""
    for i, row in _sheet_diffs(sheet).iterrows():
        c0, c1, c2 = st.columns([2, 2, 3])
        who = names.get(row["subject_id"], "") if isinstance(row["subject_id"], str) else ""
        c0.text(f"{who} · {item_label(row['item_id'])}".strip(" ·"))
        opts = labels.get(row["item_id"], {})
        c1.text(f"A: {cell_text(row['clerk_a'], opts)}\nB: {cell_text(row['clerk_b'], opts)}")
        if row["item_id"] == "rater_group":
            c2.selectbox(
                t("paper.on_paper"),
                groups,
                index=None,
                key=f"paper_fix_{sheet}_{i}",
                format_func=lambda g: t(f"group.{g}"),
                placeholder=t("paper.choose"),
            )
        else:
            c2.selectbox(
                t("paper.on_paper"),
                [*opts, BLANK],
                index=None,
                key=f"paper_fix_{sheet}_{i}",
                placeholder=t("paper.choose"),
                format_func=lambda o, opts=opts: opts.get(o, t("paper.blank")),
            )


def _chosen(sheet: str) -> tuple[dict, str | None, bool]:
    """The values chosen for ``sheet``: (resolution, rater group or None, every cell chosen)."""
    resolution, group, complete = {}, None, True
    for i, row in _sheet_diffs(sheet).iterrows():
        value = st.session_state.get(f"paper_fix_{sheet}_{i}")
        complete = complete and value is not None
        if row["item_id"] == "rater_group":
            group = value
        elif value is not None:
            row_id = row["row_id"] if isinstance(row["row_id"], str) else None
            cell = (row["subject_id"], row["item_id"], row_id)
            resolution[cell] = paper_answers(survey, {row["subject_id"]: {row["item_id"]: value}})
    return resolution, group, complete


with resolve_tab:
    st.subheader(t("paper.resolve"))
    if not differing:
        st.info(t("paper.nothing_to_resolve"))
    else:
        sheet = st.selectbox(t("paper.sheet_no"), differing, key="paper_resolve_sheet")
        st.caption(t("paper.resolve_help"))
        _show_differences(sheet)
        st.button(
            t("paper.resolve_save"),
            type="primary",
            key="paper_resolve",
            disabled=not _chosen(sheet)[2],
            on_click=_resolve,
            args=(sheet,),
        )
    st.subheader(t("paper.void"))
    st.caption(t("paper.void_help"))
    void_no = st.text_input(t("paper.sheet_no"), key="paper_void_no")
    sure = st.checkbox(t("paper.void_sure"), key="paper_void_sure")
    st.button(
        t("paper.void_save"),
        key="paper_void",
        disabled=not (sure and void_no.strip()),
        on_click=_void,
    )
