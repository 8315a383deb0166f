"""Spreadsheet files in and out: reading import files, writing invitation sheets.

In: :func:`read_sheet` turns a ``.csv`` (UTF-8 with or without BOM, GBK/GB18030, UTF-16/32 with
BOM) or ``.xlsx`` file into text cells with the row numbers the user sees (header = row 1);
``campaign.imports`` maps and checks them. The limits of ``campaign.upload_checks`` (size, zip
bombs, rows, columns) are checked before and while reading; the sheet is read row by row.

Out: :func:`invitations_csv` (UTF-8 with BOM so that Excel shows Chinese; cells through
``campaign.export_safety.safe_row``, so no name becomes a formula) and :func:`qr_sheet_html`, a
printable page with one card per invitation, its QR code as inline SVG and the address to type
when scanning fails. The tokens come from ``campaign.tokens``; this module only formats them.
"""

from __future__ import annotations

import csv
import difflib
import io
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape
from typing import Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import openpyxl
import segno

from campaign import upload_checks as limits
from campaign.export_safety import safe_row
from campaign.public_url import ENV_PUBLIC_URL, reach
from storage import people
from storage.db import Database

# -- reading ---------------------------------------------------------------------------------------


@dataclass
class Sheet:
    """The cells of a file as text: the header row, the data rows (spreadsheet row numbers)."""

    header_row: int = 1
    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    encoding: str | None = None
    problems: list[tuple[int | None, str, str, str]] = field(default_factory=list)


def decode_csv(data: bytes, filename: str = "file") -> tuple[str, str]:
    """Decode CSV bytes: a BOM's encoding (UTF-8/16/32), else strict UTF-8, else GB18030.

    Returns ``(text, encoding)`` with encoding ``"utf-8-sig"``, ``"utf-8"``, ``"gb18030"``,
    ``"utf-16"`` (Excel's "Unicode text"), ``"utf-16-le"``/``"-be"`` (no BOM) or ``"utf-32"``;
    raises ``campaign.upload_checks.UploadRefused`` naming the line and byte that fit none.

    Examples
    --------
    >>> decode_csv("姓名".encode("gbk"))
    ('姓名', 'gb18030')
    >>> decode_csv("\\ufeff姓名".encode("utf-8"))
    ('姓名', 'utf-8-sig')
    """
    return limits.decode_text(data, filename)


def read_sheet(data: bytes, filename: str) -> Sheet:
    """The cells of a .csv/.txt or .xlsx file; the first non-blank row is the header.

    Problems (empty file, unknown format, undecodable bytes, a limit of
    ``campaign.upload_checks`` crossed) come back in ``Sheet.problems`` as
    ``(row, code, message_zh, message_en)``; nothing is raised for a bad file.
    """
    sheet = Sheet()
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if not data.strip():
        sheet.problems.append((None, "empty_file", "文件为空", "the file is empty"))
        return sheet
    try:
        if suffix in ("csv", "txt"):
            text, sheet.encoding = decode_csv(data, filename)
            filled = _csv_rows(text, filename)
        elif suffix in ("xlsx", "xlsm"):
            filled = _xlsx_rows(data, filename)
        else:
            sheet.problems.append(
                (
                    None,
                    "unreadable",
                    "请上传 .csv 或 .xlsx 文件",
                    "upload a .csv or .xlsx file (save .xls files as .xlsx)",
                )
            )
            return sheet
    except limits.UploadRefused as refused:
        sheet.problems.append(refused.problem())
        return sheet
    except Exception as exc:  # noqa: BLE001 - any parse error becomes a problem for the user
        reason = f"{type(exc).__name__}: {exc}"[:300]
        sheet.problems.append(
            (
                None,
                "unreadable",
                f"无法读取「{filename}」:{reason}",
                f"cannot read {filename}: {reason}",
            )
        )
        return sheet
    if not filled:
        sheet.problems.append((None, "empty_file", "文件为空", "the file is empty"))
        return sheet
    (sheet.header_row, sheet.header), sheet.rows = filled[0], filled[1:]
    return sheet


