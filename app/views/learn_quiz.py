"""A module's quiz: shuffled questions, submit, score, feedback with explanations, retake."""
import streamlit as st

from app.db import session_scope
from app.learning.quiz import MAX_WRITTEN, QuizError, new_seed, present, submit_quiz, unanswered
from app.ui.learn import (PAGE, course_or_stop, learner_state, module_from_query, module_number, scroll_into_view,
                          step_link)
from app.ui.session import guard
from app.ui.keys import LearnQuiz as K

user = guard(__file__)
catalog = course_or_stop(user.id)
state = learner_state(user.id, catalog)
module = module_from_query(catalog, state)
row = state.module_progress(module)

st.caption(f"Học phần {module_number(catalog, module)}. {module.title}")
st.title("Bài kiểm tra")
if not state.quiz_unlocked(module):
    st.warning("🔒 Bài kiểm tra mở sau khi bạn học xong tất cả các bài của học phần này.")
    step_link(state.resume(), label="Đến bài cần học tiếp", icon=":material/play_arrow:")
    st.stop()

quiz = module.quiz
seed_key, result_key = f"quiz_seed:{module.id}", f"quiz_result:{module.id}"
if seed_key not in st.session_state:
    st.session_state[seed_key] = new_seed()
seed = st.session_state[seed_key]
history = f" Bạn đã làm {row.attempts} lần, điểm cao nhất {row.best_score:.0%}." if row.attempts else ""
bank = (f" Mỗi lần làm, máy chọn {quiz.shown} câu mới từ ngân hàng {len(quiz.questions)} câu."
        if quiz.shown < len(quiz.questions) else "")
st.write(f"{quiz.shown} câu hỏi. Cần đúng từ **{quiz.pass_mark:.0%}** để qua. "
         f"Làm lại bao nhiêu lần cũng được.{bank}{history}")

result = st.session_state.get(result_key)
questions = present(quiz, seed)
shown = [q.id for q in questions]
if result is None:
    with st.form(f"quiz-{module.id}-{seed}"):
        answers = {}
        for number, q in enumerate(questions, start=1):
            key = K.Q.format(module.id, seed, q.id)
            with st.container(key=K.QUESTION.format(q.id)):
                hint = "" if q.kind != "multiple" or "chọn tất cả" in q.text.lower() else " *(Chọn tất cả các đáp án đúng)*"
                st.markdown(f"**Câu {number}.** {q.text}{hint}")
                if q.kind == "multiple":
                    answers[q.id] = [o.id for o in q.options if st.checkbox(o.text, key=K.OPTION.format(key, o.id))]
                elif q.kind == "short_answer":
                    answers[q.id] = st.text_area(f"Câu {number}: câu trả lời của bạn", key=key, max_chars=MAX_WRITTEN,
                                                 placeholder="Viết một hai câu bằng lời của bạn",
                                                 label_visibility="collapsed")
                else:
                    by_id = {o.id: o.text for o in q.options}
                    answers[q.id] = st.radio(f"Câu {number}", list(by_id), index=None, format_func=by_id.get,
                                             key=key, label_visibility="collapsed")
        submitted = st.form_submit_button("Nộp bài", type="primary", icon=":material/send:")
    if submitted:
        missing = unanswered(quiz, answers, shown)
        if missing:
            shown_number = {x.id: n for n, x in enumerate(questions, start=1)}
            numbers = ", ".join(str(n) for n in sorted(shown_number[q.id] for q in missing))
            st.error(f"Bạn chưa trả lời câu {numbers}. Các câu đã chọn vẫn được giữ nguyên.")
        else:
            try:
                with session_scope() as s:
                    _, graded = submit_quiz(s, user.id, catalog, module, answers, shown=shown)
            except (QuizError, PermissionError) as exc:
                st.error(str(exc))
            else:
                st.session_state[result_key] = graded
                st.rerun()
    st.stop()

# the result of the attempt just submitted, brought into view (the button was far below it)
with st.container(key=K.QUIZ_RESULT):
    (st.success if result.passed else st.error)(result.summary)
scroll_into_view("quiz-result", f"{module.id}-{seed}")
if result.passed:
    st.balloons()
order = {q.id: n for n, q in enumerate(questions, start=1)}
for r in sorted(result.results, key=lambda r: order[r.question.id]):
    with st.container(border=True):
        mark = "✅" if r.correct else "❌"
        st.markdown(f"{mark} **Câu {order[r.question.id]}.** {r.question.text}")
        if r.question.kind == "short_answer":
            st.markdown(f"Bạn viết: *{r.written or '(để trống)'}*")
            for point in r.question.rubric:
                st.markdown(f"{'✔️' if point in r.points else '▫️'} {point.text}")
            if r.question.forbidden and not r.correct and len(r.points) >= r.question.min_points:
                st.markdown("✖️ Câu trả lời còn chữ không được dùng trong trường hợp này.")
            st.markdown(f"Cần nêu ít nhất {r.question.min_points} ý. Câu trả lời mẫu:\n\n> {r.question.model_answer}")
        for fb in r.feedback:
            sign = "✔️" if fb.option.correct else ("✖️" if fb.chosen else "▫️")
            explanation = " ".join(fb.option.explanation.split())
            st.markdown(f"{sign} {fb.option.text} — *{fb.verdict}*\n\n> {explanation}")

retake = "Làm lại (bộ câu hỏi mới)" if quiz.shown < len(quiz.questions) else "Làm lại (đổi thứ tự câu hỏi)"
if st.button(retake, icon=":material/refresh:", key=K.RETAKE):
    st.session_state[seed_key] = new_seed()
    del st.session_state[result_key]
    st.rerun()
if result.passed:
    st.page_link(PAGE["exercise"], query_params={"module": module.id}, icon=":material/construction:",
                 label=f"Làm bài thực hành: {module.exercise.title}")
    index = catalog.modules.index(module)
    if index + 1 < len(catalog.modules):
        following = catalog.modules[index + 1]
        st.page_link(PAGE["lesson"], query_params={"lesson": following.lessons[0].id}, icon=":material/arrow_forward:",
                     label=f"Sang học phần {index + 2}: {following.title}")
st.page_link(PAGE["course"], label="Về bản đồ khóa học", icon=":material/map:")
