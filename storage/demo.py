"""Storage for the demo world: write it in one transaction, find it, and remove it.

Every table the generator writes is listed in :data:`DEMO_TABLES`; rows are recognised by
``is_demo`` where the schema has it, else by their link to a demo campaign, phase, subject or
ballot. ``app_meta`` keys starting with ``demo`` describe the world (seed, size, locale...).

The world is stored as the platform stores its own (docs/ANONYMITY.md): open phases keep their
ballots as payloads in their ballot box (``ballot_slot``) and their register as it is; closed
phases are sealed: ballots in ``ballot``/``answer``, register cleared by
``storage.sealing.clear_register`` (counts kept in ``phase_count``). The caller rewrites the file
afterwards (``Database.compact``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType

import duckdb
import pandas as pd

from storage import ballot_box, sealing
from storage.db import Database, bulk_insert

META_PREFIX = "demo"
# insertion order (parents first); removal runs in reverse
DEMO_TABLES = (
    "survey_definition",
    "unit",
    "subject",
    "rater",
    "campaign",
    "phase",
    "relationship",
    "invitation",
    "assignment",
    "ballot",
    "answer",
    "ballot_slot",
    "phase_count",
    "commitment",
    "kpi_indicator",
    "kpi_score",
    "external_signal",
    "innovation_filing",
    "field_note",
)

_DELETE = {  # fixed statements, children before parents
    "account_role": "DELETE FROM account_role WHERE account_id IN"
    " (SELECT account_id FROM account WHERE is_demo)",
    "account": "DELETE FROM account WHERE is_demo",
    "ballot_slot": "DELETE FROM ballot_slot WHERE phase_id IN (SELECT phase_id FROM phase p"
    " JOIN campaign c USING (campaign_id) WHERE c.is_demo)",
    "phase_count": "DELETE FROM phase_count WHERE phase_id IN (SELECT phase_id FROM phase p"
    " JOIN campaign c USING (campaign_id) WHERE c.is_demo)",
    "draft": "DELETE FROM draft WHERE phase_id IN (SELECT phase_id FROM phase p"  # try-it drafts
    " JOIN campaign c USING (campaign_id) WHERE c.is_demo)",
    "answer": "DELETE FROM answer WHERE ballot_id IN (SELECT ballot_id FROM ballot b"
    " JOIN phase p USING (phase_id) JOIN campaign c USING (campaign_id) WHERE c.is_demo)",
    "ballot": "DELETE FROM ballot WHERE phase_id IN (SELECT phase_id FROM phase p"
    " JOIN campaign c USING (campaign_id) WHERE c.is_demo)",
    "assignment": "DELETE FROM assignment WHERE phase_id IN (SELECT phase_id FROM phase p"
    " JOIN campaign c USING (campaign_id) WHERE c.is_demo)",
    "invitation": "DELETE FROM invitation WHERE phase_id IN (SELECT phase_id FROM phase p"
    " JOIN campaign c USING (campaign_id) WHERE c.is_demo)",
    "relationship": "DELETE FROM relationship WHERE campaign_id IN"
    " (SELECT campaign_id FROM campaign WHERE is_demo)",
    "commitment": "DELETE FROM commitment WHERE campaign_id IN"
    " (SELECT campaign_id FROM campaign WHERE is_demo)",
    "kpi_score": "DELETE FROM kpi_score WHERE campaign_id IN"
    " (SELECT campaign_id FROM campaign WHERE is_demo)",
    "external_signal": "DELETE FROM external_signal WHERE subject_id IN"
    " (SELECT subject_id FROM subject WHERE is_demo)",
    "innovation_filing": "DELETE FROM innovation_filing WHERE subject_id IN"
    " (SELECT subject_id FROM subject WHERE is_demo)",
    "field_note": "DELETE FROM field_note WHERE subject_id IN"
    " (SELECT subject_id FROM subject WHERE is_demo)",
    "phase": "DELETE FROM phase WHERE campaign_id IN"
    " (SELECT campaign_id FROM campaign WHERE is_demo)",
    "campaign": "DELETE FROM campaign WHERE is_demo",
    "rater": "DELETE FROM rater WHERE is_demo",
    "subject": "DELETE FROM subject WHERE is_demo",
    "unit": "DELETE FROM unit WHERE is_demo",
}


def write_world(
    db: Database,
    tables: dict[str, pd.DataFrame],
    answer_chunks: Iterable[pd.DataFrame],
    meta: dict[str, str],
    *,
    boxes: Mapping[str, Sequence[str]] = MappingProxyType({}),
    sealed: Sequence[str] = (),
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Insert the whole demo world in ONE transaction; returns rows written per table.

    ``tables`` hold the sealed ballots (already split and in their random order); ``boxes`` the
    ballot payloads per open phase, written as that phase's ballot box with free slots for its
    open capacity; ``sealed`` the closed phases, whose register is cleared once written.
    Survey definitions and KPI indicators already in the database (same id and version) are
    kept and not written again; ``app_meta`` records which ones the demo added, so
    :func:`remove_world` deletes only those.
    """
    counts: dict[str, int] = {}
    tables = dict(tables)
    with db.transaction() as cur:
        tables["survey_definition"] = _new_rows(
            cur, tables["survey_definition"], "survey_definition", ["definition_id", "version"]
        )
        tables["kpi_indicator"] = _new_rows(
            cur, tables["kpi_indicator"], "kpi_indicator", ["indicator_id"]
        )
        meta = {
            **meta,
            "demo_definitions": ",".join(
                f"{d}:{v}"
                for d, v in tables["survey_definition"][["definition_id", "version"]].itertuples(
                    index=False
                )
            ),
            "demo_indicators": ",".join(tables["kpi_indicator"]["indicator_id"]),
        }
        for table in DEMO_TABLES:
            if table == "answer":
                counts[table] = 0
                for chunk in answer_chunks:
                    counts[table] += bulk_insert(cur, "answer", chunk)
                    if progress:
                        progress(counts[table])
            elif table in tables:
                counts[table] = bulk_insert(cur, table, tables[table])
        counts["ballot_slot"] = _write_boxes(cur, boxes)
        for phase_id in sealed:
            sealing.clear_register(cur, phase_id)
        counts["phase_count"] = cur.execute(
            "SELECT count(*) FROM phase_count WHERE list_contains(?, phase_id)", [list(sealed)]
        ).fetchone()[0]
        cur.execute("DELETE FROM app_meta WHERE starts_with(key, ?)", [META_PREFIX])
        bulk_insert(
            cur, "app_meta", pd.DataFrame({"key": list(meta), "value": list(meta.values())})
        )
    return counts


