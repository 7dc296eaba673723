"""A small, fully known class for the trainer tests (rows inserted with the ORM models directly)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pytest

from app.learning.catalog import Catalog, load_catalog_from
from app.models import (Certificate, Classroom, Enrolment, ExerciseCompletion, LessonProgress, QuizAnswer,
                        QuizAttempt, User)

from tests.learning_fixtures import FIXTURE_COURSES as FIXTURE_COURSE  # the one fixture course
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


def fixture_catalog() -> Catalog:
    return load_catalog_from(FIXTURE_COURSE)


@dataclass
class Actor:
    id: int
    role: str


def user(session, username: str, role: str = "learner", full_name: str | None = None, **extra) -> User:
    row = User(username=username, full_name=full_name or username.title(), password_hash="-", role=role, **extra)
    session.add(row)
    session.flush()
    return row


def _attempt(session, learner, module_id, score, passed, at, answers):
    attempt = QuizAttempt(user_id=learner.id, module_id=module_id, score=score, passed=passed, submitted_at=at)
    attempt.answers = [QuizAnswer(question_id=q, chosen=c, correct=ok) for q, c, ok in answers]
    session.add(attempt)


_MODULE_OF = {"t01": "t01-lam-quen", "t02": "t02-an-toan"}


def _lesson(session, learner, lesson_id, viewed, completed=None):
    session.add(LessonProgress(user_id=learner.id, module_id=_MODULE_OF[lesson_id[:3]],
                               lesson_id=lesson_id, first_viewed_at=viewed, last_viewed_at=viewed,
                               completed_at=completed))


def build_class(session) -> dict:
    """Trainer `gv` with class `Lớp A` (learners an, binh, chi), trainer `gv2` with `Lớp B` (learner dung)."""
    day = timedelta(days=1)
    gv, gv2 = user(session, "gv", "trainer", "Nguyễn Thị Hoa"), user(session, "gv2", "trainer", "Trần Văn Bảo")
    admin = user(session, "quantri", "admin")
    an = user(session, "an", full_name="Nguyễn Văn An", phone="0912000001")
    binh = user(session, "binh", full_name="Lê Thị Bình", phone="0912000002")
    chi = user(session, "chi", full_name="Phạm Minh Chi", email="chi@example.vn")
    dung = user(session, "dung", full_name="Đỗ Văn Dũng")
    class_a = Classroom(name="Lớp A", trainer_id=gv.id)
    class_b = Classroom(name="Lớp B", trainer_id=gv2.id)
    session.add_all([class_a, class_b])
    session.flush()
    for learner, group in ((an, "Tổ 1"), (binh, "Tổ 1"), (chi, "Tổ 2")):
        session.add(Enrolment(class_id=class_a.id, user_id=learner.id, group_name=group, enrolled_at=NOW - 20 * day))
    session.add(Enrolment(class_id=class_b.id, user_id=dung.id))
    # an: finished module 1 and the first lesson of module 2 yesterday; passed quiz 1 on the second try
    for lesson_id in ("t01-l01-ai-la-gi", "t01-l02-ai-quanh-ta", "t02-l01-bao-mat"):
        _lesson(session, an, lesson_id, NOW - 1 * day, NOW - 1 * day)
    _attempt(session, an, "t01-lam-quen", 0.5, False, NOW - 2 * day, [("q01", "a", True), ("q04", "b", False)])
    _attempt(session, an, "t01-lam-quen", 1.0, True, NOW - 1 * day, [("q01", "a", True), ("q04", "a", True)])
    session.add(ExerciseCompletion(user_id=an.id, module_id="t01-lam-quen", exercise_id="t01-ex-tim-ai", completed_at=NOW - day))
    session.add(Certificate(user_id=an.id, code="BD-TEST-0001", full_name=an.full_name, issued_at=NOW - day))
    # binh: 10 days ago finished lesson 1, opened lesson 2 and failed quiz 1 twice; nothing since
    _lesson(session, binh, "t01-l01-ai-la-gi", NOW - 10 * day, NOW - 10 * day)
    _lesson(session, binh, "t01-l02-ai-quanh-ta", NOW - 10 * day)
    _attempt(session, binh, "t01-lam-quen", 0.25, False, NOW - 10 * day, [("q01", "c", False), ("q04", "b", False)])
    _attempt(session, binh, "t01-lam-quen", 0.5, False, NOW - 10 * day, [("q01", "a", True), ("q04", "c", False)])
    # chi: enrolled, never started.  dung (other class): everything done, all answers wrong — must not count
    for lesson_id in ("t01-l01-ai-la-gi", "t01-l02-ai-quanh-ta", "t02-l01-bao-mat", "t02-l02-tin-gia"):
        _lesson(session, dung, lesson_id, NOW - 3 * day, NOW - 3 * day)
    for _ in range(5):
        _attempt(session, dung, "t01-lam-quen", 0.0, False, NOW - 3 * day, [("q01", "b", False), ("q03", "c", False)])
    session.flush()
    return {"gv": Actor(gv.id, "trainer"), "gv2": Actor(gv2.id, "trainer"), "admin": Actor(admin.id, "admin"),
            "learner": Actor(an.id, "learner"), "class_a": class_a.id, "class_b": class_b.id,
            "an": an.id, "binh": binh.id, "chi": chi.id, "dung": dung.id}


# pytest fixtures for the tests that import them: the class above, and the fixture course
@pytest.fixture
def data(session):
    return build_class(session)


@pytest.fixture(scope="module")
def catalog():
    return fixture_catalog()
