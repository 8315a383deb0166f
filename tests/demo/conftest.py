from datetime import date

import pytest

import demo
from storage.db import Database

TODAY = date.today()


@pytest.fixture(scope="module")
def tiny():
    db = Database(":memory:")
    summary = demo.generate(db, size="tiny", seed=11, locale="zh_CN", today=TODAY)
    yield db, summary
    db.close()


@pytest.fixture(scope="module")
def world():
    """The default world (60 cadres): big enough for planted rates and effect sizes."""
    db = Database(":memory:")
    summary = demo.generate(db, size="default", seed=7, locale="en", today=TODAY)
    yield db, summary
    db.close()
