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
    verdicts = {f.option.id: f.verdict for f in grade(QUIZ, {q.id: right[:1] + [wrong]}).results[
        QUIZ.questions.index(q)].feedback}
    assert verdicts[right[0]] == "Bạn đã chọn — đúng"
    assert verdicts[right[1]] == "Đáp án đúng — bạn chưa chọn"
    assert verdicts[wrong] == "Bạn đã chọn — chưa đúng"


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
