"""Course map: every module with its progress; lessons open in order; resume where you left off."""
import streamlit as st

from app.learning.catalog import skill_label
from app.ui.learn import PAGE, course_or_stop, learner_state, lesson_step, step_link, step_params
from app.ui.session import guard
from app.ui.keys import LearnCourse as K

user = guard(__file__)
catalog = course_or_stop(user.id)
state = learner_state(user.id, catalog)

st.title("Khóa học “Bình dân học AI”")
st.progress(state.percent / 100, text=f"Bạn đã hoàn thành **{state.percent}%** khóa học")
step = state.resume()
with st.container(border=True):
    st.markdown("**Tiếp tục học:** " + step.label)
    if st.button("Tiếp tục học", type="primary", icon=":material/play_arrow:", key=K.RESUME):
        st.switch_page(PAGE[step.kind], query_params=step_params(step))
st.caption("Các bài mở lần lượt: học xong bài trước thì bài sau mở; qua bài kiểm tra (đúng từ 80%) thì học phần "
           "sau mở. Bài kiểm tra làm lại bao nhiêu lần cũng được.")

full = course_or_stop()
if full.tracks:
    from app.db import session_scope
    from app.learning.tracks import TrackError, get_track, set_track
    with session_scope() as s:
        current = get_track(s, user.id)
    options = [""] + [t.id for t in full.tracks]
    defaults = ", ".join(t.title for t in full.tracks if t.default)
    titles = {"": f"Chưa chọn (học phần chung và lộ trình {defaults})"} | {t.id: t.title for t in full.tracks}
    with st.expander("Lộ trình học của bạn: " + titles.get(current or "", titles[""])):
        st.caption("Ai cũng học các học phần chung; mỗi lộ trình thêm học phần riêng. "
                   "Đổi lộ trình không làm mất bài đã học.")
        chosen = st.radio("Chọn lộ trình", options, index=options.index(current or ""), format_func=titles.get,
                          key=K.TRACK_PICK)
        if chosen != (current or "") and st.button("Lưu lộ trình", key=K.TRACK_SAVE):
            try:
                with session_scope() as s:
                    set_track(s, full, user.id, chosen or None, chosen_by_id=user.id)
            except TrackError as exc:
                st.error(str(exc))
            else:
                st.rerun()

for number, row in enumerate(state.course_map(), start=1):
    module = row.module
    with st.container(border=True):
        badge = " ✅" if row.complete else ("" if row.unlocked else " 🔒")
        st.subheader(f"Học phần {number}. {module.title}{badge}")
        st.write(module.summary)
        st.progress(row.percent / 100,
                    text=f"{row.lessons_done}/{len(module.lessons)} bài · "
                         f"kiểm tra: {'đạt' if row.quiz_passed else 'chưa đạt'} · "
                         f"thực hành: {'xong' if row.exercise_done else 'chưa làm'} · {row.percent}%")
        for lesson in module.lessons:
            done = lesson.id in state.completed
            unlocked = state.lesson_unlocked(lesson)
            icon = ":material/check_circle:" if done else (":material/play_circle:" if unlocked else ":material/lock:")
            label = f"Bài {lesson.order}. {lesson.title} · {lesson.minutes} phút" + ("" if unlocked else " (chưa mở)")
            step_link(lesson_step(lesson), label=label, icon=icon, disabled=not unlocked)
        quiz_open = state.quiz_unlocked(module)
        best = f" · điểm cao nhất {row.best_score:.0%}" if row.best_score is not None else ""
        st.page_link(PAGE["quiz"], query_params={"module": module.id}, disabled=not quiz_open,
                     icon=":material/check_circle:" if row.quiz_passed else
                     (":material/quiz:" if quiz_open else ":material/lock:"),
                     label=f"Bài kiểm tra ({len(module.quiz.questions)} câu){best}" + ("" if quiz_open else " (chưa mở)"))
        st.page_link(PAGE["exercise"], query_params={"module": module.id}, disabled=not quiz_open,
                     icon=":material/check_circle:" if row.exercise_done else
                     (":material/construction:" if quiz_open else ":material/lock:"),
                     label=f"Thực hành: {module.exercise.title}" + ("" if quiz_open else " (chưa mở)"))
        with st.expander("Kỹ năng số theo Quyết định 757/QĐ-BKHCN"):
            for ref in module.framework_757:
                st.markdown(f"- **{ref.area}**{skill_label(ref)}: {ref.competency}")

if state.completed_course:
    st.success("Chúc mừng! Bạn đã hoàn thành khóa học.")
    st.page_link(PAGE["certificate"], label="Nhận chứng chỉ", icon=":material/workspace_premium:")
