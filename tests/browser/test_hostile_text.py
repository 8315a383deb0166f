"""User-written text is never rendered as markup: a real server, a real browser, hostile names.

A definition (title, page title and note, item texts, help, grade, option and scale labels, a
dimension), the cadres, their unit, the raters, the campaign and the signed-in account's name
are all Markdown, HTML, Streamlit directives or bare links. Every page that shows them is opened
and the DOM is checked: each hostile string reads literally wherever Streamlit's Markdown shows
it (no bold, heading, list, code, colour, icon, maths, image or link made of it), no image or
link points to the hostile hosts, and no request leaves for them. Each string carries a marker
``Ωnn`` so that any element made from it can be found.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

import pandas as pd
import pytest
from playwright.sync_api import expect

from campaign import paper, respondent, tokens
from campaign.settings import CampaignSettings
from security.passwords import hash_password
from storage import accounts, campaigns, definitions
from storage.db import Database, bulk_insert
from survey_engine import Answer, loads_definition, validate_submission
from tests.browser.conftest import DESKTOP, new_page, open_page, shoot, sign_in, wait_for_app

H = {
    "image": "![Ω00](http://host/x.png)",
    "bold": "**Ω01 bold**",
    "colour": ":red[Ω02 x]",
    "html": "<img src=x onerror=alert(1)> Ω03",
    "js_link": "[Ω04 a](javascript:alert(1))",
    "url": "Ω05 http://evil.example/",
    "www": "Ω06 www.evil.example",
    "email": "Ω07 a@b.cn",
    "icons": "Ω08 :material/home: :smile:",
    "maths": "Ω09 $x^2$",
    "heading": "# Ω10 h",
    "list": "1. Ω11 list",
    "quote": "> Ω12 quote",
    "code": "`Ω13 code`",
    "table": "Ω14 | b\n--|--\nc | d",
    "mixed": "~~Ω15~~ &amp; _em_ \\*",
    "text_item": "Ω16 ***x*** <b>b</b>",
    "dimension": "**Ω17 dim** www.evil.example",
    "cadre1": "Ω18 ![t](http://host/y.png) **张三**",
    "cadre2": "Ω19 <img src=http://host/z.png> :blue[李四] www.evil.example",
    "position": "Ω20 `副主任` _x_",
    "unit": "Ω21 [单位](http://evil.example) _街道_",
    "campaign": "Ω22 **活动** http://evil.example",
    "rater": "Ω23 <b>甲</b> a@b.cn",
    "account": "Ω24 **管理员** a@b.cn",
    "sheet_blank": "Ω25 **7** www.evil.example",
    "sheet_void": "Ω26 `9` :red[x]",
    "sheet_keyed": "Ω27 **3**",
}
MARKER = re.compile(r"Ω\d\d")
LITERAL = {MARKER.search(text).group(): re.sub(r"\s+", " ", text) for text in H.values()}
HOSTILE_HOSTS = ("//host/", "evil.example", "b.cn")
PASSWORD = "hostile-text-test-pw"
ACCOUNT = "tester"
SUBJECTS = ["s1", "s2"]
RATERS = [f"r{i}" for i in range(1, 6)]


def hostile_definition() -> dict:
    grades = [("top", "colour", 4), ("mid", "image", 3), ("low", "icons", 2), ("bottom", "code", 1)]
    return {
        "schema_version": 1,
        "id": "hostile",
        "version": 1,
        "languages": ["zh", "en"],
        "title": H["bold"],
        "dimensions": [{"id": "d1", "label": H["dimension"]}],
        "rater_groups": ["peer"],
        "scales": [{"id": "s3", "min": 1, "max": 3, "labels": [H["html"], H["maths"], H["mixed"]]}],
        "subject_mode": "grid",
        "caps": [{"item": "g1", "option": "top", "max_share": 0.5}],
        "pages": [
            {
                "id": "p1",
                "title": H["heading"],
                "description": H["table"],
                "items": [
                    {
                        "id": "g1",
                        "type": "grade",
                        "text": H["bold"],
                        "help": H["quote"],
                        "dimension": "d1",
                        "grades": [{"id": g, "label": H[k], "score": s} for g, k, s in grades],
                    },
                    {
                        "id": "c1",
                        "type": "single_choice",
                        "text": H["list"],
                        "dimension": "d1",
                        "options": [
                            {"id": "o1", "label": H["url"], "score": 3},
                            {"id": "o2", "label": H["www"], "score": 2},
                            {"id": "o3", "label": H["email"], "score": 1},
                        ],
                    },
                    {
                        "id": "l1",
                        "type": "likert",
                        "scale": "s3",
                        "text": H["js_link"],
                        "dimension": "d1",
                    },  # fmt: skip
                    {
                        "id": "t1",
                        "type": "text",
                        "text": H["text_item"],
                        "required": False,
                        "max_length": 200,
                    },  # fmt: skip
                ],
            }
        ],
    }


def _people(db: Database) -> None:
    with db.transaction() as cur:
        bulk_insert(
            cur,
            "unit",
            pd.DataFrame(
                {
                    "unit_id": ["u1"],
                    "name_zh": [H["unit"]],
                    "name_en": [H["unit"]],
                    "kind": ["street"],
                }
            ),
        )
        bulk_insert(
            cur,
            "subject",
            pd.DataFrame(
                {
                    "subject_id": SUBJECTS,
                    "name": [H["cadre1"], H["cadre2"]],
                    "unit_id": "u1",
                    "position": H["position"],
                    "level": "副科",
                }
            ),
        )
        bulk_insert(cur, "rater", pd.DataFrame({
            "rater_id": RATERS, "name": [f"{H['rater']} {r}" for r in RATERS], "unit_id": "u1",
            "contact": "a@b.cn"}))  # fmt: skip
    accounts.create_account(
        db, ACCOUNT, display_name=H["account"], password_hash=hash_password(PASSWORD),
        roles=[("admin", ""), ("organizer", ""), ("reviewer", "")],
    )  # fmt: skip


def _ballot(survey, n: int) -> list[Answer]:
    """One valid grid ballot: the cap allows one 'top' grade of two."""
    raw = {
        s: {"g1": ["top", "mid", "low"][(n + i) % 3] if i == 0 else "low", "c1": f"o{1 + n % 3}",
            "l1": 1 + (n + i) % 3, "t1": ""}
        for i, s in enumerate(SUBJECTS)
    }  # fmt: skip
    return validate_submission(survey, raw, rater_group="peer", subject_ids=SUBJECTS, lang="zh")


def seed(db_path) -> str:
    """The hostile world; returns a valid code of the open phase. A closed phase with five
    ballots (for results and tallies) and an open one (fill, paper, monitor) of one campaign;
    a paper sheet keyed differently by clerks A and B."""
    db = Database(db_path)
    try:
        key = tokens.load_server_key(db.path)
        body = hostile_definition()
        survey = loads_definition(json.dumps(body))
        definitions.save_definition(db, "hostile", body)
        definitions.publish_definition(db, "hostile", 1)
        _people(db)
        cid = campaigns.create_campaign(db, name=H["campaign"], year=2026,
                                        settings_json=CampaignSettings().to_json())  # fmt: skip
        pids = [
            campaigns.add_phase(
                db, campaign_id=cid, kind=kind, definition_id="hostile", definition_version=1
            )
            for kind in ("year_start", "year_end")
        ]
        campaigns.insert_relationships(db, cid, pd.DataFrame(
            [(r, s, "peer") for r in RATERS for s in SUBJECTS],
            columns=["rater_id", "subject_id", "rater_group"]))  # fmt: skip
        expires = datetime.now() + timedelta(days=7)
        campaigns.open_phase(db, pids[0])
        for n, issued in enumerate(tokens.issue_phase_tokens(db, key, pids[0], expires_at=expires)):
            respondent.submit(db, key, issued.token, SUBJECTS, _ballot(survey, n))
        campaigns.close_phase(db, pids[0])
        campaigns.open_phase(db, pids[1])
        codes = tokens.issue_phase_tokens(db, key, pids[1], expires_at=expires)
        a, b = _ballot(survey, 0), _ballot(survey, 1)
        paper.enter_sheet(db, pids[1], H["sheet_keyed"], "A", "peer", a)
        paper.enter_sheet(db, pids[1], H["sheet_keyed"], "B", "peer", b)
        return codes[0].token
    finally:
        db.close()


@pytest.fixture(scope="module")
def world(server_factory, tmp_path_factory):
    db_path = tmp_path_factory.mktemp("hostile") / "hostile.duckdb"
    code = seed(db_path)
    return server_factory(db_path, QUANJING_DEMO="0"), code


@pytest.fixture
def watched(browser):
    """A desktop page recording every request it makes."""
    page = new_page(browser, DESKTOP)
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    page.context.close()


def signed_in(page, url: str) -> None:
    """Sign in as the test account (every role): the one place to adapt if sign-in changes."""
    sign_in(page, url, ACCOUNT, PASSWORD)
    expect(page.get_by_text(LITERAL["Ω24"]).first).to_be_visible()  # the sidebar's name


def go(page, path: str) -> None:
    """A page by its sidebar link (a new address would start a session not signed in)."""
    open_page(page, path)
    assert page.locator('[data-testid="stException"]').count() == 0, path


# The DOM check, run in the page. Markdown containers (every place Streamlit renders Markdown:
# st.markdown and friends, alerts, captions, headings, widget labels, radio/button options,
# tabs, expanders, tooltips) must show each marked string literally; no element that Markdown
# makes (emphasis, code, heading, list, quote, table, link, image, colour, icon, maths) may hold
# a marker unless it holds the whole literal string (the app's own bold around a name).
CHECK = """({literal, hosts, origin}) => {
  const norm = s => s.replace(/\\u2060/g, '').replace(/\\s+/g, ' ');
  const problems = [];
  const complete = (el) => {
    const text = norm(el.textContent);
    for (const m of text.match(/Ω\\d\\d/g) || []) {
      if (!text.includes(literal[m])) problems.push(`${el.tagName}.${el.className}: ${text}`);
    }
  };
  const roots = [...document.querySelectorAll('[data-testid=stMain], [data-testid=stSidebar]')];
  for (const root of roots) {
    root.querySelectorAll('[data-testid=stMarkdownContainer]').forEach(complete);
    root.querySelectorAll('strong, em, del, code, h1, h2, h3, h4, h5, h6, blockquote, li, ' +
      'table, .stMarkdownColoredText, .katex, span[role=img]').forEach(complete);
    for (const a of root.querySelectorAll('a')) {
      const href = a.getAttribute('href') || '';
      const own = href.startsWith('#') || /^\\/(?!\\/)/.test(href) || href.startsWith(origin + '/');
      if (!own || /Ω\\d\\d/.test(a.textContent)) problems.push(`link ${href}: ${a.textContent}`);
    }
  }
  for (const img of document.querySelectorAll('img')) {
    if (hosts.some(h => img.src.includes(h))) problems.push(`img ${img.src}`);
  }
  const shown = norm(roots.map(r => r.innerText).join(' '));
  return {problems, markers: [...new Set(shown.match(/Ω\\d\\d/g) || [])].sort()};
}"""


def check_dom(page, url: str, name: str) -> list[str]:
    """Assert the page holds no markup made of user text; returns the markers it shows."""
    shoot(page, f"hostile-{name}")
    result = page.evaluate(CHECK, {"literal": LITERAL, "hosts": list(HOSTILE_HOSTS),
                                   "origin": url})  # fmt: skip
    assert result["problems"] == [], name
    left = [u for u in page.requests if any(h in u for h in HOSTILE_HOSTS)]
    assert left == [], f"{name}: requests to hostile hosts {left}"
    return result["markers"]


def alerts(page) -> str:
    return " ".join(page.locator('[data-testid="stAlert"]').all_inner_texts()).replace("\u2060", "")


def test_the_filling_page_shows_every_label_as_written(world, watched):
    server, code = world
    page = watched
    page.goto(f"{server.url}/?token={code}")
    wait_for_app(page)
    expect(page.get_by_test_id("stForm").get_by_text("Ω18").first).to_be_visible()
    shown = check_dom(page, server.url, "fill")
    expected = {"Ω00", "Ω01", "Ω02", "Ω03", "Ω04", "Ω05", "Ω06", "Ω07", "Ω08", "Ω09", "Ω10",
                "Ω11", "Ω12", "Ω13", "Ω14", "Ω15", "Ω16", "Ω18", "Ω19", "Ω20"}  # fmt: skip
    assert expected <= set(shown)
    # the cap's message quotes the option label: both cadres graded with it, all else answered
    form = page.get_by_test_id("stForm")
    for grades in form.get_by_test_id("stButtonGroup").all():
        grades.locator("button").first.click()
        expect(grades.locator('[role=radio][aria-checked="true"]')).to_have_count(1)
    for group in form.locator('[data-testid="stRadio"] [role="radiogroup"]').all():
        group.locator("label").first.click()
        expect(group.locator("input").first).to_be_checked()
    page.get_by_test_id("stBaseButton-primaryFormSubmit").click()
    wait_for_app(page)
    expect(page.locator('[data-testid="stAlert"]').filter(has_text="Ω02").first).to_be_visible()
    check_dom(page, server.url, "fill-errors")


def test_paper_ballots_show_names_labels_and_sheet_numbers_as_written(world, watched):
    server, _ = world
    page = watched
    signed_in(page, server.url)
    go(page, "paper")
    shown = check_dom(page, server.url, "paper")
    assert {"Ω00", "Ω01", "Ω02", "Ω05", "Ω06", "Ω07", "Ω08", "Ω11", "Ω13", "Ω18",
            "Ω19"} <= set(shown)  # fmt: skip

    page.locator(".st-key-paper_sheet_no input").fill(H["sheet_blank"])
    page.get_by_test_id("stBaseButton-primaryFormSubmit").click()
    wait_for_app(page)
    expect(page.locator('[data-testid="stAlert"]').filter(has_text="Ω25").first).to_be_visible()
    assert LITERAL["Ω25"] in alerts(page)  # refused: no marks; the number quoted as typed
    check_dom(page, server.url, "paper-refused")

    page.get_by_role("tab").nth(2).click()
    page.locator(".st-key-paper_void_no input").fill(H["sheet_void"])
    page.locator(".st-key-paper_void_no input").press("Enter")
    wait_for_app(page)
    page.locator(".st-key-paper_void_sure label").click()
    wait_for_app(page)
    page.locator(".st-key-paper_void button").click()
    wait_for_app(page)
    expect(page.locator('[data-testid="stAlert"]').filter(has_text="Ω26").first).to_be_visible()
    assert LITERAL["Ω26"] in alerts(page)
    check_dom(page, server.url, "paper-voided")


#: Signed-in pages and the markers each must show (Ω24: the account's name in the sidebar).
PAGES = {
    "designer": {"Ω24"},
    "campaigns": {"Ω24"},
    "people": {"Ω24"},
    "invitations": {"Ω24"},
    "meeting": {"Ω19", "Ω24"},
    "monitor": {"Ω24"},
    "results": {"Ω24"},
    "tallies": {"Ω00", "Ω02", "Ω24"},
    "reliability": {"Ω24"},
}


def test_organizer_and_review_pages_show_user_text_as_written(world, watched):
    server, _ = world
    page = watched
    signed_in(page, server.url)
    for path, markers in PAGES.items():
        go(page, path)
        shown = set(check_dom(page, server.url, path))
        assert markers <= shown, (path, markers - shown)

    go(page, "designer")  # the preview: the definition as a rater sees it
    page.get_by_role("tab", name="预览").click()
    wait_for_app(page)
    expect(page.get_by_test_id("stCaptionContainer").filter(has_text="Ω12").first).to_be_visible()
    shown = check_dom(page, server.url, "designer-preview")
    assert {"Ω01", "Ω02", "Ω04", "Ω10", "Ω11", "Ω12", "Ω14", "Ω16"} <= set(shown)


def hover(page, x: float, y: float) -> str:
    """Point at (x, y); the text of the chart tooltip the user then sees, or "" if none shows."""
    page.mouse.move(x, y)
    shown = page.locator("#vg-tooltip-element.visible")
    try:
        expect(shown).to_contain_text("Ω", timeout=2_000)
    except AssertionError:
        return ""
    return shown.inner_text()


def test_chart_tooltips_show_names_as_text(world, watched):
    """Vega's tooltip handler escapes & and < in what it shows: a cadre named with an <img>
    shows the tag as text and fetches nothing."""
    server, _ = world
    page = watched
    signed_in(page, server.url)
    go(page, "results")
    chart = page.get_by_test_id("stVegaLiteChart").first  # the heat map, a row per cadre
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    tooltip = page.locator("#vg-tooltip-element")
    for fy in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
        if "Ω19" in hover(page, box["x"] + box["width"] * 0.8, box["y"] + box["height"] * fy):
            break
    expect(tooltip).to_contain_text("Ω19")
    assert tooltip.locator("img, a, b, strong").count() == 0
    assert LITERAL["Ω19"] in tooltip.inner_text()
    check_dom(page, server.url, "results-tooltip")
