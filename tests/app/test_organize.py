"""AppTest of the organizer pages: campaigns, people (imports) and invitations."""

from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from campaign.imports import commit_import, preview_import
from campaign.settings import (
    CampaignSettings,
    Thresholds,
    load_campaign_settings,
    update_campaign_settings,
)
from campaign.tokens import issue_phase_tokens, load_server_key, lookup
from security import audit
from storage.campaigns import (
    add_phase,
    create_campaign,
    insert_relationships,
    list_campaigns,
    list_phases,
    open_phase,
    relationships,
)
from storage.db import Database
from storage.definitions import publish_definition, save_definition
from storage.organize import phase_invitations, subjects_table, units_table
from ui.i18n import t
from ui.organize import sample_csv

ROOT = Path(__file__).resolve().parents[2]
PAGES = ("pages/campaigns.py", "pages/people.py", "pages/invitations.py")


def _publish(db: Database, definition_id: str = "democratic_assessment") -> None:
    body = (ROOT / "survey_defs" / f"{definition_id}.json").read_text(encoding="utf-8")
    saved = save_definition(db, definition_id, body)
    publish_definition(db, definition_id, saved.version)


def _people(db: Database) -> None:
    for kind in ("unit", "subject", "rater"):
        preview = preview_import(db, kind, sample_csv(kind), f"{kind}.csv")
        assert preview.ok, preview.problems
        commit_import(db, preview)


def _world(db: Database) -> tuple[str, str]:
    """Sample people, one published definition, a single-round campaign with relationships."""
    _publish(db)
    _people(db)
    campaign_id = create_campaign(
        db, name="**测试** [活动](x)", year=2024, settings_json=CampaignSettings().to_json()
    )
    phase_id = add_phase(
        db,
        campaign_id=campaign_id,
        kind="single",
        definition_id="democratic_assessment",
        definition_version=1,
    )
    preview = preview_import(
        db, "relationship", sample_csv("relationship"), "rel.csv", campaign_id=campaign_id
    )
    commit_import(db, preview)
    return campaign_id, phase_id


def _page(app, path: str):
    app.switch_page(path).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _frames_with(app, column: str):
    return [df.value for df in app.dataframe if column in df.value.columns]


# -- campaigns -------------------------------------------------------------------------------------
def test_create_a_single_round_campaign_and_open_it(app, app_db):
    db = Database(app_db)
    _publish(db)
    app = _page(app, "pages/campaigns.py")
    app.text_input(key="campaigns_new_name").input("2024年度民主测评")
    app.radio(key="campaigns_new_mode").set_value("single")
    app.run()
    app.selectbox(key="campaigns_new_def_single").select("democratic_assessment@1")
    app.button(key="campaigns_create").click().run()
    assert not app.exception
    campaigns = list_campaigns(db)
    assert campaigns["name"].tolist() == ["2024年度民主测评"]
    phases = list_phases(db, campaigns["campaign_id"].iloc[0])
    assert phases["kind"].tolist() == ["single"]
    assert phases["status"].tolist() == ["draft"]

    phase_id = phases["phase_id"].iloc[0]
    app.button(key=f"campaigns_open_{phase_id}").click().run()
    assert not app.exception
    assert list_phases(db, campaigns["campaign_id"].iloc[0])["status"].tolist() == ["open"]
    assert any("已开放" in s.value for s in app.success)
    close = app.button(key=f"campaigns_close_{phase_id}")
    assert close.disabled  # closing is final: it waits for the organizer's confirmation
    app.checkbox(key=f"campaigns_sure_{phase_id}").check().run()
    app.button(key=f"campaigns_close_{phase_id}").click().run()
    assert not app.exception
    assert list_phases(db, campaigns["campaign_id"].iloc[0])["status"].tolist() == ["closed"]
    assert any("不能重新开放" in c.value for c in app.caption)
    assert not [b for b in app.button if b.key and "reopen" in b.key]
    logged = audit.events(db)
    assert set(logged["kind"]) >= {"phase.opened", "phase.closed"}
    assert set(logged["actor"]) == {"tester"}


