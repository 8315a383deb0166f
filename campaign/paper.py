"""Paper fallback for a meeting-mode 民主测评: double entry by two clerks, then counting.

Each paper ballot carries a printed sheet number. Clerks A and B key it in independently
(:func:`enter_sheet`). :func:`compare_entries` lists sheets keyed by only one clerk and, for sheets
keyed by both, every cell where they differ. A sheet becomes a real ballot (source ``paper``, in
the open phase's ballot box) only when both entries agree (:func:`count_sheet`) or after a
resolution re-keys exactly the differing cells (:func:`resolve_sheet`); a spoilt ballot is voided
(:func:`void_sheet`). Counting writes the ballot, marks the sheet and deletes its staging entries in
one transaction, so a sheet number counts once and is never left beside its answers. A closed
phase takes no paper ballot: its published results never change.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date

import pandas as pd

from storage import filling
from storage import paper as store
from storage.db import Database, StorageError
from storage.paper import PaperError
from survey_engine.answer import Answer

CLERKS = ("A", "B")
#: Paper ballots are anonymous: groups of one or a few people (self, superior) are not taken.
PAPER_GROUPS = ("peer", "subordinate", "public", "observer")
CellKey = tuple[str, str, str | None]  # (subject_id, item_id, row_id)
CellValue = tuple[tuple, ...]

__all__ = [
    "CLERKS",
    "PAPER_GROUPS",
    "PaperComparison",
    "PaperError",
    "compare_entries",
    "count_agreed",
    "count_sheet",
    "enter_sheet",
    "resolve_sheet",
    "void_sheet",
]


@dataclass(frozen=True)
class PaperComparison:
    """The state of double entry for a phase's open sheets.

    ``single_entry``: ``sheet_no, clerk`` of sheets keyed by one clerk only.
    ``differences``: ``sheet_no, subject_id, item_id, row_id, clerk_a, clerk_b`` per differing cell
    (a differing rater group is the row with ``item_id`` ``"rater_group"``).
    ``agreed``: sheet numbers keyed by both clerks with no difference, ready to count.
    """

    single_entry: pd.DataFrame
    differences: pd.DataFrame
    agreed: list[str]


def _to_json(answers: Sequence[Answer]) -> str:
    return json.dumps([asdict(a) for a in answers], ensure_ascii=False, sort_keys=True)


def _from_json(text: str) -> list[Answer]:
    return [Answer(**row) for row in json.loads(text)]


def _cells(answers: Sequence[Answer]) -> dict[CellKey, CellValue]:
    """Answers grouped into cells; a cell's value is the sorted set of what was marked in it."""
    cells: dict[CellKey, list[tuple]] = {}
    for a in answers:
        num = None if a.value_num is None else float(a.value_num)
        value = (a.option_id or "", num is None, num or 0.0, a.value_text or "", a.is_na)
        cells.setdefault((a.subject_id, a.item_id, a.row_id), []).append(value)
    return {key: tuple(sorted(values)) for key, values in cells.items()}


def _describe(value: CellValue | None) -> str:
    if not value:
        return "—"
    parts = []
    for option, no_num, num, text, is_na in value:
        shown = "N/A" if is_na else option or text or ("" if no_num else f"{num:g}")
        if option and not no_num:
            shown += f"={num:g}"
        parts.append(shown)
    return "; ".join(parts)


def _differing_cells(a: list[Answer], b: list[Answer]) -> dict[CellKey, tuple[str, str]]:
    cells_a, cells_b = _cells(a), _cells(b)
    keys = sorted(set(cells_a) | set(cells_b), key=lambda k: (k[0], k[1], k[2] or ""))
    return {
        k: (_describe(cells_a.get(k)), _describe(cells_b.get(k)))
        for k in keys
        if cells_a.get(k) != cells_b.get(k)
    }


def enter_sheet(
    db: Database,
    phase_id: str,
    sheet_no: str,
    clerk: str,
    rater_group: str,
    answers: Sequence[Answer],
    *,
    entered_on: date | None = None,
) -> str:
    """Store one clerk's keying of a paper sheet (replacing that clerk's earlier keying).

    Refused (:class:`PaperError`) for an unknown clerk or group, a blank sheet (void it instead),
    or a sheet already counted or voided. Returns the entry id.
    """
    sheet_no = unicodedata.normalize("NFKC", str(sheet_no)).strip()  # ０１２ from a zh keyboard
    if len(sheet_no) > 40 or not sheet_no.isprintable():
        raise PaperError("a sheet's printed number is at most 40 printable characters")
    if clerk not in CLERKS:
        raise PaperError(f"clerk must be one of {CLERKS}, not {clerk!r}")
    if rater_group not in PAPER_GROUPS:
        raise PaperError(f"paper ballots are for {PAPER_GROUPS}, not {rater_group!r}")
    if not sheet_no:
        raise PaperError("a paper sheet needs its printed number")
    if not answers:
        raise PaperError(f"sheet {sheet_no} has no marks: void it as a spoilt ballot")
    return store.save_entry(
        db,
        phase_id=phase_id,
        sheet_no=sheet_no,
        clerk=clerk,
        rater_group=rater_group,
        answers_json=_to_json(answers),
        entered_on=entered_on or date.today(),
    )


