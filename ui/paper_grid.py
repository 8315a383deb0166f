"""The paper-entry grid: one row per cadre, one column per item, each cell an option's number.

A clerk keys a paper sheet as digits: the cell of cadre *s* and item *i* holds the number of the
option marked on the sheet (1 = the item's first option, in the definition's order, as the legend
above the grid says), blank = not marked. :func:`blank_grid` builds the table handed to
``st.data_editor``; :func:`parse_grid` reads the edited table back into the raw answers
``{subject_id: {item_id: option_id or None}}`` that ``ui.meeting.paper_answers`` converts, and
lists every cell that holds no option number. Nothing here draws; the page formats the messages.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

#: The column of the cadres' names (item ids are definition identifiers and never start with _).
NAME = "_subject"
_SHORT = re.compile(r"^\s*([^：:]{1,12}?)\s*(?:：|: )")


@dataclass(frozen=True)
class BadCell:
    """A cell whose text is no option number: what was keyed and how many options there are."""

    subject_id: str
    item_id: str
    text: str
    options: int


def short_label(text: str) -> str:
    """A column title: the head of ``德：政治品质和道德品行`` (up to 12 characters before a
    full-width colon or ``": "``), else the whole text.

    >>> short_label("德：政治品质和道德品行"), short_label("Integrity: Political quality")
    ('德', 'Integrity')
    >>> short_label("总体评价"), short_label("see http://x.cn/a: b")
    ('总体评价', 'see http://x.cn/a: b')
    """
    found = _SHORT.match(text)
    return found.group(1) if found else text


def legend(options: Mapping[str, Sequence[str]]) -> list[tuple[list[str], list[str]]]:
    """The items grouped by their option labels, in item order: ``[(item ids, labels)]``.

    The labels' positions are the numbers keyed (1 = first); items sharing the same labels get
    one legend line.

    >>> legend({"de": ["优秀", "称职"], "neng": ["优秀", "称职"], "q": ["是", "否"]})
    [(['de', 'neng'], ['优秀', '称职']), (['q'], ['是', '否'])]
    """
    groups: dict[tuple[str, ...], list[str]] = {}
    for item_id, labels in options.items():
        groups.setdefault(tuple(labels), []).append(item_id)
    return [(item_ids, list(labels)) for labels, item_ids in groups.items()]


def blank_grid(names: Sequence[str], item_ids: Sequence[str]) -> pd.DataFrame:
    """The empty sheet: the cadres' names (in the sheet's order) and a text cell per item,
    empty text rather than a missing value (which a table may draw as "None").

    >>> blank_grid(["干部1", "干部2"], ["de", "overall"]).to_dict("list")
    {'_subject': ['干部1', '干部2'], 'de': ['', ''], 'overall': ['', '']}
    """
    frame = pd.DataFrame({NAME: list(names)})
    for item_id in item_ids:
        frame[item_id] = pd.Series([""] * len(frame), dtype="string")
    return frame


def grid_key(counter: int, subject_ids: Sequence[str], item_ids: Sequence[str]) -> str:
    """The editor's widget key: a new one per saved sheet (``counter``) and per grid, so the next
    sheet starts empty and a changed grid never inherits cells keyed for another.

    >>> grid_key(3, ["s1", "s2"], ["de"]) == grid_key(3, ["s1", "s2"], ["de"])
    True
    >>> grid_key(3, ["s1", "s2"], ["de"]) != grid_key(4, ["s1", "s2"], ["de"])
    True
    """
    digest = hashlib.sha256("\x1f".join([*subject_ids, "\x1e", *item_ids]).encode()).hexdigest()
    return f"paper_cells_{counter}_{digest[:10]}"


def _cell_text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip()  # ３ from a zh keyboard -> 3


def parse_grid(
    frame: pd.DataFrame,
    subject_ids: Sequence[str],
    options: Mapping[str, Sequence[str]],
) -> tuple[dict[str, dict[str, str | None]], list[BadCell]]:
    """The raw answers of an edited grid and the cells that hold no option number.

    ``frame`` is :func:`blank_grid` after editing, its rows in ``subject_ids`` order;
    ``options`` is ``{item_id: option ids in order}`` (number *n* = the *n*-th). Blank cells
    are ``None`` (not marked); full-width digits and spaces around a number are accepted.

    >>> grid = blank_grid(["甲", "乙"], ["de", "overall"])
    >>> grid.loc[0, "de"], grid.loc[0, "overall"], grid.loc[1, "de"] = "1", " ２ ", "5"
    >>> raw, bad = parse_grid(grid, ["s1", "s2"], {"de": ["ex", "ok"], "overall": ["ex", "ok"]})
    >>> raw
    {'s1': {'de': 'ex', 'overall': 'ok'}, 's2': {'de': None, 'overall': None}}
    >>> bad
    [BadCell(subject_id='s2', item_id='de', text='5', options=2)]
    """
    if len(frame) != len(subject_ids):
        raise ValueError(f"the grid has {len(frame)} rows for {len(subject_ids)} cadres")
    raw: dict[str, dict[str, str | None]] = {}
    bad: list[BadCell] = []
    for position, subject_id in enumerate(subject_ids):
        cells: dict[str, str | None] = {}
        for item_id, option_ids in options.items():
            text = _cell_text(frame[item_id].iloc[position])
            cells[item_id] = None
            if not text:
                continue
            if text.isascii() and text.isdecimal() and 1 <= int(text) <= len(option_ids):
                cells[item_id] = option_ids[int(text) - 1]
            else:
                bad.append(BadCell(subject_id, item_id, text, len(option_ids)))
        raw[subject_id] = cells
    return raw, bad


def is_blank(raw: Mapping[str, Mapping[str, str | None]]) -> bool:
    """Nothing marked on the whole sheet.

    >>> is_blank({"s1": {"de": None}}), is_blank({"s1": {"de": "ex"}})
    (True, False)
    """
    return all(value is None for cells in raw.values() for value in cells.values())