def test_a_threshold_cannot_be_lowered_after_launch(app, app_db):
    db = Database(app_db)
    campaign_id, phase_id = _world(db)
    update_campaign_settings(db, campaign_id, CampaignSettings(thresholds=Thresholds(peer=5)))
    open_phase(db, phase_id)
    app = _page(app, "pages/campaigns.py")
    app.number_input(key=f"campaigns_settings_{campaign_id}_min_peer").set_value(4)
    next(b for b in app.button if b.label == "保存设置").click().run()
    assert any("请先勾选确认" in e.value for e in app.error)  # a setting change is confirmed
    app.checkbox(key=f"campaigns_settings_{campaign_id}_sure").check()
    next(b for b in app.button if b.label == "保存设置").click().run()
    assert any("不能降低" in e.value for e in app.error)
    assert load_campaign_settings(db, campaign_id).thresholds.peer == 5
    assert "campaign.settings" not in set(audit.events(db)["kind"])  # nothing changed

    app.number_input(key=f"campaigns_settings_{campaign_id}_min_peer").set_value(6)
    app.checkbox(key=f"campaigns_settings_{campaign_id}_sure").check()
    next(b for b in app.button if b.label == "保存设置").click().run()
    assert load_campaign_settings(db, campaign_id).thresholds.peer == 6
    entry = audit.events(db, kinds=["campaign.settings"])
    assert len(entry) == 1 and entry["target"].iloc[0] == campaign_id
    assert '"peer": 5' in entry["detail"].iloc[0] and '"peer": 6' in entry["detail"].iloc[0]


def test_assignment_rules_preview_counts_then_write(app, app_db):
    db = Database(app_db)
    _publish(db)
    _people(db)
    campaign_id = create_campaign(
        db, name="c", year=2024, settings_json=CampaignSettings().to_json()
    )
    app = _page(app, "pages/campaigns.py")
    app.multiselect(key="campaigns_rules").set_value(["peers_in_unit", "self"]).run()
    counts = _frames_with(app, "评价关系数")
    assert counts, "counts per rater group are shown before writing"
    assert relationships(db, campaign_id).empty
    shown = dict(zip(counts[-1]["评价人类别"], counts[-1]["评价关系数"], strict=True))
    app.button(key="campaigns_rules_write").click().run()
    written = relationships(db, campaign_id)
    by_group = written.groupby("rater_group").size().to_dict()
    assert by_group == {"peer": shown["同级"], "self": shown["本人"]}


# -- people ----------------------------------------------------------------------------------------
def test_an_import_with_a_problem_writes_nothing_then_a_clean_file_imports(app, app_db):
    db = Database(app_db)
    app = _page(app, "pages/people.py")
    bad = "单位编号,单位名称,单位类型\nU01,示例局,局\nU02,,街道\n".encode("utf-8-sig")
    app.file_uploader(key="people_upload_unit").upload("units.csv", bad, "text/csv").run()
    assert not app.exception
    problems = _frames_with(app, "行号")
    assert problems and problems[0]["行号"].tolist() == [3]
    assert problems[0]["字段"].tolist() == ["单位名称"]  # the file's own header (#12)
    assert "必填" in problems[0]["问题"].iloc[0]
    assert app.button(key="people_import").disabled
    assert units_table(db).empty

    app.file_uploader(key="people_upload_unit").set_value(
        ("units.csv", sample_csv("unit"), "text/csv")
    ).run()
    assert not _frames_with(app, "行号")
    assert not app.button(key="people_import").disabled
    app.button(key="people_import").click().run()
    assert not app.exception
    assert len(units_table(db)) == 3
    assert any("已导入3行" in s.value for s in app.success)
    app.run()  # a later run does not check the same file again (it would now be duplicates)
    assert not app.error


def test_relationships_need_a_campaign_and_problems_are_in_english_too(app, app_db):
    db = Database(app_db)
    campaign_id, _ = _world(db)
    app.session_state["lang"] = "en"
    app.session_state["people_kind"] = "relationship"
    app = _page(app, "pages/people.py")
    assert app.selectbox(key="people_campaign").value == campaign_id
    rows = "评价人编号,被评价人编号,评价关系\nR003,S999,同级\n".encode("utf-8-sig")
    app.session_state["lang"] = "en"
    app.file_uploader(key="people_upload_relationship").upload("r.csv", rows, "text/csv").run()
    problems = _frames_with(app, "Row")
    assert problems and "unknown subject" in problems[0]["Problem"].iloc[0]
    assert app.button(key="people_import").disabled


def test_sample_templates_have_a_bom_and_chinese_headers():
    for kind in ("unit", "subject", "rater", "relationship"):
        data = sample_csv(kind)
        assert data.startswith(b"\xef\xbb\xbf")
        assert "编号" in data.decode("utf-8-sig").splitlines()[0]


# -- invitations -----------------------------------------------------------------------------------
def test_tokens_are_shown_once_and_never_again(app, app_db):
    db = Database(app_db)
    _, phase_id = _world(db)
    open_phase(db, phase_id)
    key = load_server_key(app_db)
    app = _page(app, "pages/invitations.py")
    app.button(key="invitations_issue").click().run()
    assert not app.exception
    tokens = _frames_with(app, "邀请码")
    assert tokens and len(tokens[0]) == 3  # R001, R002, R003
    assert len(app.get("download_button")) >= 2
    assert any("只在此刻显示一次" in w.value for w in app.warning)
    first = tokens[0]["邀请码"].iloc[0]
    assert lookup(db, key, first) == "valid"
    assert tokens[0]["链接"].iloc[0].endswith(f"token={first}")

    app.run()
    assert not _frames_with(app, "邀请码")
    assert not any(first in str(app.session_state[k]) for k in app.session_state)
    assert len(phase_invitations(db, phase_id)) == 3
    assert app.button(key="invitations_issue").disabled  # everyone is invited


