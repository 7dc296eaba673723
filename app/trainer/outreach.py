"""Reaching learners, offline first: class announcements on the learner's home page until read, and
reminders ("nhắc") as ready-to-send Zalo/SMS text (copied by the trainer, sent from their own phone), with
email through SMTP only when it is configured (BINHDAN_SMTP_HOST ...), always with a timeout.

Every reminder is recorded (who, when, which learner) so the dashboard can show who was reminded and
whether they came back (any learning activity after the reminder).
"""
from __future__ import annotations

import os
import smtplib
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from email.message import EmailMessage
from urllib.parse import quote

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.config import public_url
from app.learning.catalog import Catalog
from app.learning.progress import course_state
from app.learning.tracks import learner_catalog
from app.models import Announcement, AnnouncementRead, Classroom, Enrolment, Reminder, User, utcnow
from app.trainer.access import Actor, class_row, enrolled_counts, get_class
from app.trainer.roster import audit

MAX_ANNOUNCEMENT = 2000
SMTP_TIMEOUT_S = 10


class OutreachError(ValueError):
    """Bad announcement or reminder (message in Vietnamese)."""


# ---- announcements -------------------------------------------------------------------------------------

def post_announcement(session: Session, actor: Actor, class_id: int, body: str) -> Announcement:
    get_class(session, actor, class_id)
    body = unicodedata.normalize("NFC", (body or "").strip())
    if not body:
        raise OutreachError("Hãy viết nội dung thông báo.")
    if len(body) > MAX_ANNOUNCEMENT:
        raise OutreachError(f"Thông báo dài tối đa {MAX_ANNOUNCEMENT} ký tự.")
    row = Announcement(class_id=class_id, author_id=actor.id or None, body=body, created_at=utcnow())
    session.add(row)
    session.flush()
    audit(session, actor, "announce", class_id, text=body[:120])
    return row


def class_announcements(session: Session, actor: Actor, class_id: int) -> pd.DataFrame:
    """The class's announcements, newest first, with how many learners have read each."""
    get_class(session, actor, class_id)
    reads = enrolled_counts(AnnouncementRead.announcement_id, AnnouncementRead.user_id, class_id)
    query = (select(Announcement.id, Announcement.created_at, Announcement.body, func.coalesce(reads.c.n, 0))
             .outerjoin(reads, reads.c.item_id == Announcement.id)
             .where(Announcement.class_id == class_id).order_by(Announcement.created_at.desc(), Announcement.id.desc()))
    frame = pd.DataFrame.from_records(list(map(tuple, session.execute(query))),
                                      columns=["id", "created_at", "body", "read"])
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    return frame


def delete_announcement(session: Session, actor: Actor, announcement_id: int) -> None:
    row = class_row(session, actor, Announcement, announcement_id, "Không tìm thấy thông báo.")
    session.delete(row)
    session.flush()


@dataclass(frozen=True)
class Notice:
    id: int
    class_name: str
    trainer_name: str
    body: str
    created_at: datetime


def unread_announcements(session: Session, user_id: int) -> list[Notice]:
    """What the learner's home page shows: announcements of their classes not yet marked read."""
    read = select(AnnouncementRead.announcement_id).where(AnnouncementRead.user_id == user_id)
    query = (select(Announcement.id, Classroom.name, User.full_name, Announcement.body, Announcement.created_at)
             .join(Classroom, Classroom.id == Announcement.class_id)
             .join(Enrolment, (Enrolment.class_id == Classroom.id) & (Enrolment.user_id == user_id))
             .join(User, User.id == Classroom.trainer_id)
             .where(Announcement.id.not_in(read), Classroom.archived.is_(False))
             .order_by(Announcement.created_at.desc(), Announcement.id.desc()))
    return [Notice(i, name, trainer, body, at if at.tzinfo else at.replace(tzinfo=timezone.utc))
            for i, name, trainer, body, at in session.execute(query)]


def mark_read(session: Session, user_id: int, announcement_id: int) -> None:
    if not any(n.id == announcement_id for n in unread_announcements(session, user_id)):
        return  # already read, or not one of the learner's classes
    session.add(AnnouncementRead(announcement_id=announcement_id, user_id=user_id, read_at=utcnow()))
    session.flush()


# ---- reminders -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReminderDraft:
    user_id: int
    full_name: str
    phone: str | None
    email: str | None
    next_step: str
    text: str

    @property
    def tel_link(self) -> str | None:
        return f"tel:{self.phone}" if self.phone else None

    @property
    def sms_link(self) -> str | None:
        """Opens the phone's messaging app with the text filled in (Android and iOS accept ?body=)."""
        return f"sms:{self.phone}?body={quote(self.text)}" if self.phone else None

    @property
    def zalo_link(self) -> str | None:
        """Opens a Zalo chat with the number (the text is pasted from the copy button)."""
        return f"https://zalo.me/{self.phone}" if self.phone else None


