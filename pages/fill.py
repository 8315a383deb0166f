"""评价填写: enter a code, fill the assigned subjects back to back, save and resume, thank you."""

import hashlib

import streamlit as st

from campaign import respondent, tokens
from campaign.ratelimit import RateLimited
from storage.meta import get_meta
from storage.people import subject_labels
from survey_engine import GRID_KEY, AnswerErrors, validate_submission
from ui import code_entry
from ui.access import enter_respondent_mode, guard
from ui.code_entry import code_form
from ui.components import scroll_to_top
from ui.i18n import current_lang, t
from ui.respondent import (
    Batch,
    commitments_for,
    next_batch,
    pledged,
    restore_batch,
    save_batch,
    survey_for,
)
from ui.state import client_id, get_db, get_server_key
from ui.survey_form import pressed, read_submitted, render_page

guard(__file__)


db, key, lang = get_db(), get_server_key(), current_lang()


def _take_pending_token() -> None:
    """A code from an invitation link (app.py took it out of the address) or the home page."""
    if "pending_token" in st.session_state:
        st.session_state["fill_token"] = st.session_state.pop("pending_token")


def _forget(message_key: str | None = None, **fmt) -> None:
    for k in ("fill_token", "fill_batch", "fill_errors"):
        st.session_state.pop(k, None)
    if message_key:
        st.session_state["fill_notice"] = t(message_key, **fmt)


def _token_entry() -> None:
    if notice := st.session_state.pop("fill_notice", None):
        st.warning(notice)
    code = code_form(code_entry.FILL, t("fill.token"), t("fill.start"), help=t("fill.token.help"))
    if code == "":
        st.warning(t("fill.empty_code"))
    elif code:  # app.py takes a typed code first (ui/code_entry.py); this is its fallback
        enter_respondent_mode(code)  # the session is a respondent's from now on
        st.rerun()


def _open(token: str):
    try:
        return respondent.open_session(db, key, token, client_id())
    except RateLimited as err:
        _forget("fill.err.limited", seconds=max(1, int(err.wait_seconds + 0.999)))
    except tokens.TokenError as err:
        _forget(f"fill.err.{err.state if err.state in ('expired', 'revoked') else 'unknown'}")
    st.rerun()


def _thanks() -> None:
    """The end of a code: thanks when this session's ballot finished it, "not counted" when
    another device's did meanwhile, and "already used" for a code opened after it was used."""
    st.session_state.pop("fill_flash", None)  # a note of the last page has no place here
    if st.session_state.pop("fill_not_counted", False):  # another device used this code first
        st.error(t("fill.not_counted"), icon=":material/block:")
    elif st.session_state.pop("fill_done_here", None) == st.session_state.get("fill_token"):
        st.success(t("fill.thanks.title"), icon=":material/volunteer_activism:")
        st.write(t("fill.thanks.body"))
    else:
        st.info(t("fill.used"), icon=":material/block:")
    _forget()
    if st.button(t("fill.other_code")):
        st.rerun()


def _header(session, batch: Batch, labels: dict[str, dict]) -> None:
    """Who the rater rates as, and what is left. A ballot that is the whole queue (a meeting's
    grid) lists its cadres in the form itself: no progress bar or queue repeats them there."""
    role = t("fill.as_group", group=t(f"group.{batch.rater_group}"))
    whole_queue = not any(q.done for q in session.queue) and len(batch.subject_ids) == len(
        session.queue
    )
    if len(batch.subject_ids) == 1:
        row = labels[batch.subject_ids[0]]
        st.caption(f"{role}  ·  {t('fill.now_rating')}")
        st.text(f"{row['name']} · {row['unit_' + lang]} · {row['position']}")
    else:
        st.caption(f"{role}  ·  {t('fill.grid_rating', n=len(batch.subject_ids))}")
    if whole_queue and len(batch.subject_ids) > 1:
        return
    done = sum(q.done for q in session.queue)
    st.progress(
        done / len(session.queue), text=t("fill.progress", done=done, total=len(session.queue))
    )
    _queue(session, batch)