def test_reissue_shows_the_new_token_once_and_the_old_one_stops(app, app_db):
    db = Database(app_db)
    _, phase_id = _world(db)
    open_phase(db, phase_id)
    key = load_server_key(app_db)
    app = _page(app, "pages/invitations.py")
    app.button(key="invitations_issue").click().run()
    old = dict(
        zip(
            _frames_with(app, "邀请码")[0]["姓名"],
            _frames_with(app, "邀请码")[0]["邀请码"],
            strict=True,
        )
    )
    invitations = phase_invitations(db, phase_id)
    target = invitations.loc[invitations["name"] == "赵六", "invitation_id"].iloc[0]
    app.selectbox(key="invitations_reissue_pick").select(target)
    app.button(key="invitations_reissue").click().run()
    assert lookup(db, key, old["赵六"]) == "valid"  # not confirmed: nothing happened
    assert any("请先勾选确认" in e.value for e in app.error)
    app.checkbox(key="invitations_reissue_sure").check()
    app.button(key="invitations_reissue").click().run()
    fresh = _frames_with(app, "邀请码")[0]["邀请码"].tolist()
    assert len(fresh) == 1 and fresh[0] != old["赵六"]
    assert lookup(db, key, old["赵六"]) == "unknown"
    assert lookup(db, key, fresh[0]) == "valid"

    app.selectbox(key="invitations_revoke_pick").select(target)
    app.checkbox(key="invitations_revoke_sure").check()
    app.button(key="invitations_revoke").click().run()
    assert lookup(db, key, fresh[0]) == "revoked"
    assert not _frames_with(app, "邀请码")
    logged = audit.events(db)
    kinds = logged["kind"].tolist()
    assert kinds.count("invitation.issued") == 1 and kinds.count("invitation.reissued") == 1
    assert kinds.count("invitation.revoked") == 1
    inv = logged[logged["kind"].str.startswith("invitation.")]
    assert (inv["logged_at"].dt.floor("D") == inv["logged_at"]).all()  # kept to the day
    for code in (*old.values(), *fresh):
        assert not logged.astype(str).apply(lambda c, code=code: c.str.contains(code)).any().any()


# -- every page, both languages --------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("populated", [False, True])
def test_every_organize_page_renders_in_both_languages(app, app_db, lang, populated):
    if populated:
        db = Database(app_db)
        _, phase_id = _world(db)
        issue_phase_tokens(
            db, load_server_key(app_db), phase_id, expires_at=datetime.now() + timedelta(days=1)
        )
    for path in PAGES:
        app.session_state["lang"] = lang  # the app's language switch reads it on the next run
        app = _page(app, path)
        assert app.title[0].value == t(f"page.{Path(path).stem}", lang)
    if populated:
        # user-written names are shown as data, never as Markdown
        assert not any("测试" in m.value for m in app.markdown)


def test_user_text_is_never_rendered_as_markdown(app, app_db):
    db = Database(app_db)
    _world(db)
    for path in PAGES:
        app = _page(app, path)
        markdown = " ".join(m.value for m in [*app.markdown, *app.caption])
        assert "测试" not in markdown
    subjects = subjects_table(Database(app_db))
    assert "张三" in subjects["name"].tolist()


def test_a_cell_with_a_single_rater_is_pointed_out_before_anyone_is_invited(app, app_db):
    """A sole superior's or observer's ballot is known from the sheet (docs/ANONYMITY.md):
    the Campaigns page says how many such cells the relationships have, per group."""
    db = Database(app_db)
    _publish(db)
    cid = create_campaign(db, name="c", year=2026, settings_json=CampaignSettings().to_json())
    rel = pd.DataFrame(
        [("boss", "s1", "superior"), ("boss", "s2", "superior"), ("o1", "s1", "observer")]
        + [(f"p{i}", s, "peer") for i in range(3) for s in ("s1", "s2")]
        + [("s1", "s1", "self")],
        columns=["rater_id", "subject_id", "rater_group"],
    )
    insert_relationships(db, cid, rel)
    app = _page(app, "pages/campaigns.py")
    assert not app.exception
    (warning,) = [w.value for w in app.warning if "一位评价人" in w.value]
    assert "3 个评价格" in warning and "上级 2" in warning and "政绩观察员 1" in warning
    assert "同级" not in warning and "本人" not in warning
