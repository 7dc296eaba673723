"""Unlock rules, resume, course map, persistence across sessions, last_seen_at."""
import pytest

from app.db import session_scope
from app.learning.progress import LockedError, complete_lesson, course_state, record_exercise, record_view
from app.learning.quiz import submit_quiz
from app.models import User
from tests.learning_fixtures import finish_module, fixture_catalog, make_learner

CATALOG = fixture_catalog()
M1, M2 = CATALOG.modules
L1, L2 = M1.lessons


def test_lessons_unlock_in_order_and_next_module_after_the_quiz(session):
    user = make_learner(session)
    state = course_state(session, user.id, CATALOG)
    assert state.lesson_unlocked(L1) and not state.lesson_unlocked(L2)
    assert not state.quiz_unlocked(M1) and not state.lesson_unlocked(M2.lessons[0])
    with pytest.raises(LockedError, match="chưa mở"):
        record_view(session, user.id, CATALOG, L2)
    with pytest.raises(LockedError):
        complete_lesson(session, user.id, CATALOG, M2.lessons[0])

    record_view(session, user.id, CATALOG, L1)
    assert not course_state(session, user.id, CATALOG).lesson_unlocked(L2)  # viewing is not finishing
    complete_lesson(session, user.id, CATALOG, L1)
    state = course_state(session, user.id, CATALOG)
    assert state.lesson_unlocked(L2) and not state.quiz_unlocked(M1)
    complete_lesson(session, user.id, CATALOG, L2)
    state = course_state(session, user.id, CATALOG)
    assert state.quiz_unlocked(M1) and state.exercise_unlocked(M1)
    assert not state.lesson_unlocked(M2.lessons[0])  # the quiz must be passed first

    submit_quiz(session, user.id, CATALOG, M1, {})  # a failed attempt does not open module 2
    assert not course_state(session, user.id, CATALOG).lesson_unlocked(M2.lessons[0])
    finish_module(session, user.id, CATALOG, M1)
    state = course_state(session, user.id, CATALOG)
    assert state.lesson_unlocked(M2.lessons[0]) and not state.lesson_unlocked(M2.lessons[1])
    assert state.lesson_unlocked(L1)  # finished lessons stay open for review


def test_resume_points_to_the_next_step(session):
    user = make_learner(session)
    step = lambda: course_state(session, user.id, CATALOG).resume()  # noqa: E731
    assert (step().kind, step().lesson_id) == ("lesson", L1.id)
    complete_lesson(session, user.id, CATALOG, L1)
    assert step().lesson_id == L2.id
    complete_lesson(session, user.id, CATALOG, L2)
    assert (step().kind, step().module_id) == ("quiz", M1.id)
    finish_module(session, user.id, CATALOG, M1)
    assert step().lesson_id == M2.lessons[0].id
    finish_module(session, user.id, CATALOG, M2)
    assert (step().kind, step().module_id) == ("exercise", M1.id)
    for module in CATALOG.modules:
        record_exercise(session, user.id, CATALOG, module, {"checked": ["x"]})
    assert step().kind == "certificate"
    assert course_state(session, user.id, CATALOG).completed_course


def test_course_map_counts_lessons_quiz_and_exercise(session):
    user = make_learner(session)
    complete_lesson(session, user.id, CATALOG, L1)
    row = course_state(session, user.id, CATALOG).course_map()[0]
    assert (row.lessons_done, row.quiz_passed, row.exercise_done, row.percent) == (1, False, False, 25)
    finish_module(session, user.id, CATALOG, M1)
    record_exercise(session, user.id, CATALOG, M1, {"checked": M1.exercise.checklist})
    rows = course_state(session, user.id, CATALOG).course_map()
    assert (rows[0].percent, rows[0].complete, rows[0].best_score, rows[0].attempts) == (100, True, 1.0, 1)
    assert rows[1].unlocked and rows[1].percent == 0
    assert course_state(session, user.id, CATALOG).percent == 50


def test_progress_survives_a_new_session_and_marks_last_seen(db_url):
    with session_scope(db_url) as s:
        user_id = make_learner(s).id
        assert s.get(User, user_id).last_seen_at is None
    with session_scope(db_url) as s:
        record_view(s, user_id, CATALOG, L1)
        complete_lesson(s, user_id, CATALOG, L1)
        record_view(s, user_id, CATALOG, L2)
        record_view(s, user_id, CATALOG, L2)
    with session_scope(db_url) as s:  # a new visit, as after closing the browser
        state = course_state(s, user_id, CATALOG)
        assert state.completed == {L1.id} and state.viewed == {L1.id, L2.id}
        assert state.resume().lesson_id == L2.id
        assert s.get(User, user_id).last_seen_at is not None
        from sqlalchemy import select
        from app.models import LessonProgress
        row = s.scalar(select(LessonProgress).where(LessonProgress.lesson_id == L2.id))
        assert row.views == 2 and row.completed_at is None


def test_exercise_needs_the_lessons_and_content(session):
    user = make_learner(session)
    with pytest.raises(LockedError):
        record_exercise(session, user.id, CATALOG, M1, {"checked": ["a"]})
    for lesson in M1.lessons:
        complete_lesson(session, user.id, CATALOG, lesson)
    with pytest.raises(ValueError, match="chưa có nội dung"):
        record_exercise(session, user.id, CATALOG, M1, {"note": "  "})
    record_exercise(session, user.id, CATALOG, M1, {"checked": ["a"]})
    assert course_state(session, user.id, CATALOG).exercises == {M1.id}


def test_a_module_already_started_stays_open_when_a_module_is_inserted_before_it(session):
    from app.learning.catalog import Catalog
    from app.learning.progress import course_state, record_view
    from tests.learning_fixtures import fixture_catalog, make_learner
    catalog = fixture_catalog()
    first, second = catalog.modules
    user = make_learner(session)
    before = Catalog(modules=(first,))
    record_view(session, user.id, before, first.lessons[0])  # started under the old course
    inserted = Catalog(modules=(second, first))              # a new module now comes before it
    state = course_state(session, user.id, inserted)
    assert state.module_unlocked(first) and state.lesson_unlocked(first.lessons[0])
    assert not state.lesson_unlocked(first.lessons[1])       # the order inside the module still holds
