"""Hostile uploads fail safely: zip bombs, huge declared ranges, too many rows or columns, files
that are not text, full-width ids and control characters. Each is a problem naming the file and
where, in Chinese and English, found without reading (or keeping) the whole sheet."""

from __future__ import annotations

import csv
import io
import itertools
import tracemalloc
import zipfile
from collections.abc import Callable, Iterable

import openpyxl
import pytest

from campaign import upload_checks as limits
from campaign.imports import commit_import, preview_import
from campaign.sheets import read_sheet
from tests.campaign._people_fixtures import people_db

MB = 2**20
HEADER = ["编号", "姓名", "单位", "职务", "职级"]

# -- generators ----------------------------------------------------------------------------------
_NS = "http://schemas.openxmlformats.org"
_PARTS = {
    "[Content_Types].xml": (
        f'<Types xmlns="{_NS}/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package'
        '.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats'
        '-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd'
        '.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{_NS}/package/2006/relationships"><Relationship Id="rId1"'
        f' Type="{_NS}/officeDocument/2006/relationships/officeDocument"'
        ' Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{_NS}/spreadsheetml/2006/main"'
        f' xmlns:r="{_NS}/officeDocument/2006/relationships"><sheets>'
        '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{_NS}/package/2006/relationships"><Relationship Id="rId1"'
        f' Type="{_NS}/officeDocument/2006/relationships/worksheet"'
        ' Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def row_xml(n: int, values: list[str]) -> bytes:
    cells = "".join(
        cell(f"{openpyxl.utils.get_column_letter(i)}{n}", v) for i, v in enumerate(values, 1)
    )
    return f'<row r="{n}">{cells}</row>'.encode()


def xlsx(chunks: Iterable[bytes], dimension: str = "A1:E3", *, prolog: str = "") -> bytes:
    """A minimal .xlsx whose one sheet holds ``chunks`` (row XML), streamed into the zip."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet'
                f' xmlns="{_NS}/spreadsheetml/2006/main"><dimension ref="{dimension}"/>'
                "<sheetData>".encode()
            )
            for chunk in chunks:
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return buf.getvalue()


def zip_bomb(unpacked_mb: int) -> bytes:
    """A sheet of ``unpacked_mb`` MB of identical rows; it packs to a few tens of KB."""
    same = '<row><c t="inlineStr"><is><t>炸弹</t></is></c></row>'.encode() * (MB // 50)
    return xlsx(itertools.chain([row_xml(1, HEADER)], itertools.repeat(same, unpacked_mb)))


def peak_memory(read: Callable[[], object]) -> tuple[object, int]:
    """What ``read()`` returns and the peak of memory it allocated (bytes, tracemalloc)."""
    tracemalloc.start()
    try:
        result = read()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def only_problem(sheet) -> tuple[int | None, str, str, str]:
    assert len(sheet.problems) == 1, sheet.problems
    return sheet.problems[0]


def assert_names(problem, *texts: str) -> None:
    """Both messages name every text (the file, the limit, the row)."""
    _, _, zh, en = problem
    for text in texts:
        assert text in zh and text in en, (text, zh, en)
    assert "codec" not in en and "Traceback" not in en


# -- .xlsx ---------------------------------------------------------------------------------------
def test_zip_bomb_is_refused_from_the_zip_directory_without_inflating():
    bomb = zip_bomb(200)
    assert len(bomb) < 2 * MB  # a small upload ...
    sheet, peak = peak_memory(lambda: read_sheet(bomb, "炸弹.xlsx"))
    problem = only_problem(sheet)  # ... that would unpack to 200 MB
    assert problem[1] == "too_large"
    assert_names(problem, "炸弹.xlsx", "50 MB")
    assert peak < 5 * MB


def test_a_part_packed_far_too_well_is_refused_even_under_the_size_cap():
    sheet, peak = peak_memory(lambda: read_sheet(zip_bomb(10), "ratio.xlsx"))
    problem = only_problem(sheet)
    assert problem[1] == "too_compressed"
    assert_names(problem, "ratio.xlsx", "xl/worksheets/sheet1.xml", str(limits.MAX_ZIP_RATIO))
    assert peak < 5 * MB


def test_declared_huge_range_with_tiny_content_reads_only_the_content():
    data = xlsx(
        [row_xml(1, HEADER), row_xml(2, ["S20", "甲", "U1", "科长", "正科"])],
        dimension="A1:XFD1048576",
    )
    sheet, peak = peak_memory(lambda: read_sheet(data, "range.xlsx"))
    assert sheet.problems == []
    assert sheet.header == HEADER and sheet.rows == [(2, ["S20", "甲", "U1", "科长", "正科"])]
    assert peak < 5 * MB


@pytest.mark.parametrize("far_row", [1_048_576, 200_000])
def test_a_far_away_cell_is_found_without_padding_the_sheet(far_row):
    far = f'<row r="{far_row}">{cell(f"XFD{far_row}", "远")}</row>'.encode()
    data = xlsx([row_xml(1, HEADER), far], dimension="A1:XFD1048576")
    if far_row == 1_048_576:
        sheet = read_sheet(data, "far.xlsx")
    else:  # tracemalloc slows the million empty rows in between too much: a nearer cell
        sheet, peak = peak_memory(lambda: read_sheet(data, "far.xlsx"))
        assert peak < 5 * MB
    problem = only_problem(sheet)
    assert problem[:2] == (far_row, "too_many_columns")
    assert_names(problem, "far.xlsx", str(far_row), "200")


def test_formatted_empty_cells_far_right_stop_at_the_cell_limit():
    rows = (
        f'<row r="{n}">{cell(f"A{n}", "x")}<c r="XFD{n}" s="0"/></row>'.encode()
        for n in range(2, 3002)
    )
    data = xlsx(itertools.chain([row_xml(1, HEADER)], rows))
    sheet, peak = peak_memory(lambda: read_sheet(data, "styled.xlsx"))
    problem = only_problem(sheet)
    assert problem[1] == "too_many_cells" and problem[0] < 400
    assert_names(problem, "styled.xlsx", f"{limits.MAX_CELLS:,}")
    assert peak < 20 * MB


def test_xlsx_rows_past_the_limit_stop_the_reading(monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 50)
    data = xlsx([row_xml(n, [f"S{n}", "甲", "U1", "科长", "正科"]) for n in range(1, 500)])
    problem = only_problem(read_sheet(data, "many.xlsx"))
    assert problem[:2] == (52, "too_many_rows")  # header + 50 data rows are allowed
    assert_names(problem, "many.xlsx", "50", "52")


def test_value_in_column_201_is_refused_naming_the_row():
    data = xlsx([row_xml(1, HEADER), row_xml(2, ["S20"] + [""] * 199 + ["x"])])
    problem = only_problem(read_sheet(data, "wide.xlsx"))
    assert problem[:2] == (2, "too_many_columns")


def test_entity_expansion_in_the_sheet_xml_is_a_problem_not_a_hang():
    lol = "".join(f'<!ENTITY l{i + 1} "{f"&l{i};" * 10}">' for i in range(9))
    prolog = f'<!DOCTYPE worksheet [<!ENTITY l0 "lol">{lol}]>'
    data = xlsx([f'<row r="1">{cell("A1", "&l9;")}</row>'.encode()], prolog=prolog)
    sheet, peak = peak_memory(lambda: read_sheet(data, "lol.xlsx"))
    problem = only_problem(sheet)
    assert problem[1] == "unreadable"
    assert_names(problem, "lol.xlsx", "DOCTYPE")
    assert peak < 5 * MB


def test_old_xls_or_password_protected_file_gets_a_clear_message():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    problem = only_problem(read_sheet(ole, "加密.xlsx"))
    assert problem[1] == "unreadable" and "password" in problem[3] and "密码" in problem[2]


# -- .csv ----------------------------------------------------------------------------------------
def _csv_lines(n: int) -> bytes:
    return ("\n".join([",".join(HEADER)] + [f"S{i},甲,U1,科长,正科" for i in range(n)])).encode()


def test_csv_with_the_maximum_rows_is_read_and_one_more_is_refused():
    sheet = read_sheet(_csv_lines(limits.MAX_ROWS), "max.csv")
    assert sheet.problems == [] and len(sheet.rows) == limits.MAX_ROWS
    problem = only_problem(read_sheet(_csv_lines(limits.MAX_ROWS + 1), "over.csv"))
    assert problem[:2] == (limits.MAX_ROWS + 2, "too_many_rows")
    assert_names(problem, "over.csv", "100,000")


def test_rows_are_read_lazily_and_reading_stops_at_the_limit():
    endless = ((n, ["x"]) for n in itertools.count(1))
    with pytest.raises(limits.UploadRefused) as refused:
        limits.capped_rows(endless, "endless.csv")
    assert refused.value.row == limits.MAX_ROWS + 2
    assert next(endless)[0] == limits.MAX_ROWS + 3  # nothing read past the refused row


def test_csv_too_wide_and_trailing_empty_columns():
    wide = (",".join(HEADER) + "\nS1" + ",x" * 200 + "\n").encode()
    problem = only_problem(read_sheet(wide, "wide.csv"))
    assert problem[:2] == (2, "too_many_columns")
    assert_names(problem, "wide.csv", "200")
    trailing = (",".join(HEADER) + "," * 500 + "\nS1,甲,U1,科长,正科" + "," * 500).encode()
    sheet = read_sheet(trailing, "trailing.csv")
    assert sheet.problems == [] and sheet.rows == [(2, ["S1", "甲", "U1", "科长", "正科"])]


def test_csv_over_the_size_limit_is_refused_before_decoding():
    data = b"a," * (limits.MAX_TEXT_BYTES // 2 + 1)
    sheet, peak = peak_memory(lambda: read_sheet(data, "big.csv"))
    problem = only_problem(sheet)
    assert problem[1] == "too_large"
    assert_names(problem, "big.csv", "20 MB")
    assert peak < MB


def test_csv_cell_running_away_on_an_unmatched_quote():
    data = ('编号,姓名\nS1,甲\nS2,"乙\n' + "x" * 200_000).encode()
    problem = only_problem(read_sheet(data, "quote.csv"))
    assert problem[:2] == (3, "cell_too_long")
    assert_names(problem, "quote.csv", "131,072", "3")


# -- encodings -----------------------------------------------------------------------------------
UNICODE_TEXT = "编号\t姓名\t单位\t职务\t职级\r\nS20\t甲\tU1\t科长\t正科\r\n"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-16", "utf-16"),  # Excel's "Unicode text": UTF-16 LE with BOM, tab-separated
        ("utf-32", "utf-32"),
        ("utf-16-le", "utf-16-le"),  # no BOM: recognised by its zero bytes
        ("utf-16-be", "utf-16-be"),
    ],
)
def test_utf16_and_utf32_text_is_read(encoding, expected):
    data = UNICODE_TEXT.encode(encoding)
    if encoding == "utf-16-be":
        data = "\ufeff".encode(encoding) + data  # with its BOM
        expected = "utf-16"
    sheet = read_sheet(data, "unicode.txt")
    assert sheet.problems == [] and sheet.encoding == expected
    assert sheet.header == HEADER and sheet.rows == [(2, ["S20", "甲", "U1", "科长", "正科"])]


def test_undecodable_bytes_name_the_file_line_and_offset():
    data = "编号,姓名\nS1,甲\n".encode() + b"S2,\x80\xff\n"
    problem = only_problem(read_sheet(data, "乱码.csv"))
    offset = len("编号,姓名\nS1,甲\n".encode()) + 3
    assert problem[1] == "undecodable"
    assert_names(problem, "乱码.csv", "UTF-8", "GB18030", "UTF-16", "3", str(offset))
    assert "not text in UTF-8, GB18030 or UTF-16" in problem[3]


def test_a_workbook_uploaded_as_csv_is_not_text():
    book, buf = openpyxl.Workbook(), io.BytesIO()
    book.active.append(HEADER)
    book.save(buf)
    problem = only_problem(read_sheet(buf.getvalue(), "really.csv"))
    assert problem[1] == "undecodable" and "really.csv" in problem[3]


# -- identifiers and names -----------------------------------------------------------------------
@pytest.fixture
def db():
    database = people_db()
    yield database
    database.close()


def test_full_width_ids_are_the_same_people(db):
    text = "编号,姓名,单位,职务,职级\nＳ１,张伟,Ｕ１,局长,正处\n"
    preview = preview_import(db, "subject", text.encode(), "全角.csv")
    assert [(p.row, p.field, p.code) for p in preview.problems] == [
        (2, "编号", "duplicate_existing")  # a problem names the file's own header (#12)
    ]
    text = "编号,姓名,单位,职务,职级\n\u3000ｓ００９ ,ＡＬＩ,\u3000和平区发改局,局长,正处\n"
    preview = preview_import(db, "subject", text.encode(), "全角.csv")
    assert preview.ok
    assert preview.rows[["subject_id", "name", "unit_id"]].values.tolist() == [
        ["s009", "ALI", "U1"]
    ]
    rel = "评价人编号,被评价人编号,评价关系\nＲ２,Ｓ１,下级\n"
    preview = preview_import(db, "relationship", rel.encode(), "r.csv", campaign_id="C1")
    assert preview.ok and commit_import(db, preview) == 1


def _subjects_csv(*rows: list[str]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out).writerows([HEADER, *rows])
    return out.getvalue().encode()


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("张\x00伟", "U+0000"),
        ("张\x1b[31m伟", "U+001B"),
        ("张\x85伟", "U+0085"),
        ("李\u202e娜", "U+202E"),
        ("李\u2066娜\u2069", "U+2066"),
        ("王\u200f强", "U+200F"),
        ("王\u061c强", "U+061C"),
        ("赵\n敏", "U+000A"),
    ],
)
def test_control_and_bidi_characters_are_refused_naming_row_and_field(db, value, shown):
    data = _subjects_csv(["S30", "甲", "U1", "科长", "正科"], ["S31", value, "U1", "科长", "正科"])
    preview = preview_import(db, "subject", data, "c.csv")
    assert [(p.file, p.row, p.field, p.code) for p in preview.problems] == [
        ("c.csv", 3, HEADER[1], "control_character")
    ]
    message = preview.problems[0].message
    assert shown in message["zh"] and f"contains a control character {shown}" in message["en"]


def test_bidi_override_in_an_xlsx_cell_is_refused(db):
    book, buf = openpyxl.Workbook(), io.BytesIO()
    book.active.append(["评价人编号", "姓名", "联系方式"])
    book.active.append(["R30", "赵敏", "138\u202e0000"])
    book.save(buf)
    preview = preview_import(db, "rater", buf.getvalue(), "r.xlsx")
    assert [(p.row, p.field, p.code) for p in preview.problems] == [
        (2, "联系方式", "control_character")
    ]