@st.cache_data(ttl=300, show_spinner=False, max_entries=256)
def _subject_labels(_db, db_path: str, ids: tuple[str, ...]) -> dict[str, dict]:
    """Names of the subjects on a ballot by id: read once per ballot shape for the whole hall (a
    meeting's 300 phones share one grid), not on every run of every phone; plain dicts, since
    indexing a DataFrame cost more per run than the rest of the header."""
    return subject_labels(_db, list(ids)).set_index("subject_id").to_dict("index")


def _queue(session, batch: Batch) -> None:
    """The respondent's own queue: who is still to be rated, who is done (never any answer).
    Plain text lines: a table element here cost more than the rest of the header."""
    labels = _subject_labels(db, db.path, tuple(q.subject_id for q in session.queue))
    lines = [
        t("fill.done_mark" if q.done else "fill.todo_mark")
        + f"  {labels[q.subject_id]['name']} · {labels[q.subject_id]['position']}"
        + ("  ←" if q.subject_id in batch.subject_ids else "")
        for q in session.queue
    ]
    with st.expander(t("fill.queue")):
        st.text("\n".join(lines))


def _submit_page(session, survey, batch: Batch, commitments) -> None:
    """Check the page just filled; on the last page check the whole ballot and store it.
    ``fill_code_done`` tells the caller whether that was the code's last ballot."""
    st.session_state["fill_code_done"] = False
    last = batch.page == len(survey.pages) - 1
    try:
        answers = validate_submission(
            survey,
            batch.raw,
            rater_group=batch.rater_group,
            subject_ids=batch.subject_ids,
            lang=lang,
            page_index=None if last else batch.page,
            commitments=commitments,
        )
    except AnswerErrors as err:
        st.session_state["fill_errors"] = err.errors
        return
    st.session_state.pop("fill_errors", None)
    if not last:
        batch.page += 1
        st.session_state["fill_to_top"] = True
        save_batch(db, key, st.session_state["fill_token"], batch)
        return
    # This session's own earlier attempt (a double click, a run cut short after the commit) is
    # told apart from another device that used the same code first.
    ours = _attempted(batch)
    st.session_state["fill_attempt"] = _attempt_key(batch)
    result = respondent.submit(
        db,
        key,
        st.session_state["fill_token"],
        batch.subject_ids,
        answers,
        client_id=client_id(),
        commitments=pledged(survey, answers),
    )
    st.session_state.pop("fill_batch", None)
    st.session_state["fill_code_done"] = result.finished
    counted = result.status == "submitted" or ours
    if counted and result.finished:
        st.session_state["fill_done_here"] = st.session_state["fill_token"]
    if counted:
        st.session_state["fill_flash"] = t("fill.submitted_one")
    else:
        st.session_state["fill_not_counted"] = True


def _attempt_key(batch: Batch) -> str:
    return "|".join([st.session_state["fill_token"], *batch.subject_ids])


def _attempted(batch: Batch) -> bool:
    """Whether this session already tried to submit ``batch`` (then a stored copy is its own)."""
    return st.session_state.get("fill_attempt") == _attempt_key(batch)


def _overtaken(session) -> bool:
    """This phone was filling a ballot whose cadres another device has meanwhile submitted with
    the same code: its answers will not count, and it must say so rather than thank."""
    batch = st.session_state.get("fill_batch")
    if batch is None or _attempted(batch):
        return False
    return not set(batch.subject_ids) <= {q.subject_id for q in session.pending}


