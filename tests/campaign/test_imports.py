"""Imports: encodings, Excel, every problem with its row and field, all-or-nothing commit."""

from __future__ import annotations

import io

import openpyxl
import pytest

from campaign.imports import ImportRefused, commit_import, preview_import
from storage import people
from storage.db import StorageError
from tests.campaign._people_fixtures import DATA, people_db


@pytest.fixture
def db():
    database = people_db()
    yield database
    database.close()


def _csv(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def _codes(preview) -> list[tuple[int | None, str | None, str]]:
    return [(p.row, p.field, p.code) for p in preview.problems]


def _count(db, table: str) -> int:
    return int(db.query_df(f"SELECT count(*) AS n FROM {table}")["n"].iloc[0])  # noqa: S608


SUBJECTS_ZH = (DATA / "subjects_zh.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"), ("gb18030", "gb18030")],
)
def test_csv_is_read_in_each_encoding_and_says_which(db, encoding, expected):
    preview = preview_import(db, "subject", SUBJECTS_ZH.encode(encoding), "干部.csv")
    assert preview.problems == []
    assert preview.encoding == expected
    assert list(preview.rows["name"]) == ["刘洋", "陈静", "杨帆"]
    # a unit is found by Chinese name, by id or by English name
    assert list(preview.rows["unit_id"]) == ["U1", "U2", "U2"]
    assert list(preview.rows["row"]) == [2, 3, 4]


def test_preview_writes_nothing_and_commit_writes_all(db):
    before = _count(db, "subject")
    preview = preview_import(db, "subject", SUBJECTS_ZH.encode(), "s.csv")
    assert _count(db, "subject") == before
    assert commit_import(db, preview) == 3
    assert _count(db, "subject") == before + 3
    row = db.query_df("SELECT * FROM subject WHERE subject_id = 'S12'").iloc[0]
    assert (row["name"], row["unit_id"], row["position"], row["level"]) == (
        "杨帆",
        "U2",
        "科员",
        "一级科员",
    )


def test_xlsx_with_chinese_headers_and_numeric_ids(db):
    preview = preview_import(db, "rater", (DATA / "raters_zh.xlsx").read_bytes(), "raters.xlsx")
    assert preview.problems == []
    assert preview.encoding is None
    assert list(preview.rows["rater_id"]) == ["2001", "2002"]
    assert list(preview.rows["unit_id"]) == ["U3", "U1"]
    assert commit_import(db, preview) == 2
    assert people.rater_subjects(db)["2002"] == "S3"


def test_english_rater_file_with_optional_blanks(db):
    preview = preview_import(db, "rater", (DATA / "raters_en.csv").read_bytes(), "raters_en.csv")
    assert preview.ok, [str(p) for p in preview.problems]
    commit_import(db, preview)
    assert people.rater_subjects(db)["R11"] is None


def test_units_with_chinese_kinds_and_parent_in_same_file(db):
    preview = preview_import(db, "unit", (DATA / "units.csv").read_bytes(), "units.csv")
    assert preview.ok, [str(p) for p in preview.problems]
    assert list(preview.rows["kind"]) == ["bureau", "street", "community"]
    commit_import(db, preview)
    assert set(people.units_frame(db)["unit_id"]) >= {"U10", "U11", "U12"}


def test_relationships_map_chinese_group_names(db):
    data = (DATA / "relationships_zh.csv").read_bytes()
    preview = preview_import(db, "relationship", data, "rel.csv", campaign_id="C1")
    assert preview.ok, [str(p) for p in preview.problems]
    assert list(preview.rows["rater_group"]) == [
        "self",
        "subordinate",
        "peer",
        "public",
        "observer",
    ]
    assert commit_import(db, preview) == 5
    assert ("R2", "S2") in people.relationship_keys(db, "C1")


def test_xlsx_built_in_test_with_blank_row_keeps_spreadsheet_row_numbers(db):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["编号", "姓名", "单位", "职务", "职级"])
    sheet.append(["S20", "甲", "U1", "科长", "正科"])
    sheet.append([None, None, None, None, None])
    sheet.append(["S21", None, "U1", "科长", "正科"])
    buf = io.BytesIO()
    book.save(buf)
    preview = preview_import(db, "subject", buf.getvalue(), "s.xlsx")
    assert _codes(preview) == [(4, "姓名", "missing_required")]


