"""Survey designer: pick or create a definition, edit its JSON with live validation, preview it
as a respondent sees it (each language, each rater group), save versions, publish, diff."""

import json
import re

import streamlit as st

from security.audit import record
from storage.definitions import get_definition, list_versions, publish_definition
from survey_engine import AnswerErrors, list_templates, load_template, validate_submission
from survey_engine.limits import MAX_DEFINITION_CHARS
from survey_engine.loader import dumps_definition
from ui.access import guard
from ui.chrome import choose
from ui.components import demo_banner
from ui.designer import (
    check_text,
    definition_ids,
    pretty,
    problems_frame,
    save_checked,
    version_diff,
)
from ui.i18n import current_lang, t
from ui.plain import plain
from ui.state import get_db
from ui.survey_form import render_page
from ui.tables import table

who = guard(__file__)


ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
db = get_db()
lang = current_lang()
st.title(t("page.designer"))
demo_banner(db)


DRAFTS = "designer_drafts"  # definition id -> (editor text, last saved text): kept, never lost


def _open(definition_id: str, text: str, *, saved: str | None = None) -> None:
    """Show ``definition_id`` in the editor: its unsaved draft if there is one, else ``text``.
    The definition being left keeps its unsaved edits as a draft (the picker lists it again).
    ``saved`` is the text last saved under that id (None for a survey never saved)."""
    drafts = st.session_state.setdefault(DRAFTS, {})
    current = st.session_state.get("designer_id")
    if current is not None and current != definition_id:
        edited = st.session_state.get("designer_json")
        if edited is not None and edited != st.session_state.get("designer_loaded"):
            drafts[current] = (edited, st.session_state.get("designer_loaded"))
    text, saved = drafts.pop(definition_id, (text, saved if saved is not None else text))
    st.session_state["designer_id"] = definition_id
    st.session_state["designer_json"] = text
    st.session_state["designer_loaded"] = saved


def _open_saved(definition_id: str) -> None:
    body = pretty(get_definition(db, definition_id).body)
    _open(definition_id, body, saved=body)


def _picked() -> None:
    """The picker changed (runs before the page): open the chosen definition."""
    choice = st.session_state["designer_pick"]
    if choice in st.session_state.get(DRAFTS, {}) or choice not in definition_ids(db):
        _open(choice, "")
    else:
        _open_saved(choice)


def _choices(ids: list[str]) -> list[str]:
    """Saved definitions, then the ones only drafted in this session (a new one not saved)."""
    drafted = [d for d in st.session_state.get(DRAFTS, {}) if d not in ids]
    current = st.session_state.get("designer_id")
    extra = [current] if current is not None and current not in ids + drafted else []
    return ids + drafted + extra


