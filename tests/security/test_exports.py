"""Every CSV export shows hostile text as text: no cell a spreadsheet would evaluate as a formula
(CSV injection), numbers left as numbers; the printable QR sheet escapes its HTML."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from campaign.export_safety import FORMULA_START, safe_cell, safe_frame, safe_row
from campaign.imports import commit_import, preview_import
from campaign.sheets import InvitationCard, invitation_cards, invitations_csv, qr_sheet_html
from tests.campaign._people_fixtures import people_db
from ui.exports import csv_bytes
from ui.meeting import meeting_files
from ui.organize import SAMPLES, sample_csv

ROOT = Path(__file__).resolve().parents[2]
BASE = "https://pj.example.cn/fill"
EXPIRES = datetime(2024, 12, 31, 23, 59)
HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "-cmd",
    "@SUM(1)",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
]


def evaluable(value: str) -> bool:
    """Whether a spreadsheet could take the cell for a formula (a plain ``-3`` is a number)."""
    return value.startswith(FORMULA_START) and not re.fullmatch(r"-?\d+(\.\d+)?", value)


def cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def assert_inert(data: bytes, hostile: list[str]) -> None:
    """No cell is evaluable, and each hostile text is there, escaped with a ``'``."""
    found = [c for row in cells(data) for c in row]
    assert [c for c in found if evaluable(c)] == []
    for text in hostile:
        assert "'" + text in found, text


# -- the helper ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", HOSTILE)
def test_safe_cell_prefixes_every_formula_start(text):
    assert safe_cell(text) == "'" + text
    assert safe_row([text, 1]) == ["'" + text, 1]


@pytest.mark.parametrize("value", ["-3", "-1.5", "3", -3, 1.5, 0, None, "张伟", "a=b", "'=x", ""])
def test_safe_cell_leaves_numbers_and_plain_text(value):
    assert safe_cell(value) == value


def test_safe_frame_escapes_text_and_column_names_keeps_numbers_and_the_input():
    frame = pd.DataFrame(
        {
            "=name": ["=1+1", "李娜", None],
            "score": [-3, 1.5, 2.0],
            "when": pd.to_datetime(["2024-01-01", "2024-02-01", None]),
            "ok": [True, False, True],
        }
    )
    safe = safe_frame(frame)
    assert list(safe.columns) == ["'=name", "score", "when", "ok"]
    assert safe["'=name"].tolist()[:2] == ["'=1+1", "李娜"] and pd.isna(safe["'=name"].iloc[2])
    assert safe["score"].tolist() == [-3, 1.5, 2.0]
    assert safe["when"].dtype == frame["when"].dtype and safe["ok"].tolist() == [True, False, True]
    assert frame["=name"].iloc[0] == "=1+1"  # the input is not changed


def test_safe_frame_with_repeated_column_names():
    frame = pd.DataFrame([["=a", "@b"]], columns=["x", "x"])
    assert safe_frame(frame).values.tolist() == [["'=a", "'@b"]]


# -- every export --------------------------------------------------------------------------------
def test_invitations_csv():
    cards = [InvitationCard(f"T{i}", text, text, EXPIRES) for i, text in enumerate(HOSTILE)]
    for lang in ("zh", "en"):
        assert_inert(invitations_csv(cards, BASE, lang=lang), HOSTILE)


def test_invitations_csv_of_imported_raters():
    db = people_db()
    try:
        out = io.StringIO(newline="")
        csv.writer(out).writerows(
            [["评价人编号", "姓名"], *[[f"H{i}", text] for i, text in enumerate(HOSTILE[:5])]]
        )
        commit_import(db, preview_import(db, "rater", out.getvalue().encode(), "r.csv"))

        @dataclass
        class Issued:
            rater_id: str
            token: str

        issued = [Issued(f"H{i}", f"TOKEN-{i}") for i in range(5)]
        cards = invitation_cards(db, issued, EXPIRES)
        assert [c.name for c in cards] == HOSTILE[:5]  # stored verbatim
        assert_inert(invitations_csv(cards, BASE), HOSTILE[:5])
    finally:
        db.close()


def test_monitor_pending_csv():
    # pages/monitor.py: csv_bytes(pending_table) with localized column names
    table = pd.DataFrame({"姓名": HOSTILE, "单位": HOSTILE[::-1], "联系方式": HOSTILE, "n": 1})
    table = table.rename(columns={"单位": "@unit"})
    data = csv_bytes(table)
    assert data.startswith(b"\xef\xbb\xbf")
    assert_inert(data, [*HOSTILE, "@unit"])
    numbers = pd.DataFrame({"i": [-3, 2], "f": [-1.5, 0.25], "s": ["-3", "1.5"]})
    assert cells(csv_bytes(numbers))[1:] == [["-3", "-1.5", "-3"], ["2", "0.25", "1.5"]]


def test_meeting_batch_files():
    tokens = ("AB12-CD34-EF56", "=cmd|' /C calc'!A0")
    html, data = meeting_files(tokens, BASE, EXPIRES, "<script>alert(1)</script>", "zh")
    assert_inert(data, ["=cmd|' /C calc'!A0"])
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_sample_files(kind):
    found = [c for row in cells(sample_csv(kind)) for c in row]
    assert found and [c for c in found if evaluable(c)] == []


def test_shared_table_export_when_present():
    exports = pytest.importorskip("ui.exports")  # the audit log's download
    assert_inert(exports.csv_bytes(pd.DataFrame({"detail": HOSTILE})), HOSTILE)


SPREADSHEET_WRITERS = re.compile(r"\.to_csv\(|csv\.writer\(|\.to_excel\(|ExcelWriter|Workbook\(")
GUARDS = ("safe_frame", "safe_row", "safe_cell")


def test_every_module_that_writes_a_spreadsheet_uses_the_guard():
    """A new CSV/Excel export must go through campaign.export_safety (pages included)."""
    dirs = ("pages", "ui", "campaign", "storage", "analytics", "security")
    sources = [ROOT / "app.py", *(p for d in dirs for p in (ROOT / d).rglob("*.py"))]
    writers = {
        str(p.relative_to(ROOT)): p.read_text(encoding="utf-8")
        for p in sources
        if p.name != "export_safety.py"
        and SPREADSHEET_WRITERS.search(p.read_text(encoding="utf-8"))
    }
    assert "campaign/sheets.py" in writers and "ui/exports.py" in writers
    unguarded = sorted(path for path, text in writers.items() if not any(g in text for g in GUARDS))
    assert unguarded == []


# -- the printable QR sheet ----------------------------------------------------------------------
def test_qr_sheet_escapes_names_units_tokens_links_and_title():
    cards = [
        InvitationCard(
            '" onmouseover="alert(1)', '"><script>alert(1)</script>', "<img src=x onerror=alert(1)>"
        ),
        InvitationCard("T2", "</div><iframe src=//evil>", "&amp;", EXPIRES),
    ]
    page = qr_sheet_html(cards, BASE + '?x="><script>', title="</title><script>alert(1)</script>")
    for tag in ("<script", "<img", "<iframe", 'onmouseover="'):
        assert tag not in page, tag
    assert "&lt;script&gt;" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert 'data-token="&quot; onmouseover=&quot;alert(1)"' in page
    assert "&amp;amp;" in page  # text that looks like an entity is shown as written
