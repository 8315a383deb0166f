"""Limits on uploaded import files, checked before (and while) a parser reads them.

An ``.xlsx`` file is a zip archive: :func:`check_xlsx_zip` first reads only its directory and
refuses an archive that would unpack to more than :data:`MAX_UNZIPPED_BYTES` or that is packed
suspiciously well (a "zip bomb"); ``zipfile`` never inflates a part beyond the size its directory
declares, so the declared sizes are a real bound. Then it streams the parts (a few KB at a time)
to refuse an XML ``<!DOCTYPE`` (entity expansion), which Excel never writes.
:func:`decode_text` reads ``.csv``/``.txt`` bytes as UTF-8, GB18030 or, with a byte-order mark,
UTF-16 or UTF-32 (Excel's "Unicode text").
:func:`capped_rows` keeps the non-blank rows of a stream of rows and stops at the first row past
:data:`MAX_ROWS`, :data:`MAX_COLUMNS` or :data:`MAX_CELLS`, so a sheet is never materialised whole.

Every refusal is an :class:`UploadRefused` with a bilingual message naming the file, where in it
and the limit; ``campaign.sheets.read_sheet`` turns it into a problem of the sheet.
"""

from __future__ import annotations

import codecs
import io
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from itertools import takewhile

MB = 2**20
MAX_TEXT_BYTES = 20 * MB  #: a .csv/.txt file
MAX_UNZIPPED_BYTES = 50 * MB  #: all parts of an .xlsx file, unpacked
MAX_ZIP_RATIO = 100  #: a part larger than ZIP_RATIO_FLOOR unpacks to at most 100 x its packed size
ZIP_RATIO_FLOOR = 1 * MB
MAX_ZIP_PARTS = 1_000
MAX_ROWS = 100_000  #: data rows (non-blank rows after the header)
MAX_COLUMNS = 200  #: up to the last non-blank cell of a row
MAX_CELLS = 5_000_000  #: cells read, blank ones (formatted but empty) included
EXCEL_LAST_ROW = 1_048_576  #: rows numbered beyond Excel's last row are not read

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and password-protected .xlsx

#: Code -> (Chinese, English) message template; every template names the file.
MESSAGES: dict[str, tuple[str, str]] = {
    "too_large": (
        "文件「{file}」大于 {limit} MB,请拆分后分批导入",
        "{file} is larger than {limit} MB; split it and import the parts one by one",
    ),
    "unzipped_too_large": (
        "Excel 文件「{file}」解压后大于 {limit} MB,请拆分后分批导入",
        "the Excel file {file} unpacks to more than {limit} MB; split it and import the parts",
    ),
    "too_compressed": (
        "Excel 文件「{file}」中的「{part}」压缩比异常(超过 {limit} 倍),疑似压缩炸弹,已拒绝",
        "the Excel file {file} is refused: its part {part!r} is packed more than {limit} times"
        " (a zip bomb?)",
    ),
    "too_many_parts": (
        "「{file}」包含 {count} 个部件(最多 {limit} 个),不是常规的 Excel 文件",
        "{file} has {count} parts (at most {limit}); it is not an ordinary Excel file",
    ),
    "not_xlsx": (
        "「{file}」不是 .xlsx 文件(可能是旧版 .xls 或设置了密码);请在 Excel 中另存为无密码的 .xlsx",
        "{file} is not an .xlsx file (an old .xls, or password-protected?); save it in Excel as"
        " .xlsx without a password",
    ),
    "xml_doctype": (
        "「{file}」中的「{part}」含有 XML 文档类型声明(DOCTYPE),Excel 不会写入这种内容,已拒绝",
        "{file} is refused: its part {part!r} declares an XML document type (DOCTYPE), which"
        " Excel never writes",
    ),
    "not_zip": (
        "「{file}」不是有效的 .xlsx 文件(无法解压)",
        "{file} is not a valid .xlsx file (it cannot be unpacked)",
    ),
    "undecodable": (
        "「{file}」不是 UTF-8、GB18030 或 UTF-16 编码的文本:第 {line} 行(字节偏移 {offset})"
        "无法解码;请在 Excel 中「另存为 → CSV UTF-8」后再上传",
        "{file} is not text in UTF-8, GB18030 or UTF-16: line {line} (byte offset {offset})"
        " cannot be decoded; in Excel use Save As → CSV UTF-8 and upload it again",
    ),
    "too_many_rows": (
        "「{file}」的数据超过 {limit:,} 行(第 {row} 行起未读取);请拆分后分批导入",
        "{file} has more than {limit:,} data rows (reading stopped at row {row}); split it"
        " and import the parts one by one",
    ),
    "too_many_columns": (
        "「{file}」第 {row} 行超过 {limit} 列;请删除多余的列",
        "{file}, row {row}, has more than {limit} columns; delete the extra columns",
    ),
    "too_many_cells": (
        "「{file}」的单元格超过 {limit:,} 个(含带格式的空单元格,读到第 {row} 行);"
        "请删除多余的行和列",
        "{file} has more than {limit:,} cells (formatted empty cells included; reading stopped"
        " at row {row}); delete the unused rows and columns",
    ),
    "cell_too_long": (
        "「{file}」第 {row} 行有一个单元格过长(超过 {limit:,} 个字符),可能是引号不配对",
        "{file}, row {row}, has a cell longer than {limit:,} characters (an unmatched quote?)",
    ),
}


