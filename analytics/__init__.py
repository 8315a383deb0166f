"""Quanjing analytics: pure functions over tidy DataFrames (never imports Streamlit).

Modules, one per family of statistics:

- :mod:`analytics.reliability`: Cronbach's alpha, McDonald's omega, Spearman-Brown.
- :mod:`analytics.agreement`: ICC, Krippendorff's alpha.
- :mod:`analytics.within_group`: rwg / rwg(j) / awg.
- :mod:`analytics.three_sixty`: self-other agreement, rater-group gaps, blind spots.

Every public name is re-exported here explicitly and listed in ``__all__``; add new modules
(e.g. scoring, tallies) the same way.
"""

from analytics.agreement import icc, krippendorff_alpha
from analytics.reliability import (
    CronbachAlpha,
    McDonaldOmega,
    cronbach_alpha,
    mcdonald_omega,
    raters_needed,
    spearman_brown,
)
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
    # 360 views
    "blind_spots",
    "rater_group_gaps",
    "self_other_agreement",
]
