"""The dashboard's fast counting gives the trainer the same numbers (SQLite and PostgreSQL):

* a class holding most learners is counted as everyone minus the other accounts: the same result as counting
  the class's own rows, metric by metric;
* learner_days and answer_counts, kept by database triggers, agree with a recount of the activity rows after
  the app writes, a merge of two accounts, an erasure, and a migration of existing data.
"""
from collections import Counter
from datetime import timedelta

import pandas as pd
import pytest
from alembic import command
from sqlalchemy import select

from app.db import alembic_config, migrate, session_scope
from app.learning.progress import complete_lesson, record_exercise, record_view
from app.learning.quiz import submit_quiz
from app.models import (AnswerCount, Enrolment, ExerciseCompletion, LearnerDay, LearnerModule, LessonProgress,
                        QuizAnswer, QuizAttempt)
from app.personal_data import carry_out_deletion, request_deletion
from app.trainer import analytics, roster
from tests.trainer_data import NOW, build_class, fixture_catalog, user
from tests.trainer_data import catalog, data  # noqa: F401,F811 - pytest fixtures

METRICS = {
    "lessons": lambda s, c, cat: analytics.lesson_completion(s, c, cat),
    "modules": lambda s, c, cat: analytics.module_completion(s, c, cat),
    "quizzes": lambda s, c, cat: analytics.quiz_summary(s, c, cat),
    "hardest": lambda s, c, cat: analytics.hardest_questions(s, c, cat),
    "timeline": lambda s, c, cat: analytics.progress_over_time(s, c, cat),
    "learners": lambda s, c, cat: analytics.learner_table(s, c, cat, now=NOW),
}


@pytest.mark.parametrize("metric", sorted(METRICS))
def test_everyone_minus_others_equals_counting_the_class(session, data, catalog, monkeypatch, metric):
    for class_id in (data["class_a"], data["class_b"]):
        results = {}
        for everyone in (False, True):
            monkeypatch.setattr(analytics, "_most_learners", lambda *a, everyone=everyone: everyone)
            results[everyone] = METRICS[metric](session, class_id, catalog)
        assert len(results[False]) > 0
        pd.testing.assert_frame_equal(results[False], results[True], check_dtype=False)


def test_a_big_class_is_counted_as_everyone_minus_the_others(session, data, catalog):
    assert not analytics._most_learners(session, data["class_b"], None)  # 1 of 7 accounts
    assert not analytics._most_learners(session, data["class_a"], None)  # 3 of 7
    session.add(Enrolment(class_id=data["class_a"], user_id=data["dung"]))
    session.flush()
    assert analytics._most_learners(session, data["class_a"], None)      # 4 of 7


def recount_days(session) -> tuple[dict, set]:
    """From the activity rows: lessons finished per (learner, day), and every (learner, day) with activity."""
    done: Counter = Counter()
    active = set()
    for p in session.scalars(select(LessonProgress)):
        active |= {(p.user_id, p.first_viewed_at.date()), (p.user_id, p.last_viewed_at.date())}
        if p.completed_at is not None:
            done[(p.user_id, p.completed_at.date())] += 1
            active.add((p.user_id, p.completed_at.date()))
    active |= {(a.user_id, a.submitted_at.date()) for a in session.scalars(select(QuizAttempt))}
    active |= {(e.user_id, e.completed_at.date()) for e in session.scalars(select(ExerciseCompletion))}
    return done, active


def recount_answers(session) -> Counter:
    rows = session.execute(select(QuizAttempt.module_id, QuizAnswer.question_id, QuizAnswer.chosen, QuizAnswer.correct)
                           .join(QuizAttempt, QuizAttempt.id == QuizAnswer.attempt_id))
    return Counter(tuple(r) for r in rows)


def assert_kept_counts_agree(session) -> None:
    session.flush()
    session.expire_all()  # the stored values, as the triggers saw them
    kept = {(r.user_id, r.day): r.lessons_done for r in session.scalars(select(LearnerDay))}
    done, active = recount_days(session)
    assert {k: v for k, v in kept.items() if v} == dict(done)   # lessons finished per learner and day
    assert active <= set(kept)                                   # every day with activity is there
    counts = {(r.module_id, r.question_id, r.chosen, r.correct): r.n for r in session.scalars(select(AnswerCount))}
    assert {k: n for k, n in counts.items() if n} == dict(recount_answers(session))
    kept_modules = {(r.user_id, r.module_id): r for r in session.scalars(select(LearnerModule))}
    recount = recount_modules(session)
    assert set(kept_modules) == set(recount)
    for key, row in kept_modules.items():
        expected = recount[key]
        assert (row.lessons_done, row.last_viewed_at, row.attempts, row.passes, row.first_attempt_at,
                row.last_attempt_at) == tuple(expected[k] for k in ("done", "viewed", "attempts", "passes", "first",
                                                                     "last")), key
        assert row.score_sum == pytest.approx(expected["score"]) and row.best_score == pytest.approx(expected["best"])