def _write_boxes(cur: duckdb.DuckDBPyConnection, boxes: Mapping[str, Sequence[str]]) -> int:
    """Each open phase's ballot box: its payloads and free slots for the ballots its open
    invitations can still give (``open_capacity`` + margin), in random slot order."""
    rows = 0
    for phase_id, payloads in boxes.items():
        free = ballot_box.open_capacity(cur, phase_id) + ballot_box.SLOT_MARGIN
        rows += bulk_insert(cur, "ballot_slot", ballot_box.slot_frame(phase_id, payloads, free))
    return rows


def _new_rows(
    cur: duckdb.DuckDBPyConnection, frame: pd.DataFrame, table: str, key: list[str]
) -> pd.DataFrame:
    """The rows of ``frame`` whose key is not yet in ``table`` (a fixed table name)."""
    cols = ", ".join(key)
    existing = cur.execute(f"SELECT {cols} FROM {table}").df()  # noqa: S608
    if existing.empty:
        return frame
    merged = frame.merge(existing.assign(_seen=True), on=key, how="left")
    return frame[merged["_seen"].isna().to_numpy()].reset_index(drop=True)


def demo_meta(db: Database) -> dict[str, str]:
    """The ``app_meta`` rows describing the demo world (empty when there is none)."""
    frame = db.query_df("SELECT key, value FROM app_meta WHERE starts_with(key, ?)", [META_PREFIX])
    return dict(zip(frame["key"], frame["value"], strict=True))


def is_present(db: Database) -> bool:
    with db.read() as cur:
        meta = cur.execute("SELECT value FROM app_meta WHERE key = 'demo'").fetchone()
        rows = cur.execute("SELECT count(*) FROM subject WHERE is_demo").fetchone()[0]
    return (meta is not None and meta[0] == "true") or rows > 0


