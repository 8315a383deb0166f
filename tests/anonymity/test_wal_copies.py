"""The WAL attack: copies of the database file and its WAL, taken while ballots arrive.

An administrator who can read the disk copies ``<db>`` and ``<db>.wal`` at random moments while
the phase is open. Per copy, the attacker opens the file without the WAL (state S0, the last
checkpoint) and with it (S1, DuckDB replays the WAL). The WAL's content is S1 minus S0: the
ballot-box slots filled since the checkpoint and the assignments/invitations done since then.
The attacker can split the WAL commit by commit (a WAL cut short replays its complete commits:
``test_wal_prefix_replay_splits_commits``), so every ballot in a copied WAL is tied to the
invitation that turned done in the same commit; we count them all as tied.

The design (``respondent.submit`` checkpoints after its commit, docs/ANONYMITY.md) promises that
a submission that has returned is in the checkpointed file, so only submissions still running
while the copy is taken can be in its WAL: at most one per submitter thread. The attacker also
sets the physical row order of the filled slots in S0 beside the true order of submissions (the
register keeps no time, so row order is the only clock left); after sealing, the same for the
rows of ``ballot``.

The figures are printed; under xdist run with ``-rP`` to see them (with ``-n0`` they show live).
"""

from __future__ import annotations

import random
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
from scipy.stats import kendalltau

from campaign import respondent
from storage import campaigns
from tests.anonymity._load import Load, answers_for, build, payload_comments

SEED = 360
THREADS = 3  # submitter threads
COPIES = 15
COPY_ATTEMPTS = 10  # a copy DuckDB cannot open (torn by a running checkpoint) is taken again
SPLIT_SHARE = 0.4  # share of raters (with 2+ subjects) who submit in two parts
# Row order against submission order: |tau| < 0.5 for every copy holding this many ballots.
# For a random order sd(tau) is about sqrt(4 / 9n): 0.11 at n = 40, so 0.5 is 4.7 sd.
MIN_FOR_TAU = 40
MAX_TAU = 0.5


@dataclass
class Sub:
    """One submission: a rater's subjects sent in one ``respondent.submit`` call."""

    sid: int
    rater: str
    subjects: list[str]
    start: int | None = None  # clock tick just before submit is called
    end: int | None = None  # clock tick just after it returned
    rank: int | None = None  # order of return (the true submission order)


@dataclass
class State:
    """What the attacker reads from one opened copy."""

    slots: dict[int, str]  # slot_no -> payload, filled slots only
    order: list[str]  # payloads of the filled slots in physical row order
    slot_rows: int
    done: set[str]  # assignment ids with done = TRUE
    finished: set[str]  # invitation ids with finished = TRUE
    invitation_of: dict[str, str]  # assignment_id -> invitation_id
    register_not_null: int  # assignment.done and invitation.finished values that are not NULL
    ballot_comments: list[str]  # sealed ballots: their comments in physical row order


@dataclass
class Copy:
    folder: Path
    start: int  # clock tick before the database file is copied
    end: int  # clock tick after the WAL is copied
    wal_bytes: int | None  # None: there was no WAL file
    s0: State | None = None  # opened without the WAL
    s1: State | None = None  # opened with it