PROBLEM_CASES = [
    # (kind, csv text, expected (row, column as the file heads it, code) list; #12: a problem
    # named the field, name_zh or parent_id, although the file's header was 单位名称 or 上级单位)
    ("subject", "编号,姓名,单位,职务,职级\nS20,,U1,科长,正科\n", [(2, "姓名", "missing_required")]),
    ("subject", "编号,姓名,单位,职务,职级\nS20,甲,U9,科长,正科\n", [(2, "单位", "unknown_unit")]),
    (
        "subject",
        "编号,姓名,单位,职务,职级\nS20,甲,U1,科长,正科\nS20,乙,U1,科员,科员\n",
        [(3, "编号", "duplicate_in_file")],
    ),
    (
        "subject",
        "编号,姓名,单位,职务,职级\nS1,甲,U1,科长,正科\n",
        [(2, "编号", "duplicate_existing")],
    ),
    (
        "subject",
        "编号,姓名,单位,职务,职级\nS20,甲,U1," + "长" * 201 + ",正科\n",
        [(2, "职务", "too_long")],
    ),
    ("subject", "编号,姓名,单位,职务\nS20,甲,U1,科长\n", [(1, "level", "missing_header")]),
    (
        "subject",
        "编号,姓名,单位,职务,职级别\nS20,甲,U1,科长,正科\n",
        [(1, "职级别", "unknown_header"), (1, "level", "missing_header")],
    ),
    ("subject", "", [(None, None, "empty_file")]),
    ("subject", "编号,姓名,单位,职务,职级\n", [(1, None, "empty_file")]),
    ("rater", "编号,姓名,干部编号\nR20,甲,S9\n", [(2, "干部编号", "unknown_subject")]),
    ("unit", "编号,单位名称,类型,上级单位\nU20,某局,局,U99\n", [(2, "上级单位", "unknown_unit")]),
    ("unit", "编号,单位名称,类型\nU20,某局,大队\n", [(2, "类型", "unknown_kind")]),
    (
        "relationship",
        "评价人编号,被评价人编号,评价关系\nR9,S1,上级\n",
        [(2, "评价人编号", "unknown_rater")],
    ),
    (
        "relationship",
        "评价人编号,被评价人编号,评价关系\nR2,S9,上级\n",
        [(2, "被评价人编号", "unknown_subject")],
    ),
    (
        "relationship",
        "评价人编号,被评价人编号,评价关系\nR2,S1,领导班子\n",
        [(2, "评价关系", "unknown_group")],
    ),
    (
        "relationship",
        "评价人编号,被评价人编号,评价关系\nR2,S1,本人\nR1,S1,上级\n",
        [(2, "评价关系", "self_mismatch"), (3, "评价关系", "self_mismatch")],
    ),
    (
        "relationship",
        "评价人编号,被评价人编号,评价关系\nR2,S1,上级\nR2,S1,同级\n",
        [(3, "被评价人编号", "duplicate_in_file")],
    ),
]


@pytest.mark.parametrize(("kind", "text", "expected"), PROBLEM_CASES)
def test_each_problem_names_file_row_and_field(db, kind, text, expected):
    preview = preview_import(db, kind, _csv(text), "bad.csv", campaign_id="C1")
    assert _codes(preview) == expected
    assert all(
        p.file == "bad.csv" and p.message["zh"] and p.message["en"] for p in preview.problems
    )
    assert not preview.ok


def test_wrong_header_suggests_the_accepted_name(db):
    preview = preview_import(db, "subject", _csv("编号,姓名,单位,职务,职级别\n"), "s.csv")
    unknown = next(p for p in preview.problems if p.code == "unknown_header")
    assert "职级" in unknown.message["zh"] and "did you mean" in unknown.message["en"]
    missing = next(p for p in preview.problems if p.code == "missing_header")
    assert "职级别" in missing.message["en"]


def test_relationship_duplicate_of_existing_pair_and_missing_campaign(db):
    text = "评价人编号,被评价人编号,评价关系\nR2,S1,下级\n"
    commit_import(db, preview_import(db, "relationship", _csv(text), "r.csv", campaign_id="C1"))
    again = preview_import(db, "relationship", _csv(text), "r.csv", campaign_id="C1")
    assert _codes(again) == [(2, "被评价人编号", "duplicate_existing")]
    nowhere = preview_import(db, "relationship", _csv(text), "r.csv", campaign_id="nope")
    assert _codes(nowhere) == [(None, None, "unknown_campaign")]


def test_unreadable_and_unsupported_files_are_problems_not_crashes(db):
    assert _codes(preview_import(db, "subject", b"\x00\x01", "x.xls")) == [
        (None, None, "unreadable")
    ]
    assert _codes(preview_import(db, "subject", b"PK\x03\x04junk", "x.xlsx")) == [
        (None, None, "unreadable")
    ]


def test_commit_refuses_a_preview_with_problems(db):
    text = "编号,姓名,单位,职务,职级\nS20,,U1,a,b\n"
    preview = preview_import(db, "subject", _csv(text), "s.csv")
    with pytest.raises(ImportRefused):
        commit_import(db, preview)
    assert _count(db, "subject") == 3


def _many_subjects(n: int) -> bytes:
    lines = ["编号,姓名,单位,职务,职级"] + [f"X{i},人{i},U1,科员,科员" for i in range(n)]
    return "\n".join(lines).encode("utf-8")


def test_progress_is_reported_in_chunks(db):
    preview = preview_import(db, "subject", _many_subjects(1200), "many.csv")
    calls: list[tuple[float, str]] = []
    assert commit_import(db, preview, lambda f, m: calls.append((f, m)), chunk_size=500) == 1200
    fractions = [f for f, _ in calls]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert len(calls) == 5  # start, three chunks, done
    assert fractions == sorted(fractions)
    assert "500/1200" in calls[1][1]


def test_failure_mid_commit_leaves_nothing(db):
    preview = preview_import(db, "subject", _many_subjects(1200), "many.csv")

    def fail_on_second_chunk(fraction: float, message: str) -> None:
        if "1000/1200" in message:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        commit_import(db, preview, fail_on_second_chunk, chunk_size=500)
    assert _count(db, "subject") == 3


def test_database_conflict_after_preview_rolls_back_everything(db):
    preview = preview_import(db, "subject", _many_subjects(1200), "many.csv")
    # someone else inserts one of the ids between preview and commit
    commit_import(
        db,
        preview_import(
            db, "subject", _csv("编号,姓名,单位,职务,职级\nX1100,抢先,U1,科员,科员\n"), "one.csv"
        ),
    )
    with pytest.raises(StorageError):
        commit_import(db, preview, chunk_size=500)
    assert _count(db, "subject") == 4
