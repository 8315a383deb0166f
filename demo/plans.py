"""Which campaigns the demo world runs: one campaign per survey family, each phase using exactly
the one published definition its ballots answer (the platform's model: a phase has ONE
definition version; assignments and invitations are per phase).

The default and tiny worlds run four campaigns in the same year:

* 政绩观360评价 (``achievement``): year_start, mid_year, year_end, all ``achievement_view_360``;
  KPI scores belong to it; planted declining cadres decline across its three phases.
* 亮诺践诺 (``commitment``): ``commitment_pledge`` (self states commitments, the ``commitment``
  rows of this campaign), ``commitment_midyear``, ``commitment_yearend`` (rate each commitment).
* 群众满意度 (``public``): mid_year and year_end, ``public_satisfaction``.
* 年度民主测评 (``democratic``): one ``single`` phase, ``democratic_assessment`` (grid): personal
  grid ballots of superiors and unit meetings (single-use tokens), with the stuffing attempt.

The large (benchmark) world keeps one campaign with one ``single`` phase.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from campaign.settings import CampaignSettings, TallyRule


@dataclass(frozen=True)
class PhasePlan:
    kind: str  # year_start | mid_year | year_end | single
    definition: str
    window: tuple[int, int]  # days before ``today`` it opened and closed (close < 0: still open)
    k: int  # index into the subject trend (0 year start, 1 mid-year, 2 year end)
    # None: by status (cfg.closed_completion / cfg.open_completion); a name: that DemoConfig
    # field; a number: that share of assignments done
    completion: str | float | None = None


@dataclass(frozen=True)
class CampaignPlan:
    family: str
    name: dict[str, str]  # per language; ``{year}`` is filled in
    phases: tuple[PhasePlan, ...]
    settings: CampaignSettings = field(default_factory=CampaignSettings)
    kpi: bool = False  # KPI scores belong to this campaign
    commitments: bool = False  # the commitment rows belong to this campaign


YEAR_START = (320, 300)
MID_YEAR = (150, 130)
YEAR_END = (12, -20)

ACHIEVEMENT = CampaignPlan(
    "achievement",
    {"zh": "{year}年度政绩观360评价（演示）", "en": "{year} view-of-achievement 360 (demo)"},
    (
        PhasePlan("year_start", "achievement_view_360", YEAR_START, 0),
        PhasePlan("mid_year", "achievement_view_360", MID_YEAR, 1),
        PhasePlan("year_end", "achievement_view_360", YEAR_END, 2),
    ),
    CampaignSettings(
        group_weights={"superior": 0.3, "peer": 0.3, "subordinate": 0.25, "observer": 0.15},
        tally_rules=[],
    ),
    kpi=True,
)
COMMITMENT = CampaignPlan(
    "commitment",
    {"zh": "{year}年度亮诺践诺（演示）", "en": "{year} commitments: pledge and delivery (demo)"},
    (
        # every cadre states commitments (the organisers chase the last ones)
        PhasePlan("year_start", "commitment_pledge", YEAR_START, 0, completion=1.0),
        PhasePlan("mid_year", "commitment_midyear", MID_YEAR, 1),
        PhasePlan("year_end", "commitment_yearend", YEAR_END, 2),
    ),
    CampaignSettings(
        group_weights={
            "superior": 0.3,
            "peer": 0.2,
            "subordinate": 0.2,
            "public": 0.2,
            "observer": 0.1,
        },
        tally_rules=[],
    ),
    commitments=True,
)
PUBLIC = CampaignPlan(
    "public",
    {"zh": "{year}年度群众满意度评价（演示）", "en": "{year} public satisfaction (demo)"},
    (
        PhasePlan("mid_year", "public_satisfaction", MID_YEAR, 1),
        PhasePlan("year_end", "public_satisfaction", YEAR_END, 2),
    ),
    CampaignSettings(group_weights={"public": 1.0}, tally_rules=[]),
)
DEMOCRATIC = CampaignPlan(
    "democratic",
    {"zh": "{year}年度民主测评（演示）", "en": "{year} annual democratic assessment (demo)"},
    # the meetings were held on the first day; the phase closed a few days later
    (PhasePlan("single", "democratic_assessment", (30, 25), 2),),
    CampaignSettings(
        group_weights={"superior": 0.3, "peer": 0.4, "subordinate": 0.3},
        tally_rules=[
            TallyRule(metric="incompetent_share", op=">", value=1 / 3, action="flag"),
            TallyRule(metric="competent_or_better_share", op="<", value=2 / 3, action="flag"),
        ],
    ),
)
BENCH = CampaignPlan(
    "bench",
    {
        "zh": "{year}年度领导干部政绩观全景评价（演示）",
        "en": "{year} panoramic evaluation of cadres (demo)",
    },
    (PhasePlan("single", "bench_likert_40", (40, 20), 0, completion="single_completion"),),
    kpi=True,
    commitments=True,
)

PLANS: dict[str, tuple[CampaignPlan, ...]] = {
    "three_phase": (ACHIEVEMENT, COMMITMENT, PUBLIC, DEMOCRATIC),
    "bench": (BENCH,),
}
# groups filling a grid definition in unit meetings (single-use tokens, no relationship); the
# other groups of the definition (superiors) fill it online with a personal invitation
MEETING_GROUPS = ("peer", "subordinate")


def personal_groups(survey) -> list[str]:
    """Rater groups with personal invitations (and relationships) for ``survey``."""
    groups = list(survey.rater_groups)
    if survey.subject_mode == "grid":
        return [g for g in groups if g not in MEETING_GROUPS]
    return groups
