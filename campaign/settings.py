"""Campaign settings: anonymity thresholds, rater-group weights and tally rules, as data.

The settings travel as JSON in ``campaign.settings``. Thresholds are fixed at launch: from then on
(and in any case once a ballot exists) they may be raised but never lowered, see
:func:`assert_not_loosened` and :func:`update_campaign_settings`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from storage import campaigns as campaign_store
from storage.db import Database

RaterGroup = Literal["superior", "peer", "subordinate", "self", "public", "observer"]
RATER_GROUPS: tuple[str, ...] = ("superior", "peer", "subordinate", "self", "public", "observer")


class SettingsError(ValueError):
    """The requested settings are not allowed (e.g. a threshold lowered after launch)."""


MIN_THRESHOLD = 3
"""No anonymous group is ever shown from fewer ballots.

(analytics.suppression holds the same floor.)
"""


class Thresholds(BaseModel):
    """Minimum number of ballots before a group's results (or comments) may be shown.

    Never below :data:`MIN_THRESHOLD`: a setting of 1 or 2 would be raised silently by the
    analytics, so it is refused here where the organizer can see why.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    superior: int = Field(3, ge=MIN_THRESHOLD)
    peer: int = Field(3, ge=MIN_THRESHOLD)
    subordinate: int = Field(3, ge=MIN_THRESHOLD)
    self_: int = Field(3, ge=MIN_THRESHOLD, alias="self")
    public: int = Field(3, ge=MIN_THRESHOLD)
    observer: int = Field(3, ge=MIN_THRESHOLD)
    comments: int = Field(
        5, ge=MIN_THRESHOLD, description="free-text answers of a group, per subject"
    )

    def for_group(self, group: str) -> int:
        return self.self_ if group == "self" else int(getattr(self, group))


class TallyRule(BaseModel):
    """A rule applied to a tally, e.g. flag when more than 1/3 rate a cadre incompetent.

    ``metric`` and ``action`` are open names, interpreted by analytics, so new ones need no
    change here.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    metric: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    op: Literal[">", ">=", "<", "<=", "==", "!="]
    value: float
    action: str = Field("flag", pattern=r"^[a-z][a-z0-9_]*$")
    rater_group: RaterGroup | None = None


class CampaignSettings(BaseModel):
    """Settings of one campaign (JSON in ``campaign.settings``)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    schema_version: Literal[1] = 1
    thresholds: Thresholds = Field(default_factory=Thresholds)
    show_self: bool = Field(True, description="self ratings shown regardless of threshold")
    show_superior: bool = Field(False, description="superior ratings shown regardless of threshold")
    group_weights: dict[RaterGroup, float] = Field(
        default_factory=lambda: {"superior": 0.3, "peer": 0.4, "subordinate": 0.3}
    )
    tally_rules: list[TallyRule] = Field(
        default_factory=lambda: [
            TallyRule(metric="incompetent_share", op=">", value=1 / 3, action="flag")
        ]
    )

    @field_validator("group_weights")
    @classmethod
    def _weights_valid(cls, weights: dict[str, float]) -> dict[str, float]:
        if any(w < 0 for w in weights.values()):
            raise ValueError("group weights must not be negative")
        if weights and sum(weights.values()) <= 0:
            raise ValueError("at least one group weight must be positive")
        return weights

    @model_validator(mode="after")
    def _rules_unique(self) -> CampaignSettings:
        keys = [(r.metric, r.op, r.value, r.rater_group) for r in self.tally_rules]
        if len(keys) != len(set(keys)):
            raise ValueError("tally rules must not repeat")
        return self

    def min_ballots(self, group: str) -> int:
        """The effective threshold of a group: 1 if the campaign shows it openly."""
        if (group == "self" and self.show_self) or (group == "superior" and self.show_superior):
            return 1
        return self.thresholds.for_group(group)

    def normalized_weights(self) -> dict[str, float]:
        total = sum(self.group_weights.values())
        return {g: w / total for g, w in self.group_weights.items()} if total else {}

    def to_json(self) -> str:
        return self.model_dump_json(by_alias=True)

    @classmethod
    def from_json(cls, text: str) -> CampaignSettings:
        return cls.model_validate_json(text)


def assert_not_loosened(old: CampaignSettings, new: CampaignSettings) -> None:
    """Raise :class:`SettingsError` if ``new`` shows anything ``old`` would have hidden."""
    lowered = [g for g in RATER_GROUPS if new.min_ballots(g) < old.min_ballots(g)]
    if new.thresholds.comments < old.thresholds.comments:
        lowered.append("comments")
    if lowered:
        raise SettingsError(
            "anonymity thresholds are fixed once the campaign is launched or has ballots;"
            f" they can be raised but not lowered ({', '.join(lowered)})"
        )


def _guard(old_json: str, new_json: str) -> None:
    assert_not_loosened(CampaignSettings.from_json(old_json), CampaignSettings.from_json(new_json))


def update_campaign_settings(db: Database, campaign_id: str, new: CampaignSettings) -> None:
    """Replace a campaign's settings; after launch or once a ballot exists, never loosen them."""
    campaign_store.update_settings(db, campaign_id, new.to_json(), guard=_guard)


def load_campaign_settings(db: Database, campaign_id: str) -> CampaignSettings:
    return CampaignSettings.from_json(campaign_store.get_campaign(db, campaign_id)["settings"])
