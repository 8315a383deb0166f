"""Definition versions: canonical JSON, hashes, drafts, immutable published versions."""

from __future__ import annotations

import hashlib

import pytest

from storage import definitions as d
from tests.storage._db import fresh_db


@pytest.fixture
def db(tmp_path):
    yield from fresh_db(tmp_path)


BODY = {"schema_version": 1, "id": "dm", "title": {"zh": "民主测评", "en": "Assessment"}}


def test_save_stores_canonical_json_and_hash(db):
    saved = d.save_definition(db, "dm", '{ "id": "dm", "schema_version": 1 }')
    assert saved.body == '{"id":"dm","schema_version":1}'
    assert saved.sha256 == hashlib.sha256(saved.body.encode()).hexdigest()
    assert d.get_definition(db, "dm", 1) == saved


def test_saving_a_draft_again_overwrites_it(db):
    d.save_definition(db, "dm", BODY)
    again = d.save_definition(db, "dm", BODY | {"title": "x"})
    assert again.version == 1
    assert len(d.list_versions(db, "dm")) == 1


def test_published_version_is_immutable(db):
    d.save_definition(db, "dm", BODY)
    d.publish_definition(db, "dm", 1)
    with pytest.raises(d.DefinitionError, match="published and cannot change"):
        d.save_definition(db, "dm", BODY | {"title": "x"}, version=1)
    new = d.save_definition(db, "dm", BODY | {"title": "x"})
    assert (new.version, new.status) == (2, "draft")
    assert d.get_definition(db, "dm", 1).body == d.canonical_json(BODY)


def test_unchanged_body_does_not_create_a_version(db):
    d.save_definition(db, "dm", BODY)
    d.publish_definition(db, "dm", 1)
    assert d.save_definition(db, "dm", BODY).version == 1


def test_publish_is_idempotent_and_latest_published(db):
    d.save_definition(db, "dm", BODY)
    d.publish_definition(db, "dm", 1)
    d.publish_definition(db, "dm", 1)
    d.save_definition(db, "dm", BODY | {"title": "x"})
    assert d.get_definition(db, "dm").version == 2
    assert d.get_definition(db, "dm", published_only=True).version == 1
    with pytest.raises(d.DefinitionError):
        d.get_definition(db, "dm", 2, published_only=True)
    with pytest.raises(d.DefinitionError):
        d.publish_definition(db, "dm", 9)


def test_lists(db):
    d.save_definition(db, "a", BODY)
    d.publish_definition(db, "a", 1)
    d.save_definition(db, "a", BODY | {"title": "x"})
    d.save_definition(db, "b", BODY)
    listing = d.list_definitions(db).set_index("definition_id")
    assert listing.loc["a", "latest_version"] == 2 and listing.loc["a", "latest_published"] == 1
    assert listing.loc["b", "n_versions"] == 1
    assert list(d.list_versions(db, "a")["status"]) == ["published", "draft"]
