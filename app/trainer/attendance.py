"""Attendance at the in-person sessions of a class ("buổi học"): the trainer ticks who came, or opens a
check-in for a few minutes and shows a QR code; learners scan it with their phone (logged in) and are
marked present for that session only, until the time runs out.
"""
from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import pandas as pd
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.config import public_url
from app.models import Attendance, ClassSession, Classroom, Enrolment, User, utcnow
from app.trainer.access import Actor, class_filter, class_row, enrolled_counts, get_class
from app.trainer.roster import audit
from tools.vnsort import vi_key

CHECKIN_MINUTES = 15
MAX_TOPIC = 300
METHOD_LABELS = {"tick": "Giảng viên điểm danh", "qr": "Quét mã QR"}


class AttendanceError(ValueError):
    """A session or check-in problem (message in Vietnamese); `code` says which, for pages and tests."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def _utc(now: datetime | None) -> datetime:
    now = now or utcnow()
    return now if now.tzinfo else now.replace(tzinfo=timezone.utc)


def add_session(session: Session, actor: Actor, class_id: int, held_on: date, topic: str) -> ClassSession:
    get_class(session, actor, class_id)
    topic = " ".join(unicodedata.normalize("NFC", topic or "").split())
    if not topic:
        raise AttendanceError("topic", "Hãy ghi nội dung buổi học.")
    if len(topic) > MAX_TOPIC:
        raise AttendanceError("topic", f"Nội dung buổi học dài tối đa {MAX_TOPIC} ký tự.")
    row = ClassSession(class_id=class_id, held_on=held_on, topic=topic, created_at=utcnow())
    session.add(row)
    session.flush()
    return row


def _session(session: Session, actor: Actor, session_id: int) -> ClassSession:
    return class_row(session, actor, ClassSession, session_id, "Không tìm thấy buổi học.")


def class_sessions(session: Session, actor: Actor, class_id: int) -> pd.DataFrame:
    """The class's sessions, in date order, with how many learners were present."""
    get_class(session, actor, class_id)
    present = enrolled_counts(Attendance.session_id, Attendance.user_id, class_id)
    query = (select(ClassSession.id, ClassSession.held_on, ClassSession.topic, func.coalesce(present.c.n, 0),
                    ClassSession.checkin_until, ClassSession.checkin_token)
             .outerjoin(present, present.c.item_id == ClassSession.id)
             .where(ClassSession.class_id == class_id).order_by(ClassSession.held_on, ClassSession.id))
    return pd.DataFrame.from_records(list(map(tuple, session.execute(query))),
                                     columns=["id", "held_on", "topic", "present", "checkin_until",
                                              "checkin_token"])


def present_ids(session: Session, actor: Actor, session_id: int) -> set[int]:
    _session(session, actor, session_id)
    return set(session.scalars(select(Attendance.user_id).where(Attendance.session_id == session_id)))


def set_attendance(session: Session, actor: Actor, session_id: int, present: set[int] | list[int]) -> tuple[int, int]:
    """The trainer's ticks: exactly these learners of the class were present. Returns (added, removed)."""
    row = _session(session, actor, session_id)
    members = set(session.scalars(select(Enrolment.user_id).where(Enrolment.class_id == row.class_id)))
    wanted = set(present) & members
    current = set(session.scalars(select(Attendance.user_id).where(Attendance.session_id == session_id)))
    added, removed = wanted - current, (current - wanted) & members
    now = utcnow()
    for user_id in added:
        session.add(Attendance(session_id=session_id, user_id=user_id, method="tick", marked_at=now))
    if removed:
        session.execute(delete(Attendance).where(Attendance.session_id == session_id,
                                                 Attendance.user_id.in_(removed)))
    if added or removed:
        audit(session, actor, "attendance", row.class_id,
              text=f"{row.held_on:%d/%m/%Y}: {len(wanted)} có mặt (+{len(added)}, −{len(removed)})")
    session.flush()
    return len(added), len(removed)


def open_checkin(session: Session, actor: Actor, session_id: int, minutes: int = CHECKIN_MINUTES,
                 now: datetime | None = None) -> ClassSession:
    """Start (or restart) QR check-in for this session: a new secret code valid `minutes` from now."""
    row = _session(session, actor, session_id)
    row.checkin_token = secrets.token_urlsafe(12)
    row.checkin_until = _utc(now) + timedelta(minutes=max(1, min(int(minutes), 240)))
    session.flush()
    return row


