"""One learner seen by their trainer: activity timeline, quiz attempts, exercises, certificate."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Boolean, Float, cast, literal, null, select, union_all
from sqlalchemy.orm import Session

from app.learning.catalog import Catalog
from app.models import (Certificate, Classroom, Enrolment, ExerciseCompletion, LessonProgress, QuizAnswer,
                        QuizAttempt, User)
from app.trainer.access import AccessError, Actor, check_learner, class_filter
from app.trainer.analytics import sort_by_name

EVENT_LABELS = {"viewed": "Mở bài học", "completed": "Học xong bài", "passed": "Đạt bài kiểm tra",
                "failed": "Chưa đạt bài kiểm tra", "exercise": "Làm xong bài thực hành", "certificate": "Nhận chứng chỉ"}


@dataclass(frozen=True)
class LearnerProfile:
    user_id: int
    full_name: str
    username: str
    phone: str | None
    email: str | None
    classes: list[str]
    certificate_code: str | None
    certificate_issued_at: pd.Timestamp | None
    timeline: pd.DataFrame     # at, event, item, detail (newest first)
    attempts: pd.DataFrame     # attempt_id, module, score, passed, submitted_at, wrong (question texts)
    exercises: pd.DataFrame    # module, exercise, completed_at
    lessons_completed: int
    lessons_total: int


def learners_for(session: Session, actor: Actor, class_id: int | None = None) -> pd.DataFrame:
    """Learners in the actor's classes (or one class): user_id, full_name, username, class, group."""
    query = (select(User.id, User.full_name, User.username, Classroom.name, Enrolment.group_name)
             .join(Enrolment, Enrolment.user_id == User.id).join(Classroom, Classroom.id == Enrolment.class_id)
             .where(class_filter(actor)).order_by(Classroom.name, User.full_name))
    if class_id is not None:
        query = query.where(Classroom.id == class_id)
    frame = pd.DataFrame.from_records(list(map(tuple, session.execute(query))),
                                      columns=["user_id", "full_name", "username", "class", "group"])
    return sort_by_name(frame, "class", "full_name")


def _titles(catalog: Catalog) -> dict[str, str]:
    titles = {lesson.id: lesson.title for lesson in catalog.lessons()}
    titles |= {m.id: m.title for m in catalog.modules}
    titles |= {m.exercise.id: m.exercise.title for m in catalog.modules}
    return titles


def learner_profile(session: Session, actor: Actor, user_id: int, catalog: Catalog) -> LearnerProfile:
    check_learner(session, actor, user_id)
    user = session.get(User, user_id)
    if user is None:
        raise AccessError("Không tìm thấy học viên.")
    titles = _titles(catalog)
    lp, qa, ex, cert = LessonProgress, QuizAttempt, ExerciseCompletion, Certificate
    no_score, no_pass = cast(null(), Float), cast(null(), Boolean)
    events = union_all(
        select(lp.first_viewed_at.label("at"), literal("viewed").label("event"), lp.lesson_id.label("item"),
               no_score.label("score"), no_pass.label("passed")).where(lp.user_id == user_id),
        select(lp.completed_at, literal("completed"), lp.lesson_id, no_score, no_pass)
        .where(lp.user_id == user_id, lp.completed_at.is_not(None)),
        select(qa.submitted_at, literal("quiz"), qa.module_id, qa.score, qa.passed).where(qa.user_id == user_id),
        select(ex.completed_at, literal("exercise"), ex.exercise_id, no_score, no_pass).where(ex.user_id == user_id),
        select(cert.issued_at, literal("certificate"), cert.code, no_score, no_pass).where(cert.user_id == user_id),
    ).subquery()
    rows = list(map(tuple, session.execute(select(events).order_by(events.c.at.desc()))))
    timeline = pd.DataFrame.from_records(rows, columns=["at", "event", "item_id", "score", "passed"])
    timeline["at"] = pd.to_datetime(timeline["at"], utc=True)
    quiz = timeline["event"] == "quiz"
    timeline.loc[quiz, "event"] = timeline.loc[quiz, "passed"].map({True: "passed", False: "failed"})
    timeline["item"] = timeline["item_id"].map(titles).fillna(timeline["item_id"])
    timeline["detail"] = timeline["score"].map(lambda s: "" if pd.isna(s) else f"Điểm {s * 100:.0f}%")
    timeline["event_label"] = timeline["event"].map(EVENT_LABELS)

    attempts = pd.DataFrame.from_records(list(map(tuple, session.execute(
        select(qa.id, qa.module_id, qa.score, qa.passed, qa.submitted_at)
        .where(qa.user_id == user_id).order_by(qa.submitted_at.desc())))),
        columns=["attempt_id", "module_id", "score", "passed", "submitted_at"])
    attempts["module"] = attempts["module_id"].map(titles).fillna(attempts["module_id"])
    attempts["submitted_at"] = pd.to_datetime(attempts["submitted_at"], utc=True)
    wrong = pd.DataFrame.from_records(list(map(tuple, session.execute(
        select(QuizAnswer.attempt_id, qa.module_id, QuizAnswer.question_id)
        .join(qa, qa.id == QuizAnswer.attempt_id)
        .where(qa.user_id == user_id, QuizAnswer.correct.is_(False))))), columns=["attempt_id", "module_id", "question_id"])

    def question_text(row) -> str:
        try:
            return catalog.question(row.module_id, row.question_id).text
        except KeyError:
            return row.question_id
    wrong["question"] = [question_text(r) for r in wrong.itertuples()]  # a few rows for one learner
    attempts["wrong"] = attempts["attempt_id"].map(wrong.groupby("attempt_id")["question"].agg(" · ".join)).fillna("")

    exercises = pd.DataFrame.from_records(list(map(tuple, session.execute(
        select(ex.module_id, ex.exercise_id, ex.completed_at).where(ex.user_id == user_id)
        .order_by(ex.completed_at)))), columns=["module_id", "exercise_id", "completed_at"])
    exercises["module"] = exercises["module_id"].map(titles).fillna(exercises["module_id"])
    exercises["exercise"] = exercises["exercise_id"].map(titles).fillna(exercises["exercise_id"])
    exercises["completed_at"] = pd.to_datetime(exercises["completed_at"], utc=True)

    certificate = session.scalar(select(Certificate).where(Certificate.user_id == user_id))
    classes = list(session.scalars(select(Classroom.name).join(Enrolment, Enrolment.class_id == Classroom.id)
                                   .where(Enrolment.user_id == user_id, class_filter(actor)).order_by(Classroom.name)))
    lesson_ids = {lesson.id for lesson in catalog.lessons()}
    done = set(session.scalars(select(lp.lesson_id).where(lp.user_id == user_id, lp.completed_at.is_not(None))))
    return LearnerProfile(
        user_id=user.id, full_name=user.full_name, username=user.username, phone=user.phone, email=user.email,
        classes=classes, certificate_code=certificate.code if certificate else None,
        certificate_issued_at=pd.Timestamp(certificate.issued_at).tz_localize(None).tz_localize("UTC") if certificate else None,
        timeline=timeline[["at", "event", "event_label", "item", "detail"]], attempts=attempts,
        exercises=exercises[["module", "exercise", "completed_at"]],
        lessons_completed=len(done & lesson_ids), lessons_total=len(lesson_ids))
