"""A real respondent, in headless Chromium at phone width: enter a code, fill two cadres back to
back, leave in the middle, resume on a second device, submit; then the stored rows are checked."""

from __future__ import annotations

import json

import duckdb
from playwright.sync_api import expect

from campaign.tokens import load_server_key
from storage.db import Database
from tests.browser.conftest import PHONE, new_page, shoot, wait_for_app
from tests.world import build_small_world


def _seed(db_path) -> dict[str, str]:
    """Build the world in the database file before the server opens it (DuckDB locks the file)."""
    db = Database(db_path)
    try:
        world = build_small_world(db, load_server_key(db.path), n_subjects=2)
    finally:
        db.close()
    return world.tokens


def _choose_all_radios(page, option_index: int) -> None:
    """Tap one option in every radio group, and wait until the user sees each one chosen."""
    groups = page.locator('[data-testid="stRadio"] [role="radiogroup"]')
    for i in range(groups.count()):
        group = groups.nth(i)
        group.locator("label").nth(option_index).click()
        expect(group.locator("input").nth(option_index)).to_be_checked()
    for i in range(groups.count()):  # none was reset by a late rerun meanwhile
        expect(groups.nth(i).locator("input").nth(option_index)).to_be_checked()


def _press(page, name: str) -> None:
    page.get_by_role("button", name=name).click()
    wait_for_app(page)


def _enter_code(page, url: str, token: str) -> None:
    page.goto(url + "/fill")
    wait_for_app(page)
    page.get_by_role("textbox", name="请输入邀请码").fill(token)
    _press(page, "开始")


def _on_page(page, number: int) -> None:
    """Wait until the form shows page ``number`` of 3 (a click reruns the script)."""
    expect(page.get_by_text(f"第 {number} / 3 页").first).to_be_visible()


def _fill_page_one(page) -> None:
    _on_page(page, 1)
    _choose_all_radios(page, 3)
    _press(page, "下一页")
    _on_page(page, 2)
    # the next page starts in view, not where the long page one was scrolled to (#12)
    expect(page.get_by_text("第 2 / 3 页").first).to_be_in_viewport()


def _fill_pages_two_and_three(page, subject_no: int) -> None:
    _on_page(page, 2)
    _choose_all_radios(page, 2)
    _press(page, "下一页")
    _on_page(page, 3)  # every answer arrived: no question of page 2 is marked as missing
    page.locator("[data-testid=stTextArea] textarea").last.fill(
        f"意见{subject_no}: 调研扎实 <b>not bold</b>"
    )
    _press(page, "提交")


def test_fill_two_cadres_leave_resume_submit(server_factory, browser, tmp_path):
    db_path = tmp_path / "respondent.duckdb"
    token = _seed(db_path)["r1"]
    server = server_factory(db_path, QUANJING_DEMO="0")

    phone = new_page(browser, PHONE)
    _enter_code(phone, server.url, token)
    assert "token" not in phone.url
    # a rater has no menu: no "»" opening an empty sidebar on the phone (#12)
    expect(phone.locator('[data-testid="stExpandSidebarButton"]')).to_be_hidden()
    shoot(phone, "fill-phone-page1-zh")
    expect(phone.get_by_text("已完成 0 / 2")).to_be_visible()
    _fill_page_one(phone)
    _fill_pages_two_and_three(phone, 1)
    expect(phone.get_by_text("已完成 1 / 2")).to_be_visible()

    _fill_page_one(phone)  # second cadre: page 1 sent, page 2 answered on screen, then leave
    _choose_all_radios(phone, 2)
    shoot(phone, "fill-phone-page2-zh")
    _press(phone, "暂存并退出")
    expect(phone.get_by_text("已暂存并退出")).to_be_visible()
    phone.context.close()

    other_device = new_page(browser, PHONE)
    other_device.goto(f"{server.url}/?token={token}")
    wait_for_app(other_device)
    assert "token=" not in other_device.url
    expect(other_device.get_by_text("已恢复上次暂存的内容")).to_be_visible()
    expect(other_device.get_by_text("第 2 / 3 页").first).to_be_visible()
    # what was on the screen when the phone left is there again (#12: it came back blank)
    groups = other_device.locator('[data-testid="stRadio"] [role="radiogroup"]')
    expect(groups.first).to_be_visible()
    for i in range(groups.count()):
        expect(groups.nth(i).locator("input").nth(2)).to_be_checked()
    _fill_pages_two_and_three(other_device, 2)
    expect(other_device.get_by_text("感谢您的参与")).to_be_visible()
    shoot(other_device, "fill-phone-thanks-zh")
    other_device.context.close()

    server.stop()
    con = duckdb.connect(str(server.db_path), read_only=True)
    payloads = [
        json.loads(r[0])
        for r in con.execute("SELECT payload FROM ballot_slot WHERE payload IS NOT NULL").fetchall()
    ]
    assert con.execute("SELECT count(*) FROM ballot").fetchone()[0] == 0  # open: box only
    # r1..r3 share {s1, s2}, but r1 submitted them one at a time: one ballot a subject
    assert sorted((p["g"], p["s"]) for p in payloads) == [("peer", "online")] * 2
    assert sorted({row[0] for p in payloads for row in p["a"]}) == ["s1", "s2"]
    assert all(len({row[0] for row in p["a"]}) == 1 for p in payloads)
    texts = {row[5] for p in payloads for row in p["a"] if row[5] is not None}
    assert texts == {"意见1: 调研扎实 <b>not bold</b>", "意见2: 调研扎实 <b>not bold</b>"}
    assert con.execute("SELECT count(*) FROM draft").fetchone()[0] == 0
    assert con.execute("SELECT finished FROM invitation WHERE rater_id = 'r1'").fetchone()[0]
    con.close()
    assert token.encode() not in server.db_path.read_bytes()
