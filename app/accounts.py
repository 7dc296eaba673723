"""Account administration: the real state of each account, lock/unlock, password resets with a printable
slip, class invitations a learner accepts or declines. No Streamlit here; pages and the CLI call these."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth import (ACCOUNT_LIMIT, AuthError, _account_key, _wait, clear_failures, end_other_sessions,
                      hash_password, one_time_password)
from app.models import ClassInvitation, Classroom, Enrolment, User, utcnow
from app.trainer.access import AccessError, Actor, check_learner

LEARNER_ROLES = ("learner", "business")


def list_users(session: Session, role: str | None = None) -> list[User]:
    query = select(User).order_by(User.role, User.username)
    if role:
        query = query.where(User.role == role)
    return list(session.scalars(query))


@dataclass(frozen=True)
class AccountState:
    """What an admin needs to see about one account, as it is in the database now."""
    id: int
    username: str
    full_name: str
    role: str
    active: bool
    must_change_password: bool
    throttled_minutes: int      # >0: login paused after wrong passwords
    last_seen_at: datetime | None

    @property
    def status_label(self) -> str:
        if not self.active:
            return "Đã khóa"
        if self.throttled_minutes:
            return f"Tạm khóa đăng nhập ({self.throttled_minutes} phút)"
        if self.must_change_password:
            return "Mở — chờ đổi mật khẩu dùng một lần"
        return "Đang mở"


def account_states(session: Session) -> list[AccountState]:
    return [AccountState(u.id, u.username, u.full_name, u.role, bool(u.active), bool(u.must_change_password),
                         _wait(session, _account_key(u.username), ACCOUNT_LIMIT), u.last_seen_at)
            for u in list_users(session)]


def set_active(session: Session, admin_id: int, user_id: int, active: bool) -> User:
    if admin_id == user_id and not active:
        raise AuthError("Không thể tự khóa tài khoản của chính mình.")
    user = session.get(User, user_id)
    if user is None:
        raise AuthError("Không tìm thấy tài khoản.")
    user.active = active
    if active:
        clear_failures(session, user.username)
    else:
        end_other_sessions(session, user)
    session.flush()
    return user


# ---------------------------------------------------------------- password reset

@dataclass(frozen=True)
class PasswordSlip:
    """What to hand to the person: their username and a one-time password they must change at login."""
    user_id: int
    username: str
    full_name: str
    password: str
    issued_at: datetime


def may_reset(session: Session, actor: Actor, user: User) -> bool:
    if actor is None:
        return False
    if actor.role == "admin":
        return True
    if actor.role != "trainer" or user.role not in LEARNER_ROLES:
        return False
    try:
        check_learner(session, actor, user.id)
    except AccessError:
        return False
    return True


def reset_password(session: Session, actor: Actor, user_id: int) -> PasswordSlip:
    """Give the account a new one-time password (changed at the next login), end every session and token,
    and lift a login pause. Trainers: only learners of their own classes; admins: anyone."""
    user = session.get(User, user_id)
    if user is None or not may_reset(session, actor, user):
        raise AccessError("Bạn chỉ đặt lại được mật khẩu cho học viên trong lớp mình phụ trách.")
    password = one_time_password()
    user.password_hash = hash_password(password)
    user.must_change_password = True
    end_other_sessions(session, user)
    clear_failures(session, user.username)
    session.flush()
    return PasswordSlip(user.id, user.username, user.full_name, password, utcnow())


def password_slip_pdf(slips: list[PasswordSlip]) -> bytes:
    """A printable A4 slip per person (cut along the lines): name, username, one-time password, what to do."""
    from app.trainer import documents  # fpdf2 only when a slip is printed
    pdf = documents.new_pdf("Phiếu mật khẩu dùng một lần — Bình dân học AI")
    for slip in slips:
        pdf.ln(3)
        pdf.set_font("vn", "B", 13)
        pdf.multi_cell(0, 7, slip.full_name, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("vn", "", 12)
        pdf.multi_cell(0, 7, f"Tên đăng nhập: {slip.username}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("vn", "B", 14)
        pdf.multi_cell(0, 8, f"Mật khẩu dùng một lần: {slip.password}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("vn", "", 10)
        pdf.multi_cell(0, 5, "Đăng nhập bằng mật khẩu này; trang web sẽ yêu cầu bạn đặt mật khẩu mới ngay. "
                             "Mật khẩu cũ và mọi máy đang đăng nhập đã bị đăng xuất. Giữ phiếu này cẩn thận, "
                             "đừng đưa cho người khác.", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        y = pdf.get_y()
        pdf.set_dash_pattern(dash=2, gap=2)
        pdf.line(12, y, 198, y)
        pdf.set_dash_pattern()
    return bytes(pdf.output())


# ---------------------------------------------------------------- class invitations

@dataclass(frozen=True)
class Invitation:
    id: int
    class_name: str
    trainer_name: str


def pending_invitations(session: Session, user_id: int) -> list[Invitation]:
    rows = session.execute(
        select(ClassInvitation.id, Classroom.name, User.full_name)
        .join(Classroom, Classroom.id == ClassInvitation.class_id)
        .join(User, User.id == Classroom.trainer_id)
        .where(ClassInvitation.user_id == user_id, ClassInvitation.status == "pending")
        .order_by(ClassInvitation.id))
    return [Invitation(*row) for row in rows]


def answer_invitation(session: Session, user_id: int, invitation_id: int, accept: bool) -> None:
    """The learner's own decision: join the class (the trainer then sees their record) or not."""
    inv = session.get(ClassInvitation, invitation_id)
    if inv is None or inv.user_id != user_id or inv.status != "pending":
        raise AuthError("Không tìm thấy lời mời này.")
    inv.status, inv.decided_at = ("accepted" if accept else "declined"), utcnow()
    if accept and not session.scalar(select(Enrolment.id).where(Enrolment.class_id == inv.class_id,
                                                                Enrolment.user_id == user_id)):
        session.add(Enrolment(class_id=inv.class_id, user_id=user_id, group_name=inv.group_name, notice_given=True))
    session.flush()
