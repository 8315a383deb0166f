"""Fixtures for the analytics tests: published reference data and seeded random data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

DATA = Path(__file__).parent / "data"


def read_reference(name: str) -> pd.DataFrame:
    """Read a reference CSV from tests/analytics/data (lines starting with # cite the source)."""
    return pd.read_csv(DATA / name, comment="#")


@pytest.fixture
def shrout_fleiss_long() -> pd.DataFrame:
    """Shrout & Fleiss (1979) table 2 in long form: target, judge, rating."""
    wide = read_reference("shrout_fleiss_1979.csv")
    return wide.melt(id_vars="target", var_name="judge", value_name="rating")


@pytest.fixture
def krippendorff_long() -> pd.DataFrame:
    """Krippendorff (2011) section C in long form: unit, observer, value (NaN = missing)."""
    wide = read_reference("krippendorff_2011.csv")
    return wide.melt(id_vars="unit", var_name="observer", value_name="value")


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20240501)
