"""Read queries for the organizer pages (campaigns, people, invitations).

Only reads: the writes go through ``storage.campaigns``, ``storage.people`` and
``campaign.tokens``. No token, token hash or ballot is ever returned here.
"""

from __future__ import annotations

import pandas as pd

from storage.db import Database


def published_versions(db: Database) -> pd.DataFrame:
    """Every published definition version: ``definition_id, version`` (newest first per id)."""
    return db.query_df(
        "SELECT definition_id, version FROM survey_definition WHERE status = 'published'"
        " ORDER BY definition_id, version DESC"
    )


def units_table(db: Database) -> pd.DataFrame:
    """All units: ``unit_id, name_zh, name_en, kind, parent_id``."""
    return db.query_df(
        "SELECT unit_id, name_zh, name_en, kind, parent_id FROM unit ORDER BY unit_id"
    )


def subjects_table(db: Database) -> pd.DataFrame:
    """All subjects with their unit's name: ``subject_id, name, unit_id, unit_name, position,
    level``."""
    return db.query_df(
        "SELECT s.subject_id, s.name, s.unit_id, u.name_zh AS unit_name, s.position, s.level"
        " FROM subject s LEFT JOIN unit u ON u.unit_id = s.unit_id ORDER BY s.unit_id, s.subject_id"
    )


def raters_table(db: Database) -> pd.DataFrame:
    """All raters with their unit's name: ``rater_id, name, unit_id, unit_name, contact,
    subject_id``."""
    return db.query_df(
        "SELECT r.rater_id, r.name, r.unit_id, u.name_zh AS unit_name, r.contact, r.subject_id"
        " FROM rater r LEFT JOIN unit u ON u.unit_id = r.unit_id ORDER BY r.unit_id, r.rater_id"
    )


def relationship_group_counts(db: Database, campaign_id: str) -> pd.DataFrame:
    """``rater_group, n`` of the relationships already stored for one campaign."""
    return db.query_df(
        "SELECT rater_group, count(*) AS n FROM relationship WHERE campaign_id = ?"
        " GROUP BY rater_group ORDER BY rater_group",
        [campaign_id],
    )


def lone_rater_cells(db: Database, campaign_id: str) -> pd.DataFrame:
    """``rater_group, cells``: per rater group other than self, how many (subject, group) cells
    of the campaign's relationships have a single rater. Such a ballot is known by its label and
    the sheet (docs/ANONYMITY.md, groups of one)."""
    return db.query_df(
        "SELECT rater_group, count(*) AS cells FROM (SELECT subject_id, rater_group"
        " FROM relationship WHERE campaign_id = ? AND rater_group <> 'self'"
        " GROUP BY subject_id, rater_group HAVING count(*) = 1)"
        " GROUP BY rater_group ORDER BY rater_group",
        [campaign_id],
    )


def phase_invitations(db: Database, phase_id: str) -> pd.DataFrame:
    """The personal invitations of a phase, for revoking and re-issuing: ``invitation_id,
    rater_id, name, unit_id, unit_name, expires_at, revoked, finished, created_on`` (no token
    hash)."""
    return db.query_df(
        "SELECT i.invitation_id, i.rater_id, r.name, r.unit_id, u.name_zh AS unit_name,"
        " i.expires_at,"
        " i.revoked, i.finished, i.created_on FROM invitation i"
        " LEFT JOIN rater r ON r.rater_id = i.rater_id"
        " LEFT JOIN unit u ON u.unit_id = r.unit_id"
        " WHERE i.phase_id = ? AND i.kind = 'personal' ORDER BY u.name_zh, r.name, i.rater_id",
        [phase_id],
    )


def phase_rater_counts(db: Database, phase_id: str) -> dict[str, int]:
    """``{"raters": raters related in the phase's campaign, "invited": of them already holding a
    personal invitation for the phase}``."""
    with db.read() as cur:
        row = cur.execute(
            "WITH rel AS (SELECT DISTINCT r.rater_id FROM relationship r"
            " JOIN phase p ON p.campaign_id = r.campaign_id WHERE p.phase_id = ?),"
            " inv AS (SELECT DISTINCT rater_id FROM invitation"
            " WHERE phase_id = ? AND kind = 'personal')"
            " SELECT (SELECT count(*) FROM rel),"
            " (SELECT count(*) FROM rel WHERE rater_id IN (SELECT rater_id FROM inv))",
            [phase_id, phase_id],
        ).fetchone()
    return {"raters": int(row[0]), "invited": int(row[1])}