def _given_name(full_name: str) -> str:
    parts = full_name.split()
    return parts[-1] if parts else full_name


def reminder_drafts(session: Session, actor: Actor, class_id: int, user_ids: list[int],
                    catalog: Catalog) -> list[ReminderDraft]:
    """A ready-to-send text per learner: their name, where to continue (their own next step), the site
    address and the trainer's phone. Learners not in the class are left out."""
    classroom = get_class(session, actor, class_id)
    trainer = classroom.trainer
    members = set(session.scalars(select(Enrolment.user_id).where(Enrolment.class_id == class_id,
                                                                  Enrolment.user_id.in_(user_ids))))
    drafts = []
    for user_id in user_ids:
        if user_id not in members:
            continue
        user = session.get(User, user_id)
        course = learner_catalog(session, user_id, catalog)  # the learner's own track
        step = course_state(session, user_id, course).resume().label if course.modules else "Vào học"
        call = f" Cần giúp, gọi {trainer.full_name}: {trainer.phone}." if trainer.phone else ""
        text = (f"Chào {_given_name(user.full_name)}, lớp “{classroom.name}” nhắc bạn học tiếp khóa Bình dân học AI. "
                f"Việc tiếp theo của bạn: {step}. Vào học tại {public_url()} (tên đăng nhập: {user.username}).{call}")
        drafts.append(ReminderDraft(user.id, user.full_name, user.phone, user.email, step, text))
    return drafts


def record_reminders(session: Session, actor: Actor, class_id: int, drafts: list[ReminderDraft],
                     channel: str = "text") -> int:
    """Write down that these learners were reminded now (the trainer copied or sent the text)."""
    get_class(session, actor, class_id)
    now = utcnow()
    for draft in drafts:
        session.add(Reminder(class_id=class_id, user_id=draft.user_id, sent_by=actor.id or None, sent_at=now,
                             channel=channel, message=draft.text))
        audit(session, actor, "remind", class_id, draft.user_id, text=f"{channel}: {draft.next_step}")
    session.flush()
    return len(drafts)


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    user: str
    password: str
    sender: str
    starttls: bool

    @classmethod
    def from_env(cls) -> SmtpSettings | None:
        host = os.environ.get("BINHDAN_SMTP_HOST", "").strip()
        if not host:
            return None
        user = os.environ.get("BINHDAN_SMTP_USER", "").strip()
        return cls(host, int(os.environ.get("BINHDAN_SMTP_PORT", "587") or 587), user,
                   os.environ.get("BINHDAN_SMTP_PASSWORD", ""),
                   os.environ.get("BINHDAN_SMTP_FROM", "").strip() or user or f"binhdan@{host}",
                   os.environ.get("BINHDAN_SMTP_STARTTLS", "1") != "0")


def smtp_configured() -> bool:
    return SmtpSettings.from_env() is not None


def email_reminders(session: Session, actor: Actor, class_id: int, drafts: list[ReminderDraft],
                    settings: SmtpSettings | None = None, timeout: float = SMTP_TIMEOUT_S) -> dict[int, str]:
    """Send the drafts of learners with an email through the configured SMTP server (one connection, a
    timeout on every step). Returns {user_id: "sent" | "no_email" | "failed"}; only sent ones are recorded."""
    settings = settings or SmtpSettings.from_env()
    if settings is None:
        raise OutreachError("Chưa cấu hình máy chủ gửi thư (BINHDAN_SMTP_HOST); hãy gửi tin Zalo/SMS.")
    classroom = get_class(session, actor, class_id)
    result = {d.user_id: "no_email" for d in drafts if not d.email}
    with_email = [d for d in drafts if d.email]
    sent = []
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=timeout) as smtp:
            if settings.starttls:
                smtp.starttls()
            if settings.user:
                smtp.login(settings.user, settings.password)
            for draft in with_email:
                message = EmailMessage()
                message["Subject"] = f"Lớp {classroom.name}: nhắc học tiếp"
                message["From"], message["To"] = settings.sender, draft.email
                message.set_content(draft.text)
                try:
                    smtp.send_message(message)
                except smtplib.SMTPException:
                    result[draft.user_id] = "failed"
                else:
                    result[draft.user_id] = "sent"
                    sent.append(draft)
    except (OSError, smtplib.SMTPException):  # no server, refused, timed out: nothing lost, texts still usable
        for draft in with_email:
            result.setdefault(draft.user_id, "failed")
    record_reminders(session, actor, class_id, sent, channel="email")
    return result
