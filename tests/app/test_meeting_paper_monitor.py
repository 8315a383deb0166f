"""AppTest of the meeting, paper-entry and monitoring pages from the real entry point."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd
import pytest

from campaign import paper, respondent
from campaign.settings import CampaignSettings
from campaign.tokens import issue_phase_tokens, load_server_key
from storage import campaigns, definitions, meeting_ui
from storage import paper as paper_store
from storage.db import Database, bulk_insert
from survey_engine import Answer, dumps_definition, load_template
from tests.campaign.conftest import boxed

ITEMS = [i.id for i in load_template("democratic_assessment").all_items()]
PAGES = ("pages/meeting.py", "pages/paper.py", "pages/monitor.py")


@dataclass
class World:
    phase_id: str
    subjects: list[str]
    tokens: dict[str, str]  # rater_id -> raw personal token


@pytest.fixture
def world(app, app_db) -> World:
    """Two cadres of one unit on a published democratic_assessment grid, an open phase, and
    three raters r1..r3 (peer) with personal tokens."""
    db, key = Database(app_db), load_server_key(app_db)
    body = json.loads(dumps_definition(load_template("democratic_assessment")))
    version = definitions.save_definition(db, "democratic_assessment", body).version
    definitions.publish_definition(db, "democratic_assessment", version)
    subjects = ["s1", "s2"]
    with db.transaction() as cur:
        bulk_insert(
            cur,
            "unit",
            pd.DataFrame(
                {
                    "unit_id": ["u1"],
                    "name_zh": ["和平街道"],
                    "name_en": ["Heping"],
                    "kind": ["street"],
                }
            ),
        )
        bulk_insert(
            cur,
            "subject",
            pd.DataFrame(
                {
                    "subject_id": subjects,
                    "name": ["干部1", "干部2"],
                    "unit_id": "u1",
                    "position": "副主任",
                    "level": "副科",
                }
            ),
        )
        bulk_insert(
            cur,
            "rater",
            pd.DataFrame(
                {
                    "rater_id": ["r1", "r2", "r3"],
                    "name": ["甲", "乙", "丙"],
                    "unit_id": "u1",
                    "contact": ["130", "131", "132"],
                }
            ),
        )
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
    campaigns.insert_relationships(
        db,
        cid,
        pd.DataFrame(
            [(r, s, "peer") for r in ("r1", "r2", "r3") for s in subjects],
            columns=["rater_id", "subject_id", "rater_group"],
        ),
    )
    campaigns.open_phase(db, pid)
    issued = issue_phase_tokens(db, key, pid, expires_at=datetime.now() + timedelta(days=7))
    return World(pid, subjects, {i.rater_id: i.token for i in issued})


def _open(app, page: str):
    app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _metric(app, label: str) -> str:
    return next(m.value for m in app.metric if m.label == label)


def _frame(app, column: str):
    """The first table with ``column`` (AppTest does not keep a dataframe's key)."""
    return next(df.value for df in app.dataframe if column in df.value.columns)


def _ballot(subjects, grade: str = "competent") -> list[Answer]:
    return [Answer(s, item, option_id=grade, value_num=3.0) for s in subjects for item in ITEMS]


def test_meeting_batch_shows_n_tokens_once_and_counts_a_submitted_ballot(app, app_db, world):
    app = _open(app, "pages/meeting.py")
    app.number_input(key="meeting_n").set_value(4)
    app.button(key="meeting_create").click().run()
    assert not app.exception
    tokens = _frame(app, "测评码").iloc[:, 0].tolist()
    assert len(tokens) == 4 and len(set(tokens)) == 4
    assert len(app.download_button) == 2
    assert _metric(app, "已收票 / 发放") == "0 / 4"
    assert _metric(app, "未交") == "4"

    db = Database(app_db)
    result = respondent.submit(
        db, load_server_key(app_db), tokens[0], world.subjects, _ballot(world.subjects)
    )
    assert result.status == "submitted"
    app.run()
    assert _metric(app, "已收票 / 发放") == "1 / 4"

    # Hiding the codes removes them for good: the page cannot show them again.
    app.button(key="meeting_forget").click().run()
    assert not [df for df in app.dataframe if "测评码" in df.value.columns]
    assert _metric(app, "已收票 / 发放") == "1 / 4"

    app.button(key="meeting_close").click().run()
    assert _metric(app, "已作废") == "3" and _metric(app, "未交") == "0"
    (batch,) = meeting_ui.meeting_batches(db, world.phase_id).itertuples(index=False)
    assert (batch.issued, batch.received, batch.revoked, batch.rater_group) == (4, 1, 3, "peer")


#: The option numbers keyed on the grid: democratic_assessment's grades in definition order.
NUMBER = {"excellent": "1", "competent": "2", "basically_competent": "3", "incompetent": "4"}


def _fill_grid(app, sheet: str, cells: dict[tuple[int, str], str]) -> None:
    """Key the sheet number and grid cells ``{(row, item): text}`` as the browser sends them."""
    app.text_input(key="paper_sheet_no").input(sheet)
    edited: dict[int, dict[str, str]] = {}
    for (row, item), text in cells.items():
        edited.setdefault(row, {})[item] = text
    app.session_state[app.data_editor[0].key] = {
        "edited_rows": edited,
        "added_rows": [],
        "deleted_rows": [],
    }
    app.get("form_submit_button")[0].click().run()
    assert not app.exception, [e.value for e in app.exception]


def _key_sheet(app, clerk: str, sheet: str, grades: dict[tuple[str, str], str]) -> None:
    app.segmented_control(key="paper_clerk").set_value(clerk).run()
    rows = {s: i for i, s in enumerate(app.multiselect[0].value)}
    _fill_grid(app, sheet, {(rows[s], i): NUMBER[g] for (s, i), g in grades.items()})
    assert not app.error, [e.value for e in app.error]


def test_two_clerks_agreeing_on_a_sheet_count_as_one_ballot(app, app_db, world):
    app = _open(app, "pages/paper.py")
    sheet = {(s, i): "competent" for s in world.subjects for i in ITEMS}
    _key_sheet(app, "A", "001", sheet)
    assert _metric(app, "仅一人录入") == "1"
    _key_sheet(app, "B", "001", sheet)
    assert _metric(app, "一致待计") == "1" and _metric(app, "仅一人录入") == "0"

    app.button(key="paper_count").click().run()
    assert not app.exception
    assert _metric(app, "已计票") == "1"
    ballots, frame = boxed(Database(app_db), world.phase_id)  # the open phase's box
    assert len(ballots) == 1 and set(ballots["rater_group"]) == {"peer"}
    assert len(frame) == len(world.subjects) * len(ITEMS)


def test_a_differing_sheet_lists_the_cell_and_can_be_resolved(app, app_db, world):
    app = _open(app, "pages/paper.py")
    sheet = {(s, i): "competent" for s in world.subjects for i in ITEMS}
    _key_sheet(app, "A", "007", sheet)
    _key_sheet(app, "B", "007", {**sheet, (world.subjects[1], "overall"): "excellent"})
    assert _metric(app, "录入不一致") == "1"
    diff = _frame(app, "录入员 A")
    assert len(diff) == 1
    row = diff.iloc[0]
    assert (row["票号"], row["被评价人"], row["项目"]) == ("007", "干部2", "总体评价")
    assert (row["录入员 A"], row["录入员 B"]) == ("称职", "优秀")

    app.selectbox(key="paper_fix_007_0").set_value("excellent").run()
    app.button(key="paper_resolve").click().run()
    assert not app.exception and app.success
    frame = boxed(Database(app_db), world.phase_id)[1]
    cell = frame[(frame["subject_id"] == world.subjects[1]) & (frame["item_id"] == "overall")]
    assert cell["option_id"].tolist() == ["excellent"]
    assert _metric(app, "录入不一致") == "0" and _metric(app, "已计票") == "1"


def test_a_spoilt_sheet_is_voided(app, world):
    app = _open(app, "pages/paper.py")
    app.text_input(key="paper_void_no").input("013")
    app.checkbox(key="paper_void_sure").check().run()
    app.button(key="paper_void").click().run()
    assert not app.exception and app.success
    assert _metric(app, "已作废") == "1"


def test_monitor_shows_rates_and_a_reminder_list_without_subjects(app, app_db, world):
    db = Database(app_db)
    respondent.submit(
        db, load_server_key(app_db), world.tokens["r1"], world.subjects, _ballot(world.subjects)
    )
    app = _open(app, "pages/monitor.py")
    charts = app.get("vega_lite_chart")
    assert len(charts) == 4  # phases, groups, units, subjects
    spec = json.loads(charts[1].proto.spec)
    x = spec["layer"][0]["encoding"]["x"]
    assert x["scale"]["domain"] == [0, 1] and x["axis"]["format"] == "%"
    tooltip_titles = {tip["title"] for tip in spec["layer"][0]["encoding"]["tooltip"]}
    assert {"已完成", "应评", "完成率"} <= tooltip_titles
    groups = _frame(app, "评价人类别")
    assert groups.iloc[0]["评价人类别"] == "同级"
    assert (groups.iloc[0]["已完成"], groups.iloc[0]["应评"]) == (2, 6)
    assert groups.iloc[0]["完成率"] == pytest.approx(1 / 3)
    subjects = _frame(app, "被评价人")
    assert len(subjects) == 2
    pending = _frame(app, "联系方式")
    assert list(pending.columns) == ["姓名", "单位", "联系方式"]
    assert sorted(pending["姓名"]) == ["丙", "乙"]
    assert _metric(app, "未完成人数") == "2"
    assert app.download_button(key="monitor_download")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_pages_render_in_both_languages(app, world, page, lang):
    app.session_state["lang"] = lang
    app = _open(app, page)
    assert app.title[0].value in (
        "会议测评",
        "Meeting mode",
        "纸质票录入",
        "Paper ballots",
        "进度监控",
        "Monitoring",
    )


@pytest.mark.parametrize("page", PAGES)
def test_pages_render_on_an_empty_database(app, page):
    app = _open(app, page)
    assert app.info


def test_reminder_csv_has_a_bom_for_excel():
    from ui.exports import csv_bytes

    data = csv_bytes(pd.DataFrame({"姓名": ["甲"], "单位": ["和平街道"], "联系方式": ["130"]}))
    assert data.startswith(b"\xef\xbb\xbf") and "甲".encode() in data


def test_the_live_count_follows_the_batch_just_created(app, world):
    """#12: the picker kept the batch it showed before, so a new batch's hall was counted
    against an old batch's codes."""
    app = _open(app, "pages/meeting.py")
    app.number_input(key="meeting_n").set_value(4)
    app.button(key="meeting_create").click().run()
    assert _metric(app, "已收票 / 发放") == "0 / 4"
    app.run()  # the live tab's picker now holds the first batch
    app.number_input(key="meeting_n").set_value(3)
    app.button(key="meeting_create").click().run()
    assert not app.exception
    assert _metric(app, "已收票 / 发放") == "0 / 3"


def test_invitations_and_meetings_open_on_a_campaign_with_an_open_phase(app, app_db, world):
    """#12: they opened on the first campaign by year and name, whose phases were closed."""
    db = Database(app_db)
    version = campaigns.get_phase(db, world.phase_id)["definition_version"]
    closed = campaigns.create_campaign(
        db, name="AAA 已结束", year=2099, settings_json=CampaignSettings().to_json()
    )
    pid = campaigns.add_phase(db, campaign_id=closed, kind="single",
                              definition_id="democratic_assessment",
                              definition_version=int(version))  # fmt: skip
    campaigns.open_phase(db, pid)
    campaigns.close_phase(db, pid)
    assert campaigns.list_campaigns(db)["campaign_id"].iloc[0] != closed
    for page, key in (
        ("pages/meeting.py", "meeting_campaign"),
        ("pages/invitations.py", "invitations_campaign"),
    ):
        app = _open(app, page)
        assert not app.exception
        assert app.selectbox(key=key).value != closed


def test_the_grid_is_one_row_per_cadre_with_a_legend_of_option_numbers(app, world):
    app = _open(app, "pages/paper.py")
    (grid,) = app.data_editor
    assert grid.value["_subject"].tolist() == ["干部1", "干部2"]
    assert [c for c in grid.value.columns if c != "_subject"] == ITEMS
    assert (grid.value[ITEMS] == "").all().all()
    legend = [c.value for c in app.caption if "1 = " in c.value]
    assert legend == [
        "每格填纸票上所选选项的序号：1 = 优秀 · 2 = 称职 · 3 = 基本称职 · 4 = 不称职；空白 = 未填。"
    ]


def test_a_saved_sheet_leaves_an_empty_grid_and_no_sheet_number(app, app_db, world):
    app = _open(app, "pages/paper.py")
    first = app.data_editor[0].key
    _fill_grid(app, "021", {(0, "overall"): "1", (1, "grade_de"): "４"})  # full-width 4 too
    assert [s.value for s in app.success] == [
        "已保存：票号 021（录入员 A）。表格已清空，请录入下一张。"
    ]
    assert app.data_editor[0].key != first
    assert app.text_input(key="paper_sheet_no").value == ""
    assert _metric(app, "仅一人录入") == "1"
    (entry,) = paper_store.open_entries(Database(app_db), world.phase_id).itertuples()
    keyed = {(a["subject_id"], a["item_id"], a["option_id"]) for a in json.loads(entry.answers)}
    assert keyed == {("s1", "overall", "excellent"), ("s2", "grade_de", "incompetent")}


def test_a_wrong_number_names_the_cadre_and_item_and_keeps_what_was_keyed(app, world):
    app = _open(app, "pages/paper.py")
    key = app.data_editor[0].key
    _fill_grid(app, "022", {(0, "overall"): "2", (1, "grade_lian"): "5", (1, "overall"): "x"})
    (error,) = app.error
    assert "干部2 · 廉：“5”，应填 1–4 或留空" in error.value
    assert "干部2 · 总体评价：“x”" in error.value and "干部1" not in error.value
    assert not app.success and _metric(app, "仅一人录入") == "0"
    assert app.data_editor[0].key == key  # the same editor: the browser keeps its cells
    assert app.session_state[key]["edited_rows"][0] == {"overall": "2"}
    assert app.text_input(key="paper_sheet_no").value == "022"


def test_a_refused_sheet_keeps_the_grid(app, app_db, world):
    """A sheet already counted is refused by the service: nothing keyed is lost."""
    paper.void_sheet(Database(app_db), world.phase_id, "023")
    app = _open(app, "pages/paper.py")
    key = app.data_editor[0].key
    _fill_grid(app, "023", {(0, "overall"): "2"})
    assert "already void" in app.error[0].value
    assert app.data_editor[0].key == key
    assert app.session_state[key]["edited_rows"] == {0: {"overall": "2"}}
    assert app.text_input(key="paper_sheet_no").value == "023"


def test_an_empty_grid_or_a_missing_sheet_number_is_refused_in_words(app, world):
    app = _open(app, "pages/paper.py")
    _fill_grid(app, "024", {})
    assert [e.value for e in app.error] == [
        "未保存：票号 024 一格也没有填。空白票或无效票请在“更正与作废”中作废。"
    ]
    _fill_grid(app, " ", {(0, "overall"): "1"})
    assert [e.value for e in app.error] == ["未保存：请填写票号（纸票上印的编号）。"]


def test_paper_grid_helpers_doctests():
    import doctest

    import ui.paper_grid

    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(ui.paper_grid, optionflags=flags)
    assert result.attempted > 5 and result.failed == 0


def test_a_clerk_keying_a_sheet_number_again_is_asked_before_it_replaces(app, app_db, world):
    """A mistyped sheet number silently replaced the clerk's earlier keying of that sheet."""
    app = _open(app, "pages/paper.py")
    _fill_grid(app, "025", {(0, "overall"): "1"})
    assert app.success
    _fill_grid(app, "025", {(0, "overall"): "3"})
    assert [e.value for e in app.error] == [
        "未保存：录入员 A 已录过票号 025。如果票号输错了，请改正后再保存；"
        "如果是重录这张票，请勾选“替换”后再保存。"
    ]
    key = app.data_editor[0].key
    assert app.session_state[key]["edited_rows"] == {0: {"overall": "3"}}  # kept
    (entry,) = paper_store.open_entries(Database(app_db), world.phase_id).itertuples()
    assert json.loads(entry.answers)[0]["option_id"] == "excellent"  # not replaced

    replace = app.checkbox(key="paper_replace_A_025")
    assert replace.label == "替换：用本次录入替换录入员 A 此前录入的票号 025"
    replace.check()
    app.get("form_submit_button")[0].click().run()
    assert app.success and not app.error
    (entry,) = paper_store.open_entries(Database(app_db), world.phase_id).itertuples()
    assert json.loads(entry.answers)[0]["option_id"] == "basically_competent"
    assert [c.key for c in app.checkbox] == ["paper_void_sure"]  # asked once, for that sheet

    app.segmented_control(key="paper_clerk").set_value("B").run()
    _fill_grid(app, "025", {(0, "overall"): "3"})  # the other clerk's first keying
    assert app.success and not app.error
