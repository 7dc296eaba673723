"""Extra demo learners with varied progress in the demo class, so the trainer dashboard has something to show.

Deterministic (seeded): some learners finished everything, some are stuck on a lesson or a quiz, some stopped
coming. Called from app.demo.create_demo; safe to call again (it re-creates its own learners).
"""
from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.learning.catalog import Catalog, CourseError, load_catalog
from app.learning.quiz import draw
from app.models import (Classroom, Enrolment, ExerciseCompletion, LessonProgress, QuizAnswer, QuizAttempt, User,
                        utcnow)

# (username, full name, group, share of the course reached, days since last activity)
EXTRA_LEARNERS = (
    ("demo.hv04", "Nguyễn Thị Lan", "Tổ dân phố 3", 1.0, 1),
    ("demo.hv05", "Vũ Văn Hùng", "Tổ dân phố 3", 0.85, 2),
    ("demo.hv06", "Đỗ Thị Thu", "Tổ dân phố 3", 0.6, 0),
    ("demo.hv07", "Bùi Văn Quang", "Tổ dân phố 4", 0.45, 5),
    ("demo.hv08", "Hoàng Thị Ngọc", "Tổ dân phố 4", 0.3, 12),
    ("demo.hv09", "Ngô Văn Tuấn", "Tổ dân phố 4", 0.2, 9),
    ("demo.hv10", "Đặng Thị Hạnh", "Tổ dân phố 5", 0.7, 1),
    ("demo.hv11", "Phan Văn Long", "Tổ dân phố 5", 0.1, 20),
    ("demo.hv12", "Trịnh Thị Yến", "Tổ dân phố 5", 0.0, None),
)


def _unusable_password() -> str:
    return "!demo-no-login"  # not a bcrypt hash: these demo learners cannot log in


def add_demo_class_activity(session: Session, classroom: Classroom, catalog: Catalog | None = None,
                            seed: int = 2026) -> None:
    try:
        catalog = catalog or load_catalog()
    except CourseError:
        return
    old = list(session.scalars(select(User).where(User.username.in_([u for u, *_ in EXTRA_LEARNERS]))))
    if old:
        from app.demo_reset import delete_users
        delete_users(session, old)
    rng = random.Random(seed)
    lessons = catalog.lessons()
    now = utcnow()
    for username, full_name, group, reached_share, idle_days in EXTRA_LEARNERS:
        user = User(username=username, full_name=full_name, password_hash=_unusable_password(), role="learner",
                    phone=f"09{rng.randint(10_000_000, 99_999_999)}", must_change_password=True)
        session.add(user)
        session.flush()
        session.add(Enrolment(class_id=classroom.id, user_id=user.id, group_name=group,
                              enrolled_at=now - timedelta(days=30)))
        if idle_days is None or not lessons:
            continue
        reached = max(1, round(reached_share * len(lessons)))
        end = now - timedelta(days=idle_days, hours=rng.randint(1, 6))
        start = end - timedelta(days=max(3, reached))
        step = (end - start) / reached
        for k, lesson in enumerate(lessons[:reached]):
            at = start + step * k
            done = k < reached - 1 or reached == len(lessons)
            session.add(LessonProgress(user_id=user.id, module_id=lesson.module_id, lesson_id=lesson.id,
                                       first_viewed_at=at, last_viewed_at=at + timedelta(minutes=25),
                                       views=rng.randint(1, 3), completed_at=at + timedelta(minutes=20) if done else None))
        for module in catalog.modules:
            module_lessons = {lesson.id for lesson in module.lessons}
            if not module_lessons <= {lesson.id for lesson in lessons[:reached]}:
                break
            at = start + step * (lessons.index(module.lessons[-1]) + 0.5)
            for attempt_no in range(3):
                answers, right = [], 0
                shown = draw(module.quiz, rng.randrange(2**31))  # each attempt a fresh draw from the bank
                for i, question in enumerate(shown):
                    # the last questions of each quiz are the hard ones; later attempts go better
                    ok = rng.random() < 0.92 - 0.07 * i + 0.15 * attempt_no
                    if question.kind == "short_answer":
                        chosen = question.model_answer[:200] if ok else ""
                    else:
                        wrong = [o.id for o in question.options if not o.correct]
                        chosen = ",".join(sorted(question.correct_ids)) if ok else wrong[0 if rng.random() < 0.7 else -1]
                    answers.append(QuizAnswer(question_id=question.id, chosen=chosen, correct=ok))
                    right += ok
                score = right / len(shown)
                passed = score >= module.quiz.pass_mark
                session.add(QuizAttempt(user_id=user.id, module_id=module.id, score=score, passed=passed,
                                        submitted_at=at + timedelta(hours=attempt_no), answers=answers))
                if passed:
                    session.add(ExerciseCompletion(user_id=user.id, module_id=module.id, exercise_id=module.exercise.id,
                                                   completed_at=at + timedelta(hours=attempt_no + 1),
                                                   artifact={"demo": True}))
                    break
    session.flush()
