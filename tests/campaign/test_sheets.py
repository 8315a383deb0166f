"""Invitation sheets: the CSV for Excel and the printable QR page."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

from campaign.sheets import (
    CSV_HEADERS,
    InvitationCard,
    invitation_cards,
    invitation_link,
    invitations_csv,
    qr_sheet_html,
    read_sheet,
)
from tests.campaign._people_fixtures import people_db

BASE = "https://pj.example.cn/fill"
EXPIRES = datetime(2024, 12, 31, 23, 59)
CARDS = [
    InvitationCard("K7QX-M2PA-9RTE", "张伟", "和平区发改局", EXPIRES),
    InvitationCard("B4NC-TT8W-ZZ3F", "<script>alert('x')</script> & Co", "南市街道", EXPIRES),
]


def test_link_carries_the_token_as_query_parameter():
    link = invitation_link(BASE + "?lang=zh&token=old", "A+B/C D")
    assert parse_qs(urlsplit(link).query) == {"lang": ["zh"], "token": ["A+B/C D"]}


def test_csv_has_bom_the_columns_and_one_row_per_invitation():
    data = invitations_csv(CARDS, BASE)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_HEADERS["zh"] == ("姓名", "单位", "令牌", "链接", "有效期至")
    assert rows[1] == [
        "张伟",
        "和平区发改局",
        "K7QX-M2PA-9RTE",
        BASE + "?token=K7QX-M2PA-9RTE",
        "2024-12-31 23:59",
    ]
    assert len(rows) == 3


def test_csv_headers_in_english():
    text = invitations_csv(CARDS, BASE, lang="en").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["name", "unit", "token", "link", "expires_at"]


def test_csv_reads_back_through_the_import_reader():
    sheet = read_sheet(invitations_csv(CARDS, BASE), "invitations.csv")
    assert sheet.encoding == "utf-8-sig" and len(sheet.rows) == 2


def test_qr_page_has_one_svg_card_per_token_with_token_text():
    page = qr_sheet_html(CARDS, BASE)
    assert page.count('<div class="card"') == len(CARDS)
    assert page.count("<svg") == len(CARDS)
    for card in CARDS:
        assert f'<div class="token">{card.token}</div>' in page
    assert "@media print" in page and "page-break-inside: avoid" in page
    assert "有效期至 2024-12-31 23:59" in page


def test_qr_svg_encodes_the_link_not_nothing():
    # segno cannot decode; two different tokens must at least give different QR paths
    page = qr_sheet_html(CARDS, BASE)
    paths = re.findall(r'<path[^>]* d="([^"]+)"', page)
    assert len(paths) == 2 and paths[0] != paths[1]


def test_names_are_escaped():
    page = qr_sheet_html(CARDS, BASE)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Co" in page


def test_meeting_cards_carry_no_name():
    cards = [InvitationCard("MEET-0001"), InvitationCard("MEET-0002", name="张伟", unit="某局")]
    page = qr_sheet_html(cards, BASE, title="民主测评 会议票", meeting=True)
    assert page.count("<svg") == 2
    assert "张伟" not in page and "某局" not in page
    assert "MEET-0001" in page and "民主测评 会议票" in page


def test_cards_for_issued_tokens_take_name_and_unit_from_the_rater():
    from campaign.tokens import IssuedToken

    db = people_db()
    issued = [
        IssuedToken("R2", "I1", "TOK-1"),
        IssuedToken("R4", "I2", "TOK-2"),
        IssuedToken(None, "I3", "TOK-3"),
    ]
    cards = invitation_cards(db, issued, EXPIRES)
    assert cards == [
        InvitationCard("TOK-1", "赵敏", "和平区发改局", EXPIRES),
        InvitationCard("TOK-2", "孙丽", None, EXPIRES),
        InvitationCard("TOK-3", None, None, EXPIRES),
    ]
