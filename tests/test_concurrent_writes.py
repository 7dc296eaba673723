"""Counters and first-time rows under 50 concurrent writers (SQLite and PostgreSQL): nothing lost, no error."""
import threading

from sqlalchemy import func, select

from app.db import session_scope
from app.learning.progress import record_exercise, record_view
from app.models import ExerciseCompletion, LessonProgress
from tests.learning_fixtures import finish_module, fixture_catalog, make_learner

WRITERS = 50
CATALOG = fixture_catalog()


def _together(db_url, job) -> list[BaseException]:
    """Run `job(session)` in WRITERS threads released at the same moment, each in its own transaction."""
    barrier, errors = threading.Barrier(WRITERS), []

    def one():
        try:
            barrier.wait()
            with session_scope(db_url) as s:
                job(s)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_first_views_at_the_same_moment(db_url):
    with session_scope(db_url) as s:
        user_id = make_learner(s).id
    lesson = CATALOG.modules[0].lessons[0]
    errors = _together(db_url, lambda s: record_view(s, user_id, CATALOG, lesson))
    assert errors == []
    with session_scope(db_url) as s:
        rows = s.scalars(select(LessonProgress).where(LessonProgress.user_id == user_id)).all()
        assert len(rows) == 1 and rows[0].views == WRITERS
        record_view(s, user_id, CATALOG, lesson)
    with session_scope(db_url) as s:
        assert s.scalar(select(LessonProgress.views).where(LessonProgress.user_id == user_id)) == WRITERS + 1


def test_exercise_first_completion_at_the_same_moment(db_url):
    module = CATALOG.modules[0]
    with session_scope(db_url) as s:
        user_id = make_learner(s).id
        finish_module(s, user_id, CATALOG, module)
    artifact = {"checked": list(module.exercise.checklist or ["x"])}
    errors = _together(db_url, lambda s: record_exercise(s, user_id, CATALOG, module, artifact))
    assert errors == []
    with session_scope(db_url) as s:
        assert s.scalar(select(func.count()).select_from(ExerciseCompletion)
                        .where(ExerciseCompletion.user_id == user_id)) == 1