class Clock:
    """A shared event counter: orders submissions and copies without reading the time."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._tick = 0
        self._returned = 0
        self._aborted = False

    def tick(self) -> int:
        with self._cond:
            self._tick += 1
            return self._tick

    def returned(self, sub: Sub) -> None:
        with self._cond:
            self._tick += 1
            sub.end, sub.rank = self._tick, self._returned
            self._returned += 1
            self._cond.notify_all()

    def abort(self) -> None:
        with self._cond:
            self._aborted = True
            self._cond.notify_all()

    def wait_returned(self, n: int) -> bool:
        with self._cond:
            self._cond.wait_for(lambda: self._aborted or self._returned >= n)
            return not self._aborted


# -- the attacker ------------------------------------------------------------------------------
def take_copy(db_path: Path, folder: Path, clock: Clock) -> Copy:
    """Copy the database file, then its WAL if there is one (two reads: not atomic)."""
    folder.mkdir()
    start = clock.tick()
    shutil.copyfile(db_path, folder / db_path.name)
    wal = Path(f"{db_path}.wal")
    try:
        shutil.copyfile(wal, folder / wal.name)
        wal_bytes: int | None = (folder / wal.name).stat().st_size
    except FileNotFoundError:
        wal_bytes = None
    return Copy(folder, start, clock.tick(), wal_bytes)


def read_state(path: Path) -> State:
    con = duckdb.connect(str(path))
    try:
        slots = con.execute("SELECT slot_no, payload FROM ballot_slot ORDER BY rowid").fetchall()
        register = con.execute(
            "SELECT assignment_id, invitation_id, done FROM assignment"
        ).fetchall()
        finished = con.execute("SELECT invitation_id, finished FROM invitation").fetchall()
        comments = con.execute(
            "SELECT a.value_text FROM ballot b JOIN answer a ON a.ballot_id = b.ballot_id"
            " WHERE a.item_id = 'q_comment' ORDER BY b.rowid"
        ).fetchall()
    finally:
        con.close()
    return State(
        slots={s: p for s, p in slots if p is not None},
        order=[p for _, p in slots if p is not None],
        slot_rows=len(slots),
        done={a for a, _, d in register if d},
        finished={i for i, f in finished if f},
        invitation_of={a: i for a, i, _ in register},
        register_not_null=sum(d is not None for *_, d in register)
        + sum(f is not None for _, f in finished),
        ballot_comments=[c for (c,) in comments],
    )


def attack(copy: Copy) -> Copy:
    """S0: the copy opened without its WAL; S1: with it (DuckDB replays the WAL)."""
    name = next(p.name for p in copy.folder.iterdir() if not p.name.endswith(".wal"))
    without, with_wal = copy.folder / "s0", copy.folder / "s1"
    without.mkdir()
    with_wal.mkdir()
    shutil.copyfile(copy.folder / name, without / name)
    shutil.copyfile(copy.folder / name, with_wal / name)
    if copy.wal_bytes is not None:
        shutil.copyfile(copy.folder / f"{name}.wal", with_wal / f"{name}.wal")
    copy.s0, copy.s1 = read_state(without / name), read_state(with_wal / name)
    return copy


def wal_ballots(s0: State, s1: State) -> list[str]:
    """The ballots the WAL holds: slots filled in S1 that S0 does not have."""
    return [p for slot, p in s1.slots.items() if s0.slots.get(slot) != p]


def tau(order: list[int]) -> float:
    """Kendall's tau-b between physical position and true submission rank."""
    return float(kendalltau(range(len(order)), order).statistic)


# -- the load ----------------------------------------------------------------------------------
def plan(load: Load, rng: random.Random) -> list[list[Sub]]:
    """The submissions of each thread: every rater's subjects, sometimes in two parts."""
    raters = sorted(load.subjects)
    rng.shuffle(raters)
    work: list[list[Sub]] = [[] for _ in range(THREADS)]
    sid = 0
    for i, rater in enumerate(raters):
        subjects = load.subjects[rater]
        parts = [subjects]
        if len(subjects) > 1 and rng.random() < SPLIT_SHARE:
            cut = rng.randint(1, len(subjects) - 1)
            parts = [subjects[:cut], subjects[cut:]]
        for part in parts:
            work[i % THREADS].append(Sub(sid, rater, part))
            sid += 1
    return work


def comments_of(sub: Sub) -> list[str]:
    """The comments a submission's ballots carry (see ``_load.comment_of``)."""
    return [a.value_text for a in answers_for(sub.subjects, sub.rater) if a.value_text]


