"""Table exports: CSV with a BOM (Excel shows Chinese), cells neutralised against formulas."""

from __future__ import annotations

import pandas as pd

from campaign.export_safety import safe_frame


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as CSV bytes (UTF-8 with BOM, CRLF); text that a spreadsheet would run as a
    formula (``=``, ``+``, ``-``, ``@`` ...) is prefixed with ``'``
    (``campaign.export_safety.safe_frame``)."""
    return safe_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
