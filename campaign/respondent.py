"""The respondent path as a service: open a session with a token, submit ballots.

``submit`` is one transaction and idempotent: a double click, two tabs or two devices with the
same token store one ballot; the later call returns ``already_submitted``. DuckDB's optimistic
concurrency turns a race into a transaction conflict (or, when two submissions enlarge the same
ballot box at once, a duplicate slot number), which is retried and re-checked.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import duckdb

from campaign import tokens
from campaign.ratelimit import DEFAULT_LIMITER, RateLimiter
from storage import filling, sealing
from storage.commitments import insert_commitments
from storage.db import Database
from survey_engine.answer import Answer

MAX_ATTEMPTS = 8
Validator = Callable[[Sequence[Answer]], object]


class SubmitError(ValueError):
    """The submission does not fit the invitation (nothing was written)."""


class _Conflict(Exception):
    """Another submission changed the same assignments first; retry and re-check."""


@dataclass(frozen=True, slots=True)
class QueueItem:
    subject_id: str
    rater_group: str
    done: bool


@dataclass(frozen=True, slots=True)
class Session:
    """What a respondent may see about their own invitation."""

    state: str  # valid | finished
    kind: str  # personal | meeting
    phase_id: str
    definition_id: str
    definition_version: int
    rater_groups: tuple[str, ...]
    queue: tuple[QueueItem, ...]

    @property
    def pending(self) -> tuple[QueueItem, ...]:
        return tuple(q for q in self.queue if not q.done)


@dataclass(frozen=True, slots=True)
class SubmitResult:
    status: str  # submitted | already_submitted
    ballots: int
    finished: bool


def open_session(
    db: Database,
    key: bytes,
    token: str,
    client_id: str,
    *,
    limiter: RateLimiter = DEFAULT_LIMITER,
    now: datetime | None = None,
) -> Session:
    """The invitation behind a token: its phase, definition, rater groups and queue.

    Raises :class:`~campaign.ratelimit.RateLimited` when the client typed too many wrong codes,
    and :class:`~campaign.tokens.TokenError` for unknown (counted), expired or revoked codes.
    """
    limiter.check(client_id)
    canon = tokens.normalize_token(token)
    with db.read() as cur:  # one cursor for the run's reads
        inv = filling.find_invitation(cur, tokens.token_hash(key, canon)) if canon else None
        state = filling.invitation_state(inv, now or datetime.now())
        rows = filling.queue_rows(cur, inv.invitation_id) if state in ("valid", "finished") else []
    if state == "unknown":
        limiter.record_failure(client_id)
        raise tokens.TokenError("unknown", "this invitation code is not known")
    if state not in ("valid", "finished"):
        raise tokens.TokenError(state)
    items = tuple(QueueItem(subject, group, bool(done)) for subject, group, done in rows)
    return Session(
        state=state,
        kind=inv.kind,
        phase_id=inv.phase_id,
        definition_id=inv.definition_id,
        definition_version=int(inv.definition_version),
        rater_groups=tuple(sorted({q.rater_group for q in items})),
        queue=items,
    )


def submit(
    db: Database,
    key: bytes,
    token: str,
    subject_ids: Sequence[str],
    answers: Sequence[Answer],
    *,
    validate: Validator | None = None,
    client_id: str | None = None,
    limiter: RateLimiter = DEFAULT_LIMITER,
    now: datetime | None = None,
    commitments: Sequence[tuple[str, int, str]] = (),
) -> SubmitResult:
    """Store the answers for ``subject_ids`` as one ballot per rater group, in one transaction.

    ``validate`` (optional) is called with the answers first and must raise on invalid input;
    otherwise the answers are taken as already validated by the survey engine. ``commitments``
    (``(subject_id, seq, text)``, from a 亮诺 pledge) are recorded in the same transaction.
    """
    if client_id is not None:
        limiter.check(client_id)
    canon = tokens.normalize_token(token)
    if canon is None:
        if client_id is not None:
            limiter.record_failure(client_id)
        raise tokens.TokenError("unknown", "this invitation code is not known")
    subjects = list(dict.fromkeys(subject_ids))
    _check_answers(subjects, answers)
    if validate is not None:
        validate(answers)
    for attempt in range(MAX_ATTEMPTS):
        try:
            result = _submit_once(
                db, key, canon, subjects, answers, now or datetime.now(), commitments
            )
            if result.status == "submitted":
                db.checkpoint()  # the WAL holds this submission in commit order until then
            return result
        except (duckdb.TransactionException, duckdb.ConstraintException, _Conflict):
            if attempt == MAX_ATTEMPTS - 1:
                raise
            time.sleep(random.uniform(0.005, 0.05) * (attempt + 1))
        except tokens.TokenError as exc:
            if exc.state == "unknown" and client_id is not None:
                limiter.record_failure(client_id)
            raise
    raise AssertionError("unreachable")


def _check_answers(subjects: list[str], answers: Sequence[Answer]) -> None:
    if not subjects:
        raise SubmitError("choose at least one subject to submit")
    stray = {a.subject_id for a in answers} - set(subjects)
    if stray:
        raise SubmitError(f"answers for subjects not being submitted: {sorted(stray)}")
    empty = set(subjects) - {a.subject_id for a in answers}
    if empty:
        raise SubmitError(f"no answers for subjects {sorted(empty)}")


def _submit_once(
    db: Database,
    key: bytes,
    canon: str,
    subjects: list[str],
    answers: Sequence[Answer],
    now: datetime,
    commitments: Sequence[tuple[str, int, str]] = (),
) -> SubmitResult:
    with db.transaction() as cur:
        inv = filling.find_invitation(cur, tokens.token_hash(key, canon))
        state = filling.invitation_state(inv, now)
        if state == "finished":
            return SubmitResult("already_submitted", 0, True)
        if state != "valid":
            raise tokens.TokenError(state)
        queue = filling.queue_rows(cur, inv.invitation_id)
        groups = _open_groups(queue, inv, subjects)
        if groups is None:
            return SubmitResult("already_submitted", 0, False)
        if filling.mark_done(cur, inv.invitation_id, subjects) != len(subjects):
            raise _Conflict
        ballots = _units(cur, inv, queue, groups, answers)
        filling.insert_ballots(
            cur,
            phase_id=inv.phase_id,
            definition_id=inv.definition_id,
            definition_version=int(inv.definition_version),
            source="meeting" if inv.kind == "meeting" else "online",
            ballots=ballots,
        )
        insert_commitments(
            cur, phase_id=inv.phase_id, rows=[c for c in commitments if c[0] in groups]
        )
        finished = filling.finish_if_complete(cur, inv.invitation_id)
        if finished:
            filling.delete_draft(cur, tokens.draft_key(key, canon))
        return SubmitResult("submitted", len(ballots), finished)


def _units(
    cur: duckdb.DuckDBPyConnection,
    inv: filling.Invitation,
    queue: Sequence[tuple[str, str, bool]],
    groups: dict[str, str],
    answers: Sequence[Answer],
) -> list[tuple[str, list[Answer]]]:
    """The ballots of one submission, ``(rater_group, answers)``: per rater group, one ballot for
    all its subjects only when they are the invitation's whole assigned set for that group and at
    least the group's threshold of invitations share that set (a 民主测评 slate); otherwise one
    ballot per subject, so no stored ballot links subjects that would single the rater out."""
    out = []
    for group in sorted(set(groups.values())):
        subjects = sorted(s for s, g in groups.items() if g == group)
        mine = [a for a in answers if groups[a.subject_id] == group]
        whole = sorted(subject for subject, g, _ in queue if g == group)
        if (
            len(subjects) > 1
            and subjects == whole
            and filling.assigned_set_count(cur, inv.phase_id, group, subjects)
            >= sealing.phase_thresholds(cur, inv.phase_id)[group]
        ):
            out.append((group, mine))
        else:
            out.extend((group, [a for a in mine if a.subject_id == s]) for s in subjects)
    return out


def _open_groups(
    queue: Sequence[tuple[str, str, bool]], inv: filling.Invitation, subjects: list[str]
) -> dict[str, str] | None:
    """subject -> rater group of the requested, still open assignments (``queue``: the
    invitation's ``(subject_id, rater_group, done)``); None if all are done."""
    assigned = {subject: group for subject, group, _ in queue}
    done = {subject for subject, _, is_done in queue if is_done}
    unknown = [s for s in subjects if s not in assigned]
    if unknown:
        raise SubmitError(f"not assigned to this invitation: {unknown}")
    if set(subjects) <= done:
        return None
    if done & set(subjects):
        raise SubmitError(
            f"already submitted for {sorted(done & set(subjects))}; submit the others again"
        )
    if inv.kind == "meeting" and set(subjects) != set(assigned):
        raise SubmitError("a meeting ballot is submitted whole: every subject of the grid at once")
    return {s: assigned[s] for s in subjects}
