"""Quiz presentation and grading; attempts and answers stored."""
import pytest
from sqlalchemy import select

from app.learning.progress import LockedError, complete_lesson
from app.learning.quiz import QuizError, correct_answers, grade, present, submit_quiz
from app.models import QuizAnswer, QuizAttempt
from tests.learning_fixtures import fixture_catalog, make_learner

CATALOG = fixture_catalog()
MODULE = CATALOG.modules[0]
QUIZ = MODULE.quiz


def wrong_option(question):
    return next(o.id for o in question.options if not o.correct)


def test_presentation_is_shuffled_per_seed_and_stable_for_one_attempt():
    orders = {tuple(q.id for q in present(QUIZ, seed)) for seed in range(20)}
    assert len(orders) > 5
    assert [q.id for q in present(QUIZ, 7)] == [q.id for q in present(QUIZ, 7)]
    for q in present(QUIZ, 3):
        original = next(x for x in QUIZ.questions if x.id == q.id)
        assert {o.id for o in q.options} == {o.id for o in original.options}
        if q.kind == "true_false":
            assert [o.text for o in q.options] == ["Đúng", "Sai"]


def test_full_marks_pass_and_feedback_explains_every_option():
    result = grade(QUIZ, correct_answers(QUIZ))
    assert result.score == 1.0 and result.passed and result.summary.startswith("Đạt")
    for r in result.results:
        assert len(r.feedback) == len(r.question.options)
        assert all(f.option.explanation for f in r.feedback)


def test_pass_mark_is_80_percent():
    questions = QUIZ.questions  # 8 questions: 7 right = 87.5 % passes, 6 right = 75 % fails
    seven = correct_answers(QUIZ) | {questions[0].id: wrong_option(questions[0])}
    six = seven | {questions[1].id: wrong_option(questions[1])}
    assert grade(QUIZ, seven).passed and grade(QUIZ, seven).n_correct == 7
    assert not grade(QUIZ, six).passed and grade(QUIZ, six).summary.startswith("Chưa đạt")


def test_multiple_choice_needs_the_exact_set():
    q = next(q for q in QUIZ.questions if q.kind == "multiple")
    right = sorted(q.correct_ids)
    wrong = next(o.id for o in q.options if not o.correct)
    assert grade(QUIZ, {q.id: right}).results[QUIZ.questions.index(q)].correct
    for chosen in (right[:1], right + [wrong], []):
        result = grade(QUIZ, {q.id: chosen}).results[QUIZ.questions.index(q)]
        assert not result.correct
    feedback = {f.option.id: f for f in grade(QUIZ, {q.id: right[:1] + [wrong]}).results[
        QUIZ.questions.index(q)].feedback}
    kinds = {i: f.kind for i, f in feedback.items()}
    assert (kinds[right[0]], kinds[right[1]], kinds[wrong]) == ("chosen_right", "missed", "chosen_wrong")
    assert len({f.verdict for f in feedback.values() if f.kind != "not_chosen"}) == 3   # each reads differently


def test_bad_answer_sheets_get_vietnamese_errors():
    single = next(q for q in QUIZ.questions if q.kind == "single")
    with pytest.raises(QuizError, match="không có phương án"):
        grade(QUIZ, {single.id: "zz"})
    with pytest.raises(QuizError, match="chỉ được chọn một"):
        grade(QUIZ, {single.id: ["a", "b"]})
    with pytest.raises(QuizError, match="không có câu"):
        grade(QUIZ, {"q99": "a"})


def test_attempts_and_answers_are_stored_and_quiz_is_locked_before_lessons(session):
    user = make_learner(session)
    with pytest.raises(LockedError):
        submit_quiz(session, user.id, CATALOG, MODULE, correct_answers(QUIZ))
    for lesson in MODULE.lessons:
        complete_lesson(session, user.id, CATALOG, lesson)
    first_q = QUIZ.questions[0]
    failed, _ = submit_quiz(session, user.id, CATALOG, MODULE, {first_q.id: wrong_option(first_q)})
    passed, _ = submit_quiz(session, user.id, CATALOG, MODULE, correct_answers(QUIZ))
    assert (failed.passed, failed.score) == (False, 0.0) and (passed.passed, passed.score) == (True, 1.0)
    rows = session.scalars(select(QuizAnswer).where(QuizAnswer.attempt_id == failed.id)).all()
    assert len(rows) == len(QUIZ.questions)
    assert {r.question_id: r.chosen for r in rows}[first_q.id] == wrong_option(first_q)
    assert session.scalar(select(QuizAttempt).where(QuizAttempt.id == passed.id)).module_id == MODULE.id


