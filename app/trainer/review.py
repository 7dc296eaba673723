"""Reviewing practice work: what the learner made for each exercise, and the trainer's "Đạt" / "Làm lại"
with a comment, which the learner sees on the practice page.

The rule of what counts is `app.learning.progress.exercise_counts` (sent and not "Làm lại"; with the
exercise's `review_required`, only "Đạt"), so the course map, the dashboard and the certificate agree.
A learner who sends the work again after "Làm lại" is back to "Chờ chấm".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.config import data_dir
from app.learning.catalog import Catalog, nfc
from app.models import Classroom, Enrolment, ExerciseCompletion, User, utcnow
from app.trainer.access import AccessError, Actor, check_learner, class_filter
from app.trainer.roster import audit

VERDICTS = {"pass": "Đạt", "redo": "Làm lại"}
STATUS_LABELS = {None: "Chờ chấm", "pass": "Đạt", "redo": "Làm lại"}
MAX_COMMENT = 2000
PART_LABELS = {  # artifact key -> heading, in the order shown
    "product": "Sản phẩm", "listing": "Tin đăng", "prompt_a": "Câu lệnh thứ nhất", "answer_a": "AI trả lời (1)",
    "prompt_b": "Câu lệnh thứ hai", "answer_b": "AI trả lời (2)", "better": "Câu lệnh tốt hơn",
    "reason": "Nhận xét của học viên", "note": "Ghi chú", "notes": "Ghi chú", "checked": "Đã làm",
}


class ReviewError(ValueError):
    """The review cannot be saved (message in Vietnamese)."""


@dataclass(frozen=True)
class PracticeWork:
    module_id: str
    module: str
    exercise_id: str
    exercise: str
    tool: str
    completed_at: datetime
    parts: list[tuple[str, str]]          # (heading, text) in reading order
    video: Path | None                    # a video file the page can play
    photos: list[Path] = field(default_factory=list)
    status: str | None = None             # None (Chờ chấm) | pass | redo
    comment: str | None = None
    reviewed_at: datetime | None = None
    reviewer: str | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, "Chờ chấm")


def _stored_file(value) -> Path | None:
    """A file the app itself saved under the data folder (never an arbitrary path from the database)."""
    if not value:
        return None
    path = Path(str(value))
    try:
        path.resolve().relative_to(data_dir().resolve())
    except ValueError:
        return None
    return path if path.is_file() else None


def _parts(artifact: dict) -> list[tuple[str, str]]:
    parts = []
    for key, label in PART_LABELS.items():
        value = artifact.get(key)
        if value in (None, "", []):
            continue
        if key == "checked" and isinstance(value, list):
            value = "\n".join(f"✓ {item}" for item in value)
        elif key == "better":
            value = {"a": "Câu lệnh thứ nhất", "b": "Câu lệnh thứ hai"}.get(str(value).lower(), str(value))
        parts.append((label, str(value)))
    return parts


def practice_work(session: Session, actor: Actor, user_id: int, catalog: Catalog) -> list[PracticeWork]:
    """Every exercise the learner sent, in course order, with what they made and the review."""
    check_learner(session, actor, user_id)
    reviewer = User.__table__.alias("reviewer")
    rows = session.execute(select(ExerciseCompletion, reviewer.c.full_name)
                           .outerjoin(reviewer, reviewer.c.id == ExerciseCompletion.reviewed_by)
                           .where(ExerciseCompletion.user_id == user_id)).all()
    order = {m.id: i for i, m in enumerate(catalog.modules)}
    works = []
    for row, reviewer_name in sorted(rows, key=lambda r: order.get(r[0].module_id, 999)):
        artifact = row.artifact or {}
        try:
            module = catalog.module(row.module_id)
            module_title, exercise_title, tool = module.title, module.exercise.title, module.exercise.tool
        except KeyError:
            module_title, exercise_title, tool = row.module_id, row.exercise_id, "?"
        photos = [p for p in map(_stored_file, artifact.get("photos") or []) if p]
        works.append(PracticeWork(row.module_id, module_title, row.exercise_id, exercise_title, tool,
                                  row.completed_at, _parts(artifact), _stored_file(artifact.get("video")), photos,
                                  row.review_status, row.review_comment, row.reviewed_at, reviewer_name))
    return works


def _class_of(session: Session, actor: Actor, user_id: int) -> int | None:
    return session.scalar(select(Classroom.id).join(Enrolment, Enrolment.class_id == Classroom.id)
                          .where(Enrolment.user_id == user_id, class_filter(actor)).order_by(Classroom.id))


def review_exercise(session: Session, actor: Actor, user_id: int, exercise_id: str, verdict: str,
                    comment: str = "") -> ExerciseCompletion:
    """Mark one piece of work "Đạt" (pass) or "Làm lại" (redo, a comment saying what to change is required)."""
    check_learner(session, actor, user_id)
    if verdict not in VERDICTS:
        raise ReviewError("Hãy chọn “Đạt” hoặc “Làm lại”.")
    comment = nfc((comment or "").strip())
    if verdict == "redo" and not comment:
        raise ReviewError("Khi yêu cầu làm lại, hãy ghi nhận xét để học viên biết cần sửa gì.")
    if len(comment) > MAX_COMMENT:
        raise ReviewError(f"Nhận xét dài tối đa {MAX_COMMENT} ký tự.")
    row = session.scalar(select(ExerciseCompletion).where(ExerciseCompletion.user_id == user_id,
                                                          ExerciseCompletion.exercise_id == exercise_id))
    if row is None:
        raise AccessError("Học viên chưa gửi bài thực hành này.")
    row.review_status, row.review_comment = verdict, comment or None
    row.reviewed_by, row.reviewed_at = actor.id or None, utcnow()
    audit(session, actor, "review", _class_of(session, actor, user_id), user_id,
          text=f"{VERDICTS[verdict]}: {row.exercise_id}" + (f" — {comment[:100]}" if comment else ""))
    session.flush()
    return row


@dataclass(frozen=True)
class LearnerReview:
    status: str | None
    comment: str | None
    reviewed_at: datetime | None
    reviewer: str | None

    @property
    def label(self) -> str:
        return STATUS_LABELS.get(self.status, "Chờ chấm")


def my_review(session: Session, user_id: int, exercise_id: str) -> LearnerReview | None:
    """What the learner sees on the practice page: the trainer's verdict and comment (None: not sent)."""
    reviewer = User.__table__.alias("reviewer")
    row = session.execute(select(ExerciseCompletion.review_status, ExerciseCompletion.review_comment,
                                 ExerciseCompletion.reviewed_at, reviewer.c.full_name)
                          .outerjoin(reviewer, reviewer.c.id == ExerciseCompletion.reviewed_by)
                          .where(ExerciseCompletion.user_id == user_id,
                                 ExerciseCompletion.exercise_id == exercise_id)).first()
    return LearnerReview(*row) if row else None
