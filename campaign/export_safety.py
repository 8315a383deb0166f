"""Cells a spreadsheet will show as text, never evaluate: the guard for every CSV/Excel export.

A name such as ``=HYPERLINK("http://x","y")`` written into a CSV file becomes a live formula when
the file is opened in Excel, WPS or LibreOffice (CSV/formula injection). Following OWASP's
guidance, :func:`safe_cell` prefixes a ``'`` to text that starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return (and their full-width forms, which some spreadsheets read the same);
real numbers, and text that is a plain negative number such as ``-3``, are left alone.
:func:`safe_row` and :func:`safe_frame` apply it to a CSV row and to a pandas frame (values and
column names); every export of the app passes through one of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def safe_cell(value: object) -> object:
    """``value`` as a spreadsheet shows it literally: text that could start a formula gets ``'``.

    >>> safe_cell('=HYPERLINK("http://x","y")'), safe_cell("+1"), safe_cell("@SUM(1)")
    ('\\'=HYPERLINK("http://x","y")', "'+1", "'@SUM(1)")
    >>> safe_cell("-cmd"), safe_cell("-3"), safe_cell(-3), safe_cell(1.5), safe_cell("张伟")
    ("'-cmd", '-3', -3, 1.5, '张伟')
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def _never_text(dtype: object) -> bool:
    types = pd.api.types
    return any(
        check(dtype)
        for check in (
            types.is_numeric_dtype,
            types.is_bool_dtype,
            types.is_datetime64_any_dtype,
            types.is_timedelta64_dtype,
        )
    )


def safe_row(values: Iterable[object]) -> list[object]:
    """A CSV row with every cell through :func:`safe_cell`."""
    return [safe_cell(v) for v in values]


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with text cells and column names through :func:`safe_cell`.

    >>> safe_frame(pd.DataFrame({"name": ["=1+1", "李娜"], "n": [-3, 2]})).to_dict("list")
    {'name': ["'=1+1", '李娜'], 'n': [-3, 2]}
    """
    out = frame.copy()
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if not _never_text(column.dtype):
            out.isetitem(i, column.map(safe_cell))
    out.columns = [safe_cell(c) for c in out.columns]
    return out
