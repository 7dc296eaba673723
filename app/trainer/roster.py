"""The class roster: search, correct a learner's name, phone or group, remove or move to another class,
reset a password, merge two accounts of one person. Every change is written to the audit log (who, when,
what) by `audit`, which the other class tools (reminders, reviews, attendance) use too.
"""
from __future__ import annotations

import unicodedata

import pandas as pd
from sqlalchemy import delete, select, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import (AnnouncementRead, Attendance, AuditEntry, Base, Certificate, Classroom, Enrolment,
                        ExerciseCompletion, LearnerDay, LearnerModule, LessonProgress, LoginSession, User, utcnow)
from app.accounts import PasswordSlip, reset_password
from app.trainer.access import AccessError, Actor, check_learner, class_filter, get_class
from app.trainer.enrolment import EMAIL_RE, LEARNER_ROLES
from tools.phone import canonical_phone
from tools.textnorm import fold
from tools.vnsort import vi_key

MAX_NAME = 200
ACTION_LABELS = {
    "edit": "Sửa thông tin", "remove": "Xóa khỏi lớp", "move": "Chuyển lớp", "reset_password": "Cấp lại mật khẩu",
    "merge": "Gộp tài khoản", "review": "Chấm bài thực hành", "remind": "Nhắc học", "announce": "Đăng thông báo",
    "attendance": "Điểm danh", "certificates": "In chứng chỉ",
}
FIELD_LABELS = {"full_name": "họ tên", "phone": "số điện thoại", "email": "email", "group": "nhóm"}


class RosterChangeError(ValueError):
    """The change cannot be made (message in Vietnamese); nothing was changed."""


def audit(session: Session, actor: Actor, action: str, class_id: int | None = None, user_id: int | None = None,
          **detail) -> AuditEntry:
    """Record who did what, to whom and when (the actor 0 of the command line is stored as no user)."""
    entry = AuditEntry(actor_id=actor.id or None, action=action, class_id=class_id, user_id=user_id,
                       detail=detail or None, at=utcnow())
    session.add(entry)
    session.flush()
    return entry


def _detail_text(action: str, detail: dict | None) -> str:
    detail = detail or {}
    if action == "edit":
        return "; ".join(f"{FIELD_LABELS.get(k, k)}: “{v[0] or '—'}” → “{v[1] or '—'}”"
                         for k, v in detail.get("changes", {}).items())
    if action == "move":
        return f"từ “{detail.get('from', '')}” sang “{detail.get('to', '')}”"
    if action == "merge":
        return f"gộp tài khoản {detail.get('merged_username', '')} vào {detail.get('kept_username', '')}"
    return str(detail.get("text", ""))


def audit_log(session: Session, actor: Actor, class_id: int, limit: int = 500) -> pd.DataFrame:
    """The class's changes, newest first: at, who, action (Vietnamese), learner, detail."""
    get_class(session, actor, class_id)
    who, learner = User.__table__.alias("who"), User.__table__.alias("learner")
    query = (select(AuditEntry.at, who.c.full_name, AuditEntry.action, learner.c.full_name, AuditEntry.detail)
             .outerjoin(who, who.c.id == AuditEntry.actor_id).outerjoin(learner, learner.c.id == AuditEntry.user_id)
             .where(AuditEntry.class_id == class_id).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit))
    rows = [(at, by or "Máy chủ (lệnh binhdan)", ACTION_LABELS.get(action, action), name or "—",
             _detail_text(action, detail)) for at, by, action, name, detail in session.execute(query)]
    frame = pd.DataFrame(rows, columns=["at", "actor", "action", "learner", "detail"])
    frame["at"] = pd.to_datetime(frame["at"], utc=True)
    return frame


