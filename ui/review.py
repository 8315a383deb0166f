"""Streamlit-side helpers of the review pages: campaign/phase pickers, cached loading of a
phase's answers (keyed by phase id and a data version), labels, and the hidden-cell wording.

No SQL here (reads go through ``storage``) and no group statistics: every shown group number
comes from ``analytics`` with the campaign's anonymity settings applied there, in one place.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from analytics import (
    COMBINED,
    AnonymityRules,
    evaluate_rules,
    rank_sensitivity,
    release_comments,
    score_subjects,
    tally_grades,
)
from analytics import counted_answers as analytics_counted
from campaign.review import composite_weights as core_composite_weights
from campaign.review import phase_survey, scored_items
from campaign.settings import CampaignSettings, load_campaign_settings
from security.audit import record
from storage import campaigns as campaign_store
from storage import review as review_store
from storage.people import subject_labels, subjects_in_units
from survey_engine import Survey, options_frame
from ui.access import principal, scope
from ui.components import demo_banner
from ui.i18n import current_lang, localized_select, t

ANONYMOUS = ("superior", "peer", "subordinate", "public", "observer")
GROUP_ORDER = ("superior", "peer", "subordinate", "public", "observer", COMBINED, "others",
               "all", "self")  # fmt: skip
SCORE_COLUMNS = ("phase_id", "subject_id", "rater_group", "dimension", "score", "n", "sd",
                 "ci_low", "ci_high", "suppressed", "status")  # fmt: skip


@dataclass(frozen=True)
class PhaseData:
    """One phase ready for review: its definition, answers to it, items, settings, names."""

    campaign_id: str
    phase: dict
    survey: Survey
    answers: pd.DataFrame
    items: pd.DataFrame  # scored cells with a dimension: input of analytics.score_subjects
    settings: CampaignSettings
    names: dict[str, str]  # subject_id -> shown label (user-written: show as text only)
    stamp: str  # data version of the phase: changes when a ballot is added or removed


# -- pickers ---------------------------------------------------------------------------------------
def phase_label(row: Mapping) -> str:
    return t(f"phase.{row['kind']}")


def _uses_types(db, definitions, types: tuple[str, ...]) -> bool:
    """Whether any of the ``"id:version"`` definitions has an item of one of ``types``."""
    for ref in definitions if definitions is not None else ():
        definition_id, version = ref.rsplit(":", 1)
        survey = phase_survey(db, {"definition_id": definition_id, "definition_version": version})
        if any(item.type in types for item in survey.all_items()):
            return True
    return False


def pick_phase(db, key: str, prefer: tuple[str, ...] = ()) -> tuple[str, dict] | None:
    """Campaign and phase select boxes (phases in order); ``None`` with a friendly note when
    there is nothing to review yet.

    Results of a phase are shown only once it is closed: while it is open, a reviewer who also
    sees who has just finished (monitoring) could tie a change in the results to that person
    (docs/ANONYMITY.md). The default is the campaign with the most closed ballots and its latest
    closed phase.
    """
    campaigns = review_store.campaigns_for_review(db)
    if prefer and not campaigns.empty:  # e.g. tallies open on a campaign that has grade items
        fits = [_uses_types(db, d, prefer) for d in campaigns["definitions"]]
        campaigns = campaigns.assign(_fits=fits).sort_values(
            "_fits", ascending=False, kind="stable"
        )
    if campaigns.empty:
        st.info(t("results.no_data"), icon=":material/hourglass_empty:")
        return None
    names = {c: f"{n} ({y})" for c, n, y in zip(campaigns["campaign_id"], campaigns["name"],
                                                campaigns["year"], strict=True)}  # fmt: skip
    left, right = st.columns(2)
    campaign_id = localized_select(
        left, t("results.campaign"), list(names), format_func=names.get, key=f"{key}_campaign"
    )
    phases = campaign_store.list_phases(db, campaign_id)
    if phases.empty:
        st.info(t("results.no_phases"))
        return None
    rows = {r["phase_id"]: r for r in phases.to_dict("records")}
    labels = {p: phase_label(r) for p, r in rows.items()}  # computed now: format_func is pure
    closed = [i for i, r in enumerate(rows.values()) if r["status"] == "closed"]
    if prefer:
        refs = [f"{r['definition_id']}:{r['definition_version']}" for r in rows.values()]
        closed = [i for i in closed if _uses_types(db, [refs[i]], prefer)] or closed
    phase_id = localized_select(
        right, t("results.phase"), list(rows), format_func=labels.get,
        index=closed[-1] if closed else len(rows) - 1, key=f"{key}_phase_{campaign_id}",
    )  # fmt: skip
    if rows[phase_id]["status"] != "closed":
        st.info(t("results.phase_not_closed"), icon=":material/lock_clock:")
        return None
    return campaign_id, rows[phase_id]


# -- loading ---------------------------------------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=32)
def _answers(_db, db_path: str, phase_id: str, definition_id: str, version: int, stamp: str):
    return review_store.phase_answers(_db, phase_id, definition_id, version)


def load_phase(db, campaign_id: str, phase: Mapping) -> PhaseData:
    """The phase's definition and its answers (cached until a ballot of the phase changes)."""
    definition_id, version = phase["definition_id"], int(phase["definition_version"])
    survey = phase_survey(db, phase)
    stamp = review_store.phase_data_version(db, phase["phase_id"])
    answers = _answers(db, str(db.path), phase["phase_id"], definition_id, version, stamp)
    answers, scope_key = _in_scope(db, answers)
    stamp = f"{stamp}|{scope_key}"  # the score caches never mix two scopes
    ids = sorted(answers["subject_id"].unique())
    return PhaseData(
        campaign_id, dict(phase), survey, answers, scored_items(survey),
        load_campaign_settings(db, campaign_id), subject_names(db, ids), stamp,
    )  # fmt: skip


