"""Streamlit-side helpers shared by the meeting, paper and monitoring pages.

Pickers (campaign, phase, the subjects of a grid), the printable meeting sheet, the paper-entry
cells built from a definition's option items, and CSV bytes for downloads. No SQL here: reads go
through ``storage``; no statistics.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import streamlit as st

from campaign import sheets
from storage import campaigns as campaign_store
from storage import meeting_ui
from storage.definitions import get_definition
from survey_engine import Answer, Survey, loads_definition, options_frame
from survey_engine.convert import Context, convert
from ui.chrome import choose
from ui.i18n import current_lang, localized_select, t
from ui.units import localize_units

#: Item types keyed on paper: one mark per cell, from a list of options.
PAPER_ITEM_TYPES = ("grade", "single_choice")
BLANK = "__blank__"


# -- pickers ---------------------------------------------------------------------------------------
def _grid_campaigns(db) -> set[str]:
    """Campaigns with a phase whose survey is a subject grid (a 民主测评 ballot)."""
    refs = meeting_ui.campaign_definitions(db)
    return {
        r.campaign_id
        for r in refs.itertuples(index=False)
        if phase_survey(db, r._asdict()).subject_mode == "grid"
    }


def pick_campaign(db, key: str, *, grid_first: bool = False) -> str | None:
    """A campaign select box; ``None`` (with a note) when there is none. ``grid_first`` lists
    the campaigns with a grid (民主测评) survey first: meetings and paper ballots use those."""
    campaigns = campaign_store.list_campaigns(db)
    if campaigns.empty:
        st.info(t("meeting.no_campaigns"))
        return None
    if grid_first:  # stable: among grid campaigns, one with an open phase first (list order)
        grid = _grid_campaigns(db)
        campaigns = campaigns.assign(_grid=campaigns["campaign_id"].isin(grid)).sort_values(
            "_grid", ascending=False, kind="stable"
        )
    names = dict(zip(campaigns["campaign_id"], campaigns["name"], strict=True))
    years = dict(zip(campaigns["campaign_id"], campaigns["year"], strict=True))
    return st.selectbox(
        t("meeting.campaign"),
        list(names),
        format_func=lambda c: f"{names[c]} ({years[c]})",
        key=key,
        placeholder=choose(),
    )


def phase_label(row: Mapping) -> str:
    """``年底亮绩评议 · 进行中`` style label of a phase row."""
    kind, status = t(f"phase.{row['kind']}"), t(f"monitor.status.{row['status']}")
    return f"{kind} · {status}"


def pick_phase(db, campaign_id: str, key: str) -> dict | None:
    """A phase select box for one campaign (the open phase first chosen, since that is where
    meetings, paper entry and monitoring happen); returns the phase row as a dict."""
    phases = campaign_store.list_phases(db, campaign_id)
    if phases.empty:
        st.info(t("meeting.no_phases"))
        return None
    rows = {r["phase_id"]: r for r in phases.to_dict("records")}
    open_ = [i for i, r in enumerate(rows.values()) if r["status"] == "open"]
    chosen = localized_select(
        st,
        t("meeting.phase"),
        list(rows),
        index=open_[0] if open_ else 0,
        format_func=lambda p: phase_label(rows[p]),
        key=f"{key}_{campaign_id}",
    )
    return rows[chosen]


def phase_survey(db, phase: Mapping) -> Survey:
    """The survey definition version a phase uses."""
    version = get_definition(db, phase["definition_id"], int(phase["definition_version"]))
    return loads_definition(version.body, file=f"{version.definition_id}.v{version.version}")


def subject_names(db) -> dict[str, str]:
    frame = meeting_ui.subjects_frame(db)
    return dict(zip(frame["subject_id"], frame["name"], strict=True))


def pick_grid(db, phase_id: str, key: str) -> list[str]:
    """The subjects of a grid: all subjects of a unit (or of an earlier meeting batch of the
    phase), narrowed in a multiselect."""
    subjects = localize_units(db, meeting_ui.subjects_frame(db))
    if subjects.empty:
        st.info(t("meeting.no_subjects"))
        return []
    units = subjects.drop_duplicates("unit_id")
    sources = {
        f"unit:{u}": n if isinstance(n, str) else u
        for u, n in zip(units["unit_id"], units["unit_name"], strict=True)
    }
    batches = meeting_ui.meeting_batches(db, phase_id)
    for b in batches.itertuples(index=False):
        sources[f"batch:{b.meeting_id}"] = t(
            "meeting.grid_of_batch", date=b.created_on, n=b.subjects, id=b.meeting_id[:6]
        )
    source = st.selectbox(
        t("meeting.grid_source"),
        list(sources),
        format_func=sources.get,
        key=f"{key}_source",
        placeholder=choose(),
    )
    kind, _, ref = source.partition(":")
    if kind == "unit":
        default = subjects.loc[subjects["unit_id"] == ref, "subject_id"].tolist()
    else:
        default = meeting_ui.meeting_subjects(db, ref)
    names = dict(zip(subjects["subject_id"], subjects["name"], strict=True))
    positions = dict(zip(subjects["subject_id"], subjects["position"], strict=True))
    return st.multiselect(
        t("meeting.subjects"),
        subjects["subject_id"].tolist(),
        default=default,
        format_func=lambda s: f"{names[s]} · {positions[s]}",
        key=f"{key}_subjects_{source}",
        placeholder=choose(True),
    )


# -- meeting sheet ---------------------------------------------------------------------------------
def meeting_files(
    tokens: tuple[str, ...], base_url: str, expires_at: datetime, title: str, lang: str
) -> tuple[str, bytes]:
    """The printable QR sheet (HTML, no names, the address to type in ``lang``) and the CSV of a
    meeting batch's tokens; ``base_url`` comes from ``ui.public_url.fill_address_input``."""
    cards = [sheets.InvitationCard(token, expires_at=expires_at) for token in tokens]
    html = sheets.qr_sheet_html(cards, base_url, title=title, meeting=True, lang=lang)
    return html, sheets.invitations_csv(cards, base_url, lang=lang)


