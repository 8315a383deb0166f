"""One closed phase, loaded for review: the inputs every report and notebook starts from.

:func:`load_phase` reads the phase's definition (the version its ballots answered), its answers
and the campaign settings; :class:`PhaseInputs` hands them to ``analytics`` with the campaign's
anonymity rules and rater-group weights, so a notebook computes exactly what the review pages
show. Results exist only for closed phases (docs/ANONYMITY.md): an open phase is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics import AnonymityRules
from campaign.settings import CampaignSettings, load_campaign_settings
from storage import campaigns as campaign_store
from storage import review as review_store
from storage.definitions import get_definition
from survey_engine import Survey, items_frame, loads_stored
from survey_engine.frame import SCORED_TYPES


class PhaseNotClosed(ValueError):
    """Results of a phase are released only when it is closed."""


@dataclass(frozen=True)
class PhaseInputs:
    """A phase ready for analytics: definition, answers to it, scored items and settings."""

    campaign_id: str
    phase: dict
    survey: Survey
    answers: pd.DataFrame  # storage.results.answers_frame columns
    items: pd.DataFrame  # scored cells with a dimension: input of analytics.score_subjects

    settings: CampaignSettings

    @property
    def rules(self) -> AnonymityRules:
        """The campaign's anonymity thresholds, for every ``thresholds=`` argument."""
        return AnonymityRules.from_settings(self.settings)

    @property
    def weights(self) -> dict[str, float] | None:
        """Rater-group weights of the others composite (``None``: equal weights)."""
        return composite_weights(self.settings, self.answers)[0]


def scored_items(survey: Survey) -> pd.DataFrame:
    """The scored cells of a definition that belong to a dimension (what the scores use)."""
    items = items_frame(survey)
    keep = items["dimension"].notna() & items["type"].isin(SCORED_TYPES)
    return items[keep].reset_index(drop=True)


def phase_survey(db, phase: dict) -> Survey:
    """The definition version a phase is pinned to."""
    definition_id, version = phase["definition_id"], int(phase["definition_version"])
    body = get_definition(db, definition_id, version)
    return loads_stored(body.body, file=f"{definition_id}.v{version}")


def composite_weights(
    settings: CampaignSettings, answers: pd.DataFrame
) -> tuple[dict[str, float] | None, bool]:
    """The campaign's group weights for the others composite, or ``None`` (equal weights)
    with ``True`` when they name none of the groups that rated in these answers."""
    weights = {g: float(w) for g, w in settings.group_weights.items() if g != "self"}
    present = set(answers["rater_group"]) - {"self"}
    if not any(weights.get(g, 0) > 0 for g in present):
        return None, bool(present)
    return weights, False


def load_phase(db, phase_id: str) -> PhaseInputs:
    """Definition, answers, scored items and settings of one closed phase.

    Raises
    ------
    PhaseNotClosed
        The phase is still open (or never opened): nothing about it is released yet.
    """
    phase = campaign_store.get_phase(db, phase_id)
    if phase["status"] != "closed":
        raise PhaseNotClosed(f"phase {phase_id!r} is {phase['status']}: results come at close.")
    survey = phase_survey(db, phase)
    answers = review_store.phase_answers(
        db, phase_id, phase["definition_id"], int(phase["definition_version"])
    )
    settings = load_campaign_settings(db, phase["campaign_id"])
    return PhaseInputs(phase["campaign_id"], phase, survey, answers, scored_items(survey), settings)