def _batch_key(batch: Batch) -> str:
    """A short, distinct widget-key prefix per batch (its subjects and group)."""
    text = "|".join([batch.rater_group, *batch.subject_ids])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _fill(session) -> None:
    token = st.session_state["fill_token"]
    survey = survey_for(db, session)
    batch = st.session_state.get("fill_batch")
    if batch is None or not set(batch.subject_ids) <= {q.subject_id for q in session.pending}:
        batch = restore_batch(db, key, token, session)
        if batch is not None:
            st.session_state["fill_flash"] = t("fill.resumed")
        batch = batch or next_batch(session, survey)
        st.session_state["fill_batch"] = batch
    key_prefix = f"fill:{_batch_key(batch)}"
    commitments = commitments_for(db, session, batch, survey)
    sent = read_submitted(
        survey, batch.page, rater_group=batch.rater_group, subject_ids=batch.subject_ids,
        key_prefix=key_prefix, initial=batch.raw, buttons=_BUTTONS,
    )  # fmt: skip
    if sent is not None:  # acted on before the form would be drawn again
        if _act(pressed(key_prefix, batch.page, _BUTTONS), session, survey, batch, sent,
                commitments):  # fmt: skip
            _thanks()  # the code's last ballot: thanked in this run, not in one more
            return
        st.rerun()
    labels = _subject_labels(db, db.path, tuple(batch.subject_ids))
    # An in-page note, not a toast, in a slot that is there on every run: a note that appeared
    # in one run and not the next shifted the form, and the form's next submit arrived without
    # answers the respondent had chosen (seen in the browser tests under load).
    notice = st.empty()
    if st.session_state.pop("fill_not_counted", False):
        notice.error(t("fill.not_counted"), icon=":material/block:")
    elif flash := st.session_state.pop("fill_flash", None):
        notice.success(flash)
    _header(session, batch, labels)
    names = [(s, f"{labels[s]['name']} · {labels[s]['position']}") for s in batch.subject_ids]
    raw = render_page(
        survey,
        batch.page,
        lang=lang,
        rater_group=batch.rater_group,
        subjects=names,
        key_prefix=key_prefix,
        initial=batch.raw,
        errors=st.session_state.get("fill_errors"),
        commitments=commitments,
        extra_buttons=[("back", t("fill.back"))] * (batch.page > 0) + [("leave", t("fill.leave"))],
    )
    if raw is not None:
        _act(pressed(key_prefix, batch.page, _BUTTONS), session, survey, batch, raw, commitments)
        st.rerun()
    if st.session_state.get("fill_errors"):
        st.error(t("fill.fix"))
    if st.session_state.pop("fill_to_top", False):  # a new page: its first question in view
        scroll_to_top()


# The form's buttons: all inside the form, since a button outside it sends none of the answers
# on screen (save and leave lost the page being filled, #12).
_BUTTONS = ("submit", "back", "leave")


def _act(button, session, survey, batch: Batch, raw, commitments) -> bool:
    """What a press of one of the form's buttons does; the answers on screen join the batch
    whichever it was. True when that stored the code's last ballot (thank in this run)."""
    for subject_id, values in raw.items():
        batch.raw.setdefault(subject_id, {}).update(values)
    if button == "back":
        batch.page -= 1
        st.session_state["fill_to_top"] = True
    elif button == "leave":
        if _guarded(save_batch, db, key, st.session_state["fill_token"], batch):
            _forget("fill.left")
    elif _guarded(_submit_page, session, survey, batch, commitments):
        return st.session_state.pop("fill_code_done", False)
    return False


def _guarded(action, *args) -> bool:
    """Run a step that writes; a code that expired or was withdrawn meanwhile ends the session
    with its message (nothing half-written: every write is one transaction)."""
    try:
        action(*args)
    except tokens.TokenError as err:
        state = err.state if err.state in ("expired", "revoked") else "unknown"
        _forget(f"fill.err.{state}")
        return False
    except respondent.SubmitError as err:
        st.session_state["fill_errors"] = {GRID_KEY: {"submit": str(err)}}
        return False
    return True


st.title(t("fill.title"))
st.caption(t("fill.intro"))
_take_pending_token()
if "fill_token" not in st.session_state:
    _token_entry()
else:
    current = _open(st.session_state["fill_token"])
    if _overtaken(current):
        st.session_state.pop("fill_batch", None)
        st.session_state["fill_not_counted"] = True
    if current.state == "finished" or not current.pending:
        _thanks()
    else:
        _fill(current)


@st.cache_data(ttl=30, show_spinner=False)
def _demo_present(_db, db_path: str) -> bool:
    """Whether the demo world is here (its exit button), asked twice a minute, not every run."""
    return get_meta(_db, "demo") == "true"


if st.session_state.get("respondent_mode") and _demo_present(db, db.path):
    st.divider()
    if st.button(t("fill.exit_demo"), key="fill_exit_demo", icon=":material/arrow_back:"):
        st.session_state.pop("respondent_mode", None)
        _forget()
        st.rerun()
