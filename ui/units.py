"""Unit names in the interface's language: the English name where the unit has one (#12: English
screens showed Chinese unit names although the import had English ones)."""

from __future__ import annotations

import pandas as pd

from storage.organize import units_table
from ui.i18n import current_lang


def unit_names(db, lang: str | None = None) -> dict[str, str]:
    """``unit_id -> name`` in ``lang`` (default the current one), Chinese where no English."""
    units = units_table(db)
    zh = dict(zip(units["unit_id"], units["name_zh"], strict=True))
    if (lang or current_lang()) != "en":
        return zh
    en = dict(zip(units["unit_id"], units["name_en"], strict=True))
    return {u: en[u] if isinstance(en[u], str) and en[u].strip() else zh[u] for u in zh}


def localize_units(db, frame: pd.DataFrame, column: str = "unit_name") -> pd.DataFrame:
    """``frame`` with ``column`` renamed to each row's ``unit_id`` in the current language
    (missing where the row has no unit)."""
    names = unit_names(db)
    return frame.assign(**{column: frame["unit_id"].map(names)})