def roster(session: Session, actor: Actor, class_id: int, search: str = "") -> pd.DataFrame:
    """The class's learners in Vietnamese alphabetical order, filtered by a search over name, phone, email,
    username and group (accents and case ignored): user_id, full_name, username, phone, email, group,
    enrolled_at, last_seen_at."""
    get_class(session, actor, class_id)
    query = (select(User.id, User.full_name, User.username, User.phone, User.email, Enrolment.group_name,
                    Enrolment.enrolled_at, User.last_seen_at)
             .join(Enrolment, Enrolment.user_id == User.id).where(Enrolment.class_id == class_id))
    frame = pd.DataFrame.from_records(list(map(tuple, session.execute(query))), columns=[
        "user_id", "full_name", "username", "phone", "email", "group", "enrolled_at", "last_seen_at"])
    words = fold(unicodedata.normalize("NFC", search or "")).split()
    if words and len(frame):
        hay = frame[["full_name", "username", "phone", "email", "group"]].fillna("").astype(str).agg(" ".join, axis=1)
        hay = hay.map(fold)
        digits = "".join(ch for ch in search if ch.isdigit())
        keep = hay.map(lambda text: all(w in text for w in words))
        if digits and len(digits) >= 3:  # "0912 345" finds 0912345678
            keep |= frame["phone"].fillna("").str.contains(digits, regex=False)
        frame = frame[keep]
    if frame.empty:
        return frame.reset_index(drop=True)
    order = sorted(range(len(frame)), key=lambda i: vi_key(frame["full_name"].iat[i]))
    return frame.iloc[order].reset_index(drop=True)


def _enrolment(session: Session, actor: Actor, class_id: int, user_id: int) -> Enrolment:
    get_class(session, actor, class_id)
    row = session.scalar(select(Enrolment).where(Enrolment.class_id == class_id, Enrolment.user_id == user_id))
    if row is None:
        raise AccessError("Học viên này không có trong lớp.")
    return row


