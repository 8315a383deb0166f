"""Imports of units, subjects (cadres), raters and relationships from CSV or Excel, in two steps.

1. :func:`preview_import` reads the file, maps the (English or Chinese) headers, checks every row
   against the file and the database and returns an :class:`ImportPreview`: the parsed rows and
   every problem with the file name, the row as the user sees it (header = row 1) and the field.
   Nothing is written.
2. :func:`commit_import` writes a problem-free preview in ONE all-or-nothing transaction
   (``storage.people.insert_import``), reporting progress per chunk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from campaign.import_fields import (
    FIELDS,
    GROUP_ALIASES,
    KINDS,
    MESSAGES,
    UNIT_KINDS,
    ImportKind,
    clean_text,
    refused_character,
)
from campaign.sheets import closest, match_headers, read_sheet
from storage import people
from storage.db import Database

__all__ = [
    "KINDS",
    "ImportPreview",
    "ImportProblem",
    "ImportRefused",
    "commit_import",
    "preview_import",
]


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One problem: where (file, row as in the spreadsheet with header = 1, field) and what."""

    file: str
    row: int | None
    field: str | None
    code: str
    message: dict[str, str]

    def __str__(self) -> str:
        where = f"{self.file}" + (f", row {self.row}" if self.row else "")
        where += f", {self.field}" if self.field else ""
        return f"{where}: {self.message['en']}"


@dataclass(frozen=True)
class ImportPreview:
    """The parsed rows (a ``row`` column, then the table's columns) and every problem found."""

    kind: str
    filename: str
    rows: pd.DataFrame
    problems: list[ImportProblem] = field(default_factory=list)
    encoding: str | None = None
    campaign_id: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and not self.rows.empty


class ImportRefused(ValueError):
    """``commit_import`` was given a preview that has problems or no rows; nothing was written."""


ProgressCallback = Callable[[float, str], None]


