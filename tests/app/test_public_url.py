"""AppTest: the Invitations and Meeting pages take the filling page's address from
QUANJING_PUBLIC_URL, else the browser, else localhost, and warn beside the field when phones in
the hall cannot use it; the QR sheet they build carries the address."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import campaign.sheets
from campaign.public_url import DEFAULT_FILL_URL, ENV_PUBLIC_URL
from campaign.settings import CampaignSettings
from storage import campaigns, definitions
from storage.db import Database, bulk_insert
from survey_engine import dumps_definition, load_template
from ui.i18n import t
from ui.plain import plain

PAGES = {"pages/invitations.py": "invitations_base_url", "pages/meeting.py": "meeting_base_url"}
PUBLIC = "https://pj.example.cn/quanjing"


@pytest.fixture
def world(app, app_db, monkeypatch) -> str:
    """One unit with two cadres and two raters (peers) on an open democratic_assessment phase;
    no QUANJING_PUBLIC_URL unless a test sets it. Returns the phase id."""
    monkeypatch.delenv(ENV_PUBLIC_URL, raising=False)
    db = Database(app_db)
    body = json.loads(dumps_definition(load_template("democratic_assessment")))
    version = definitions.save_definition(db, "democratic_assessment", body).version
    definitions.publish_definition(db, "democratic_assessment", version)
    tables = {
        "unit": {"unit_id": ["u1"], "name_zh": ["和平街道"], "name_en": ["Heping"],
                 "kind": ["street"]},
        "subject": {"subject_id": ["s1", "s2"], "name": ["干部1", "干部2"], "unit_id": "u1",
                    "position": "副主任", "level": "副科"},
        "rater": {"rater_id": ["r1", "r2"], "name": ["甲", "乙"], "unit_id": "u1",
                  "contact": ["130", "131"]},
    }  # fmt: skip
    with db.transaction() as cur:
        for table, columns in tables.items():
            bulk_insert(cur, table, pd.DataFrame(columns))
    cid = campaigns.create_campaign(
        db, name="2026 年度测评", year=2026, settings_json=CampaignSettings().to_json()
    )
    pid = campaigns.add_phase(
        db,
        campaign_id=cid,
        kind="single",
        definition_id="democratic_assessment",
        definition_version=version,
    )
    pairs = [(r, s, "peer") for r in ("r1", "r2") for s in ("s1", "s2")]
    campaigns.insert_relationships(
        db, cid, pd.DataFrame(pairs, columns=["rater_id", "subject_id", "rater_group"])
    )
    campaigns.open_phase(db, pid)
    return pid


def _open(app, page: str, lang: str = "zh"):
    app.session_state["lang"] = lang
    app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _warnings(app) -> str:
    return "\n".join(w.value for w in app.warning)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_a_localhost_address_is_warned_about_beside_the_field(app, world, page, lang):
    app = _open(app, page, lang)
    assert app.text_input(key=PAGES[page]).value == DEFAULT_FILL_URL
    assert t("public_url.local", lang) in _warnings(app)
    assert ENV_PUBLIC_URL in t("public_url.local", lang)


@pytest.mark.parametrize("page", PAGES)
def test_the_operators_setting_is_used_and_not_warned_about(app, world, monkeypatch, page):
    monkeypatch.setenv(ENV_PUBLIC_URL, PUBLIC)
    app.context["url"] = "http://localhost:8501/" + page.removeprefix("pages/").removesuffix(".py")
    app = _open(app, page)
    assert app.text_input(key=PAGES[page]).value == PUBLIC + "/fill"
    assert t("public_url.local") not in _warnings(app)
    assert t("public_url.http") not in _warnings(app)
    assert t("public_url.source.setting") in [c.value for c in app.caption]


@pytest.mark.parametrize("page", PAGES)
def test_without_a_setting_the_browsers_address_is_used_with_its_base_path(app, world, page):
    name = page.removeprefix("pages/").removesuffix(".py")
    app.context["url"] = f"https://pj.example.cn/quanjing/{name}"
    app = _open(app, page)
    assert app.text_input(key=PAGES[page]).value == PUBLIC + "/fill"
    assert not app.warning or t("public_url.local") not in _warnings(app)


@pytest.mark.parametrize("page", PAGES)
def test_an_unusable_setting_is_named_and_the_page_falls_back(app, world, monkeypatch, page):
    monkeypatch.setenv(ENV_PUBLIC_URL, "pj.example.cn/quanjing")
    app = _open(app, page)
    errors = "\n".join(e.value for e in app.error)
    assert ENV_PUBLIC_URL in errors and plain("pj.example.cn/quanjing") in errors  # as text
    assert app.text_input(key=PAGES[page]).value == DEFAULT_FILL_URL
    assert t("public_url.local") in _warnings(app)


@pytest.mark.parametrize("page", PAGES)
def test_plain_http_to_another_host_is_warned_about(app, world, page):
    app = _open(app, page)
    app.text_input(key=PAGES[page]).set_value("http://pj.example.cn/fill").run()
    assert t("public_url.http") in _warnings(app)
    assert t("public_url.local") not in _warnings(app)
    app.text_input(key=PAGES[page]).set_value("https://pj.example.cn/fill").run()
    assert not [w for w in app.warning if w.value.startswith(t("public_url.http")[:8])]


def test_the_meeting_sheet_prints_the_address_and_a_local_one_is_flagged(app, world, monkeypatch):
    monkeypatch.setenv(ENV_PUBLIC_URL, PUBLIC)
    app = _open(app, "pages/meeting.py")
    app.number_input(key="meeting_n").set_value(2)
    app.button(key="meeting_create").click().run()
    html = app.session_state["meeting_issued"]["html"]
    assert html.count(PUBLIC + "/fill</") == 3  # the note under the title and both slips
    assert t("public_url.sheet_local") not in _warnings(app)

    app.button(key="meeting_forget").click().run()
    app.text_input(key="meeting_base_url").set_value(DEFAULT_FILL_URL).run()
    app.button(key="meeting_create").click().run()
    assert DEFAULT_FILL_URL + "</" in app.session_state["meeting_issued"]["html"]
    assert t("public_url.sheet_local") in _warnings(app)


def test_the_invitation_sheet_prints_the_address(app, world, monkeypatch):
    monkeypatch.setenv(ENV_PUBLIC_URL, PUBLIC)
    sheets: list[str] = []
    real = campaign.sheets.qr_sheet_html

    def spy(*args, **kwargs):
        sheets.append(real(*args, **kwargs))
        return sheets[-1]

    monkeypatch.setattr(campaign.sheets, "qr_sheet_html", spy)
    app = _open(app, "pages/invitations.py", "en")
    app.button(key="invitations_issue").click().run()
    assert not app.exception
    (html,) = sheets
    assert html.count(PUBLIC + "/fill</") == 3 and "If scanning fails" in html
    assert t("public_url.sheet_local", "en") not in _warnings(app)
