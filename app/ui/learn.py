"""Streamlit helpers shared by the learner pages (course loading, the learner's state, links)."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from app.db import session_scope
from app.learning.catalog import Catalog, CourseError, Lesson, Module, load_catalog
from app.learning.progress import CourseState, Step, course_state
from tools.compliance import lesson_label
from tools.safe_text import md
from app.ui.keys import UiLearn as K

PAGE = {
    "course": "views/learn_course.py",
    "lesson": "views/learn_lesson.py",
    "quiz": "views/learn_quiz.py",
    "exercise": "views/learn_practice.py",
    "certificate": "views/learn_certificate.py",
}


def course_or_stop(user_id: int | None = None) -> Catalog:
    """The installed course; with a learner's id, the part that learner follows (their track)."""
    try:
        catalog = load_catalog()
    except CourseError as exc:
        st.error(f"Nội dung khóa học có lỗi, vui lòng báo giảng viên: {exc}")
        st.stop()
    if user_id is not None:
        from app.learning.tracks import learner_catalog
        with session_scope() as s:
            catalog = learner_catalog(s, user_id, catalog)
    if not catalog.modules:
        st.info("Khóa học chưa có bài nào. Vui lòng quay lại sau.")
        st.stop()
    return catalog


def learner_state(user_id: int, catalog: Catalog) -> CourseState:
    with session_scope() as s:
        return course_state(s, user_id, catalog)


def step_params(step: Step) -> dict[str, str]:
    if step.kind == "lesson":
        return {"lesson": step.lesson_id}
    if step.kind in ("quiz", "exercise"):
        return {"module": step.module_id}
    return {}


def step_link(step: Step, label: str | None = None, icon: str = ":material/arrow_forward:", **kwargs) -> None:
    st.page_link(PAGE[step.kind], label=label or step.label, icon=icon, query_params=step_params(step), **kwargs)


REFERENCE_PARAM = "tra_cuu"   # ?tra_cuu=1: opened from a tool's warning, to read (tools/compliance/lessons.yaml)


def law_lesson_link(lesson_id: str) -> None:
    """Under a rule warning of the listing or video tools: a link to the lesson that explains it
    (tools/compliance/lessons.yaml names the lesson; nothing when lesson_id is "")."""
    if not lesson_id:
        return
    try:
        st.page_link(PAGE["lesson"], label=lesson_label(lesson_id), icon=":material/menu_book:",
                     query_params={"lesson": lesson_id, REFERENCE_PARAM: "1"})
    except StreamlitPageNotFoundError:   # the page run on its own (outside app/main.py's navigation)
        url = f"{Path(PAGE['lesson']).stem}?lesson={quote(lesson_id)}&{REFERENCE_PARAM}=1"
        st.markdown(f":material/menu_book: [{lesson_label(lesson_id)}]({url})")


def lesson_step(lesson: Lesson) -> Step:
    return Step("lesson", lesson.module_id, lesson.id, lesson.title)


def module_from_query(catalog: Catalog, state: CourseState) -> Module:
    """The module named by ?module=..., else the one the learner is working on."""
    wanted = st.query_params.get("module")
    try:
        module = catalog.module(wanted) if wanted else catalog.module(state.resume().module_id or catalog.modules[-1].id)
        st.query_params["module"] = module.id  # keeps the browser's URL in step (links to this same page)
        return module
    except KeyError:
        st.error(f"Không tìm thấy học phần “{md(wanted)}”.")
        st.page_link(PAGE["course"], label="Về bản đồ khóa học", icon=":material/map:")
        st.stop()


def module_number(catalog: Catalog, module: Module) -> int:
    return catalog.modules.index(module) + 1


def scroll_into_view(key: str, token: str = "") -> None:
    """Bring the element of st.container(key=key) to the top of the screen (after a button far below it).

    `token` makes the script new for each event, so the browser scrolls once per event, not on every rerun."""
    import json

    import streamlit.components.v1 as components
    selector = json.dumps(f".st-key-{key}")
    components.html(f"""<script>/* {token} */
(function () {{
  let tries = 0;
  const go = () => {{
    const el = window.parent.document.querySelector({selector});
    if (el) {{ el.style.scrollMarginTop = "72px"; el.scrollIntoView({{block: "start", behavior: "instant"}}); return; }}
    if (++tries < 40) setTimeout(go, 100);
  }};
  go();
}})();</script>""", height=0)


def signup_track_picker() -> str | None:
    """The learning path a new account chooses at sign-up (inside the sign-up form); None: not chosen."""
    try:
        tracks = load_catalog().tracks
    except CourseError:
        return None
    if not tracks:
        return None
    options = [""] + [t.id for t in tracks]
    titles = {"": "Để sau"} | {t.id: t.title for t in tracks}
    return st.selectbox("Lộ trình học (đổi được sau)", options, format_func=titles.get, key=K.SIGNUP_TRACK) or None


def save_signup_track(session, user_id: int, track: str | None) -> None:
    if track:
        from app.learning.tracks import set_track
        set_track(session, load_catalog(), user_id, track, chosen_by_id=user_id)
