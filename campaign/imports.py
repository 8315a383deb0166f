"""Imports of units, subjects (cadres), raters and relationships from CSV or Excel, in two steps.

1. :func:`preview_import` reads the file, maps the (English or Chinese) headers, checks every row
   against the file and the database and returns an :class:`ImportPreview`: the parsed rows and
   every problem with the file name, the row as the user sees it (header = row 1) and the field.
   Nothing is written.
2. :func:`commit_import` writes a problem-free preview in ONE all-or-nothing transaction
   (``storage.people.insert_import``), reporting progress per chunk.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from campaign.sheets import read_sheet
from storage import people
from storage.db import Database

ImportKind = str  # "unit" | "subject" | "rater" | "relationship"
KINDS = ("unit", "subject", "rater", "relationship")
RATER_GROUPS = ("superior", "peer", "subordinate", "self", "public", "observer")

#: Chinese (and English) spellings of the rater groups.
GROUP_ALIASES: dict[str, str] = {
    **{g: g for g in RATER_GROUPS},
    "上级": "superior", "领导": "superior", "同级": "peer", "同事": "peer", "下级": "subordinate",
    "本人": "self", "自评": "self", "服务对象": "public", "群众": "public",
    "观察员": "observer", "政绩观察员": "observer",
}
UNIT_KINDS: dict[str, str] = {
    "bureau": "bureau", "street": "street", "community": "community", "other": "other",
    "局": "bureau", "部门": "bureau", "委办局": "bureau", "街道": "street", "社区": "community",
    "其他": "other",
}


@dataclass(frozen=True, slots=True)
class Field:
    """One import column: its canonical name, the headers accepted for it, and its limits."""

    name: str
    aliases: tuple[str, ...]
    required: bool = True
    max_len: int = 100


_ID = 64
FIELDS: dict[str, tuple[Field, ...]] = {
    "unit": (
        Field("unit_id", ("unit_id", "id", "单位编号", "编号", "单位代码"), max_len=_ID),
        Field("name_zh", ("name_zh", "name", "unit_name", "单位名称", "名称", "单位")),
        Field("name_en", ("name_en", "english_name", "英文名称", "英文名"), required=False),
        Field("kind", ("kind", "type", "单位类型", "类型", "类别"), required=False, max_len=20),
        Field("parent_id", ("parent_id", "parent", "上级单位编号", "上级单位"), False, _ID),
    ),
    "subject": (
        Field("subject_id", ("subject_id", "id", "干部编号", "编号", "工号"), max_len=_ID),
        Field("name", ("name", "姓名", "名字")),
        Field("unit", ("unit", "unit_id", "单位", "所在单位", "单位编号", "工作单位")),
        Field("position", ("position", "title", "职务", "岗位"), max_len=200),
        Field("level", ("level", "rank", "职级", "级别"), max_len=50),
    ),
    "rater": (
        Field("rater_id", ("rater_id", "id", "评价人编号", "编号", "工号"), max_len=_ID),
        Field("name", ("name", "姓名", "名字")),
        Field("unit", ("unit", "unit_id", "单位", "所在单位", "单位编号"), required=False),
        Field("contact", ("contact", "phone", "email", "联系方式", "电话", "手机", "邮箱"),
              required=False, max_len=200),
        Field("subject_id", ("subject_id", "subject", "干部编号", "对应干部编号"), False, _ID),
    ),
    "relationship": (
        Field("rater_id", ("rater_id", "rater", "评价人编号", "评价人"), max_len=_ID),
        Field("subject_id", ("subject_id", "subject", "被评价人编号", "被评价人", "干部编号"),
              max_len=_ID),
        Field("rater_group", ("rater_group", "group", "评价关系", "关系", "评价人类别"), True, 20),
    ),
}
_ID_FIELD = {"unit": "unit_id", "subject": "subject_id", "rater": "rater_id"}


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
    db: Database, kind: ImportKind, file_bytes: bytes, filename: str, *,
    campaign_id: str | None = None,
) -> ImportPreview:
    """Read and check an import file; write nothing.

    ``kind`` is one of ``unit, subject, rater, relationship``; a relationship import needs the
    ``campaign_id`` it belongs to. CSV is decoded as UTF-8 (with or without BOM) or else GB18030
    (a superset of GBK); the encoding used is in ``ImportPreview.encoding``.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}; expected one of {KINDS}")
    sheet = read_sheet(file_bytes, filename)
    report = _Report(filename)
    for row, code, zh, en in sheet.problems:
        report.add(row, None, code, zh, en)
    columns = ["row", *people.IMPORT_TABLES[kind][1]]
    empty = pd.DataFrame(columns=columns)
    if sheet.problems:
        return ImportPreview(kind, filename, empty, report.problems, sheet.encoding, campaign_id)
    mapping = _map_headers(kind, sheet.header_row, sheet.header, report)
    if mapping is None:
        return ImportPreview(kind, filename, empty, report.problems, sheet.encoding, campaign_id)
    records = [
        (row_no, {name: _cell(cells, i) for i, name in mapping.items()})
        for row_no, cells in sheet.rows
    ]
    if not records:
        report.add(sheet.header_row, None, "empty_file", "文件没有数据行", "no data rows")
    checked = _CHECKS[kind](db, records, report, campaign_id)
    frame = pd.DataFrame(checked, columns=columns) if checked else empty
    return ImportPreview(kind, filename, frame, report.problems, sheet.encoding, campaign_id)