def submitter(load: Load, clock: Clock, subs: list[Sub], errors: list) -> None:
    try:
        for sub in subs:
            sub.start = clock.tick()
            result = respondent.submit(
                load.db,
                load.key,
                load.tokens[sub.rater],
                sub.subjects,
                answers_for(sub.subjects, sub.rater),
            )
            clock.returned(sub)
            assert result.status == "submitted", result
    except BaseException as exc:  # noqa: BLE001 - reported by the test
        errors.append(exc)
        clock.abort()


def copier(
    db_path: Path,
    root: Path,
    clock: Clock,
    moments: list[tuple[int, float]],
    copies: list[Copy],
    unreadable: list[str],
    errors: list,
) -> None:
    """At each moment (after ``n`` submissions returned, plus a random pause) copy the files and
    open the copy at once; a copy DuckDB cannot open is counted and taken again."""
    try:
        for n, (after, pause) in enumerate(moments):
            if not clock.wait_returned(after):
                return
            time.sleep(pause)  # a random moment among the next submissions
            for attempt in range(COPY_ATTEMPTS):
                copy = take_copy(db_path, root / f"copy{n:02d}-{attempt}", clock)
                try:
                    copies.append(attack(copy))
                    break
                except duckdb.Error as exc:
                    unreadable.append(f"{copy.folder.name}: {exc}")
    except BaseException as exc:  # noqa: BLE001 - reported by the test
        errors.append(exc)
        clock.abort()


# -- the tests ---------------------------------------------------------------------------------
def test_wal_copies_tie_only_submissions_in_flight(tmp_path, capsys):
    rng = random.Random(SEED)
    load = build(tmp_path / "db" / "q.duckdb")
    db_path = Path(load.db.path)
    try:
        work = plan(load, rng)
        subs = [s for thread in work for s in thread]
        by_comment = {c: s for s in subs for c in comments_of(s)}  # the ground truth
        moments = [
            (after, rng.uniform(0.0, 0.04))
            for after in sorted(rng.sample(range(len(subs)), COPIES))
        ]
        clock, copies, unreadable, errors = Clock(), [], [], []
        threads = [threading.Thread(target=submitter, args=(load, clock, w, errors)) for w in work]
        threads.append(
            threading.Thread(
                target=copier,
                args=(db_path, tmp_path, clock, moments, copies, unreadable, errors),
            )
        )
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors

        tied_ballots, tied_subs, in_flight, taus = [], [], [], []
        outside, register_mismatch = [], []
        for copy in copies:
            running = {
                s.sid for s in subs if s.start < copy.end and (s.end is None or s.end > copy.start)
            }
            in_flight.append(len(running))
            new = wal_ballots(copy.s0, copy.s1)
            tied = {by_comment[c].sid for p in new for c in payload_comments(p)}
            tied_ballots.append(len(new))
            tied_subs.append(len(tied))
            # The register diff names exactly the invitations of the WAL's ballots: read commit
            # by commit, the WAL ties each of these ballots to its invitation.
            newly_done = {copy.s1.invitation_of[a] for a in copy.s1.done - copy.s0.done}
            if newly_done != {load.invitations[s.rater] for s in subs if s.sid in tied}:
                register_mismatch.append(copy.folder.name)
            # Only a submission running while the copy was taken may be in its WAL: one that had
            # returned was checkpointed, one that started later is in neither file.
            if tied - running:
                outside.append((copy.folder.name, len(tied - running)))
            if len(copy.s0.order) >= MIN_FOR_TAU:
                ranks = [by_comment[payload_comments(p)[0]].rank for p in copy.s0.order]
                taus.append(tau(ranks))

        # Sealed: the box is emptied, the register cleared, the file rewritten.
        sealed_n = campaigns.close_phase(load.db, load.phase_id)
        closed = attack(take_copy(db_path, tmp_path / "closed", Clock()))
        c0, c1 = closed.s0, closed.s1
        closed_tied = len(wal_ballots(c0, c1))
        sealed_tau = tau([by_comment[c].rank for c in c1.ballot_comments])
    finally:
        load.db.close()

    n = max(len(copies), 1)
    line = (
        f"WAL attack: {len(copies)} copies, {THREADS} submitter threads, {len(subs)} submissions,"
        f" {sealed_n} ballots; ballots tied per copy: max {max(tied_ballots, default=0)},"
        f" mean {sum(tied_ballots) / n:.2f}; submissions tied per copy: max"
        f" {max(tied_subs, default=0)}, mean {sum(tied_subs) / n:.2f}; tied though returned"
        f" before the copy: {sum(k for _, k in outside)} in {len(outside)} copies;"
        f" unreadable copies {len(unreadable)} (taken again); submissions in flight at copy"
        f" time: max {max(in_flight, default=0)}, mean {sum(in_flight) / n:.2f}; copies with a"
        f" non-empty WAL {sum(1 for c in copies if c.wal_bytes)} (replaying ballots"
        f" {sum(1 for k in tied_ballots if k)}), max WAL"
        f" {max((c.wal_bytes or 0 for c in copies), default=0)} bytes; S0 row order vs"
        f" submission order ({len(taus)} copies with >= {MIN_FOR_TAU} ballots): max |tau|"
        f" {max(map(abs, taus), default=float('nan')):.3f}; closed phase: WAL"
        f" {'absent' if closed.wal_bytes is None else f'{closed.wal_bytes} bytes'}, ballots"
        f" tied {closed_tied}, sealed row order tau {sealed_tau:.3f}"
    )
    print(line)
    with capsys.disabled():
        print("\n" + line)

    assert len(copies) == COPIES, unreadable
    assert not register_mismatch, register_mismatch
    assert not outside, f"tied submissions that had returned before the copy: {outside}"
    assert max(tied_subs) <= THREADS
    assert all(abs(t) < MAX_TAU for t in taus), taus
    # The closed phase: no WAL left (or one that replays nothing), no box, no register, no tie.
    assert closed.wal_bytes is None or c1 == c0
    assert closed_tied == 0
    assert sorted(c1.ballot_comments) == sorted(by_comment)
    for state in (c0, c1):
        assert state.slot_rows == 0
        assert state.register_not_null == 0
        assert state.done == set() and state.finished == set()
    assert abs(sealed_tau) < MAX_TAU


