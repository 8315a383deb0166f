"""Response rates and the reminder list for organizers: counts only.

Every rate frame is tidy (one row per phase and group-by value) with the counts and a ``rate``
column (done / assigned or finished / invited; NaN when nothing was assigned). The reminder list
(:func:`pending_raters`) names raters who have not finished, with their unit and contact, and
nothing about whom or in which group they rate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from storage import monitoring as store
from storage.db import Database


def _with_rate(frame: pd.DataFrame, done: str, total: str, name: str = "rate") -> pd.DataFrame:
    out = frame.copy()
    for col in (done, total):
        out[col] = out[col].astype("int64")
    denominator = out[total].where(out[total] > 0, np.nan)
    out[name] = (out[done] / denominator).astype("float64")
    return out


def rates_by_subject(db: Database, phase_id: str) -> pd.DataFrame:
    """Per subject: ``phase_id, subject_id, subject_name, unit_id, unit_name, assigned, done,
    rate`` (assignments of unrevoked invitations)."""
    return _with_rate(store.assignment_counts_by_subject(db, phase_id), "done", "assigned")


def rates_by_group(db: Database, phase_id: str) -> pd.DataFrame:
    """Per rater group: ``phase_id, rater_group, assigned, done, rate``."""
    return _with_rate(store.assignment_counts_by_group(db, phase_id), "done", "assigned")


def rates_by_unit(db: Database, phase_id: str, *, of: str = "rater") -> pd.DataFrame:
    """Per unit: ``phase_id, unit_id, unit_name`` and the counts and ``rate``.

    ``of="rater"`` groups personal invitations by the rater's unit (``invited, finished``: who
    still has to respond); ``of="subject"`` groups assignments by the unit of the subject rated
    (``assigned, done``).
    """
    if of == "rater":
        return _with_rate(
            store.invitation_counts_by_rater_unit(db, phase_id), "finished", "invited"
        )
    if of == "subject":
        return _with_rate(store.assignment_counts_by_subject_unit(db, phase_id), "done", "assigned")
    raise ValueError(f"of must be 'rater' or 'subject', not {of!r}")


def rates_by_phase(db: Database, campaign_id: str) -> pd.DataFrame:
    """Per phase of a campaign: ``phase_id, seq, kind, status, invited, finished,
    invitation_rate, assigned, done, assignment_rate``."""
    frame = store.counts_by_phase(db, campaign_id)
    frame = _with_rate(frame, "finished", "invited", "invitation_rate")
    frame = _with_rate(frame, "done", "assigned", "assignment_rate")
    columns = [
        "phase_id",
        "seq",
        "kind",
        "status",
        "invited",
        "finished",
        "invitation_rate",
        "assigned",
        "done",
        "assignment_rate",
    ]
    return frame[columns]


def pending_raters(db: Database, phase_id: str) -> pd.DataFrame:
    """Raters to remind: ``rater_id, name, unit_id, unit_name, contact``, one row per rater.

    Only raters holding a personal, unrevoked, unfinished invitation for the phase; never the
    subjects they rate or their rater group.
    """
    return store.unfinished_raters(db, phase_id).reset_index(drop=True)
