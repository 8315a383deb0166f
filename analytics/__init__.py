"""Quanjing analytics: pure functions over tidy DataFrames (never imports Streamlit).

Modules, one per family of statistics:

- :mod:`analytics.reliability`: Cronbach's alpha, McDonald's omega, Spearman-Brown.
- :mod:`analytics.agreement`: ICC, Krippendorff's alpha.
- :mod:`analytics.within_group`: rwg / rwg(j) / awg.
- :mod:`analytics.three_sixty`: self-other agreement, rater-group gaps, blind spots.
- :mod:`analytics.suppression`: the anonymity threshold, applied in one place.
- :mod:`analytics.scoring`: item -> dimension -> overall scores per subject and rater group.
- :mod:`analytics.ballots`: per-ballot views (counted ballots, recoded ratings, ballot scores).
- :mod:`analytics.sensitivity`: how ranks move when rater-group weights move.
- :mod:`analytics.tallies`: 民主测评 vote shares and campaign rules declared in data.
- :mod:`analytics.careless`: careless-responding indices per ballot (R package careless 1.2).
- :mod:`analytics.ballot_checks`: per-ballot NA overuse, straight-lining, same-for-all flags.
- :mod:`analytics.collusion`: colluding raters, near-identical ballots (permutation null).
- :mod:`analytics.lone_ballots`: a lone ballot far from the others on a subject (modified z).

Every public name is re-exported here explicitly and listed in ``__all__``; add new modules
(e.g. scoring, tallies) the same way.
"""

from analytics.agreement import icc, krippendorff_alpha
from analytics.ballot_checks import ballot_checks, flag_ballots
from analytics.ballots import ballot_overall, counted_answers, recoded_ratings
from analytics.careless import careless_indices, psychant
from analytics.collusion import colluding_pairs, match_matrix
from analytics.lone_ballots import lone_ballots
from analytics.reliability import (
    CronbachAlpha,
    McDonaldOmega,
    cronbach_alpha,
    mcdonald_omega,
    raters_needed,
    spearman_brown,
)
from analytics.scoring import (
    average_commitments,
    composite_weight,
    prepare_items,
    score_campaign,
    score_subjects,
)
from analytics.sensitivity import rank_sensitivity, weight_scenarios, weight_sensitivity
from analytics.suppression import (
    COMBINED,
    MIN_THRESHOLD,
    AnonymityRules,
    anonymity_decisions,
    pool_stats,
    release_comments,
    suppress_cell_stats,
)
from analytics.tallies import DEFAULT_GRADES, GRADE_LABELS, evaluate_rules, exact, tally_grades
from analytics.three_sixty import blind_spots, rater_group_gaps, self_other_agreement
from analytics.within_group import rwg

__all__ = [
    # reliability
    "CronbachAlpha",
    "McDonaldOmega",
    "cronbach_alpha",
    "mcdonald_omega",
    "raters_needed",
    "spearman_brown",
    # agreement
    "icc",
    "krippendorff_alpha",
    "rwg",
    # anonymity
    "COMBINED",
    "MIN_THRESHOLD",
    "AnonymityRules",
    "anonymity_decisions",
    "pool_stats",
    "release_comments",
    "suppress_cell_stats",
    # scoring
    "average_commitments",
    "ballot_overall",
    "counted_answers",
    "recoded_ratings",
    "composite_weight",
    "prepare_items",
    "score_campaign",
    "score_subjects",
    "rank_sensitivity",
    "weight_scenarios",
    "weight_sensitivity",
    # 民主测评 tallies
    "DEFAULT_GRADES",
    "GRADE_LABELS",
    "evaluate_rules",
    "exact",
    "tally_grades",
    # careless responding
    "careless_indices",
    "psychant",
    # ballot checks
    "ballot_checks",
    "flag_ballots",
    # collusion
    "colluding_pairs",
    "match_matrix",
    # lone ballots
    "lone_ballots",
    # 360 views
    "blind_spots",
    "rater_group_gaps",
    "self_other_agreement",
]
