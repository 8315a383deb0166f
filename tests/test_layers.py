"""The core never imports Streamlit, and SQL stays in storage/."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE = ["survey_engine", "storage", "campaign", "analytics", "demo", "security"]
STREAMLIT_IMPORT = re.compile(r"^\s*(import streamlit|from streamlit)", re.M)
SQL_CALL = re.compile(r"\.execute\(|\.sql\(|duckdb\.connect\(")


@pytest.mark.parametrize("package", CORE)
def test_core_package_does_not_import_streamlit(package):
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / package).rglob("*.py")
        if STREAMLIT_IMPORT.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_sql_is_executed_only_in_storage():
    outside = [
        ROOT / "app.py",
        *[
            p
            for d in ("pages", "ui", "campaign", "analytics", "demo", "survey_engine", "security")
            for p in (ROOT / d).rglob("*.py")
        ],
    ]
    offenders = [
        str(p.relative_to(ROOT)) for p in outside if SQL_CALL.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_every_project_file_compiles_on_this_python():
    """Pages are run by Streamlit, not imported by tests: a syntax error would hide until then."""
    sources = [p for d in ("pages", "ui", *CORE, "bench") for p in (ROOT / d).rglob("*.py")]
    for path in [ROOT / "app.py", *sources]:
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