def remove_world(db: Database) -> dict[str, int]:
    """Delete every demo row in ONE transaction; returns rows deleted per table."""
    meta = demo_meta(db)
    definitions = [d for d in meta.get("demo_definitions", "").split(",") if d]
    indicators = [i for i in meta.get("demo_indicators", "").split(",") if i]
    counts: dict[str, int] = {}
    with db.transaction() as cur:
        for table, sql in _DELETE.items():
            if sql:
                counts[table] = cur.execute(sql).fetchone()[0]
        counts["survey_definition"] = 0
        for item in definitions:
            definition_id, version = item.split(":")
            counts["survey_definition"] += cur.execute(
                "DELETE FROM survey_definition WHERE definition_id = ? AND version = ?"
                " AND status = 'published'",
                [definition_id, int(version)],
            ).fetchone()[0]
        counts["kpi_indicator"] = cur.execute(
            "DELETE FROM kpi_indicator WHERE list_contains(?, indicator_id)"
            " AND indicator_id NOT IN (SELECT indicator_id FROM kpi_score)",
            [indicators],
        ).fetchone()[0]
        cur.execute("DELETE FROM app_meta WHERE starts_with(key, ?)", [META_PREFIX])
    return counts


def table_frame(db: Database, table: str) -> pd.DataFrame:
    """A whole table in a stable order (every column sorted), for tests and checks."""
    if table not in db.tables():
        raise ValueError(f"unknown table {table!r}")
    with db.read() as cur:
        cols = [r[0] for r in cur.execute(f'DESCRIBE "{table}"').fetchall()]
        order = ", ".join(f'"{c}"' for c in cols)
        return cur.execute(f'SELECT * FROM "{table}" ORDER BY {order}').df()  # noqa: S608


def demo_counts(db: Database) -> dict[str, int]:
    """Rows per table of the demo world (all rows for tables without a demo marker)."""
    with db.read() as cur:
        return {
            t: cur.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]  # noqa: S608
            for t in DEMO_TABLES
        }


# (child table, column, parent table, parent column): references the schema does not enforce
_REFERENCES = (
    ("subject", "unit_id", "unit", "unit_id"),
    ("unit", "parent_id", "unit", "unit_id"),
    ("rater", "subject_id", "subject", "subject_id"),
    ("rater", "unit_id", "unit", "unit_id"),
    ("relationship", "rater_id", "rater", "rater_id"),
    ("relationship", "subject_id", "subject", "subject_id"),
    ("phase", "campaign_id", "campaign", "campaign_id"),
    ("invitation", "phase_id", "phase", "phase_id"),
    ("invitation", "rater_id", "rater", "rater_id"),
    ("assignment", "invitation_id", "invitation", "invitation_id"),
    ("assignment", "subject_id", "subject", "subject_id"),
    ("ballot", "phase_id", "phase", "phase_id"),
    ("ballot_slot", "phase_id", "phase", "phase_id"),
    ("phase_count", "phase_id", "phase", "phase_id"),
    ("answer", "ballot_id", "ballot", "ballot_id"),
    ("answer", "subject_id", "subject", "subject_id"),
    ("commitment", "subject_id", "subject", "subject_id"),
    ("kpi_score", "subject_id", "subject", "subject_id"),
    ("kpi_score", "indicator_id", "kpi_indicator", "indicator_id"),
    ("external_signal", "subject_id", "subject", "subject_id"),
    ("innovation_filing", "subject_id", "subject", "subject_id"),
    ("field_note", "subject_id", "subject", "subject_id"),
)
_COMPOSITE = {
    "phase.definition": "SELECT count(*) FROM phase p ANTI JOIN survey_definition d"
    " ON d.definition_id = p.definition_id AND d.version = p.definition_version",
    "ballot.definition": "SELECT count(*) FROM ballot b ANTI JOIN survey_definition d"
    " ON d.definition_id = b.definition_id AND d.version = b.definition_version",
    "assignment.relationship": "SELECT count(*) FROM assignment a"
    " JOIN invitation i USING (invitation_id) JOIN phase p ON p.phase_id = i.phase_id"
    " ANTI JOIN relationship r ON r.campaign_id = p.campaign_id AND r.rater_id = i.rater_id"
    " AND r.subject_id = a.subject_id AND r.rater_group = a.rater_group"
    " WHERE i.kind = 'personal'",  # meeting tokens belong to no one (rater_id NULL)
    "assignment.phase": "SELECT count(*) FROM assignment a JOIN invitation i"
    " USING (invitation_id) WHERE a.phase_id <> i.phase_id",
    "ballot.phase_definition": "SELECT count(*) FROM ballot b JOIN phase p USING (phase_id)"
    " WHERE b.definition_id <> p.definition_id OR b.definition_version <> p.definition_version",
    "ballot_slot.phase_definition": "SELECT count(*) FROM ballot_slot s JOIN phase p"
    " USING (phase_id) WHERE s.payload IS NOT NULL"
    " AND (json_extract_string(s.payload, '$.d') <> p.definition_id"
    " OR CAST(json_extract(s.payload, '$.v') AS INTEGER) <> p.definition_version)",
    # sealing: ballots only in closed phases, boxes only in open ones, closed registers cleared
    "ballot.unsealed_phase": "SELECT count(*) FROM ballot b JOIN phase p USING (phase_id)"
    " WHERE p.status <> 'closed'",
    "ballot_slot.not_open_phase": "SELECT count(*) FROM ballot_slot s JOIN phase p"
    " USING (phase_id) WHERE p.status <> 'open'",
    "assignment.done_after_seal": "SELECT count(*) FROM assignment a JOIN phase p"
    " USING (phase_id) WHERE p.status = 'closed' AND a.done IS NOT NULL",
    "invitation.finished_after_seal": "SELECT count(*) FROM invitation i JOIN phase p"
    " USING (phase_id) WHERE p.status = 'closed' AND i.finished IS NOT NULL",
}