# -- paper entry -----------------------------------------------------------------------------------
def paper_items(survey: Survey) -> list:
    """The items keyed on a paper sheet: one option mark per subject (grade, single choice)."""
    return [item for item in survey.all_items() if item.type in PAPER_ITEM_TYPES]


def option_labels(survey: Survey, lang: str | None = None) -> dict[str, dict[str, str]]:
    """``{item_id: {option_id: label}}`` for the paper items, from ``options_frame``."""
    lang = lang or current_lang()
    frame = options_frame(survey)
    out: dict[str, dict[str, str]] = {}
    for row in frame.itertuples(index=False):
        label = getattr(row, f"label_{lang}") or row.label_zh or row.option_id
        out.setdefault(row.item_id, {})[row.option_id] = label
    return out


def paper_answers(survey: Survey, raw: Mapping[str, Mapping[str, str | None]]) -> list[Answer]:
    """Typed answers of a keyed sheet ``{subject_id: {item_id: option_id or None}}``.

    Blank cells are kept blank (a paper ballot may leave a cell empty); the engine converts
    each marked cell, so scores are the definition's.
    """
    answers: list[Answer] = []
    for subject_id, cells in raw.items():
        context = Context(survey=survey, subject_id=subject_id)
        for item_id, value in cells.items():
            if value is None or value == BLANK:
                continue
            answers.extend(convert(survey.item(item_id), value, context))
    return answers


def cell_text(text: object, labels: Mapping[str, str]) -> str:
    """A compared cell value (``"excellent=4"``, ``"—"``) shown with option labels."""
    if not isinstance(text, str):
        return "—"
    shown = []
    for part in text.split("; "):
        option = part.split("=", 1)[0]
        shown.append(labels.get(option, part))
    return "; ".join(shown)
