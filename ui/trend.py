"""The others' overall score of every subject in each phase of a campaign: the Results page's
trend across phases, computed once per version of the campaign's ballots (cached).

The trend loaded and scored every phase of the campaign on every click of the Results page
(a quarter of a run, #12). One query now stamps all the phases; the scores are recomputed only
when a ballot of one of them, the reviewer's scope or the campaign's settings change.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from campaign.settings import CampaignSettings
from storage import review as review_store
from ui.review import load_phase, phase_scores, scope_key

COLUMNS = ["subject_id", "score", "ci_low", "ci_high"]


def campaign_trend(db, campaign_id: str, phases: list[dict], settings: CampaignSettings
                   ) -> dict[str, pd.DataFrame | None]:  # fmt: skip
    """phase_id -> the others' overall score per subject (``COLUMNS``, only where shown), or
    None where the phase has nothing scored."""
    ids = [p["phase_id"] for p in phases]
    stamps = review_store.phase_data_versions(db, ids)
    key = "|".join([campaign_id, scope_key(), settings.model_dump_json(),
                    *(f"{p}:{stamps[p]}" for p in ids)])  # fmt: skip
    return _trend(db, str(db.path), key, _campaign=campaign_id, _phases=tuple(phases))


@st.cache_data(show_spinner=False, max_entries=32)
def _trend(_db, db_path: str, key: str, _campaign: str = "", _phases: tuple = ()) -> dict:
    out: dict[str, pd.DataFrame | None] = {}
    for phase in _phases:
        scores = phase_scores(load_phase(_db, _campaign, phase))
        if scores is None:
            out[phase["phase_id"]] = None
            continue
        shown = scores[(scores["rater_group"] == "others") & (scores["dimension"] == "overall")]
        out[phase["phase_id"]] = shown[COLUMNS].reset_index(drop=True)
    return out
