"""The Data page: the demo world is removed with one confirmed action, and regenerated."""

import demo
from security import audit
from storage.db import Database


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def test_remove_the_demo_then_generate_a_tiny_one(app, app_db):
    db = Database(app_db)
    demo.generate(db, size="tiny", seed=3, locale="zh_CN")
    at = app.switch_page("pages/data.py").run()
    assert any("包含演示数据" in i.value for i in at.info)

    _button(at, "清除演示数据").click().run()  # not confirmed: nothing happens
    assert demo.is_present(db)
    next(c for c in at.checkbox if c.label == "我确认清除演示数据").check()
    _button(at, "清除演示数据").click().run()
    assert not at.exception
    assert not demo.is_present(db)
    kinds = audit.events(db)["kind"].tolist()
    assert "data.demo_removed" in kinds
    assert db.query_df("SELECT count(*) AS n FROM subject")["n"].iloc[0] == 0

    at.selectbox[0].set_value("tiny")
    _button(at, "生成").click().run()
    assert not at.exception
    assert demo.is_present(db)
    assert db.query_df("SELECT count(*) AS n FROM subject")["n"].iloc[0] > 0
    assert "data.demo_generated" in audit.events(db)["kind"].tolist()


def test_generating_over_a_present_demo_needs_a_confirmation(app, app_db):
    db = Database(app_db)
    demo.generate(db, size="tiny", seed=3, locale="zh_CN")
    before = db.query_df("SELECT min(subject_id) AS s FROM subject")["s"].iloc[0]
    at = app.switch_page("pages/data.py").run()
    at.selectbox[0].set_value("tiny")
    _button(at, "生成").click().run()
    assert any("请先勾选确认" in e.value for e in at.error)
    assert db.query_df("SELECT min(subject_id) AS s FROM subject")["s"].iloc[0] == before