def commit_import(
    db: Database, preview: ImportPreview, progress: ProgressCallback | None = None, *,
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
def _norm(header: str) -> str:
    text = re.sub(r"[(（\[【].*?[)）\]】]", "", header)  # "姓名(必填)" -> "姓名"
    return re.sub(r"[\s\-]+", "_", text.strip().strip("*＊").strip().lower())


def _map_headers(
    kind: str, header_row: int, header: list[str], report: _Report
) -> dict[int, str] | None:
    """Column index -> field name, or ``None`` when a required column is missing."""
    lookup = {_norm(a): f.name for f in FIELDS[kind] for a in f.aliases}
    mapping: dict[int, str] = {}
    unknown: list[str] = []
    for i, raw in enumerate(header):
        if not raw.strip():
            continue
        name = lookup.get(_norm(raw))
        if name is None:
            unknown.append(raw)
            hint = difflib.get_close_matches(_norm(raw), list(lookup), n=1, cutoff=0.5)
            tip_zh = f";是否应为「{hint[0]}」?" if hint else ""
            tip_en = f"; did you mean {hint[0]!r}?" if hint else ""
            report.add(header_row, raw, "unknown_header", f"无法识别的列名「{raw}」{tip_zh}",
                       f"unknown column {raw!r}{tip_en}")
        elif name in mapping.values():
            report.add(header_row, raw, "duplicate_header", f"列「{raw}」重复",
                       f"column {raw!r} appears twice")
        else:
            mapping[i] = name
    missing = [f for f in FIELDS[kind] if f.required and f.name not in mapping.values()]
    for f in missing:
        close = [u for u in unknown
                 if difflib.get_close_matches(_norm(u), [_norm(a) for a in f.aliases], 1, 0.5)]
        hint = close[0] if close else f.aliases[0]
        report.add(header_row, f.name, "missing_header",
                   f"缺少必需的列「{f.name}」(可用列名:{'、'.join(f.aliases)});是否应为「{hint}」?",
                   f"missing required column {f.name!r} (accepted: {', '.join(f.aliases)});"
                   f" did you mean {hint!r}?")
    return None if missing else mapping


def _cell(cells: list[str], i: int) -> str | None:
    value = cells[i].strip() if i < len(cells) else ""
    return value or None


# -- row checks -----------------------------------------------------------------------------------
class _Report:
    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[ImportProblem] = []

    def add(self, row: int | None, fld: str | None, code: str, zh: str, en: str) -> None:
        self.problems.append(ImportProblem(self.filename, row, fld, code, {"zh": zh, "en": en}))


Record = tuple[int, dict[str, str | None]]


def _basic(kind: str, records: list[Record], report: _Report) -> list[Record]:
    """Required fields and lengths, then duplicate ids within the file; returns the good rows."""
    good = []
    for row_no, values in records:
        bad = False
        for f in FIELDS[kind]:
            value = values.get(f.name)
            if value is None and f.required:
                report.add(row_no, f.name, "missing_required", f"「{f.name}」为必填项",
                           f"{f.name} is required")
                bad = True
            elif value is not None and len(value) > f.max_len:
                report.add(row_no, f.name, "too_long", f"超过 {f.max_len} 个字符",
                           f"longer than {f.max_len} characters")
                bad = True
        if not bad:
            good.append((row_no, values))
    return good


def _dedupe(key_field: str, records: list[Record], existing: set, report: _Report,
            key: Callable[[dict], object] | None = None) -> list[Record]:
    """Drop (and report) rows whose key repeats an earlier row or an existing database row."""
    seen: dict[object, int] = {}
    kept = []
    for row_no, values in records:
        k = key(values) if key else values[key_field]
        if k in seen:
            report.add(row_no, key_field, "duplicate_in_file", f"与第 {seen[k]} 行重复",
                       f"duplicate of row {seen[k]} in this file")
        elif k in existing:
            report.add(row_no, key_field, "duplicate_existing", "与系统中已有记录重复",
                       "already exists in the database")
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
                    self.by_name.setdefault(name, set()).add(uid)

    def resolve(self, text: str, row_no: int, fld: str, report: _Report) -> str | None:
        if text in self.ids:
            return text
        found = self.by_name.get(text, set())
        if len(found) == 1:
            return next(iter(found))
        if found:
            report.add(row_no, fld, "ambiguous_unit",
                       f"单位名称「{text}」对应多个单位,请填单位编号",
                       f"unit name {text!r} matches several units; give the unit id")
        else:
            report.add(row_no, fld, "unknown_unit", f"未知单位「{text}」",
                       f"unknown unit {text!r}")
        return None


def _check_units(db: Database, records: list[Record], report: _Report, _c: str | None) -> list:
    rows = _dedupe("unit_id", _basic("unit", records, report), _UnitResolver(db).ids, report)
    known = _UnitResolver(db).ids | {v["unit_id"] for _, v in rows}
    out = []
    for row_no, v in rows:
        kind = UNIT_KINDS.get((v.get("kind") or "other").lower())
        parent = v.get("parent_id")
        if kind is None:
            report.add(row_no, "kind", "unknown_kind", f"未知单位类型「{v['kind']}」",
                       f"unknown unit kind {v['kind']!r} (bureau/street/community/other)")
        if parent is not None and parent not in known:
            report.add(row_no, "parent_id", "unknown_unit", f"未知上级单位「{parent}」",
                       f"unknown parent unit {parent!r}")
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
            report.add(row_no, "subject_id", "unknown_subject", f"未知干部编号「{subject}」",
                       f"unknown subject {subject!r}")
        elif unit_id is not None or not v.get("unit"):
            out.append([row_no, v["rater_id"], v["name"], unit_id, v.get("contact"), subject])
    return out


def _check_relationships(
    db: Database, records: list[Record], report: _Report, campaign_id: str | None
) -> list:
    if campaign_id is None or not people.campaign_exists(db, campaign_id):
        report.add(None, None, "unknown_campaign", "请先选择一个已有的测评活动",
                   f"relationships need an existing campaign (got {campaign_id!r})")
        return []
    rows = _dedupe("subject_id", _basic("relationship", records, report),
                   people.relationship_keys(db, campaign_id), report,
                   key=lambda v: (v["rater_id"], v["subject_id"]))
    raters, subjects = people.rater_subjects(db), people.subject_ids(db)
    out = []
    for row_no, v in rows:
        rater, subject = v["rater_id"], v["subject_id"]
        group = GROUP_ALIASES.get(v["rater_group"].lower())
        problems_before = len(report.problems)
        if rater not in raters:
            report.add(row_no, "rater_id", "unknown_rater", f"未知评价人「{rater}」",
                       f"unknown rater {rater!r}")
        if subject not in subjects:
            report.add(row_no, "subject_id", "unknown_subject", f"未知被评价人「{subject}」",
                       f"unknown subject {subject!r}")
        if group is None:
            report.add(row_no, "rater_group", "unknown_group",
                       f"未知评价关系「{v['rater_group']}」(上级/同级/下级/本人/服务对象/观察员)",
                       f"unknown rater group {v['rater_group']!r} ({', '.join(RATER_GROUPS)})")
        elif rater in raters and (group == "self") != (raters[rater] == subject):
            report.add(row_no, "rater_group", "self_mismatch",
                       "「本人」关系要求评价人正是该干部,反之亦然",
                       "'self' is required exactly when the rater is that subject")
        if len(report.problems) == problems_before:
            out.append([row_no, campaign_id, rater, subject, group])
    return out


_CHECKS = {
    "unit": _check_units, "subject": _check_subjects, "rater": _check_raters,
    "relationship": _check_relationships,
}
