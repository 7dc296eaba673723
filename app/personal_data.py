"""A person's rights over their data (Luật 91/2025/QH15): confirm the notice, download everything held,
ask for deletion; an admin carries the deletion out, keeping issued certificates verifiable."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.auth import AuthError, hash_password, one_time_password
from app.models import (Certificate, ClassInvitation, Classroom, DataRequest, Enrolment, ExerciseCompletion,
                        LearnerDay, LearnerModule, LessonProgress, LoginFailure, LoginSession, Product, QuizAttempt,
                        RenderJob, User, utcnow)
from app.trainer.access import AccessError, Actor

VIETNAM_OFFSET = 7


def _when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    from datetime import timedelta
    return (moment.astimezone(timezone(timedelta(hours=VIETNAM_OFFSET)))).strftime("%d/%m/%Y %H:%M")


def acknowledge_privacy(session: Session, user_id: int) -> None:
    user = session.get(User, user_id)
    if user is not None:
        user.privacy_ack_at = utcnow()


def needs_privacy_ack(session: Session, user_id: int) -> bool:
    """A learner enrolled by a trainer (who was told the notice) confirms it themselves at first login."""
    user = session.get(User, user_id)
    if user is None or user.privacy_ack_at is not None or user.role not in ("learner", "business"):
        return False
    return bool(session.scalar(select(Enrolment.id).where(Enrolment.user_id == user_id).limit(1)))


def personal_data(session: Session, user_id: int) -> dict:
    """Everything the platform holds about one person, with Vietnamese section names."""
    user = session.get(User, user_id)
    if user is None:
        raise AuthError("Không tìm thấy tài khoản.")
    classes = session.execute(select(Classroom.name, Enrolment.group_name, Enrolment.enrolled_at)
                              .join(Enrolment, Enrolment.class_id == Classroom.id)
                              .where(Enrolment.user_id == user_id)).all()
    lessons = session.scalars(select(LessonProgress).where(LessonProgress.user_id == user_id)
                              .order_by(LessonProgress.first_viewed_at)).all()
    attempts = session.scalars(select(QuizAttempt).where(QuizAttempt.user_id == user_id)
                               .order_by(QuizAttempt.submitted_at)).all()
    exercises = session.scalars(select(ExerciseCompletion).where(ExerciseCompletion.user_id == user_id)).all()
    cert = session.scalar(select(Certificate).where(Certificate.user_id == user_id))
    days = session.scalars(select(LearnerDay.day).where(LearnerDay.user_id == user_id).order_by(LearnerDay.day)).all()
    products = session.scalars(select(Product).where(Product.owner_id == user_id)).all()
    requests = session.scalars(select(DataRequest).where(DataRequest.user_id == user_id)).all()
    return {
        "Tài khoản": {"Họ và tên": user.full_name, "Tên đăng nhập": user.username, "Vai trò": user.role,
                      "Số điện thoại": user.phone or "", "Email": user.email or "",
                      "Ngày tạo": _when(user.created_at), "Lần hoạt động gần nhất": _when(user.last_seen_at),
                      "Đã xác nhận thông báo dữ liệu cá nhân": _when(user.privacy_ack_at) or "chưa",
                      "Tùy chọn hiển thị": user.prefs or {},
                      "Mật khẩu": "chỉ lưu dạng mã hóa (không ai đọc được)"},
        "Lớp học": [{"Lớp": name, "Nhóm": group or "", "Ngày vào lớp": _when(at)} for name, group, at in classes],
        "Bài học": [{"Bài": p.lesson_id, "Mở lần đầu": _when(p.first_viewed_at), "Số lần mở": p.views,
                     "Học xong": _when(p.completed_at)} for p in lessons],
        "Bài kiểm tra": [{"Học phần": a.module_id, "Điểm": f"{a.score:.0%}", "Đạt": "có" if a.passed else "chưa",
                          "Lúc nộp": _when(a.submitted_at)} for a in attempts],
        "Bài thực hành": [{"Bài": e.exercise_id, "Lúc ghi nhận": _when(e.completed_at), "Bài làm": e.artifact or {}}
                          for e in exercises],
        "Ngày đã học": ({"Số ngày": len(days), "Các ngày": ", ".join(d.strftime("%d/%m/%Y") for d in days)}
                        if days else {}),
        "Chứng chỉ": ({"Mã": cert.code, "Họ và tên": cert.full_name, "Ngày cấp": _when(cert.issued_at)} if cert else {}),
        "Sản phẩm đã lưu": [{"Tên": p.name, "Giá": p.price, "Đặc điểm": p.features} for p in products],
        "Yêu cầu về dữ liệu": [{"Loại": r.kind, "Trạng thái": r.status, "Ngày gửi": _when(r.created_at)}
                               for r in requests],
    }


def personal_data_text(session: Session, user_id: int) -> bytes:
    """A readable UTF-8 text file (opens in Notepad or on a phone) followed by the same data as JSON."""
    from tools.compliance.privacy import privacy_notice
    data = personal_data(session, user_id)
    lines = ["DỮ LIỆU CỦA BẠN TRÊN “BÌNH DÂN HỌC AI”", f"Tạo lúc {_when(utcnow())}", ""]
    for section, content in data.items():
        lines.append(f"== {section} ==")
        items = content if isinstance(content, list) else [content]
        if not items or items == [{}]:
            lines.append("(không có)")
        for item in items:
            for key, value in item.items():
                shown = json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else value
                lines.append(f"{key}: {shown}")
            lines.append("")
    lines += ["", privacy_notice().plain_text(), "", "== Dạng máy đọc (JSON) ==",
              json.dumps(data, ensure_ascii=False, indent=2)]
    return "\n".join(lines).encode("utf-8-sig")


def request_deletion(session: Session, user_id: int, note: str = "") -> DataRequest:
    existing = session.scalar(select(DataRequest).where(DataRequest.user_id == user_id, DataRequest.kind == "delete",
                                                        DataRequest.status == "pending"))
    if existing is not None:
        return existing
    request = DataRequest(user_id=user_id, kind="delete", status="pending", note=(note or "").strip()[:1000])
    session.add(request)
    session.flush()
    return request


@dataclass(frozen=True)
class PendingRequest:
    id: int
    user_id: int
    username: str
    full_name: str
    kind: str
    note: str
    created_at: datetime


def pending_requests(session: Session) -> list[PendingRequest]:
    rows = session.execute(select(DataRequest, User).join(User, User.id == DataRequest.user_id)
                           .where(DataRequest.status == "pending").order_by(DataRequest.created_at))
    return [PendingRequest(r.id, u.id, u.username, u.full_name, r.kind, r.note, r.created_at) for r, u in rows]


def carry_out_deletion(session: Session, actor: Actor, request_id: int) -> None:
    """Erase the person's data; the certificate row (code, name, date) stays so it can still be verified."""
    if actor is None or actor.role != "admin":
        raise AccessError("Chỉ quản trị viên mới thực hiện được yêu cầu xóa dữ liệu.")
    request = session.get(DataRequest, request_id)
    if request is None or request.status != "pending":
        raise AuthError("Không tìm thấy yêu cầu đang chờ này.")
    user = session.get(User, request.user_id)
    if user.id == actor.id:
        raise AuthError("Không thể tự xóa tài khoản quản trị của chính mình.")
    if session.scalar(select(Classroom.id).where(Classroom.trainer_id == user.id).limit(1)):
        raise AuthError("Tài khoản này đang phụ trách lớp học: hãy chuyển lớp cho giảng viên khác trước.")
    uid = user.id
    for attempt in session.scalars(select(QuizAttempt).where(QuizAttempt.user_id == uid)):
        session.delete(attempt)
    for model in (LessonProgress, ExerciseCompletion, LearnerDay, LearnerModule, Enrolment, ClassInvitation,
                  LoginSession):
        session.execute(delete(model).where(model.user_id == uid))
    session.execute(delete(RenderJob).where(RenderJob.owner_id == uid))
    session.execute(delete(Product).where(Product.owner_id == uid))
    session.execute(delete(LoginFailure).where(LoginFailure.key == f"u:{user.username}"))
    user.username = f"da-xoa-{uid}"
    user.full_name = "(đã xóa theo yêu cầu)"
    user.phone = user.email = None
    user.prefs = None
    user.active = False
    user.password_hash = hash_password(one_time_password(24))
    user.auth_epoch = (user.auth_epoch or 0) + 1
    request.status, request.done_at, request.done_by = "done", utcnow(), actor.id
    session.flush()
