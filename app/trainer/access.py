"""Who may see which class: an admin sees every class, a trainer only their own, nobody else any.

Every domain function that reads or changes a class goes through these checks, so the rule holds for
pages, the CLI and tests alike (pages also hide the menu entries, but that is not the protection).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from app.models import Classroom, Enrolment

STAFF_ROLES = ("trainer", "admin")


class AccessError(PermissionError):
    """The actor may not see or change this class or learner (message in Vietnamese)."""


class Actor(Protocol):
    id: int
    role: str


@dataclass(frozen=True)
class StaffActor:
    id: int
    role: str


# Whoever runs `binhdan` on the server already has the whole database: admin rights, no user row.
SERVER_OPERATOR = StaffActor(id=0, role="admin")


def require_staff(actor: Actor) -> None:
    if actor is None or actor.role not in STAFF_ROLES:
        raise AccessError("Chỉ giảng viên hoặc quản trị viên mới xem được trang này.")


def class_filter(actor: Actor):
    """A WHERE clause that keeps only the classes the actor may see."""
    require_staff(actor)
    return Classroom.id.is_not(None) if actor.role == "admin" else Classroom.trainer_id == actor.id


def get_class(session: Session, actor: Actor, class_id: int) -> Classroom:
    """The class, or AccessError if it does not exist or belongs to another trainer."""
    require_staff(actor)
    classroom = session.get(Classroom, class_id)
    if classroom is None or (actor.role != "admin" and classroom.trainer_id != actor.id):
        # Same message for "missing" and "not yours": do not reveal other trainers' classes.
        raise AccessError("Không tìm thấy lớp này trong các lớp bạn phụ trách.")
    return classroom


def check_learner(session: Session, actor: Actor, user_id: int) -> None:
    """A trainer may look at a learner only if the learner is enrolled in one of their classes."""
    require_staff(actor)
    if actor.role == "admin":
        return
    mine = exists().where(Enrolment.user_id == user_id, Enrolment.class_id == Classroom.id,
                          Classroom.trainer_id == actor.id)
    if not session.scalar(select(mine)):
        raise AccessError("Học viên này không thuộc lớp nào bạn phụ trách.")


def enrolled_counts(item_column, user_column, class_id: int):
    """A subquery (item_id, n): per item (a session, an announcement), how many learners enrolled in the
    class have a row in `item_column`'s table (were present, have read it)."""
    return (select(item_column.label("item_id"), func.count().label("n"))
            .join(Enrolment, (Enrolment.user_id == user_column) & (Enrolment.class_id == class_id))
            .group_by(item_column).subquery())


def class_row(session: Session, actor: Actor, model, row_id: int, missing: str):
    """The row `row_id` of a table whose rows belong to a class (`class_id`), once the actor may see that
    class; AccessError(missing) when there is no such row."""
    row = session.get(model, row_id)
    if row is None:
        raise AccessError(missing)
    get_class(session, actor, row.class_id)
    return row