def _in_scope(db, answers: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Only the answers about subjects of the reviewer's units (checked on the server, before
    anything is computed: no page, selectbox or session value can reach another unit's subject).
    """
    units = scope("reviewer")
    if units is None:
        return answers, _units_key(units)
    allowed = subjects_in_units(db, units)
    kept = answers[answers["subject_id"].isin(allowed)].reset_index(drop=True)
    return kept, _units_key(units)


def scope_key() -> str:
    """Names the reviewer's scope in cache keys: figures of two scopes are never mixed."""
    return _units_key(scope("reviewer"))


def _units_key(units) -> str:
    if units is None:
        return "all"
    return hashlib.sha256("\x1f".join(sorted(units)).encode()).hexdigest()[:16]


def note_view(db, page: str, phase_id: str, subject_id: str | None = None) -> None:
    """Audit a report view once per session: the page and phase, or one subject's detail."""
    seen = st.session_state.setdefault("_viewed", set())
    mark = (page, phase_id, subject_id)
    who = principal()
    if mark in seen or who is None:
        return
    seen.add(mark)
    record(db, who.account_id, "report.viewed", subject_id or phase_id, page=page, phase=phase_id)


def open_review_phase(db, key: str, prefer: tuple[str, ...] = ()) -> PhaseData:
    """The head of a review page (title, intro, demo banner, campaign/phase pickers) and the
    picked closed phase, loaded; stops the page with a note when there is nothing to review."""
    st.title(t(f"page.{key}"))
    st.caption(t(f"{key}.intro"))
    demo_banner(db)
    picked = pick_phase(db, key, prefer)
    if picked is None:
        st.stop()
    campaign_id, phase = picked
    with st.spinner(t("results.loading")):
        data = load_phase(db, campaign_id, phase)
    note_view(db, key, phase["phase_id"])
    return data


def subject_names(db, ids: list[str]) -> dict[str, str]:
    """subject_id -> name; a name shared by two subjects gets its unit and position added."""
    if not ids:
        return {}
    frame = subject_labels(db, ids)
    unit = frame["unit_en"] if current_lang() == "en" else frame["unit_zh"]
    names = dict(zip(frame["subject_id"], frame["name"].astype(str), strict=True))
    extra = dict(zip(frame["subject_id"], [f"{u or ''} {p or ''}".strip()
                                           for u, p in zip(unit, frame["position"], strict=True)],
                     strict=True))  # fmt: skip
    counts = pd.Series(list(names.values())).value_counts()
    out = {}
    for sid in ids:
        name = names.get(sid, sid)
        out[sid] = f"{name} · {extra.get(sid) or sid[:6]}" if counts.get(name, 0) > 1 else name
    if len(set(out.values())) < len(out):  # still ambiguous: add the id
        out = {s: f"{n} ({s[:6]})" for s, n in out.items()}
    return out


# -- labels ----------------------------------------------------------------------------------------
def group_label(group: str) -> str:
    if group == COMBINED:
        return t("results.group.combined")
    return t(f"group.{group}")


def dimension_labels(survey: Survey) -> dict[str, str]:
    lang = current_lang()
    labels = {d.id: d.label.get(lang) or d.id for d in survey.dimensions}
    labels["overall"] = t("results.overall")
    return labels


def item_labels(survey: Survey) -> dict[str, str]:
    """``item_id`` (and ``item_id|row_id`` for matrix rows) -> question text."""
    lang = current_lang()
    out: dict[str, str] = {}
    for item in survey.all_items():
        text = item.text.get(lang) if getattr(item, "text", None) else item.id
        out[item.id] = text
        for row in getattr(item, "rows", None) or []:
            out[f"{item.id}|{row.id}"] = f"{text} — {row.label.get(lang)}"
    return out


def grade_labels(survey: Survey, item_id: str) -> dict[str, str]:
    lang = current_lang()
    frame = options_frame(survey)
    frame = frame[frame["item_id"] == item_id]
    return {o: (zh if lang == "zh" else en) or zh or o
            for o, zh, en in zip(frame["option_id"], frame["label_zh"], frame["label_en"],
                                 strict=True)}  # fmt: skip


# -- anonymity wording -----------------------------------------------------------------------------
def rules(settings: CampaignSettings) -> AnonymityRules:
    return AnonymityRules.from_settings(settings)


def threshold_text(settings: CampaignSettings, groups=ANONYMOUS) -> str:
    """``同级 3 · 下级 3 …``: the minimum ballots per group, from the campaign settings."""
    r = rules(settings)
    return " · ".join(f"{group_label(g)} {r.threshold(g)}" for g in groups)


def hidden_note(settings: CampaignSettings, group: str | None = None, status: str = "suppressed"
                ) -> str:  # fmt: skip
    """Why a number is not shown: the threshold, never the number of ballots."""
    if group is None:
        return t("results.hidden_composite", rule=threshold_text(settings))
    n = rules(settings).threshold(group)
    key = "results.hidden_merged" if status == "merged" else "results.hidden_group"
    return t(key, group=group_label(group), n=n)


def counted_answers(answers: pd.DataFrame, settings: CampaignSettings, *, self_too: bool = False
                    ) -> pd.DataFrame:  # fmt: skip
    """Answers of the ballots behind published cells (``analytics.counted_answers``)."""
    return analytics_counted(answers, thresholds=rules(settings), self_too=self_too)


# -- scores ----------------------------------------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=64)
def _weights(_settings, _answers, stamp: str, settings_key: str):
    return core_composite_weights(_settings, _answers)


def composite_weights(data: PhaseData) -> tuple[dict[str, float] | None, bool]:
    """``campaign.review.composite_weights`` of the phase's settings and answers (cached, as
    every derived figure of a phase, until a ballot of the phase or its settings change: a
    click on a review page recomputed them all, #12)."""
    return _weights(data.settings, data.answers, phase_key(data), data.settings.model_dump_json())


def phase_key(data: PhaseData) -> str:
    return f"{data.phase['phase_id']}|{data.stamp}"


@st.cache_data(show_spinner=False, max_entries=64)
def _ranks(_scores, key: str, weights: tuple, step: float) -> pd.DataFrame:
    return rank_sensitivity(_scores, dict(weights), step=step)


def phase_ranks(data: PhaseData, scores: pd.DataFrame, weights: dict, step: float = 0.10):
    """``analytics.rank_sensitivity`` of :func:`phase_scores` (cached)."""
    key = f"{phase_key(data)}|{rules(data.settings)!r}"
    return _ranks(scores, key, tuple(sorted(weights.items())), step)


@st.cache_data(show_spinner=False, max_entries=64)
def _comments(_answers, key: str, item_ids: tuple, rules_key: str, seed: int, _rules=None):
    return release_comments(_answers, item_ids=list(item_ids), thresholds=_rules, seed=seed)


def phase_comments(data: PhaseData, item_ids: list[str], seed: int) -> pd.DataFrame:
    """``analytics.release_comments`` of the phase (cached; the same shuffle for one seed)."""
    r = rules(data.settings)
    return _comments(data.answers, phase_key(data), tuple(item_ids), repr(r), seed, _rules=r)


@st.cache_data(show_spinner=False, max_entries=64)
def _scores(_answers, _items, phase_id: str, stamp: str, weights: tuple | None, rules_key: str,
            by_item: bool, _rules=None) -> pd.DataFrame:  # fmt: skip
    return score_subjects(_answers, _items, weights=dict(weights) if weights else None,
                          thresholds=_rules, percent=True)  # fmt: skip


def phase_scores(data: PhaseData, *, by_item: bool = False) -> pd.DataFrame | None:
    """``analytics.score_subjects`` of the phase on 0..100 (POMP); with ``by_item`` every scored
    cell is its own "dimension" (``item_id`` or ``item_id|row_id``). ``None`` if nothing scored."""
    if data.items.empty or data.answers.empty:
        return None
    items = data.items
    if by_item:
        key = np.where(items["row_id"].isna(), items["item_id"],
                       items["item_id"] + "|" + items["row_id"].fillna(""))  # fmt: skip
        items = items.assign(dimension=key)
    scored = data.answers[data.answers["item_id"].isin(set(items["item_id"]))]
    if scored.empty or not (~scored["is_na"]).any():
        return None
    weights, _ = composite_weights(data)
    r = rules(data.settings)
    w = tuple(sorted(weights.items())) if weights else None
    return _scores(scored, items, data.phase["phase_id"], data.stamp, w, repr(r), by_item,
                   _rules=r)  # fmt: skip


# -- tallies ---------------------------------------------------------------------------------------
@st.cache_data(show_spinner=False, max_entries=64)
def _tally(_answers, key: str, item_id: str, grades: tuple, weights: tuple | None, rules_key: str,
           _rules=None) -> pd.DataFrame:  # fmt: skip
    return tally_grades(_answers, item_id, grades=list(grades), thresholds=_rules,
                        weights=dict(weights) if weights else None)  # fmt: skip


def phase_tally(data: PhaseData, item_id: str, grades: list[str], weights: dict | None = None
                ) -> pd.DataFrame:  # fmt: skip
    """``analytics.tally_grades`` of one grade item of the phase (cached)."""
    r = rules(data.settings)
    w = tuple(sorted(weights.items())) if weights else None
    return _tally(data.answers, phase_key(data), item_id, tuple(grades), w, repr(r), _rules=r)


@st.cache_data(show_spinner=False, max_entries=64)
def _rule_results(_tally, key: str, grades: tuple, rules_key: str, _rules=()) -> list:
    return [evaluate_rules(_tally, [r], grades=list(grades)) for r in _rules]


def tally_rule_results(data: PhaseData, tally: pd.DataFrame, item_id: str, grades: list[str],
                       weights: dict | None) -> list[pd.DataFrame]:  # fmt: skip
    """``analytics.evaluate_rules`` of each of the campaign's tally rules on :func:`phase_tally`'s
    ``tally`` of ``item_id`` (cached: a click on the tallies page evaluated them all again)."""
    rule_list = list(data.settings.tally_rules)
    w = tuple(sorted(weights.items())) if weights else None
    key = f"{phase_key(data)}|{item_id}|{w}|{rules(data.settings)!r}"
    rules_key = "\x1f".join(r.model_dump_json() for r in rule_list)
    return _rule_results(tally, key, tuple(grades), rules_key, _rules=tuple(rule_list))