#: Message -> problem code where several messages share one code.
_CODES = {
    "not_xlsx": "unreadable",
    "not_zip": "unreadable",
    "xml_doctype": "unreadable",
    "too_many_parts": "unreadable",
    "unzipped_too_large": "too_large",
}


class UploadRefused(ValueError):
    """A file refused before or while reading it: ``code``, the row if known, zh/en messages."""

    def __init__(self, code: str, *, row: int | None = None, **params: object) -> None:
        zh, en = MESSAGES[code]
        self.code, self.row = _CODES.get(code, code), row
        self.zh, self.en = zh.format(row=row, **params), en.format(row=row, **params)
        super().__init__(self.en)

    def problem(self) -> tuple[int | None, str, str, str]:
        """As a ``Sheet`` problem: ``(row, code, message_zh, message_en)``."""
        return (self.row, self.code, self.zh, self.en)


# -- .xlsx -----------------------------------------------------------------------------------------
def check_xlsx_zip(data: bytes, filename: str) -> None:
    """Refuse an .xlsx file by its zip directory: too many parts, too large once unpacked, or a
    part packed more than :data:`MAX_ZIP_RATIO` times (when over :data:`ZIP_RATIO_FLOOR`); then,
    the sizes being bounded, by its parts: an XML document type declaration (``<!DOCTYPE``, the
    way to entity expansion) is refused."""
    if data.startswith(_OLE_MAGIC):
        raise UploadRefused("not_xlsx", file=filename)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_parts(archive, filename)
    except UploadRefused:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError):
        raise UploadRefused("not_zip", file=filename) from None  # corrupt, encrypted, ...


_DOCTYPE = (b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))


