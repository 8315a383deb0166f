"""Sizes and planted-behaviour rates of the demo world (:class:`DemoConfig`).

Rates of careless responding follow Meade & Craig (2012), who found roughly 10-12 % of
respondents careless in an anonymous online survey; here the 10 % is split into straight-liners,
random responders and speeders. Speeders cannot be seen from timing in Quanjing (ballots carry no
time at all, by design for anonymity), so they are modelled as fast, near-random fills that lean
on one favourite answer. A careless rater is drawn per phase and rater group (one invitation's
answers in that group); raters planted with another behaviour are never also careless.

References
----------
Meade, A. W., & Craig, S. B. (2012). Identifying careless responses in survey data.
Psychological Methods, 17(3), 437-455. https://doi.org/10.1037/a0028085
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

SIZES = ("tiny", "default", "large")


@dataclass(frozen=True)
class Shape:
    """How big the organisation is."""

    bureaus: int
    streets: int
    communities_per_street: int
    cadres_per_unit: int  # bureaus and streets
    cadres_per_community: int
    staff_per_unit: int  # non-cadre staff (subordinates)
    staff_rates: int  # each staff member rates this many of the unit's cadres
    public_per_unit: int  # service recipients
    public_rates: int  # each rates this many of the unit's cadres
    peers_max: int  # at most this many peers rate one cadre
    observers: int
    district_leaders: int
    commitments_per_subject: int = 3


SHAPES: dict[str, Shape] = {
    "tiny": Shape(1, 1, 0, 4, 4, 3, 2, 3, 2, 3, 1, 1),
    # 8 units, 60 cadres, ~600 raters (about 30 per cadre)
    "default": Shape(4, 2, 1, 8, 6, 25, 3, 40, 2, 7, 4, 2),
    # 10,000 cadres in 1,250 units; 20 raters each (1 superior, 6 peers, 6 staff, self, 5 public,
    # 1 observer), one 40-item likert definition: 8 million answers.
    "large": Shape(250, 200, 4, 8, 8, 8, 6, 8, 5, 7, 125, 5),
}


@dataclass(frozen=True)
class DemoConfig:
    """Rates and effect sizes of the planted behaviours (fractions of raters or subjects).

    Effects are in standard deviations of the latent trait (the subject's true standing).
    Subject plants are disjoint and at least one of each is planted when the rate is positive.
    """

    # careless raters, per rater and phase (Meade & Craig 2012: ~10 % in all)
    straight_liner_rate: float = 0.03
    random_responder_rate: float = 0.03
    speeder_rate: float = 0.04
    # rater styles, per rater (all phases)
    lenient_rate: float = 0.06
    severe_rate: float = 0.04
    halo_rate: float = 0.05
    rater_style_effect: float = 0.7
    colluding_pair_rate: float = 0.02  # share of raters in colluding pairs
    ballot_stuffing_extra: int = 6  # identical meeting ballots beyond the number issued
    # subjects
    showy_rate: float = 0.05  # high visible KPI, low reputation
    unsung_rate: float = 0.05  # low visible KPI, high reputation
    declining_rate: float = 0.05
    decline_per_phase: float = 0.5
    self_over_rate: float = 0.08
    self_under_rate: float = 0.05
    self_bias_effect: float = 1.4
    kpi_gap_effect: float = 1.2  # showy/unsung: visible KPI z above/below
    reputation_gap_effect: float = 1.1  # and reputation z below/above
    innovation_explained: int = 1
    # response model
    subject_sd: float = 0.5
    rater_sd: float = 0.25
    item_noise_sd: float = 0.42
    base_level: float = 0.6  # evaluations lean positive
    self_inflation: float = 0.35
    na_rate: float = 0.02
    comment_rate: float = 0.3
    # completion
    closed_completion: float = 0.92
    open_completion: float = 0.55
    single_completion: float = 1.0  # the large (benchmark) world's one phase
    try_tokens: int = 3  # per open phase

    def with_(self, **changes: float) -> DemoConfig:
        """A copy with some fields changed."""
        return replace(self, **changes)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class DemoSummary:
    """What :func:`demo.generate` wrote."""

    seed: int
    size: str
    locale: str
    counts: dict[str, int] = field(default_factory=dict)
    truth_path: str | None = None
    seconds: float = 0.0
    truth: dict = field(default_factory=dict, repr=False, compare=False)

    def lines(self) -> list[str]:
        head = f"demo world: size={self.size} seed={self.seed} locale={self.locale}"
        body = [f"  {table:<20} {n:>12,}" for table, n in self.counts.items()]
        tail = [f"  truth: {self.truth_path}", f"  {self.seconds:.1f} s"]
        return [head, *body, *tail]
