"""Read-only tables that never show a raw "None": a missing value reads "—" (#12).

Streamlit draws a missing cell as the English word "None" and offers no setting for it. A column
holding one is handed over as text: numbers in their usual format, "—" where there is none; the
column's help (and the page's captions) say why a value can be missing.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

DASH = "—"


def with_dashes(frame: pd.DataFrame, numbers: dict[str, str] | None = None) -> pd.DataFrame:
    """``frame`` with "—" for every missing value; a column of ``numbers`` holding one becomes
    text, formatted with its printf-style format.

    >>> frame = pd.DataFrame({"α": [0.8123, None], "note": ["", None], "n": [3, 4]})
    >>> with_dashes(frame, {"α": "%.3f"}).to_dict("list")
    {'α': ['0.812', '—'], 'note': ['', '—'], 'n': [3, 4]}
    """
    numbers = numbers or {}
    out = frame.copy()
    for column in frame.columns[frame.isna().any()]:
        fmt = numbers.get(column)
        out[column] = [DASH if pd.isna(v) else (fmt % v if fmt else v) for v in frame[column]]
    return out


def table(frame: pd.DataFrame, *, key: str, numbers: dict[str, str] | None = None,
          config: dict | None = None, help: dict[str, str] | None = None) -> None:  # fmt: skip
    """``st.dataframe`` of ``frame`` (columns already headed for the reader), numbers formatted
    by ``numbers`` ({column: "%.3f"}), missing values as "—", ``help`` as column tooltips and
    ``config`` for any other column settings."""
    numbers, help = numbers or {}, help or {}
    shown = with_dashes(frame, numbers)
    columns = dict(config or {})
    for column, fmt in numbers.items():
        if column not in shown.columns:
            continue
        is_text = bool(frame[column].isna().any())  # then with_dashes made it text
        kind = st.column_config.TextColumn if is_text else st.column_config.NumberColumn
        extra = {} if is_text else {"format": fmt}
        columns[column] = kind(column, help=help.get(column), **extra)
    for column, text in help.items():
        columns.setdefault(column, st.column_config.Column(column, help=text))
    st.dataframe(shown, hide_index=True, width="stretch", key=key, column_config=columns)
