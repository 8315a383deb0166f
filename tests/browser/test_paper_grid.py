"""Paper ballots keyed in the real grid: digits typed into Streamlit's data editor.

Clerk A keys a sheet of three cadres, first with a number that is no option (refused, the cell
named, every keyed cell kept), then corrected; the saved sheet leaves an empty grid. Clerk B keys
the same sheet, and the compare tab counts it as agreed.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from playwright.sync_api import expect

from campaign.settings import CampaignSettings
from security.passwords import hash_password
from storage import accounts, campaigns, definitions
from storage.db import Database, bulk_insert
from survey_engine import dumps_definition, load_template
from tests.browser.conftest import DESKTOP, new_page, open_page, sign_in, wait_for_app

ACCOUNT, PASSWORD = "clerk", "paper-grid-test-pw"
CADRES = ["李二", "王一", "赵三"]  # the grid lists a unit's cadres by name
#: One sheet: a digit per item (德 能 勤 绩 廉 总体评价) per cadre, " " = blank.
SHEET = ["123412", "2 2 22", "111111"]
HEADER, ROW = 35, 35  # the data editor's header and row heights (px)
FIRST_ITEM_X = 130  # inside the first item's column at 1366 px: the names' column is narrower


def seed(db_path) -> None:
    """Three cadres of one unit on a published democratic_assessment grid with an open phase,
    and an organizer account."""
    db = Database(db_path)
    try:
        body = json.loads(dumps_definition(load_template("democratic_assessment")))
        version = definitions.save_definition(db, "democratic_assessment", body).version
        definitions.publish_definition(db, "democratic_assessment", version)
        with db.transaction() as cur:
            unit = {"unit_id": ["u1"], "name_zh": ["和平街道"], "name_en": ["Heping"]}
            bulk_insert(cur, "unit", pd.DataFrame({**unit, "kind": ["street"]}))
            bulk_insert(cur, "subject", pd.DataFrame({
                "subject_id": ["s1", "s2", "s3"], "name": CADRES, "unit_id": "u1",
                "position": "副主任", "level": "副科"}))  # fmt: skip
        cid = campaigns.create_campaign(
            db, name="2026 年度测评", year=2026, settings_json=CampaignSettings().to_json()
        )
        pid = campaigns.add_phase(db, campaign_id=cid, kind="single",
                                  definition_id="democratic_assessment",
                                  definition_version=version)  # fmt: skip
        campaigns.open_phase(db, pid)
        accounts.create_account(db, ACCOUNT, display_name="录入员",
                                password_hash=hash_password(PASSWORD),
                                roles=[("organizer", "")])  # fmt: skip
    finally:
        db.close()


@pytest.fixture(scope="module")
def server(server_factory, tmp_path_factory):
    db_path = tmp_path_factory.mktemp("paper") / "paper.duckdb"
    seed(db_path)
    return server_factory(db_path, QUANJING_DEMO="0")


def select_cell(page, row: int) -> None:
    """Click the first item cell (德) of a cadre's row, as a clerk does to start keying: the
    pointer moves there in steps and the button is held a moment (a jump and a press of no
    duration, which no hand makes, sometimes leave the grid's old cell selected)."""
    grid(page).scroll_into_view_if_needed()
    box = grid(page).bounding_box()
    x, y = box["x"] + FIRST_ITEM_X, box["y"] + HEADER + ROW * (row + 0.5)
    page.mouse.move(x, y, steps=8)
    page.mouse.click(x, y, delay=80)
    expect(cell(page, 1, row)).to_have_attribute("aria-selected", "true")


def press(page, key: str) -> None:
    """One key, then what the grid shows for it: a digit opens the cell's editor holding it,
    a key that leaves an open editor closes it (keys typed faster would reach the wrong cell)."""
    editor = page.locator("textarea.gdg-input")
    was_open = editor.count() > 0
    page.keyboard.press(key)
    if key.isdigit():
        expect(editor).to_have_value(key)
    elif was_open:
        expect(editor).to_have_count(0)


def key_sheet(page, rows: list[str]) -> None:
    """Type the rows as a clerk does: a digit and Tab; Enter, Home, Tab at a row's end. The
    last digit is left in its open cell editor: saving must take it."""
    select_cell(page, 0)
    for r, row in enumerate(rows):
        for c, digit in enumerate(row):
            if digit != " ":
                press(page, digit)
            if c < len(row) - 1:
                press(page, "Tab")
        if r < len(rows) - 1:
            for key in ("Enter", "Home", "Tab"):
                press(page, key)


def save(page) -> None:
    page.get_by_test_id("stBaseButton-primaryFormSubmit").click()
    wait_for_app(page)


def grid(page):
    """The sheet's data editor (the other tabs hold tables too)."""
    return page.get_by_test_id("stForm").get_by_test_id("stDataFrame")


def cell(page, col: int, row: int):
    """A grid cell as the data editor's accessible table shows it (column 0: the name)."""
    return grid(page).get_by_test_id(f"glide-cell-{col}-{row}")


def test_two_clerks_key_one_sheet_in_the_grid_and_it_is_agreed(server, browser):
    page = new_page(browser, DESKTOP)
    try:
        sign_in(page, server.url, ACCOUNT, PASSWORD)
        open_page(page, "paper")
        expect(page.get_by_text("1 = 优秀 · 2 = 称职 · 3 = 基本称职 · 4 = 不称职")).to_be_visible()
        for row, name in enumerate(CADRES):
            expect(cell(page, 0, row)).to_have_text(name)

        # Clerk A: 5 under 廉 for 王一 is no option; refused, named, nothing lost.
        page.locator(".st-key-paper_sheet_no input").fill("031")
        key_sheet(page, [SHEET[0], SHEET[1][:4] + "5" + SHEET[1][5], SHEET[2]])
        save(page)
        error = page.get_by_test_id("stAlert").filter(has_text="未保存")
        expect(error).to_contain_text("王一 · 廉：“5”，应填 1–4 或留空")
        expect(page.locator(".st-key-paper_sheet_no input")).to_have_value("031")
        expect(cell(page, 1, 0)).to_have_text("1")
        expect(cell(page, 6, 2)).to_have_text("1")  # the digit left in its editor was taken
        expect(cell(page, 5, 1)).to_have_text("5")

        # Corrected in place (王一 · 廉), then the saved sheet leaves a blank grid.
        select_cell(page, 1)
        for key in ("ArrowRight", "ArrowRight", "ArrowRight", "ArrowRight", "2"):
            press(page, key)
        save(page)
        saved = page.get_by_test_id("stAlert").filter(has_text="已保存：票号 031（录入员 A）")
        expect(saved).to_be_visible()
        expect(page.locator(".st-key-paper_sheet_no input")).to_have_value("")
        expect(cell(page, 1, 0)).to_have_text("")
        expect(cell(page, 5, 1)).to_have_text("")

        # Clerk B keys the same sheet: the compare tab counts it as agreed.
        page.get_by_test_id("stButtonGroup").get_by_text("录入员 B").click()
        wait_for_app(page)
        page.locator(".st-key-paper_sheet_no input").fill("031")
        key_sheet(page, SHEET)
        save(page)
        expect(page.get_by_test_id("stAlert").filter(has_text="录入员 B")).to_be_visible()
        page.get_by_role("tab", name="比对与计票").click()
        agreed = page.get_by_test_id("stMetric").filter(has_text="一致待计")
        expect(agreed.get_by_test_id("stMetricValue")).to_have_text("1")
        differing = page.get_by_test_id("stMetric").filter(has_text="录入不一致")
        expect(differing.get_by_test_id("stMetricValue")).to_have_text("0")
    finally:
        page.context.close()
