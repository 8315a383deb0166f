"""AppTest of the designer: load a template, break it, see the error at its path, fix, preview."""

import json

from storage.db import Database
from storage.definitions import list_versions
from tests.app.conftest import missing_cells


def _open_designer(app):
    app.switch_page("pages/designer.py").run()
    assert not app.exception
    return app


def _problems(app) -> list[tuple[str, str]]:
    frames = [df.value for df in app.dataframe if "JSON路径" in df.value.columns]
    if not frames:
        return []
    return list(zip(frames[0]["JSON路径"], frames[0]["问题"], strict=True))


def test_break_a_template_see_the_path_fix_it_and_preview(app, app_db):
    app = _open_designer(app)
    app.text_input(key="designer_new_id").input("my_ballot")
    app.selectbox(key="designer_template").select("democratic_assessment")
    app.button(key="designer_create").click().run()
    text = app.text_area(key="designer_json").value
    body = json.loads(text)
    assert body["id"] == "my_ballot"
    assert app.success and "有效" in app.success[0].value

    broken = json.loads(text)
    broken["pages"][0]["items"][0]["scale"] = "no_such_scale"
    broken["pages"][0]["items"][0]["tpye"] = "grade"
    app.text_area(key="designer_json").input(json.dumps(broken, ensure_ascii=False)).run()
    paths = [path for path, _ in _problems(app)]
    assert "$.pages[0].items[0].tpye" in paths or any(
        p.startswith("$.pages[0].items[0]") for p in paths
    )
    assert app.error, "the problem count is shown"
    assert missing_cells(app) == [], "a problem without a line reads —, not None (#12)"

    app.text_area(key="designer_json").input(text).run()
    assert _problems(app) == []
    assert any(tab.label == "预览" for tab in app.tabs)
    # The preview renders the first page as a respondent sees it: a form with its submit button.
    assert len(app.get("form")) >= 1
    assert app.button(key="designer_save")

    app.button(key="designer_save").click().run()
    versions = list_versions(Database(app_db), "my_ballot")
    assert versions["version"].tolist() == [1]
    assert versions["status"].tolist() == ["draft"]


def test_a_malformed_file_names_line_and_column(app):
    app = _open_designer(app)
    app.text_area(key="designer_json").input('{\n  "schema_version": 1,\n  "id": oops\n}').run()
    frames = [df.value for df in app.dataframe if "行" in df.value.columns]
    assert frames and int(frames[0]["行"].iloc[0]) == 3


def test_a_new_survey_and_its_edits_stay_when_the_user_clicks_elsewhere(app, app_db):
    """#12: a survey created from a template (not saved yet) kept its place in the editor only
    until the next click; the picker then swapped back to a saved one and the new survey and
    its edit were gone without a word."""
    from tests.world import publish_template
    from ui.plain import plain

    db = Database(app_db)
    try:
        publish_template(db, "achievement_view_360")
    finally:
        db.close()
    app = _open_designer(app)
    assert app.selectbox(key="designer_pick").value == "achievement_view_360"
    app.text_input(key="designer_new_id").input("my_new")
    app.selectbox(key="designer_template").select("democratic_assessment")
    app.button(key="designer_create").click().run()
    assert app.selectbox(key="designer_pick").value == "my_new"  # the picker shows it at once

    edited = json.loads(app.text_area(key="designer_json").value)
    edited["title"]["zh"] = "我的新测评"
    app.text_area(key="designer_json").input(json.dumps(edited, ensure_ascii=False)).run()
    app.run()  # any later click: nothing swaps
    assert app.selectbox(key="designer_pick").value == "my_new"
    assert json.loads(app.text_area(key="designer_json").value)["title"]["zh"] == "我的新测评"
    assert "有未保存的修改" in [c.value for c in app.caption]

    # opening another survey keeps the unsaved one as a draft, listed in the picker
    app.selectbox(key="designer_pick").select("achievement_view_360").run()
    assert json.loads(app.text_area(key="designer_json").value)["id"] == "achievement_view_360"
    assert "my_new" in app.selectbox(key="designer_pick").options
    # "unsaved changes kept in: my_new" (the id shown as text: Markdown-escaped)
    assert any(plain("my_new") in c.value for c in app.caption)
    app.selectbox(key="designer_pick").select("my_new").run()
    assert json.loads(app.text_area(key="designer_json").value)["title"]["zh"] == "我的新测评"
