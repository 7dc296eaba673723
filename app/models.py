"""Database tables (SQLAlchemy 2). Schema changes go through Alembic migrations in app/migrations."""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import (
    JSON, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

ROLES = ("learner", "business", "trainer", "admin")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: DateTime(timezone=True)}


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True, index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), index=True)
    phone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(200))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column()
    # accounts (issue 13): bumped when the password changes or is reset; every other session then ends
    auth_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    prefs: Mapped[dict | None] = mapped_column(JSON)            # {"large_text": true, ...}
    privacy_ack_at: Mapped[datetime | None] = mapped_column()   # the person confirmed the personal-data notice


class LoginSession(Base):
    """A "remember me" browser session: only the SHA-256 of the cookie token is stored."""
    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    auth_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    replaced_at: Mapped[datetime | None] = mapped_column()  # rotated: valid a short grace period after this


class Classroom(Base):
    """A class (lớp học) run by one trainer."""
    __tablename__ = "classes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    trainer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    trainer: Mapped[User] = relationship()
    enrolments: Mapped[list["Enrolment"]] = relationship(back_populates="classroom", cascade="all, delete-orphan")


class Enrolment(Base):
    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("class_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    group_name: Mapped[str | None] = mapped_column(String(120))
    enrolled_at: Mapped[datetime] = mapped_column(default=utcnow)
    notice_given: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")  # told about personal data

    classroom: Mapped[Classroom] = relationship(back_populates="enrolments")
    user: Mapped[User] = relationship()


class LessonProgress(Base):
    """One row per learner and lesson: first view, last view, completion."""
    __tablename__ = "lesson_progress"
    # covering indexes for the class dashboard (app/trainer/analytics.py): per learner, and per lesson
    __table_args__ = (UniqueConstraint("user_id", "lesson_id"),
                      Index("ix_lesson_progress_user_cover", "user_id", "module_id", "lesson_id", "completed_at",
                            "last_viewed_at"),
                      Index("ix_lesson_progress_lesson_done", "lesson_id", "completed_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    module_id: Mapped[str] = mapped_column(String(80), index=True)
    lesson_id: Mapped[str] = mapped_column(String(120), index=True)
    first_viewed_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_viewed_at: Mapped[datetime] = mapped_column(default=utcnow)
    views: Mapped[int] = mapped_column(Integer, default=1)
    completed_at: Mapped[datetime | None] = mapped_column(index=True)


class LearnerDay(Base):
    """A day (UTC) on which the learner studied (opened or finished a lesson, sent a quiz or an exercise), with
    the lessons they finished that day. Kept by database triggers on lesson_progress, quiz_attempts and
    exercise_completions (migration 0008_dashboard_cover), whatever writes those rows; the dashboard's timeline
    counts from it instead of going through every activity row."""
    __tablename__ = "learner_days"
    __table_args__ = (Index("ix_learner_days_day_user", "day", "user_id", "lessons_done"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    lessons_done: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class LearnerModule(Base):
    """Per learner and module: lessons finished, last lesson view, quiz attempts, passes, score sum, best score,
    first and last attempt. Kept by database triggers on lesson_progress and quiz_attempts (migration
    0008_dashboard_cover); the dashboard reads these rows instead of every lesson and attempt. `lessons_done`
    counts every finished lesson row, including lessons the course no longer has (the dashboard takes those off)."""
    __tablename__ = "learner_modules"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    module_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    lessons_done: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_viewed_at: Mapped[datetime | None] = mapped_column()
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    passes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    score_sum: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    best_score: Mapped[float | None] = mapped_column(Float)
    first_attempt_at: Mapped[datetime | None] = mapped_column()
    last_attempt_at: Mapped[datetime | None] = mapped_column()


class QuizAttempt(Base):
    __tablename__ = "quiz_attempts"
    __table_args__ = (Index("ix_quiz_attempts_user_cover", "user_id", "module_id", "passed", "score", "submitted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    module_id: Mapped[str] = mapped_column(String(80), index=True)
    score: Mapped[float] = mapped_column(Float)  # 0..1
    passed: Mapped[bool] = mapped_column(Boolean)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    answers: Mapped[list["QuizAnswer"]] = relationship(back_populates="attempt", cascade="all, delete-orphan")


class QuizAnswer(Base):
    __tablename__ = "quiz_answers"
    # the dashboard counts a few learners' answers through their attempts (covering)
    __table_args__ = (Index("ix_quiz_answers_attempt_cover", "attempt_id", "question_id", "chosen", "correct",
                            "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(120), index=True)
    chosen: Mapped[str] = mapped_column(String(200))  # option ids joined by ","
    correct: Mapped[bool] = mapped_column(Boolean)
    # the attempt's module, copied on insert (an attempt's module never changes): counted without the attempt
    module_id: Mapped[str | None] = mapped_column(String(80))

    attempt: Mapped[QuizAttempt] = relationship(back_populates="answers")


class AnswerCount(Base):
    """Everyone's answers counted per (module, question, chosen answer, right or wrong): kept by database triggers
    on quiz_answers (migration 0008_dashboard_cover), so the dashboard's hardest questions of a class holding
    most learners read these few rows instead of every answer. Rows may fall to 0; only n > 0 counts."""
    __tablename__ = "answer_counts"

    module_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    chosen: Mapped[str] = mapped_column(String(200), primary_key=True)
    correct: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


@event.listens_for(QuizAnswer, "before_insert")
def _copy_module(mapper, connection, answer: QuizAnswer) -> None:
    if answer.module_id is None and answer.attempt is not None:
        answer.module_id = answer.attempt.module_id


class ExerciseCompletion(Base):
    __tablename__ = "exercise_completions"
    __table_args__ = (UniqueConstraint("user_id", "exercise_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    module_id: Mapped[str] = mapped_column(String(80), index=True)
    exercise_id: Mapped[str] = mapped_column(String(120))
    completed_at: Mapped[datetime] = mapped_column(default=utcnow)
    artifact: Mapped[dict | None] = mapped_column(JSON)  # what the learner made (prompt, listing, video path)
    # The trainer's review (app/trainer/review.py): None (not reviewed since last sent) | "pass" | "redo".
    review_status: Mapped[str | None] = mapped_column(String(10))
    review_comment: Mapped[str | None] = mapped_column(Text)
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column()


class Certificate(Base):
    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    code: Mapped[str] = mapped_column(String(40), unique=True, index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)


class Product(Base):
    """A business user's saved product (the same fields as the listings CSV)."""
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(120), default="")
    price: Mapped[int] = mapped_column(Integer)
    features: Mapped[str] = mapped_column(Text, default="")  # ";"-separated
    audience: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # the optional product sheet (tools.product.SHEET_FIELDS), "" when not given
    brand: Mapped[str] = mapped_column(String(120), default="", server_default="")
    origin: Mapped[str] = mapped_column(String(200), default="", server_default="")
    weight: Mapped[str] = mapped_column(String(60), default="", server_default="")
    dimensions: Mapped[str] = mapped_column(String(120), default="", server_default="")
    variants: Mapped[str] = mapped_column(Text, default="", server_default="")  # "Túi 250g=95000 | Túi 500g=180000"
    ingredients: Mapped[str] = mapped_column(Text, default="", server_default="")
    usage: Mapped[str] = mapped_column(Text, default="", server_default="")
    storage: Mapped[str] = mapped_column(Text, default="", server_default="")
    shelf_life: Mapped[str] = mapped_column(String(200), default="", server_default="")
    sku: Mapped[str] = mapped_column(String(100), default="", server_default="")
    stock: Mapped[int | None] = mapped_column(Integer, nullable=True)
    photos: Mapped[str] = mapped_column(Text, default="", server_default="")  # "a.jpg | b.jpg"
    updated_at: Mapped[datetime | None] = mapped_column(nullable=True)


class RenderJob(Base):
    """A background job (video rendering) so the web process never blocks on it."""
    __tablename__ = "render_jobs"
    __table_args__ = (Index("ix_render_jobs_owner_status", "owner_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30), default="video")
    status: Mapped[str] = mapped_column(String(20), default="queued")  # queued|running|done|failed
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str] = mapped_column(Text, default="")
    params: Mapped[dict | None] = mapped_column(JSON)
    result: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


# --- Running a class (app/trainer: roster, reminders, announcements, attendance, certificates) ---

class AuditEntry(Base):
    """Who changed what in a class roster and when (edits, moves, merges, password resets, reviews)."""
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(40))
    class_id: Mapped[int | None] = mapped_column(ForeignKey("classes.id", ondelete="SET NULL"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    detail: Mapped[dict | None] = mapped_column(JSON)


class Reminder(Base):
    """A reminder a trainer sent (or prepared) for one learner of a class."""
    __tablename__ = "reminders"
    __table_args__ = (Index("ix_reminders_class_user", "class_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    sent_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    channel: Mapped[str] = mapped_column(String(20))  # text (Zalo/SMS copied) | email
    message: Mapped[str] = mapped_column(Text)


class Announcement(Base):
    """A class notice shown on each learner's home page until they mark it read."""
    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AnnouncementRead(Base):
    __tablename__ = "announcement_reads"
    __table_args__ = (UniqueConstraint("announcement_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    read_at: Mapped[datetime] = mapped_column(default=utcnow)


class ClassSession(Base):
    """One in-person meeting of a class ("buổi học"), with an optional QR check-in window."""
    __tablename__ = "class_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    topic: Mapped[str] = mapped_column(String(300))
    checkin_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    checkin_until: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Attendance(Base):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("class_sessions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    method: Mapped[str] = mapped_column(String(10))  # tick | qr
    marked_at: Mapped[datetime] = mapped_column(default=utcnow)


class Setting(Base):
    """Site-wide settings an admin edits (e.g. the ward's signature block on certificates)."""
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[dict | None] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class LoginFailure(Base):
    """One wrong password, keyed by account ("u:<username>") and by address ("a:<ip>"): login throttling."""
    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class ClassInvitation(Base):
    """A trainer asked to enrol a learner who already has an account elsewhere: the learner decides."""
    __tablename__ = "class_invitations"
    __table_args__ = (UniqueConstraint("class_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    invited_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    group_name: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending|accepted|declined
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column()


class DataRequest(Base):
    """A person's request about their personal data (Luật 91/2025/QH15): deletion, carried out by an admin."""
    __tablename__ = "data_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="delete")
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)  # pending|done|refused
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column()
    done_by: Mapped[int | None] = mapped_column(Integer)
class ShopProfileRow(Base):
    """A business account's shop profile (tools.shop.ShopProfile), one per user."""
    __tablename__ = "shop_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    shop_name: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    zalo: Mapped[str] = mapped_column(String(200), default="")
    facebook: Mapped[str] = mapped_column(String(300), default="")
    delivery_area: Mapped[str] = mapped_column(String(200), default="")
    return_policy: Mapped[str] = mapped_column(String(500), default="")
    bank_bin: Mapped[str] = mapped_column(String(6), default="")
    bank_account: Mapped[str] = mapped_column(String(19), default="")
    account_holder: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Order(Base):
    """A sale in the seller's sales book (sổ bán hàng): one customer, items, money, status history."""
    __tablename__ = "orders"
    __table_args__ = (UniqueConstraint("owner_id", "seq"), Index("ix_orders_owner_created", "owner_id", "created_at"),
                      Index("ix_orders_owner_status", "owner_id", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)  # the seller's own running number: code "DH000123"
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    customer_name: Mapped[str] = mapped_column(String(200), default="")
    customer_phone: Mapped[str] = mapped_column(String(20), default="", index=True)
    customer_address: Mapped[str] = mapped_column(String(500), default="")
    channel: Mapped[str] = mapped_column(String(20))
    payment: Mapped[str] = mapped_column(String(20))
    paid: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="new")
    history: Mapped[list | None] = mapped_column(JSON)  # [{"status": "...", "at": ISO time}, ...]
    subtotal: Mapped[int] = mapped_column(Integer, default=0)
    discount: Mapped[int] = mapped_column(Integer, default=0)
    shipping_fee: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    stock_taken: Mapped[bool] = mapped_column(Boolean, default=False)
    anonymised_at: Mapped[datetime | None] = mapped_column()

    items: Mapped[list["OrderItem"]] = relationship(back_populates="order", cascade="all, delete-orphan",
                                                    order_by="OrderItem.id")


class OrderItem(Base):
    __tablename__ = "order_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(300))  # as sold, kept if the product is later renamed or deleted
    variant: Mapped[str] = mapped_column(String(120), default="")
    unit_price: Mapped[int] = mapped_column(Integer)
    qty: Mapped[int] = mapped_column(Integer)
    line_total: Mapped[int] = mapped_column(Integer)

    order: Mapped[Order] = relationship(back_populates="items")


class SalesSettings(Base):
    """Per seller: after how many days old orders lose the customer's personal data; low-stock level."""
    __tablename__ = "sales_settings"

    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    anonymise_after_days: Mapped[int | None] = mapped_column(Integer)
    low_stock_level: Mapped[int] = mapped_column(Integer, default=5)


class LearnerTrack(Base):
    """The learning path a learner follows (courses/tracks.yaml): chosen at sign-up, on the course map or by
    a trainer. No row: the course as it was before tracks (the shared core and the default tracks)."""
    __tablename__ = "learner_tracks"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    track: Mapped[str] = mapped_column(String(40))
    chosen_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