def close_checkin(session: Session, actor: Actor, session_id: int) -> None:
    row = _session(session, actor, session_id)
    row.checkin_token, row.checkin_until = None, None
    session.flush()


def checkin_url(token: str) -> str:
    return f"{public_url()}/checkin?ma={token}"


@dataclass(frozen=True)
class CheckIn:
    status: str        # ok | already
    class_name: str
    topic: str
    held_on: date


def check_in(session: Session, user_id: int, token: str, now: datetime | None = None) -> CheckIn:
    """A learner scanned the QR code: present at that session if it is open and they are in the class."""
    token = (token or "").strip()
    row = session.scalar(select(ClassSession).where(ClassSession.checkin_token == token)) if token else None
    if row is None:
        raise AttendanceError("unknown", "Mã điểm danh không đúng hoặc đã được thay mã mới. Hãy quét lại mã "
                                         "trên màn hình của giảng viên.")
    until = row.checkin_until if row.checkin_until is None or row.checkin_until.tzinfo else \
        row.checkin_until.replace(tzinfo=timezone.utc)
    if until is None or _utc(now) > until:
        raise AttendanceError("expired", "Đã hết giờ điểm danh buổi này. Hãy báo giảng viên để được điểm danh.")
    if not session.scalar(select(Enrolment.id).where(Enrolment.class_id == row.class_id,
                                                     Enrolment.user_id == user_id)):
        raise AttendanceError("not_enrolled", "Bạn không có trong danh sách lớp này. Hãy báo giảng viên.")
    class_name = session.get(Classroom, row.class_id).name
    if session.scalar(select(Attendance.id).where(Attendance.session_id == row.id, Attendance.user_id == user_id)):
        return CheckIn("already", class_name, row.topic, row.held_on)
    session.add(Attendance(session_id=row.id, user_id=user_id, method="qr", marked_at=_utc(now)))
    session.flush()
    return CheckIn("ok", class_name, row.topic, row.held_on)


def attendance_matrix(session: Session, actor: Actor, class_id: int) -> pd.DataFrame:
    """Learners (Vietnamese order) × sessions: one column per session "dd/mm — topic", "Có mặt"/"Vắng",
    and the count; for the report's "Điểm danh" sheet."""
    sessions = class_sessions(session, actor, class_id)
    people = list(session.execute(select(User.id, User.full_name, Enrolment.group_name)
                                  .join(Enrolment, Enrolment.user_id == User.id)
                                  .where(Enrolment.class_id == class_id)))
    people.sort(key=lambda r: vi_key(r[1]))
    present = set(map(tuple, session.execute(
        select(Attendance.session_id, Attendance.user_id).join(ClassSession, ClassSession.id == Attendance.session_id)
        .where(ClassSession.class_id == class_id))))
    rows = []
    for user_id, name, group in people:
        row = {"Họ và tên": name, "Nhóm": group}
        count = 0
        for s in sessions.itertuples():
            here = (s.id, user_id) in present
            count += here
            row[f"{s.held_on:%d/%m/%Y} — {s.topic}"[:80]] = "Có mặt" if here else "Vắng"
        row["Số buổi có mặt"] = f"{count}/{len(sessions)}"
        rows.append(row)
    return pd.DataFrame(rows, columns=["Họ và tên", "Nhóm"] + [f"{s.held_on:%d/%m/%Y} — {s.topic}"[:80]
                                                               for s in sessions.itertuples()] + ["Số buổi có mặt"])


def learner_attendance(session: Session, actor: Actor, user_id: int) -> pd.DataFrame:
    """One learner's sessions in the actor's classes: held_on, topic, present, method."""
    query = (select(ClassSession.held_on, ClassSession.topic, Classroom.name, Attendance.method)
             .join(Classroom, Classroom.id == ClassSession.class_id)
             .join(Enrolment, (Enrolment.class_id == Classroom.id) & (Enrolment.user_id == user_id))
             .outerjoin(Attendance, (Attendance.session_id == ClassSession.id) & (Attendance.user_id == user_id))
             .where(class_filter(actor)).order_by(ClassSession.held_on))
    frame = pd.DataFrame.from_records(list(map(tuple, session.execute(query))),
                                      columns=["held_on", "topic", "class", "method"])
    frame["present"] = frame["method"].notna()
    frame["method"] = frame["method"].map(METHOD_LABELS)
    return frame