def recount_modules(session) -> dict:
    """Per (learner, module) from the activity rows: what learner_modules keeps."""
    out: dict = {}

    def of(key):
        return out.setdefault(key, {"done": 0, "viewed": None, "attempts": 0, "passes": 0, "score": 0.0, "best": None,
                                    "first": None, "last": None})
    for p in session.scalars(select(LessonProgress)):
        row = of((p.user_id, p.module_id))
        row["done"] += p.completed_at is not None
        row["viewed"] = max(filter(None, (row["viewed"], p.last_viewed_at)))
    for a in session.scalars(select(QuizAttempt)):
        row = of((a.user_id, a.module_id))
        row["attempts"] += 1
        row["passes"] += bool(a.passed)
        row["score"] += a.score
        row["best"] = max(filter(lambda v: v is not None, (row["best"], a.score)))
        row["first"] = min(filter(None, (row["first"], a.submitted_at)))
        row["last"] = max(filter(None, (row["last"], a.submitted_at)))
    return out


def test_trigger_kept_counts_follow_the_app_a_merge_and_an_erasure(session, data, catalog):
    assert_kept_counts_agree(session)  # rows written straight through the ORM (as the demo data does)
    chi = data["chi"]
    module = catalog.modules[0]
    for i, lesson in enumerate(module.lessons):
        record_view(session, chi, catalog, lesson, now=NOW - timedelta(days=2))
        complete_lesson(session, chi, catalog, lesson, now=NOW - timedelta(days=1 - i))
    submit_quiz(session, chi, catalog, module, {q.id: sorted(q.correct_ids) if q.kind != "short_answer" else ""
                                                for q in module.quiz.questions}, now=NOW)
    record_exercise(session, chi, catalog, module, {"ghi_chu": "Tôi đã thử hỏi AI."}, now=NOW)
    assert_kept_counts_agree(session)
    assert (chi, (NOW - timedelta(days=2)).date()) in {(r.user_id, r.day) for r in session.scalars(select(LearnerDay))}

    twin = user(session, "an2", full_name="Nguyễn Văn An")
    session.add(Enrolment(class_id=data["class_a"], user_id=twin.id))
    session.add(LessonProgress(user_id=twin.id, module_id="t01-lam-quen", lesson_id="t01-l01-ai-la-gi",
                               first_viewed_at=NOW - timedelta(days=30), last_viewed_at=NOW - timedelta(days=30),
                               completed_at=NOW - timedelta(days=30)))  # an finished it later: the earlier counts
    session.add(LessonProgress(user_id=twin.id, module_id="t02-an-toan", lesson_id="t02-l02-tin-gia",
                               first_viewed_at=NOW, last_viewed_at=NOW, completed_at=NOW))
    session.flush()
    roster.merge_accounts(session, data["gv"], data["class_a"], data["an"], twin.id)
    assert_kept_counts_agree(session)
    assert not session.scalars(select(LearnerDay).where(LearnerDay.user_id == twin.id)).all()
    an_days = {r.day: r.lessons_done
               for r in session.scalars(select(LearnerDay).where(LearnerDay.user_id == data["an"]))}
    assert an_days[(NOW - timedelta(days=30)).date()] == 1 and an_days[NOW.date()] == 1

    request = request_deletion(session, data["binh"])
    carry_out_deletion(session, data["admin"], request.id)
    assert_kept_counts_agree(session)
    assert not session.scalars(select(LearnerDay).where(LearnerDay.user_id == data["binh"])).all()


def test_migration_fills_the_counts_from_existing_rows(db_url):
    with session_scope(db_url) as s:
        ids = build_class(s)
    command.downgrade(alembic_config(db_url), "0007_dashboard_index")
    migrate(db_url)
    with session_scope(db_url) as s:
        assert s.scalar(select(QuizAnswer.module_id).limit(1)) is not None
        assert_kept_counts_agree(s)
        timeline = analytics.progress_over_time(s, ids["class_a"], fixture_catalog())
        assert timeline["completed"].sum() == 4  # an's 3 lessons and binh's 1; dung's (class B) do not count