def test_wal_prefix_replay_splits_commits(tmp_path, monkeypatch):
    """Why every WAL ballot counts as tied: a WAL cut short replays its complete commits, so the
    attacker sees the state after each commit, one invitation and its ballots at a time."""
    load = build(tmp_path / "db" / "q.duckdb", raters=6)
    monkeypatch.setattr(load.db, "checkpoint", lambda: False)  # keep the commits in the WAL
    raters = sorted(load.subjects)[:3]
    try:
        for r in raters:
            s = load.subjects[r]
            respondent.submit(load.db, load.key, load.tokens[r], s, answers_for(s, r))
        copy = take_copy(Path(load.db.path), tmp_path / "copy", Clock())
    finally:
        load.db.close()
    name = Path(load.db.path).name
    wal = (copy.folder / f"{name}.wal").read_bytes()
    seen: list[State] = []
    for cut in [*range(0, len(wal), 192), len(wal)]:
        folder = tmp_path / f"cut{cut}"
        folder.mkdir()
        shutil.copyfile(copy.folder / name, folder / name)
        (folder / f"{name}.wal").write_bytes(wal[:cut])
        state = read_state(folder / name)
        if not seen or state.slots != seen[-1].slots:
            seen.append(state)
    assert len(seen) == len(raters) + 1  # the checkpoint, then one state per commit
    for rater, before, after in zip(raters, seen[:-1], seen[1:], strict=True):
        ballots = wal_ballots(before, after)
        invitations = {after.invitation_of[a] for a in after.done - before.done}
        assert invitations == {load.invitations[rater]}
        comments = sorted(c for p in ballots for c in payload_comments(p))
        assert comments == sorted(
            a.value_text for a in answers_for(load.subjects[rater], rater) if a.value_text
        )