def preview_import(
    db: Database,
    kind: ImportKind,
    file_bytes: bytes,
    filename: str,
    *,
    campaign_id: str | None = None,
) -> ImportPreview:
    """Read and check an import file; write nothing.

    ``kind`` is one of ``unit, subject, rater, relationship``; a relationship import needs the
    ``campaign_id`` it belongs to. CSV is decoded as UTF-8 (with or without BOM), UTF-16/32 with
    a BOM, or else GB18030 (a superset of GBK); the encoding used is in ``ImportPreview.encoding``.
    Every cell is normalised (``clean_text``: NFKC, stripped); control and bidi characters are
    problems (``control_character``) naming the row and field.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}; expected one of {KINDS}")
    sheet = read_sheet(file_bytes, filename)
    report = _Report(filename)
    for row, code, zh, en in sheet.problems:
        report.problems.append(ImportProblem(filename, row, None, code, {"zh": zh, "en": en}))
    columns = ["row", *people.IMPORT_TABLES[kind][1]]
    mapping = None if sheet.problems else _map_headers(kind, sheet.header_row, sheet.header, report)
    if mapping is not None:  # problems name a column as the file heads it (单位名称, not name_zh)
        report.headers = {name: sheet.header[i].strip() or name for i, name in mapping.items()}
    checked = []
    if mapping is not None:
        records = [
            (row_no, {name: _cell(cells, i) for i, name in mapping.items()})
            for row_no, cells in sheet.rows
        ]
        if not records:
            report.add(sheet.header_row, None, "empty_file")
        checked = _CHECKS[kind](db, records, report, campaign_id)
    frame = pd.DataFrame(checked, columns=columns) if checked else pd.DataFrame(columns=columns)
    return ImportPreview(kind, filename, frame, report.problems, sheet.encoding, campaign_id)


def commit_import(
    db: Database,
    preview: ImportPreview,
    progress: ProgressCallback | None = None,
    *,
    chunk_size: int = 500,
) -> int:
    """Write a checked preview in one all-or-nothing transaction; return the rows written.

    Refuses (:class:`ImportRefused`) a preview with problems or without rows. ``progress`` is called
    with ``(fraction, message)`` before the first chunk, after each chunk (inside the transaction:
    if it raises, nothing is written) and once more after the commit.
    """
    if preview.problems:
        raise ImportRefused(f"{preview.filename}: {len(preview.problems)} problem(s); fix the file")
    if preview.rows.empty:
        raise ImportRefused(f"{preview.filename}: no rows to import")
    total = len(preview.rows)
    label = f"{preview.kind} ({preview.filename})"

    def on_chunk(done: int, of: int) -> None:
        if progress is not None:
            progress(0.99 * done / of, f"{label}: {done}/{of}")

    if progress is not None:
        progress(0.0, f"{label}: 0/{total}")
    written = people.insert_import(
        db, preview.kind, preview.rows, chunk_size=chunk_size, on_chunk=on_chunk
    )
    if progress is not None:
        progress(1.0, f"{label}: {written}/{total} ✓")
    return written


# -- headers ------------------------------------------------------------------------------------
def _map_headers(
    kind: str, header_row: int, header: list[str], report: _Report
) -> dict[int, str] | None:
    """Column index -> field name, or ``None`` when a required column is missing."""
    found = match_headers(header, {f.name: f.aliases for f in FIELDS[kind]})
    for raw, hint in found.unknown:
        tips = (f"；是否应为「{hint}」？", f"; did you mean {hint!r}?") if hint else ("", "")
        report.add(header_row, raw, "unknown_header", value=raw, tip_zh=tips[0], tip_en=tips[1])
    for raw in found.repeated:
        report.add(header_row, raw, "duplicate_header", value=raw)
    missing = [f for f in FIELDS[kind] if f.required and f.name not in found.columns.values()]
    for f in missing:
        close = [u for u, _ in found.unknown if closest(u, f.aliases)]
        params = {"zh_list": "、".join(f.aliases), "en_list": ", ".join(f.aliases)}
        hint = close[0] if close else f.aliases[0]
        report.add(header_row, f.name, "missing_header", value=f.name, hint=hint, **params)
    return None if missing else found.columns


def _cell(cells: list[str], i: int) -> str | None:
    value = clean_text(cells[i]) if i < len(cells) else ""
    return value or None


# -- row checks -----------------------------------------------------------------------------------
class _Report:
    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[ImportProblem] = []
        self.headers: dict[str, str] = {}  # field name -> the header the file gives it

    def header(self, name: str) -> str:
        """The file's own header of field ``name`` (the field name before headers are read)."""
        return self.headers.get(name, name)

    def add(self, row: int | None, fld: str | None, code: str, **params: object) -> None:
        zh, en = MESSAGES[code]
        message = {"zh": zh.format(**params), "en": en.format(**params)}
        fld = self.header(fld) if fld else fld
        self.problems.append(ImportProblem(self.filename, row, fld, code, message))


Record = tuple[int, dict[str, str | None]]


def _basic(kind: str, records: list[Record], report: _Report) -> list[Record]:
    """Control characters, required fields and lengths; returns the good rows."""
    good = []
    for row_no, values in records:
        bad = False
        for f in FIELDS[kind]:
            value = values.get(f.name)
            refused = refused_character(value) if value is not None else None
            if refused is not None:
                report.add(row_no, f.name, "control_character", value=refused)
                bad = True
            elif value is None and f.required:
                report.add(row_no, f.name, "missing_required", value=report.header(f.name))
                bad = True
            elif value is not None and len(value) > f.max_len:
                report.add(row_no, f.name, "too_long", value=f.max_len)
                bad = True
        if not bad:
            good.append((row_no, values))
    return good


def _dedupe(
    key_field: str,
    records: list[Record],
    existing: set,
    report: _Report,
    key: Callable[[dict], object] | None = None,
) -> list[Record]:
    """Drop (and report) rows whose key repeats an earlier row or an existing database row."""
    seen: dict[object, int] = {}
    kept = []
    for row_no, values in records:
        k = key(values) if key else values[key_field]
        if k in seen:
            report.add(row_no, key_field, "duplicate_in_file", value=seen[k])
        elif k in existing:
            report.add(row_no, key_field, "duplicate_existing")
        else:
            seen[k] = row_no
            kept.append((row_no, values))
    return kept


