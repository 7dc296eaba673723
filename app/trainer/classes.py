"""Classes (lớp học): create, rename, archive, list — with the access rules of app.trainer.access."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Classroom, Enrolment, User
from app.trainer.access import AccessError, Actor, class_filter, get_class, require_staff
from tools.vnsort import vi_key

MAX_NAME = 200


class ClassError(ValueError):
    """A user-facing problem with a class (message in Vietnamese)."""


@dataclass(frozen=True)
class ClassInfo:
    id: int
    name: str
    trainer_name: str
    archived: bool
    learners: int
    created_at: datetime

    @property
    def label(self) -> str:
        return f"{self.name} (đã lưu trữ)" if self.archived else self.name


def _clean_name(name: str) -> str:
    name = " ".join(unicodedata.normalize("NFC", name or "").split())
    if not name:
        raise ClassError("Vui lòng nhập tên lớp.")
    if len(name) > MAX_NAME:
        raise ClassError(f"Tên lớp dài tối đa {MAX_NAME} ký tự.")
    return name


def _check_unique(session: Session, trainer_id: int, name: str, skip_id: int | None = None) -> None:
    query = select(Classroom.id).where(Classroom.trainer_id == trainer_id,
                                       func.lower(Classroom.name) == name.lower())
    if skip_id is not None:
        query = query.where(Classroom.id != skip_id)
    if session.scalar(query):
        raise ClassError(f"Bạn đã có lớp tên “{name}”. Hãy chọn tên khác.")


def create_class(session: Session, actor: Actor, name: str, trainer_id: int | None = None) -> Classroom:
    """A new class run by the actor (an admin may create it for another trainer)."""
    require_staff(actor)
    name = _clean_name(name)
    owner = actor.id
    if trainer_id is not None and trainer_id != actor.id:
        if actor.role != "admin":
            raise AccessError("Chỉ quản trị viên mới tạo được lớp cho giảng viên khác.")
        trainer = session.get(User, trainer_id)
        if trainer is None or trainer.role not in ("trainer", "admin"):
            raise ClassError("Không tìm thấy giảng viên phụ trách.")
        owner = trainer_id
    _check_unique(session, owner, name)
    classroom = Classroom(name=name, trainer_id=owner)
    session.add(classroom)
    session.flush()
    return classroom


def rename_class(session: Session, actor: Actor, class_id: int, name: str) -> Classroom:
    classroom = get_class(session, actor, class_id)
    name = _clean_name(name)
    _check_unique(session, classroom.trainer_id, name, skip_id=classroom.id)
    classroom.name = name
    session.flush()
    return classroom


def archive_class(session: Session, actor: Actor, class_id: int, archived: bool = True) -> Classroom:
    """Archive (or restore) a class: it leaves the everyday lists, its data stays."""
    classroom = get_class(session, actor, class_id)
    classroom.archived = archived
    session.flush()
    return classroom


def list_classes(session: Session, actor: Actor, include_archived: bool = False) -> list[ClassInfo]:
    """The classes the actor may see, with their learner counts (one query)."""
    counts = (select(Enrolment.class_id, func.count(Enrolment.id).label("n"))
              .group_by(Enrolment.class_id).subquery())
    query = (select(Classroom.id, Classroom.name, User.full_name, Classroom.archived,
                    func.coalesce(counts.c.n, 0), Classroom.created_at)
             .join(User, User.id == Classroom.trainer_id)
             .outerjoin(counts, counts.c.class_id == Classroom.id)
             .where(class_filter(actor))
             .order_by(Classroom.archived, Classroom.name, Classroom.id))
    if not include_archived:
        query = query.where(Classroom.archived.is_(False))
    rows = [ClassInfo(*row) for row in session.execute(query)]
    return sorted(rows, key=lambda c: (c.archived, vi_key(c.name), c.id))  # Vietnamese order


def find_class(session: Session, actor: Actor, name_or_id: str) -> Classroom:
    """A class by exact name (case-insensitive) or by number, among those the actor may see."""
    key = unicodedata.normalize("NFC", (name_or_id or "").strip())
    query = select(Classroom).where(class_filter(actor))
    if key.isdigit():
        found = list(session.scalars(query.where(Classroom.id == int(key))))
    else:
        found = []
    if not found:
        found = list(session.scalars(query.where(func.lower(Classroom.name) == key.lower())))
    if not found:
        raise ClassError(f"Không tìm thấy lớp “{key}”.")
    if len(found) > 1:
        ids = ", ".join(str(c.id) for c in found)
        raise ClassError(f"Có nhiều lớp tên “{key}” (mã {ids}). Hãy ghi mã lớp thay cho tên.")
    return found[0]
