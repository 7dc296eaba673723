"""One lesson: text with its images, narration, "mark as studied", and the way on."""
import re

import streamlit as st

from app.db import session_scope
from app.learning.catalog import GLOSSARY_LINK, Lesson
from app.learning.content_rules import IMAGE_RE
from app.learning.narration import NarrationError, cache_path, lesson_speech_text, narrate
from app.learning.progress import LockedError, complete_lesson, record_view
from app.ui.learn import PAGE, REFERENCE_PARAM, course_or_stop, learner_state, lesson_step, module_number, step_link
from app.ui.session import guard
from tools.compliance import reference_lessons
from tools.safe_text import md
from app.ui.keys import LearnLesson as K

user = guard(__file__)
catalog = course_or_stop(user.id)
state = learner_state(user.id, catalog)

lesson_id = st.query_params.get("lesson") or state.resume().lesson_id or catalog.lessons()[0].id
try:
    lesson: Lesson = catalog.lesson(lesson_id)
except KeyError:
    st.error(f"Không tìm thấy bài học “{md(lesson_id)}”.")
    st.page_link(PAGE["course"], label="Về bản đồ khóa học", icon=":material/map:")
    st.stop()
module = catalog.module(lesson.module_id)
st.query_params["lesson"] = lesson.id  # keeps the browser's URL in step (links to this same page)

# a lesson a tool's warning links to (tools/compliance/lessons.yaml) can be read out of order, not completed
reading_only = not state.lesson_unlocked(lesson) and st.query_params.get(REFERENCE_PARAM) == "1" \
    and lesson.id in reference_lessons()
if not state.lesson_unlocked(lesson) and not reading_only:
    st.title(lesson.title)
    st.warning("🔒 Bài này chưa mở. Hãy học xong các bài trước theo thứ tự.")
    step_link(state.resume(), label="Đến bài cần học tiếp", icon=":material/play_arrow:")
    st.stop()

if reading_only:
    st.info("Bạn mở bài này để tra cứu từ cảnh báo của công cụ bán hàng. Bài được tính là đã học khi bạn học "
            "đến nó theo thứ tự trong khóa học.", icon=":material/menu_book:")
elif st.session_state.get(K.VIEWING_LESSON) != lesson.id:  # one view per visit, not per rerun
    with session_scope() as s:
        record_view(s, user.id, catalog, lesson)
    st.session_state[K.VIEWING_LESSON] = lesson.id

st.caption(f"Học phần {module_number(catalog, module)}. {module.title} · Bài {lesson.order}/{len(module.lessons)} · "
           f"khoảng {lesson.minutes} phút")
st.title(lesson.title)

with st.container(border=True):
    audio = cache_path(lesson_speech_text(lesson), "embedded")
    if audio.is_file() or st.button("Nghe bài học", icon=":material/volume_up:", key=K.LISTEN):
        try:
            with st.spinner("Đang tạo giọng đọc cho bài học…"):
                audio = narrate(lesson)
            st.markdown("**Nghe bài học**")
            st.audio(str(audio), format="audio/mpeg")
        except NarrationError as exc:
            st.error(str(exc))
    else:
        st.caption("Bấm để nghe giọng đọc tiếng Việt (chạy trên máy, không cần mạng).")

# st.markdown cannot load images from the lesson folder: draw them with st.image between text parts;
# headings one level down so that the lesson title stays the largest
body = re.sub(r"^(#{1,5})\s", r"#\1 ", lesson.body, flags=re.M)
body = GLOSSARY_LINK.sub(r"**\1**", body)  # glossary words stand out; their meaning is in "Từ cần biết" below
position = 0
for match in IMAGE_RE.finditer(body):
    st.markdown(body[position:match.start()])
    image = (lesson.path.parent / match.group(2)).resolve()
    if image.is_file():
        st.image(str(image), caption=match.group(1) or None)
    position = match.end()
st.markdown(body[position:])

terms = catalog.lesson_terms(lesson)
if terms:
    with st.expander(f"📖 Từ cần biết trong bài ({len(terms)})", expanded=False):
        for term in terms:
            st.markdown(f"**{term.term}**: {term.definition}")
if lesson.sources:
    with st.container(border=True, key=K.LEGAL_SOURCES):
        st.markdown("**Căn cứ pháp lý của bài**")
        for src in lesson.sources:
            dates = "; ".join(x for x in (f"ban hành {src.issued:%d/%m/%Y}" if src.issued else "",
                                          f"hiệu lực {src.in_force:%d/%m/%Y}" if src.in_force else "") if x)
            article = f", {src.articles}" if src.articles else ""
            st.markdown(f"- {src.title} số {src.number} ({dates}{article})")
        if lesson.updated:
            st.caption(f"Cập nhật nội dung pháp luật: {lesson.updated:%d/%m/%Y}. Luật có thể thay đổi: khi cần, hãy hỏi "
                       "cơ quan chức năng hoặc xem văn bản trên trang .gov.vn.")

st.divider()
next_lesson = state.next_lesson(lesson)
done = lesson.id in state.completed
if reading_only:
    step_link(state.resume(), label="Đến bài cần học tiếp", icon=":material/play_arrow:")
elif not done and st.button("Đánh dấu đã học xong", type="primary", icon=":material/task_alt:", key=K.COMPLETE):
    try:
        with session_scope() as s:
            complete_lesson(s, user.id, catalog, lesson)
        done = True
    except LockedError as exc:
        st.error(str(exc))
if done:
    st.success("✅ Bạn đã học xong bài này.")
    if next_lesson is not None:
        step_link(lesson_step(next_lesson), label=f"Bài tiếp theo: {next_lesson.title}")
    else:
        st.page_link(PAGE["quiz"], query_params={"module": module.id}, icon=":material/quiz:",
                     label=f"Làm bài kiểm tra học phần “{module.title}”")
st.page_link(PAGE["course"], label="Về bản đồ khóa học", icon=":material/map:")
