"""AppTest of the respondent's path from app.py: code, pages, errors, resume, finish."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from campaign.tokens import load_server_key
from storage.db import Database
from tests.campaign.conftest import boxed
from tests.world import build_small_world

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def tokens(app_db) -> dict[str, str]:
    db = Database(app_db)
    try:
        return build_small_world(db, load_server_key(db.path), n_subjects=2).tokens
    finally:
        db.close()


def _session(token: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = "zh"
    if token:
        at.query_params["token"] = token
    return at.run()


def _texts(at) -> str:
    return "\n".join(
        str(e.value)
        for kind in ("caption", "text", "markdown", "error", "warning", "success")
        for e in getattr(at, kind)
    )


def _button(at, label: str):
    return next(b for b in at.button if b.label == label)


def _answer_page(at, option: int = 2):
    for radio in at.radio:
        radio.set_value(radio.options[option] if option < len(radio.options) else None)
    for area in at.text_area:
        area.input("工作扎实,作风务实")
    return at


def _fill_subject(at):
    for label in ("下一页", "下一页", "提交"):
        _answer_page(at)
        _button(at, label).click().run()
        assert not at.exception
    return at


def test_a_code_link_fills_two_cadres_back_to_back_then_thanks(tokens):
    at = _session(tokens["r1"])
    assert "token" not in at.query_params
    assert "已完成 0 / 2" in str([p.proto.text for p in at.get("progress")])
    _fill_subject(at)
    assert "已完成 1 / 2" in str([p.proto.text for p in at.get("progress")])
    _fill_subject(at)
    assert any("感谢您的参与" in s.value for s in at.success)


def test_a_second_phone_with_the_same_code_is_told_its_answers_were_not_counted(tokens, app_db):
    first, second = _session(tokens["r2"]), _session(tokens["r2"])
    for label in ("下一页", "下一页"):  # the second phone is on its last page ...
        _answer_page(second)
        _button(second, label).click().run()
    _fill_subject(first)  # ... when the first one finishes everything
    _fill_subject(first)
    assert any("感谢您的参与" in s.value for s in first.success)
    _answer_page(second)
    _button(second, "提交").click().run()
    assert any("没有计入" in e.value for e in second.error)
    assert not any("感谢您的参与" in s.value for s in second.success)
    db = Database(app_db)
    counted = boxed(db, db.query_df("SELECT phase_id FROM phase")["phase_id"].iloc[0])
    assert len(counted[0]) == 2  # one ballot per cadre: the first phone's


def test_an_unanswered_required_item_keeps_the_page_and_marks_it(tokens):
    at = _session(tokens["r2"])
    _button(at, "下一页").click().run()
    assert "请先修改标出的题目" in _texts(at)
    assert "第 1 / 3 页" in _texts(at).replace("\\", "")


def test_a_wrong_code_says_so_and_many_wrong_codes_are_rate_limited(tokens):
    at = _session().switch_page("pages/fill.py").run()
    for attempt in range(6):
        at.text_input(key="fill_token_input").input(f"WRONG-{attempt}")
        at.button[0].click().run()
    assert "邀请码无效" in _texts(at) or "次数过多" in _texts(at)
    assert "次数过多" in _texts(at)


def test_leave_mid_way_and_resume_from_another_session_on_the_saved_page(tokens):
    at = _session(tokens["r3"])
    _answer_page(at)
    _button(at, "下一页").click().run()
    assert "第 2 / 3 页" in _texts(at).replace("\\", "")
    _button(at, "暂存并退出").click().run()
    assert "已暂存并退出" in _texts(at)

    other = _session(tokens["r3"])
    assert "第 2 / 3 页" in _texts(other).replace("\\", "")


def test_a_finished_code_thanks_its_rater_and_says_used_when_opened_again(tokens):
    at = _session(tokens["r1"])
    _fill_subject(at)
    _fill_subject(at)
    assert any("感谢您的参与" in s.value for s in at.success)
    again = _session(tokens["r1"])  # #12: this showed the same thank-you as if just submitted
    assert not again.success
    assert any("已经提交过" in i.value for i in again.info)
    assert not again.radio and not again.text_area


def test_an_empty_code_is_asked_for(app_db):
    at = _session().switch_page("pages/fill.py").run()
    _button(at, "开始").click().run()
    assert any("请先输入邀请码" in w.value for w in at.warning)


def test_a_code_withdrawn_mid_way_ends_the_session_with_its_message(tokens, app_db):
    from campaign.tokens import revoke

    at = _session(tokens["r2"])
    _answer_page(at)
    _button(at, "下一页").click().run()
    db = Database(app_db)
    revoke(db, load_server_key(db.path), tokens["r2"])
    _answer_page(at)
    _button(at, "下一页").click().run()
    assert not at.exception
    assert "该邀请码已作废" in _texts(at)


def test_a_grid_ballot_over_the_excellent_cap_is_refused_and_nothing_is_stored(app_db):
    db = Database(app_db)
    world = build_small_world(
        db, load_server_key(db.path), template_id="democratic_assessment", n_subjects=6
    )
    db.close()
    at = _session(world.tokens["r1"])
    grades = [b for b in at.button_group if b.key != "lang_switch"]
    assert len(grades) == 6 * 6, "one row of grade buttons per cadre and item"
    for buttons in grades:
        buttons.set_value("excellent")
    _button(at, "提交").click().run()
    assert not at.exception
    assert "请先修改标出的题目" in _texts(at)
    # the refused ballot comes back as it was sent (read before drawing, then drawn again)
    kept = [b.value for b in at.button_group if b.key != "lang_switch"]
    assert kept == ["excellent"] * 36
    # a ballot that is the whole queue lists its cadres in the form: no progress bar repeats it
    assert "本票评价以下6位干部" in " ".join(c.value for c in at.caption)
    assert not at.get("progress")
    for buttons in at.button_group:
        if buttons.key != "lang_switch":
            buttons.set_value("competent")
    _button(at, "提交").click().run()
    assert any("感谢您的参与" in s.value for s in at.success)
    db = Database(app_db)
    ballots, answers = boxed(db, world.phase_id)
    # r1..r3 share the slate (k = 3): one grid ballot for all six cadres, in the phase's box
    assert len(ballots) == 1, "one grid ballot for all six cadres"
    assert answers["subject_id"].nunique() == 6
