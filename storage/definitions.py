"""Survey definition versions: canonical JSON snapshots with their hash, draft or published.

A published version is immutable. Saving over it is refused; saving without naming a version
creates the next version number when the latest one is published.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from storage.db import Database, StorageError


class DefinitionError(StorageError):
    """A definition version cannot be saved, published or found as asked."""


@dataclass(frozen=True, slots=True)
class DefinitionVersion:
    definition_id: str
    version: int
    status: str
    body: str
    sha256: str
    saved_on: date


def canonical_json(body: str | dict) -> str:
    """The canonical text of a definition: sorted keys, no spaces, UTF-8 kept as is."""
    data = json.loads(body) if isinstance(body, str) else body
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def body_sha256(canonical: str) -> str:
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _fetch(cur: duckdb.DuckDBPyConnection, definition_id: str, version: int):
    return cur.execute(
        "SELECT definition_id, version, status, body, sha256, saved_on FROM survey_definition"
        " WHERE definition_id = ? AND version = ?",
        [definition_id, version],
    ).fetchone()


def _latest(cur: duckdb.DuckDBPyConnection, definition_id: str, status: str | None = None):
    row = cur.execute(
        "SELECT definition_id, version, status, body, sha256, saved_on FROM survey_definition"
        " WHERE definition_id = ? AND (CAST(? AS VARCHAR) IS NULL OR status = ?)"
        " ORDER BY version DESC LIMIT 1",
        [definition_id, status, status],
    ).fetchone()
    return row


def save_definition(
    db: Database, definition_id: str, body: str | dict, *, version: int | None = None
) -> DefinitionVersion:
    """Save a draft version of a definition and return it.

    With ``version=None`` the latest version is overwritten if it is a draft; if it is published
    (or none exists) a new version number is created. An unchanged body returns the latest
    version untouched. Naming a published ``version`` raises :class:`DefinitionError`.
    """
    text = canonical_json(body)
    digest = body_sha256(text)
    with db.transaction() as cur:
        latest = _latest(cur, definition_id)
        if version is None:
            if latest is not None and latest[4] == digest:
                return DefinitionVersion(*latest)
            if latest is not None and latest[2] == "draft":
                version = latest[1]
            else:
                version = (latest[1] + 1) if latest is not None else 1
        existing = _fetch(cur, definition_id, version)
        if existing is not None and existing[2] == "published":
            raise DefinitionError(
                f"definition {definition_id!r} version {version} is published and cannot change;"
                " save it as a new version instead"
            )
        if existing is None:
            cur.execute(
                "INSERT INTO survey_definition (definition_id, version, status, body, sha256,"
                " saved_on) VALUES (?, ?, 'draft', ?, ?, ?)",
                [definition_id, version, text, digest, date.today()],
            )
        else:
            cur.execute(
                "UPDATE survey_definition SET body = ?, sha256 = ?, saved_on = ?"
                " WHERE definition_id = ? AND version = ?",
                [text, digest, date.today(), definition_id, version],
            )
        return DefinitionVersion(definition_id, version, "draft", text, digest, date.today())


def publish_definition(db: Database, definition_id: str, version: int) -> DefinitionVersion:
    """Mark a version published (idempotent). From then on it can never change."""
    with db.transaction() as cur:
        row = _fetch(cur, definition_id, version)
        if row is None:
            raise DefinitionError(f"definition {definition_id!r} has no version {version}")
        if row[2] != "published":
            cur.execute(
                "UPDATE survey_definition SET status = 'published'"
                " WHERE definition_id = ? AND version = ?",
                [definition_id, version],
            )
        return DefinitionVersion(*row[:2], "published", *row[3:])


def get_definition(
    db: Database, definition_id: str, version: int | None = None, *, published_only: bool = False
) -> DefinitionVersion:
    """One version; ``version=None`` gives the latest (the latest published if asked)."""
    with db.read() as cur:
        if version is None:
            row = _latest(cur, definition_id, "published" if published_only else None)
        else:
            row = _fetch(cur, definition_id, version)
    if row is None or (published_only and row[2] != "published"):
        what = "published version" if published_only else "version"
        raise DefinitionError(f"definition {definition_id!r}: no such {what} ({version})")
    return DefinitionVersion(*row)


def list_definitions(db: Database) -> pd.DataFrame:
    """One row per definition: definition_id, latest_version, latest_published, n_versions."""
    return db.query_df(
        "SELECT definition_id, max(version) AS latest_version,"
        " max(version) FILTER (WHERE status = 'published') AS latest_published,"
        " count(*) AS n_versions FROM survey_definition"
        " GROUP BY definition_id ORDER BY definition_id"
    )


def list_versions(db: Database, definition_id: str) -> pd.DataFrame:
    """The versions of one definition (without bodies): version, status, sha256, saved_on."""
    return db.query_df(
        "SELECT version, status, sha256, saved_on FROM survey_definition"
        " WHERE definition_id = ? ORDER BY version",
        [definition_id],
    )