def _clean(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def edit_learner(session: Session, actor: Actor, class_id: int, user_id: int, full_name: str | None = None,
                 phone: str | None = None, email: str | None = None, group: str | None = None) -> dict:
    """Correct a learner's name, phone, email or group in this class (None: leave as is). Returns the
    changes {field: (before, after)}; a phone or email that belongs to another account is refused (merge
    the two accounts instead)."""
    enrolment = _enrolment(session, actor, class_id, user_id)
    user = session.get(User, user_id)
    changes: dict[str, tuple] = {}
    if full_name is not None:
        name = _clean(full_name)
        if not name:
            raise RosterChangeError("Họ và tên không được để trống.")
        if len(name) > MAX_NAME:
            raise RosterChangeError(f"Họ và tên dài tối đa {MAX_NAME} ký tự.")
        if name != user.full_name:
            changes["full_name"] = (user.full_name, name)
    for field, raw in (("phone", phone), ("email", email)):
        if raw is None:
            continue
        raw = _clean(raw)
        if field == "phone":
            value = canonical_phone(raw) if raw else None
            if raw and value is None:
                raise RosterChangeError(f"Số điện thoại “{raw}” không hợp lệ (cần 10 chữ số, bắt đầu bằng 0).")
        else:
            value = raw.lower() or None
            if value and not EMAIL_RE.match(value):
                raise RosterChangeError(f"Email “{raw}” không hợp lệ.")
        other = value and session.scalar(select(User.username).where(getattr(User, field) == value, User.id != user_id))
        if other:
            raise RosterChangeError(f"{FIELD_LABELS[field].capitalize()} {value} đã thuộc tài khoản “{other}”. "
                                    "Nếu đó là cùng một người, hãy dùng “Gộp tài khoản”.")
        if value != getattr(user, field):
            changes[field] = (getattr(user, field), value)
    if group is not None:
        value = _clean(group) or None
        if value != enrolment.group_name:
            changes["group"] = (enrolment.group_name, value)
    if not changes:
        return {}
    after_phone = changes.get("phone", (None, user.phone))[1]
    after_email = changes.get("email", (None, user.email))[1]
    if not after_phone and not after_email:
        raise RosterChangeError("Học viên cần có số điện thoại hoặc email.")
    for field, (_, value) in changes.items():
        if field == "group":
            enrolment.group_name = value
        else:
            setattr(user, field, value)
    audit(session, actor, "edit", class_id, user_id, changes={k: list(v) for k, v in changes.items()})
    return changes


def remove_from_class(session: Session, actor: Actor, class_id: int, user_id: int) -> None:
    """Take the learner out of this class; the account and all progress stay."""
    enrolment = _enrolment(session, actor, class_id, user_id)
    session.delete(enrolment)
    audit(session, actor, "remove", class_id, user_id)


def move_to_class(session: Session, actor: Actor, class_id: int, user_id: int, target_class_id: int) -> None:
    """Move the learner (with their group) to another class the actor runs; progress is the learner's own
    and follows them."""
    enrolment = _enrolment(session, actor, class_id, user_id)
    source, target = get_class(session, actor, class_id), get_class(session, actor, target_class_id)
    if target.id == source.id:
        raise RosterChangeError("Học viên đã ở lớp này.")
    if target.archived:
        raise RosterChangeError("Lớp đích đã lưu trữ; hãy khôi phục lớp trước.")
    if session.scalar(select(Enrolment.id).where(Enrolment.class_id == target.id, Enrolment.user_id == user_id)):
        raise RosterChangeError(f"Học viên đã có trong lớp “{target.name}”.")
    enrolment.class_id = target.id
    detail = {"from": source.name, "to": target.name}
    audit(session, actor, "move", source.id, user_id, **detail)
    audit(session, actor, "move", target.id, user_id, **detail)


def reset_learner_password(session: Session, actor: Actor, class_id: int, user_id: int) -> PasswordSlip:
    """A new one-time password for a learner of this class (changed at the next login), for a printed slip."""
    _enrolment(session, actor, class_id, user_id)
    if session.get(User, user_id).role not in LEARNER_ROLES:
        raise RosterChangeError("Chỉ cấp lại mật khẩu cho tài khoản học viên.")
    slip = reset_password(session, actor, user_id)  # new one-time password, every login session ended
    audit(session, actor, "reset_password", class_id, user_id)
    return slip


# Tables whose rows are one per learner and thing: merged row by row instead of simply re-pointed.
_MERGED = {"lesson_progress", "exercise_completions", "certificates", "enrolments", "announcement_reads",
           "attendance", "login_sessions", "audit_log", "users", "learner_days",
           "learner_modules"}


def _merge_lessons(session: Session, keep: int, drop: int) -> None:
    mine = {r.lesson_id: r for r in session.scalars(select(LessonProgress).where(LessonProgress.user_id == keep))}
    for row in list(session.scalars(select(LessonProgress).where(LessonProgress.user_id == drop))):
        own = mine.get(row.lesson_id)
        if own is None:
            row.user_id = keep
            continue
        own.first_viewed_at = min(own.first_viewed_at, row.first_viewed_at)
        own.last_viewed_at = max(own.last_viewed_at, row.last_viewed_at)
        own.views = (own.views or 0) + (row.views or 0)
        done = [t for t in (own.completed_at, row.completed_at) if t is not None]
        own.completed_at = min(done) if done else None
        session.delete(row)


def _merge_kept_counts(session: Session, keep: int, drop: int) -> None:
    """The days the dropped account studied become the kept account's; its learner_modules rows go (the triggers
    on the activity tables have already moved the lessons, attempts and scores with the rows)."""
    session.flush()
    mine = {r.day: r for r in session.scalars(select(LearnerDay).where(LearnerDay.user_id == keep))}
    for row in session.scalars(select(LearnerDay).where(LearnerDay.user_id == drop)).all():
        if row.day in mine:
            mine[row.day].lessons_done += row.lessons_done
        else:
            session.add(LearnerDay(user_id=keep, day=row.day, lessons_done=row.lessons_done))
    session.flush()
    session.execute(delete(LearnerDay).where(LearnerDay.user_id == drop))
    session.execute(delete(LearnerModule).where(LearnerModule.user_id == drop))


def _merge_exercises(session: Session, keep: int, drop: int) -> None:
    rank = {"pass": 2, None: 1, "redo": 0}  # the better of the two pieces of work stays
    mine = {r.exercise_id: r for r in session.scalars(select(ExerciseCompletion).where(ExerciseCompletion.user_id == keep))}
    for row in list(session.scalars(select(ExerciseCompletion).where(ExerciseCompletion.user_id == drop))):
        own = mine.get(row.exercise_id)
        if own is None:
            row.user_id = keep
        elif (rank.get(row.review_status, 1), row.completed_at) > (rank.get(own.review_status, 1), own.completed_at):
            session.delete(own)
            session.flush()
            row.user_id = keep
        else:
            session.delete(row)


def merge_accounts(session: Session, actor: Actor, class_id: int, keep_id: int, drop_id: int) -> dict:
    """Two accounts of one person become one: every lesson, quiz attempt, exercise, certificate, class,
    attendance, reminder and anything else of `drop_id` moves to `keep_id`; a missing phone or email is
    taken over; the emptied account is deactivated (kept, so the audit log still names it)."""
    if keep_id == drop_id:
        raise RosterChangeError("Hãy chọn hai tài khoản khác nhau.")
    _enrolment(session, actor, class_id, keep_id)
    check_learner(session, actor, drop_id)
    keep, drop = session.get(User, keep_id), session.get(User, drop_id)
    if drop is None or keep.role not in LEARNER_ROLES or drop.role not in LEARNER_ROLES:
        raise RosterChangeError("Chỉ gộp được hai tài khoản học viên.")
    session.flush()
    _merge_lessons(session, keep_id, drop_id)
    _merge_exercises(session, keep_id, drop_id)
    _merge_kept_counts(session, keep_id, drop_id)
    kept_cert = session.scalar(select(Certificate).where(Certificate.user_id == keep_id))
    drop_cert = session.scalar(select(Certificate).where(Certificate.user_id == drop_id))
    removed_code = None
    if drop_cert is not None:
        if kept_cert is None:
            drop_cert.user_id = keep_id
        else:  # one certificate per person: the older one stays valid
            older, newer = sorted((kept_cert, drop_cert), key=lambda c: c.issued_at)
            removed_code = newer.code
            session.delete(newer)
            session.flush()
            older.user_id = keep_id
    for model, key in ((Enrolment, Enrolment.class_id), (AnnouncementRead, AnnouncementRead.announcement_id),
                       (Attendance, Attendance.session_id)):
        taken = set(session.scalars(select(key).where(model.user_id == keep_id)))
        session.execute(update(model).where(model.user_id == drop_id, key.not_in(taken) if taken else true())
                        .values(user_id=keep_id))
        session.execute(delete(model).where(model.user_id == drop_id))
    session.execute(delete(LoginSession).where(LoginSession.user_id == drop_id))
    session.flush()
    # Everything else that belongs to a user (quiz attempts, reminders, products, jobs, other tools' tables).
    for table in Base.metadata.sorted_tables:
        if table.name in _MERGED:
            continue
        for column in table.columns:
            if any(fk.column.table.name == "users" for fk in column.foreign_keys):
                try:
                    with session.begin_nested():
                        session.execute(table.update().where(column == drop_id).values({column.name: keep_id}))
                except IntegrityError:  # one row per user there and the kept account has its own: keep that
                    pass
    keep.phone = keep.phone or drop.phone
    keep.email = keep.email or drop.email
    drop.phone, drop.email, drop.active = None, None, False
    detail = {"kept_username": keep.username, "merged_username": drop.username}
    if removed_code:
        detail["removed_certificate"] = removed_code
    audit(session, actor, "merge", class_id, keep_id, **detail)
    session.flush()
    return detail


def classes_of(session: Session, user_id: int) -> list[tuple[str, str, str | None]]:
    """The learner's classes: (class name, trainer name, trainer phone), for the learner's own pages."""
    query = (select(Classroom.name, User.full_name, User.phone).join(Enrolment, Enrolment.class_id == Classroom.id)
             .join(User, User.id == Classroom.trainer_id)
             .where(Enrolment.user_id == user_id, Classroom.archived.is_(False)).order_by(Classroom.id))
    return [tuple(r) for r in session.execute(query)]


def other_classes(session: Session, actor: Actor, class_id: int) -> list[tuple[int, str]]:
    """Classes (not archived) the learner could be moved to: (id, name) in Vietnamese order."""
    rows = session.execute(select(Classroom.id, Classroom.name)
                           .where(class_filter(actor), Classroom.id != class_id, Classroom.archived.is_(False)))
    return sorted(((i, n) for i, n in rows), key=lambda r: vi_key(r[1]))


def find_duplicates(session: Session, actor: Actor, class_id: int) -> list[tuple[int, int, str]]:
    """Pairs of learners in the class with the same name (accents and case ignored): merge candidates."""
    frame = roster(session, actor, class_id)
    frame["key"] = frame["full_name"].map(lambda n: " ".join(fold(n).split()))
    pairs = []
    for _, group in frame.groupby("key"):
        ids = group["user_id"].tolist()
        pairs += [(ids[0], other, group["full_name"].iat[0]) for other in ids[1:]]
    return pairs