class _UnitResolver:
    """A unit given by id, or by its Chinese or English name if that name is unique."""

    def __init__(self, db: Database) -> None:
        frame = people.units_frame(db)
        self.ids = set(frame["unit_id"])
        self.by_name: dict[str, set[str]] = {}
        for uid, zh, en in frame.itertuples(index=False):
            for name in (zh, en):
                if isinstance(name, str) and name:
                    self.by_name.setdefault(clean_text(name), set()).add(uid)

    def resolve(self, text: str, row_no: int, fld: str, report: _Report) -> str | None:
        if text in self.ids:
            return text
        found = self.by_name.get(text, set())
        if len(found) == 1:
            return next(iter(found))
        if found:
            report.add(row_no, fld, "ambiguous_unit", value=text)
        else:
            report.add(row_no, fld, "unknown_unit", value=text)
        return None


def _check_units(db: Database, records: list[Record], report: _Report, _c: str | None) -> list:
    rows = _dedupe("unit_id", _basic("unit", records, report), _UnitResolver(db).ids, report)
    known = _UnitResolver(db).ids | {v["unit_id"] for _, v in rows}
    out = []
    for row_no, v in rows:
        kind = UNIT_KINDS.get((v.get("kind") or "other").lower())
        parent = v.get("parent_id")
        if kind is None:
            report.add(row_no, "kind", "unknown_kind", value=v["kind"])
        if parent is not None and parent not in known:
            report.add(row_no, "parent_id", "unknown_unit", value=parent)
        elif kind is not None:
            out.append([row_no, v["unit_id"], v["name_zh"], v.get("name_en"), kind, parent])
    return out


def _check_subjects(db: Database, records: list[Record], report: _Report, _c: str | None) -> list:
    rows = _dedupe("subject_id", _basic("subject", records, report), people.subject_ids(db), report)
    units = _UnitResolver(db)
    out = []
    for row_no, v in rows:
        unit_id = units.resolve(v["unit"], row_no, "unit", report)
        if unit_id is not None:
            out.append([row_no, v["subject_id"], v["name"], unit_id, v["position"], v["level"]])
    return out


def _check_raters(db: Database, records: list[Record], report: _Report, _c: str | None) -> list:
    existing = set(people.rater_subjects(db))
    rows = _dedupe("rater_id", _basic("rater", records, report), existing, report)
    units, subjects = _UnitResolver(db), people.subject_ids(db)
    out = []
    for row_no, v in rows:
        unit_id = units.resolve(v["unit"], row_no, "unit", report) if v.get("unit") else None
        subject = v.get("subject_id")
        if subject is not None and subject not in subjects:
            report.add(row_no, "subject_id", "unknown_subject", value=subject)
        elif unit_id is not None or not v.get("unit"):
            out.append([row_no, v["rater_id"], v["name"], unit_id, v.get("contact"), subject])
    return out


def _check_relationships(
    db: Database, records: list[Record], report: _Report, campaign_id: str | None
) -> list:
    if campaign_id is None or not people.campaign_exists(db, campaign_id):
        report.add(None, None, "unknown_campaign", value=campaign_id)
        return []
    rows = _dedupe(
        "subject_id",
        _basic("relationship", records, report),
        people.relationship_keys(db, campaign_id),
        report,
        key=lambda v: (v["rater_id"], v["subject_id"]),
    )
    raters, subjects = people.rater_subjects(db), people.subject_ids(db)
    out = []
    for row_no, v in rows:
        rater, subject = v["rater_id"], v["subject_id"]
        group = GROUP_ALIASES.get(v["rater_group"].lower())
        problems_before = len(report.problems)
        if rater not in raters:
            report.add(row_no, "rater_id", "unknown_rater", value=rater)
        if subject not in subjects:
            report.add(row_no, "subject_id", "unknown_subject", value=subject)
        if group is None:
            report.add(row_no, "rater_group", "unknown_group", value=v["rater_group"])
        elif rater in raters and (group == "self") != (raters[rater] == subject):
            report.add(row_no, "rater_group", "self_mismatch")
        if len(report.problems) == problems_before:
            out.append([row_no, campaign_id, rater, subject, group])
    return out


_CHECKS = {
    "unit": _check_units,
    "subject": _check_subjects,
    "rater": _check_raters,
    "relationship": _check_relationships,
}
