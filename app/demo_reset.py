"""Remove demo users and everything that belongs to them (used by `binhdan demo --reset`)."""
from __future__ import annotations

from sqlalchemy import delete, select

from app.models import (Certificate, ClassInvitation, Classroom, DataRequest, Enrolment, ExerciseCompletion,
                        LearnerDay, LearnerModule, LessonProgress, Order, Product, QuizAttempt, RenderJob, User)


def delete_users(session, users: list[User]) -> None:
    ids = [u.id for u in users]
    class_ids = list(session.scalars(select(Classroom.id).where(Classroom.trainer_id.in_(ids))))
    session.execute(delete(Enrolment).where(Enrolment.class_id.in_(class_ids) | Enrolment.user_id.in_(ids)))
    session.execute(delete(ClassInvitation).where(ClassInvitation.class_id.in_(class_ids)
                                                  | ClassInvitation.user_id.in_(ids)))
    session.execute(delete(DataRequest).where(DataRequest.user_id.in_(ids)))
    session.execute(delete(Classroom).where(Classroom.id.in_(class_ids)))
    for attempt in session.scalars(select(QuizAttempt).where(QuizAttempt.user_id.in_(ids))):
        session.delete(attempt)
    for model in (LessonProgress, ExerciseCompletion, LearnerDay, LearnerModule, Certificate, RenderJob):
        session.execute(delete(model).where(model.user_id.in_(ids)) if hasattr(model, "user_id")
                        else delete(model).where(model.owner_id.in_(ids)))
    session.execute(delete(Order).where(Order.owner_id.in_(ids)))  # order items and sales settings cascade
    session.execute(delete(Product).where(Product.owner_id.in_(ids)))
    session.execute(delete(User).where(User.id.in_(ids)))
    session.flush()