# --- question banks: a fresh draw per attempt, written answers checked against a rubric ---------------------
from app.learning.catalog import COURSES_DIR, Quiz, load_catalog_from  # noqa: E402
from app.learning.quiz import draw, rubric_points, unanswered  # noqa: E402

WRITTEN = {"id": "w1", "kind": "short_answer", "scenario": True,
           "text": "Mẹ nhận cuộc gọi video xin tiền gấp. Dặn mẹ làm gì?", "min_points": 2,
           "forbidden": ["chuyen ngay"],
           "rubric": [{"id": "goilai", "text": "Gọi lại số đã lưu", "keywords": ["goi lai", "so da luu"]},
                      {"id": "matkhau", "text": "Hỏi mật khẩu gia đình", "keywords": ["mat khau gia dinh"]},
                      {"id": "khong", "text": "Không chuyển tiền", "keywords": ["khong chuyen"]}],
           "model_answer": "Mẹ gọi lại số đã lưu và hỏi mật khẩu gia đình."}


def bank_quiz(n: int = 12, shown: int = 6) -> Quiz:
    questions = [{"id": f"q{i:02d}", "kind": "true_false", "scenario": i < 4, "text": f"Câu số {i} đúng không?",
                  "options": [{"id": "a", "text": "Đúng", "correct": True, "explanation": "Giải thích đúng."},
                              {"id": "b", "text": "Sai", "correct": False, "explanation": "Giải thích sai."}]}
                 for i in range(n - 1)] + [WRITTEN]
    return Quiz.model_validate({"pass_mark": 0.8, "draw": shown, "questions": questions})


def test_each_attempt_draws_a_fresh_set_with_scenarios():
    quiz = bank_quiz()
    draws = {tuple(sorted(q.id for q in present(quiz, seed))) for seed in range(40)}
    assert len(draws) > 10 and all(len(d) == 6 for d in draws)
    assert [q.id for q in present(quiz, 5)] == [q.id for q in present(quiz, 5)]  # a page can redraw its attempt
    for seed in range(40):
        assert sum(q.scenario for q in draw(quiz, seed)) >= 2  # a third of 6, the bank has 5 scenarios


def test_an_attempt_is_graded_on_the_questions_it_showed():
    quiz = bank_quiz()
    shown = [q.id for q in present(quiz, 3)]
    result = grade(quiz, correct_answers(quiz, shown), shown)
    assert len(result.results) == 6 and result.passed
    missing_one = {k: v for k, v in correct_answers(quiz, shown).items() if k != shown[0]}
    assert [q.id for q in unanswered(quiz, missing_one, shown)] == [shown[0]]
    assert grade(quiz, missing_one, shown).n_correct == 5 and grade(quiz, missing_one, shown).passed  # 83 %
    missing_two = {k: v for k, v in missing_one.items() if k != shown[1]}
    assert not grade(quiz, missing_two, shown).passed  # 4/6 = 67 %: unanswered questions count as wrong
    with pytest.raises(QuizError):
        grade(quiz, {"q99": "a"}, shown)
    with pytest.raises(QuizError):
        grade(quiz, {}, ["q99"])


def test_written_answers_are_checked_against_the_rubric():
    quiz = bank_quiz()
    q = quiz.questions[-1]
    assert {p.id for p in rubric_points(q, "GỌI LẠI cho con, hỏi Mật Khẩu Gia Đình")} == {"goilai", "matkhau"}
    assert {p.id for p in rubric_points(q, "goi lai")} == {"goilai"}  # without accents too
    right = grade(quiz, {q.id: "Mẹ gọi lại số đã lưu, không chuyển tiền."}, [q.id]).results[0]
    assert right.correct and {p.id for p in right.points} == {"goilai", "khong"}
    half = grade(quiz, {q.id: "Mẹ gọi lại cho con."}, [q.id]).results[0]
    assert not half.correct and [p.id for p in half.missed_points] == ["matkhau", "khong"]
    forbidden = grade(quiz, {q.id: "Gọi lại số đã lưu rồi chuyển ngay cho con."}, [q.id]).results[0]
    assert not forbidden.correct  # makes two points but says what must not be said
    with pytest.raises(QuizError, match="200"):
        grade(quiz, {q.id: "gọi lại " * 40}, [q.id])


def test_the_real_course_draws_six_from_banks_twice_as_large():
    for module in load_catalog_from(COURSES_DIR).modules:
        quiz = module.quiz
        assert quiz.shown == 6 and len(quiz.questions) >= 12
        assert any(q.kind == "short_answer" for q in quiz.questions), module.id