def _sidebar_pick() -> None:
    ids = definition_ids(db)
    # the picker follows the editor (never the other way round after a create or a save)
    st.session_state["designer_pick"] = st.session_state["designer_id"]
    st.selectbox(
        t("designer.pick"),
        _choices(ids),
        key="designer_pick",
        on_change=_picked,
        placeholder=choose(),
    )
    if drafts := st.session_state.get(DRAFTS):
        st.caption(t("designer.drafts", ids=", ".join(plain(d) for d in drafts)))
    with st.expander(t("designer.new"), expanded=not ids):
        templates = {tpl.id: tpl.title.get(lang) for tpl in list_templates()}
        tpl_id = st.selectbox(
            t("designer.template"),
            list(templates),
            format_func=templates.get,
            key="designer_template",
            placeholder=choose(),
        )
        new_id = st.text_input(t("designer.new_id"), key="designer_new_id")
        if st.button(t("designer.create"), key="designer_create"):
            if not ID_PATTERN.match(new_id or ""):
                st.error(t("designer.bad_id"))
            elif new_id in _choices(ids):
                st.error(t("designer.exists", id=plain(new_id)))
            else:
                body = json.loads(dumps_definition(load_template(tpl_id)))
                body.update(id=new_id, version=1)
                _open(new_id, json.dumps(body, ensure_ascii=False, indent=2), saved="")
                st.rerun()  # the picker shows it at once
    upload = st.file_uploader(t("designer.import"), type=["json"], key="designer_upload")
    if upload is not None and st.session_state.get("designer_upload_seen") != upload.file_id:
        st.session_state["designer_upload_seen"] = upload.file_id
        if upload.size > 4 * MAX_DEFINITION_CHARS:  # never read a huge file into the editor
            st.error(t("designer.too_large", mb=4 * MAX_DEFINITION_CHARS // 1_000_000))
        else:
            text = upload.getvalue().decode("utf-8", errors="replace")
            _open(upload.name.removesuffix(".json"), text, saved="")
            st.rerun()


if "designer_json" not in st.session_state:
    first = (definition_ids(db) or [None])[0]
    if first:
        _open_saved(first)
    else:
        tpl = list_templates()[0]
        _open(tpl.id, pretty(tpl.path.read_text(encoding="utf-8")), saved="")
left, main = st.columns([1, 3])
with left:
    _sidebar_pick()

definition_id = st.session_state["designer_id"]
with main:
    edit, preview, versions = st.tabs(
        [t("designer.tab.edit"), t("designer.tab.preview"), t("designer.tab.versions")]
    )
    with edit:
        text = st.text_area(t("designer.json"), key="designer_json", height=480)
        checked = check_text(text, f"{definition_id}.json")
        if text != st.session_state.get("designer_loaded"):
            st.caption(t("designer.unsaved"))
        if checked.ok:
            n_items = sum(len(p.items) for p in checked.survey.pages)
            st.success(t("designer.valid", pages=len(checked.survey.pages), items=n_items))
            if st.button(t("designer.save"), type="primary", key="designer_save"):
                saved = save_checked(db, checked.survey)
                st.session_state["designer_id"] = saved.definition_id
                st.session_state["designer_loaded"] = text
                st.session_state.get(DRAFTS, {}).pop(saved.definition_id, None)
                st.success(
                    t("designer.saved", id=plain(saved.definition_id), version=saved.version)
                )
        else:
            st.error(t("designer.problems", n=len(checked.problems)))
            frame = problems_frame(checked.problems, lang).rename(
                columns={
                    "path": t("designer.col.path"),
                    "message": t("designer.col.message"),
                    "line": t("designer.col.line"),
                    "column": t("designer.col.column"),
                }
            )
            where = {c: t("designer.dash_where") for c in (t("designer.col.line"),
                                                           t("designer.col.column"))}  # fmt: skip
            table(frame, key="designer_problems", help=where)
    with preview:
        if not checked.ok:
            st.info(t("designer.preview_invalid"))
        else:
            survey = checked.survey
            c1, c2, c3 = st.columns(3)
            p_lang = c1.segmented_control(
                t("designer.preview_lang"),
                survey.languages,
                default=lang if lang in survey.languages else survey.languages[0],
                required=True,
                key="designer_preview_lang",
            )
            group = c2.selectbox(
                t("designer.preview_group"),
                survey.rater_groups,
                format_func=lambda g: t(f"group.{g}"),
                key="designer_preview_group",
                placeholder=choose(),
            )
            page_no = c3.number_input(
                t("designer.preview_page"), 1, len(survey.pages), 1, key="designer_preview_page"
            )
            n_subjects = 3 if survey.subject_mode == "grid" else 1
            subjects = [
                (f"preview_{i}", f"{t('designer.preview_subject')} {i + 1}")
                for i in range(n_subjects)
            ]
            raw = render_page(
                survey,
                int(page_no) - 1,
                lang=p_lang,
                rater_group=group,
                subjects=subjects,
                key_prefix=f"preview:{survey.id}:{p_lang}:{group}",
            )
            if raw is not None:
                try:
                    answers = validate_submission(
                        survey,
                        raw,
                        rater_group=group,
                        subject_ids=[s for s, _ in subjects],
                        lang=p_lang,
                        page_index=int(page_no) - 1,
                    )
                    st.success(t("designer.preview_ok", n=len(answers)))
                except AnswerErrors as err:
                    for subject, by_item in err.errors.items():
                        for item, message in by_item.items():
                            st.error(plain(f"{subject} · {item}: {message}"))
    with versions:
        table = list_versions(db, definition_id)
        if table.empty:
            st.info(t("designer.no_versions"))
        else:
            shown = table.assign(status=table["status"].map(lambda s: t(f"status.{s}")))
            st.dataframe(
                shown.rename(
                    columns={
                        "version": t("designer.col.version"),
                        "status": t("designer.col.status"),
                        "saved_on": t("designer.col.saved_on"),
                        "sha256": t("designer.col.sha256"),
                    }
                ),
                hide_index=True,
                width="stretch",
            )
            numbers = table["version"].tolist()
            last = table.iloc[-1]
            if last["status"] == "draft" and st.button(
                t("designer.publish"), key="designer_publish"
            ):
                publish_definition(db, definition_id, int(last["version"]))
                record(db, who.account_id, "definition.published", definition_id,
                       version=int(last["version"]))  # fmt: skip
                st.success(
                    t("designer.published", id=plain(definition_id), version=int(last["version"]))
                )
            chosen = get_definition(db, definition_id)
            st.download_button(
                t("designer.export"),
                pretty(chosen.body).encode("utf-8"),
                file_name=f"{definition_id}.v{chosen.version}.json",
                mime="application/json",
                key="designer_export",
                on_click=record,
                args=(db, who.account_id, "export", definition_id),
                kwargs={"what": "definition", "version": int(chosen.version)},
            )
            if len(numbers) > 1:
                st.subheader(t("designer.diff"))
                a, b = st.columns(2)
                old = a.selectbox(
                    t("designer.diff_from"),
                    numbers,
                    index=len(numbers) - 2,
                    key="designer_diff_a",
                    placeholder=choose(),
                )
                new = b.selectbox(
                    t("designer.diff_to"),
                    numbers,
                    index=len(numbers) - 1,
                    key="designer_diff_b",
                    placeholder=choose(),
                )
                diff = version_diff(db, definition_id, int(old), int(new))
                st.code(diff or t("designer.diff_same"), language="diff")