def compare_entries(db: Database, phase_id: str) -> PaperComparison:
    """Compare clerk A's and clerk B's entries of every open sheet of a phase."""
    entries = store.open_entries(db, phase_id)
    single, diffs, agreed = [], [], []
    for sheet_no, rows in entries.groupby("sheet_no", sort=True):
        by_clerk = {r.clerk: r for r in rows.itertuples(index=False)}
        if len(by_clerk) < 2:
            single.extend((sheet_no, c) for c in by_clerk)
            continue
        a, b = by_clerk["A"], by_clerk["B"]
        found = _differing_cells(_from_json(a.answers), _from_json(b.answers))
        rows_out = [(sheet_no, *key, va, vb) for key, (va, vb) in found.items()]
        if a.rater_group != b.rater_group:
            rows_out.insert(0, (sheet_no, None, "rater_group", None, a.rater_group, b.rater_group))
        diffs.extend(rows_out)
        if not rows_out:
            agreed.append(str(sheet_no))
    return PaperComparison(
        pd.DataFrame(single, columns=["sheet_no", "clerk"]),
        pd.DataFrame(
            diffs, columns=["sheet_no", "subject_id", "item_id", "row_id", "clerk_a", "clerk_b"]
        ),
        agreed,
    )


def count_sheet(db: Database, phase_id: str, sheet_no: str) -> None:
    """Count a sheet whose two entries agree: put the ballot in the box, mark the sheet."""
    _count(db, phase_id, str(sheet_no).strip(), None, None)


def resolve_sheet(
    db: Database,
    phase_id: str,
    sheet_no: str,
    resolution: Mapping[CellKey, Sequence[Answer]],
    *,
    rater_group: str | None = None,
) -> None:
    """Count a sheet whose entries differ, after re-keying (from the paper) the differing cells.

    ``resolution`` must give exactly the differing cells, each as its answers read from the sheet
    (an empty sequence = the cell is blank); ``rater_group`` is required when the clerks keyed
    different groups. Agreed cells are taken as keyed.
    """
    _count(db, phase_id, str(sheet_no).strip(), resolution, rater_group)


def count_agreed(db: Database, phase_id: str) -> list[str]:
    """Count every sheet on which both clerks agree, each in its own transaction; returns the
    sheet numbers counted."""
    agreed = compare_entries(db, phase_id).agreed
    for sheet_no in agreed:
        count_sheet(db, phase_id, sheet_no)
    return agreed


def void_sheet(db: Database, phase_id: str, sheet_no: str) -> None:
    """Record a spoilt ballot: the sheet number is closed, never counted; its entries go."""
    sheet_no = str(sheet_no).strip()
    with db.transaction() as cur:
        store.phase_definition(cur, phase_id)
        status = store.sheet_status(cur, phase_id, sheet_no)
        if status is not None:
            raise PaperError(f"sheet {sheet_no} is already {status}")
        store.close_sheet(cur, phase_id, sheet_no, "void")


def _merge(
    sheet_no: str,
    entries: dict[str, tuple[str, str]],
    resolution: Mapping[CellKey, Sequence[Answer]] | None,
    rater_group: str | None,
) -> tuple[str, list[Answer]]:
    """The group and answers to count: the agreed cells, plus the resolved ones."""
    if set(entries) != set(CLERKS):
        raise PaperError(f"sheet {sheet_no} needs entries by both clerks A and B")
    (group_a, json_a), (group_b, json_b) = entries["A"], entries["B"]
    a, b = _from_json(json_a), _from_json(json_b)
    differing = set(_differing_cells(a, b))
    resolution = dict(resolution or {})
    if group_a == group_b and rater_group not in (None, group_a):
        raise PaperError(f"sheet {sheet_no}: both clerks keyed group {group_a!r}")
    if group_a != group_b and rater_group not in PAPER_GROUPS:
        raise PaperError(
            f"sheet {sheet_no}: clerks keyed groups {group_a!r} and {group_b!r};"
            " give the group on the paper"
        )
    if set(resolution) != differing:
        raise PaperError(
            f"sheet {sheet_no}: the resolution must re-key exactly the differing cells"
            f" {sorted(differing, key=str)}, got {sorted(resolution, key=str)}"
        )
    for key, answers in resolution.items():
        if any((x.subject_id, x.item_id, x.row_id) != key for x in answers):
            raise PaperError(f"sheet {sheet_no}: answers given for cell {key} belong elsewhere")
    agreed = [x for x in a if (x.subject_id, x.item_id, x.row_id) not in differing]
    merged = agreed + [x for answers in resolution.values() for x in answers]
    return rater_group or group_a, merged


def _count(
    db: Database,
    phase_id: str,
    sheet_no: str,
    resolution: Mapping[CellKey, Sequence[Answer]] | None,
    rater_group: str | None,
) -> None:
    with db.transaction() as cur:
        definition_id, version = store.phase_definition(cur, phase_id)
        status = store.sheet_status(cur, phase_id, sheet_no)
        if status is not None:
            raise PaperError(f"sheet {sheet_no} is already {status}; a sheet counts only once")
        group, answers = _merge(
            sheet_no, store.sheet_entries(cur, phase_id, sheet_no), resolution, rater_group
        )
        try:
            filling.insert_ballots(
                cur,
                phase_id=phase_id,
                definition_id=definition_id,
                definition_version=version,
                source="paper",
                ballots=[(group, answers)],
            )
        except PaperError:
            raise
        except StorageError as err:  # e.g. the phase was closed meanwhile
            raise PaperError(f"sheet {sheet_no}: {err}") from err
        store.close_sheet(cur, phase_id, sheet_no, "counted")
    db.checkpoint()
