"""Shared input checks for the analytics package.

Every public function validates its input with these helpers, so that bad input fails with a
``ValueError`` that names the offending argument or column (never an ``assert``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd


def require_frame(data: object, name: str = "data") -> pd.DataFrame:
    """Return ``data`` if it is a non-empty DataFrame, else raise ``ValueError``."""
    if not isinstance(data, pd.DataFrame):
        raise ValueError(f"{name} must be a pandas DataFrame, got {type(data).__name__}.")
    if data.empty:
        raise ValueError(f"{name} is empty.")
    return data


def require_table(
    frame: object, columns: Sequence[str], name: str, *, allow_empty: bool = False
) -> pd.DataFrame:
    """Return ``frame`` if it is a DataFrame with ``columns`` (and rows, unless allowed empty)."""
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}.")
    for column in columns:
        if column not in frame.columns:
            raise ValueError(f"{name}: missing column {column!r}.")
    if frame.empty and not allow_empty:
        raise ValueError(f"{name} is empty.")
    return frame


def require_columns(data: pd.DataFrame, **columns: object) -> None:
    """Check that every keyword names an existing column; the keyword is the argument name."""
    for argument, column in columns.items():
        if column is None:
            raise ValueError(f"{argument} must name a column of data.")
        if column not in data.columns:
            available = ", ".join(map(str, data.columns))
            raise ValueError(
                f"{argument}={column!r} is not a column of data (columns: {available})."
            )
    names = list(columns.values())
    if len(set(names)) != len(names):
        raise ValueError(f"column arguments must be distinct, got {names}.")


def require_numeric(data: pd.DataFrame, columns: Iterable[object]) -> None:
    """Check that each column holds numbers (bool, int or float); NaN is allowed."""
    for column in columns:
        kind = data[column].dtype.kind
        if kind not in "biuf":
            raise ValueError(f"column {column!r} must be numeric, got dtype {data[column].dtype}.")


def require_choice(value: object, name: str, choices: Sequence[object]) -> None:
    """Check that ``value`` is one of ``choices``."""
    if value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}.")


def require_open_unit(value: float, name: str) -> float:
    """Check that ``value`` is a finite number strictly between 0 and 1."""
    number = _as_float(value, name)
    if not 0.0 < number < 1.0:
        raise ValueError(f"{name} must be strictly between 0 and 1, got {value!r}.")
    return number


def require_positive(value: float, name: str) -> float:
    """Check that ``value`` is a finite number greater than 0."""
    number = _as_float(value, name)
    if number <= 0.0:
        raise ValueError(f"{name} must be greater than 0, got {value!r}.")
    return number


def require_whole(value: object, name: str, minimum: int = 1) -> int:
    """Check that ``value`` is an integer (not a bool) of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise ValueError(f"{name} must be a whole number of at least {minimum}, got {value!r}.")
    return int(value)


def require_unique_pairs(data: pd.DataFrame, first: object, second: object, what: str) -> None:
    """Check that each (first, second) pair occurs at most once."""
    duplicated = data.duplicated(subset=[first, second], keep=False)
    if duplicated.any():
        example = data.loc[duplicated, [first, second]].iloc[0].tolist()
        raise ValueError(f"{what}: the pair {example} occurs more than once.")


def _as_float(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"{name} must be a number, got {value!r}.")
    number = float(value)
    if not np.isfinite(number):
        raise ValueError(f"{name} must be finite, got {value!r}.")
    return number