def dangling_references(db: Database) -> dict[str, int]:
    """Rows (per ``table.column``) whose non-NULL reference names no existing row."""
    out: dict[str, int] = {}
    with db.read() as cur:
        for child, col, parent, pcol in _REFERENCES:  # identifiers are the constants above
            sql = (
                f'SELECT count(*) FROM "{child}" c WHERE c."{col}" IS NOT NULL'  # noqa: S608
                f' AND c."{col}" NOT IN (SELECT "{pcol}" FROM "{parent}")'
            )
            out[f"{child}.{col}"] = cur.execute(sql).fetchone()[0]
        for name, sql in _COMPOSITE.items():
            out[name] = cur.execute(sql).fetchone()[0]
    return out


def ballot_answers(db: Database) -> pd.DataFrame:
    """Every answer with its ballot and phase (checks of the demo world's planted truth):
    the sealed ballots (``sealed`` True) and the ballots in the boxes of open phases, decoded
    with fresh random ids (``sealed`` False)."""
    sealed = db.query_df(
        "SELECT b.ballot_id, b.phase_id, p.kind AS phase_kind, b.definition_id, b.rater_group,"
        " b.source, a.subject_id, a.item_id, a.row_id, a.option_id, a.value_num, a.value_text,"
        " a.is_na FROM answer a JOIN ballot b USING (ballot_id) JOIN phase p USING (phase_id)"
    ).assign(sealed=True)
    frames = [sealed]
    with db.read() as cur:
        boxed = cur.execute(
            "SELECT DISTINCT phase_id FROM ballot_slot WHERE payload IS NOT NULL ORDER BY 1"
        ).fetchall()
        kinds = dict(cur.execute("SELECT phase_id, kind FROM phase").fetchall())
        for (phase_id,) in boxed:
            ballots, answers = ballot_box.decode(
                phase_id, ballot_box.filled_payloads(cur, phase_id)
            )
            frame = answers.merge(ballots, on="ballot_id").assign(
                phase_kind=kinds[phase_id], sealed=False
            )
            frames.append(frame[list(sealed.columns)])
    out = pd.concat([f for f in frames if len(f)], ignore_index=True)
    order = ["ballot_id", "subject_id", "item_id", "row_id", "option_id"]
    return out.sort_values(order, ignore_index=True)
