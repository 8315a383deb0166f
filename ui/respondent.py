"""The respondent's path, Streamlit side: state of the current batch, drafts, submit.

A *batch* is what one ballot covers: one subject (single mode) or every pending subject of one
rater group (grid mode and meeting ballots). The state lives in ``st.session_state['fill']`` and,
encrypted with a key derived from the token, in the draft table (save and resume anywhere).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from campaign import drafts
from campaign.respondent import Session
from storage.commitments import stated_commitments
from storage.definitions import get_definition
from survey_engine import Survey, loads_stored
from survey_engine.answer import Answer


def survey_for(db, session: Session) -> Survey:
    """The exact published definition version the invitation's phase uses: read, parsed and
    validated once per version and process (a published version never changes)."""
    return _published_survey(db, db.path, session.definition_id, session.definition_version)


@lru_cache(maxsize=64)
def _published_survey(db, db_path: str, definition_id: str, version: int) -> Survey:
    stored = get_definition(db, definition_id, version)
    return loads_stored(stored.body, file=f"{stored.definition_id}.v{stored.version}")


@dataclass
class Batch:
    """The ballot being filled: its subjects, rater group, page and raw values so far."""

    subject_ids: list[str]
    rater_group: str
    page: int = 0
    raw: dict[str, dict] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "subject_ids": self.subject_ids,
            "rater_group": self.rater_group,
            "page": self.page,
            "raw": self.raw,
        }

    @classmethod
    def from_json(cls, data: dict) -> Batch:
        return cls(
            list(data["subject_ids"]),
            data["rater_group"],
            int(data["page"]),
            dict(data.get("raw", {})),
        )


def next_batch(session: Session, survey: Survey) -> Batch | None:
    """The next ballot to fill, or None when everything is done."""
    pending = session.pending
    if not pending:
        return None
    group = pending[0].rater_group
    if survey.subject_mode == "grid" or session.kind == "meeting":
        return Batch([q.subject_id for q in pending if q.rater_group == group], group)
    return Batch([pending[0].subject_id], group)


def restore_batch(db, key: bytes, token: str, session: Session) -> Batch | None:
    """The batch saved in the encrypted draft, if its subjects are all still pending."""
    data = drafts.load_draft(db, key, token)
    if not data or "batch" not in data:
        return None
    batch = Batch.from_json(data["batch"])
    pending = {(q.subject_id, q.rater_group) for q in session.pending}
    if all((s, batch.rater_group) in pending for s in batch.subject_ids):
        return batch
    return None


def save_batch(db, key: bytes, token: str, batch: Batch) -> None:
    """Encrypt and store the batch under the token's draft key (the server cannot read it)."""
    drafts.save_draft(db, key, token, {"batch": batch.to_json()})


def commitments_for(
    db, session: Session, batch: Batch, survey: Survey
) -> dict[str, list[tuple[str, str]]]:
    """The commitments a 亮效/亮绩 ballot shows beside its items; none asked for (no query) when
    the definition has no commitment item, as on a 民主测评 grid."""
    if not any(item.type == "commitment" for item in survey.all_items()):
        return {}
    return stated_commitments(db, phase_id=session.phase_id, subject_ids=batch.subject_ids)


def pledged(survey: Survey, answers: list[Answer]) -> list[tuple[str, int, str]]:
    """``(subject_id, seq, text)`` of commitments stated in a 亮诺 pledge, from its answers."""
    state_items = {
        item.id
        for page in survey.pages
        for item in page.items
        if item.type == "commitment" and getattr(item, "mode", None) == "state"
    }
    rows = [a for a in answers if a.item_id in state_items and a.value_text and a.row_id]
    return [(a.subject_id, int(a.row_id.lstrip("c") or 0), a.value_text) for a in rows]