def _check_parts(archive: zipfile.ZipFile, filename: str) -> None:
    parts = archive.infolist()
    if len(parts) > MAX_ZIP_PARTS:
        raise UploadRefused("too_many_parts", file=filename, count=len(parts), limit=MAX_ZIP_PARTS)
    if sum(p.file_size for p in parts) > MAX_UNZIPPED_BYTES:
        raise UploadRefused("unzipped_too_large", file=filename, limit=MAX_UNZIPPED_BYTES // MB)
    for part in parts:
        if part.file_size > ZIP_RATIO_FLOOR and (
            part.file_size > MAX_ZIP_RATIO * max(part.compress_size, 1)
        ):
            raise UploadRefused(
                "too_compressed", file=filename, part=part.filename, limit=MAX_ZIP_RATIO
            )
    for part in parts:  # sizes are bounded now: inflate each part in chunks to look for a DTD
        if _declares_doctype(archive, part):
            raise UploadRefused("xml_doctype", file=filename, part=part.filename)


def _declares_doctype(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    """Whether a part holds ``<!DOCTYPE`` (entity expansion, external entities): never in Excel's
    XML, where a ``<`` inside text is written ``&lt;``."""
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(1 << 16):
            window = tail + chunk
            if any(mark in window for mark in _DOCTYPE):
                return True
            tail = window[-2 * len(_DOCTYPE[1]) :]
    return False


# -- text ------------------------------------------------------------------------------------------
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose mark it starts with
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, filename: str) -> tuple[str, str]:
    """Decode an uploaded text file; return ``(text, encoding)``.

    A byte-order mark decides (UTF-8, UTF-16, UTF-32); else UTF-16 without a mark is recognised
    by its zero bytes; else strict UTF-8, then GB18030 (covers GBK and GB2312). Raises
    :class:`UploadRefused` (``too_large``, ``undecodable``) naming the line and byte offset.

    >>> decode_text("姓名\\t单位".encode("utf-16"), "a.txt")
    ('姓名\\t单位', 'utf-16')
    >>> decode_text(b"ok\\n\\xff\\xfe\\xfd", "b.csv")
    Traceback (most recent call last):
    ...
    campaign.upload_checks.UploadRefused: b.csv is not text in UTF-8, GB18030 or UTF-16: line 2 ...
    """
    if len(data) > MAX_TEXT_BYTES:
        raise UploadRefused("too_large", file=filename, limit=MAX_TEXT_BYTES // MB)
    marked = [enc for bom, enc in _BOMS if data.startswith(bom)][:1]
    candidates = marked or [*_utf16_without_bom(data), "utf-8", "gb18030"]
    furthest: tuple[int, str] = (-1, candidates[0])
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            furthest = max(furthest, (exc.start, encoding))
            continue
        if encoding in ("utf-8", "gb18030") and _binary(text):
            furthest = max(furthest, (data.index(b"\x00"), encoding))  # binary, not text
            continue
        return text, encoding
    offset, encoding = furthest
    line = data[:offset].decode(encoding, errors="replace").count("\n") + 1
    raise UploadRefused("undecodable", file=filename, line=line, offset=offset)


def _binary(text: str) -> bool:
    """More than 1% zero characters (and at least 16): not a text file."""
    zeros = text.count("\x00")
    return zeros >= 16 and zeros * 100 > len(text)


def _utf16_without_bom(data: bytes) -> list[str]:
    """``["utf-16-le"]`` or ``["utf-16-be"]`` when zero bytes sit at every other position."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 8 or b"\x00" not in sample:
        return []
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if odd > pairs * 0.3 and even < pairs * 0.05:
        return ["utf-16-le"]
    if even > pairs * 0.3 and odd < pairs * 0.05:
        return ["utf-16-be"]
    return []


# -- rows ------------------------------------------------------------------------------------------
_EMPTY = frozenset({None, ""})


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def capped_rows(
    rows: Iterable[tuple[int, Sequence[object]]],
    filename: str,
    text: Callable[[object], str] = str,
) -> list[tuple[int, list[str]]]:
    """The non-blank rows as text cells (trailing blank cells dropped), read lazily from ``rows``.

    Stops with :class:`UploadRefused` at the first row that crosses a limit: more than
    :data:`MAX_CELLS` cells read, a row wider than :data:`MAX_COLUMNS`, or more than
    :data:`MAX_ROWS` rows after the header.

    >>> capped_rows([(1, ["a", "b", " "]), (2, ["", " "]), (3, ["", "c"])], "x.csv")
    [(1, ['a', 'b']), (3, ['', 'c'])]
    """
    kept: list[tuple[int, list[str]]] = []
    cells = 0
    for row_no, raw in rows:
        if not raw:
            continue
        cells += len(raw)
        if cells > MAX_CELLS:
            raise UploadRefused("too_many_cells", file=filename, row=row_no, limit=MAX_CELLS)
        # trailing None and "" are skipped in C (a formatted row may be thousands of cells wide)
        end = len(raw) - len(list(takewhile(_EMPTY.__contains__, reversed(raw))))
        while end and _blank(raw[end - 1]):
            end -= 1
        if not end:
            continue
        if end > MAX_COLUMNS:
            raise UploadRefused("too_many_columns", file=filename, row=row_no, limit=MAX_COLUMNS)
        if len(kept) > MAX_ROWS:  # the header and MAX_ROWS data rows are kept
            raise UploadRefused("too_many_rows", file=filename, row=row_no, limit=MAX_ROWS)
        kept.append((row_no, [text(v) for v in raw[:end]]))
    return kept