def _csv_rows(text: str, filename: str) -> list[tuple[int, list[str]]]:
    """The non-blank rows, read lazily through ``upload_checks.capped_rows``."""
    end = text.find("\n")
    first = text[:end] if end >= 0 else text
    delimiter = max(",\t;", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    numbers = itertools.count(1)
    try:
        # zip takes the number before the row: after a failed row, the next number is one past it
        return limits.capped_rows(zip(numbers, reader, strict=False), filename)
    except csv.Error:  # the only one a reader raises on text: a cell over field_size_limit()
        row, limit = next(numbers) - 1, csv.field_size_limit()
        raise limits.UploadRefused("cell_too_long", file=filename, row=row, limit=limit) from None


def _xlsx_rows(data: bytes, filename: str) -> list[tuple[int, list[str]]]:
    """The non-blank rows of the first worksheet, streamed (read-only mode) after the zip checks.

    The declared dimension is ignored (``reset_dimensions``): a file claiming A1:XFD1048576 is read
    for the cells it has, and ``capped_rows`` stops at the first row past a limit.
    """
    limits.check_xlsx_zip(data, filename)
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        if not book.worksheets:
            return []
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        rows = sheet.iter_rows(max_row=limits.EXCEL_LAST_ROW, values_only=True)
        return limits.capped_rows(enumerate(rows, 1), filename, _xlsx_text)
    finally:
        book.close()


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an id typed as a number: 1001.0 -> "1001"
    return str(value)


@dataclass
class HeaderMatch:
    """Headers matched to field names: column index -> field, and what did not match."""

    columns: dict[int, str] = field(default_factory=dict)
    unknown: list[tuple[str, str | None]] = field(default_factory=list)  # (header, closest)
    repeated: list[str] = field(default_factory=list)


def normalize_header(text: str) -> str:
    """Compare headers loosely: case, spaces, ``*`` marks and parenthesized notes ignored.

    >>> normalize_header(" 姓名（必填）* "), normalize_header("Rater Group")
    ('姓名', 'rater_group')
    """
    text = re.sub(r"[(（\[【].*?[)）\]】]", "", unicodedata.normalize("NFKC", text))
    return re.sub(r"[\s\-]+", "_", text.strip().strip("*＊").strip().lower())


def closest(text: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like ``text`` (normalized), if any is close enough."""
    found = difflib.get_close_matches(
        normalize_header(text), [normalize_header(c) for c in candidates], n=1, cutoff=0.5
    )
    return found[0] if found else None


def match_headers(header: Sequence[str], aliases: dict[str, Sequence[str]]) -> HeaderMatch:
    """Match a header row against ``{field: accepted headers}``; blank headers are skipped."""
    lookup = {normalize_header(a): name for name, names in aliases.items() for a in names}
    match = HeaderMatch()
    for i, raw in enumerate(header):
        name = lookup.get(normalize_header(raw))
        if not raw.strip():
            continue
        if name is None:
            match.unknown.append((raw, closest(raw, lookup)))
        elif name in match.columns.values():
            match.repeated.append(raw)
        else:
            match.columns[i] = name
    return match


# -- invitation sheets -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InvitationCard:
    """What one invitation shows: the raw token and display fields (no name for meeting ballots)."""

    token: str
    name: str | None = None
    unit: str | None = None
    expires_at: datetime | date | None = None


CSV_HEADERS = {
    "zh": ("姓名", "单位", "令牌", "链接", "有效期至"),
    "en": ("name", "unit", "token", "link", "expires_at"),
}


class IssuedLike(Protocol):
    """What ``campaign.tokens.issue_phase_tokens`` returns per invitation."""

    rater_id: str | None
    token: str


def invitation_cards(
    db: Database, issued: Iterable[IssuedLike], expires_at: datetime | date | None
) -> list[InvitationCard]:
    """Cards for freshly issued tokens, with each rater's name and unit (none for meeting ones)."""
    issued = list(issued)
    labels = people.rater_labels(db, [t.rater_id for t in issued if t.rater_id])
    by_id = {
        r.rater_id: (r.name, r.unit_name if isinstance(r.unit_name, str) else None)
        for r in labels.itertuples(index=False)
    }
    return [
        InvitationCard(t.token, *by_id.get(t.rater_id or "", (None, None)), expires_at)
        for t in issued
    ]


def invitation_link(base_url: str, token: str) -> str:
    """The survey address with the token as the ``token`` query parameter.

    >>> invitation_link("https://pj.example.cn/fill?lang=zh", "AB12-CD34")
    'https://pj.example.cn/fill?lang=zh&token=AB12-CD34'
    """
    parts = urlsplit(base_url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "token"]
    return urlunsplit(parts._replace(query=urlencode([*query, ("token", token)])))


def _expiry_text(value: datetime | date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def invitations_csv(cards: Iterable[InvitationCard], base_url: str, *, lang: str = "zh") -> bytes:
    """The invitations as CSV bytes, UTF-8 with BOM (Excel then shows Chinese correctly).

    Columns: name, unit, token, link (``base_url?token=...``), expiry; headers in ``lang``.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(safe_row(CSV_HEADERS[lang]))
    for card in cards:
        writer.writerow(
            safe_row(
                [
                    card.name or "",
                    card.unit or "",
                    card.token,
                    invitation_link(base_url, card.token),
                    _expiry_text(card.expires_at),
                ]
            )
        )
    return out.getvalue().encode("utf-8-sig")


_CSS = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 0; }
h1 { font-size: 14pt; margin: 8mm 8mm 4mm; }
.cards { display: flex; flex-wrap: wrap; gap: 4mm; padding: 0 8mm; }
.card { width: 58mm; border: 1px dashed #888; padding: 3mm; text-align: center;
        break-inside: avoid; page-break-inside: avoid; }
.card svg { width: 40mm; height: 40mm; }
.name { font-size: 12pt; font-weight: bold; }
.unit, .expiry { font-size: 9pt; color: #333; }
.token { font-family: monospace; font-size: 11pt; letter-spacing: 1px; }
.address { font-size: 9pt; word-break: break-all; color: #333; }
.note { font-size: 10pt; margin: 0 8mm 4mm; }
.note b { font-family: monospace; font-size: 11pt; word-break: break-all; }
.local { font-size: 11pt; margin: 0 8mm 4mm; padding: 2mm 3mm; border: 2px solid #b00;
         color: #b00; }
@page { size: A4; margin: 8mm; }
@media print { h1 { margin-top: 0; } .card { border-color: #bbb; } }
"""


def qr_svg(text: str) -> str:
    """An inline SVG QR code (error correction M) for ``text``."""
    return segno.make(text, error="m", micro=False).svg_inline(scale=4, omitsize=True)


#: Printed words of the sheet, by language (the sheet's title comes from the page).
SHEET_WORDS = {
    "zh": {
        "note": "扫码打不开时：用手机浏览器打开 {address}，输入卡片上的测评码。",
        "local": "注意：此地址只能在服务器本机打开，会场里的手机打不开。"
        "请设置 {env} 为大家都能访问的地址后重新生成。",
        "expires": "有效期至",
    },
    "en": {
        "note": "If scanning fails: open {address} in the phone's browser and type the code on"
        " the card.",
        "local": "Warning: this address opens only on the server's own computer; phones in the"
        " hall cannot open it. Set {env} to an address everyone can reach and create the codes"
        " again.",
        "expires": "Valid until",
    },
}


def _card_html(card: InvitationCard, base_url: str, meeting: bool, words: dict[str, str]) -> str:
    parts = [
        f'<div class="card" data-token="{escape(card.token)}">',
        qr_svg(invitation_link(base_url, card.token)),
    ]
    if not meeting and card.name:
        parts.append(f'<div class="name">{escape(card.name)}</div>')
    if not meeting and card.unit:
        parts.append(f'<div class="unit">{escape(card.unit)}</div>')
    parts.append(f'<div class="token">{escape(card.token)}</div>')
    # the address to type if scanning fails: on every card, since a meeting sheet is cut up
    parts.append(f'<div class="address">{escape(base_url)}</div>')
    if card.expires_at is not None:
        expiry = f"{words['expires']} {_expiry_text(card.expires_at)}"
        parts.append(f'<div class="expiry">{escape(expiry)}</div>')
    parts.append("</div>")
    return "\n".join(parts)


def qr_sheet_html(
    cards: Sequence[InvitationCard],
    base_url: str,
    *,
    title: str = "测评邀请 Invitations",
    meeting: bool = False,
    lang: str = "zh",
) -> str:
    """A self-contained, print-friendly HTML page: one card per invitation with its QR code.

    Each card shows the QR (the link with the token) as inline SVG, the token and the filling
    page's address as text (to type when scanning fails; a note under the title says so) and,
    for personal invitations, the rater's name and unit. ``meeting=True`` prints anonymous
    meeting ballots: no name or unit even if given. An address only the server itself can open
    (``campaign.public_url.reach``) gets a warning at the top. All text is escaped with
    ``html.escape``; the printed words are in ``lang``.
    """
    words = SHEET_WORDS.get(lang, SHEET_WORDS["zh"])
    body = "\n".join(_card_html(card, base_url, meeting, words) for card in cards)
    address = f"<b>{escape(base_url)}</b>"
    head = f'<p class="note">{escape(words["note"]).format(address=address)}</p>\n'
    if reach(base_url) == "local":
        head = f'<p class="local">{escape(words["local"].format(env=ENV_PUBLIC_URL))}</p>\n' + head
    html_lang = "zh-CN" if lang == "zh" else lang
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head>\n"
        f"<body><h1>{escape(title)}</h1>\n{head}"
        f'<div class="cards">\n{body}\n</div></body></html>\n'
    )
