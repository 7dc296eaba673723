"""Accounts: bcrypt password hashes, sign-up, login, password changes. No Streamlit here."""
from __future__ import annotations

import re
import secrets
import unicodedata

import bcrypt
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import ROLES, User, utcnow

SELF_SIGNUP_ROLES = ("learner", "business")
USERNAME_RE = re.compile(r"^[a-z0-9_.-]{3,40}$")
MIN_PASSWORD = 6


class AuthError(ValueError):
    """A user-facing problem with an account (message in Vietnamese)."""


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=10)).decode("ascii")


def check_password(password: str, hashed: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode("utf-8"), hashed.encode("ascii"))
    except ValueError:
        return False


def normalize_username(username: str) -> str:
    return unicodedata.normalize("NFC", username or "").strip().lower()


def one_time_password(length: int = 8) -> str:
    """Easy to read aloud and type on a phone: no 0/O, 1/l confusion."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def create_user(session: Session, username: str, password: str, full_name: str, role: str, *,
                phone: str | None = None, email: str | None = None,
                must_change_password: bool = False) -> User:
    username = normalize_username(username)
    full_name = unicodedata.normalize("NFC", (full_name or "").strip())
    if role not in ROLES:
        raise AuthError(f"Vai trò không hợp lệ: {role}")
    if not USERNAME_RE.match(username):
        raise AuthError("Tên đăng nhập gồm 3–40 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới hoặc gạch ngang.")
    if len(password or "") < MIN_PASSWORD:
        raise AuthError(f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự.")
    if not full_name:
        raise AuthError("Vui lòng nhập họ và tên.")
    if session.scalar(select(User.id).where(User.username == username)):
        raise AuthError(f"Tên đăng nhập “{username}” đã có người dùng. Hãy chọn tên khác.")
    user = User(username=username, full_name=full_name, password_hash=hash_password(password), role=role,
                phone=phone, email=email, must_change_password=must_change_password)
    session.add(user)
    session.flush()
    return user


def sign_up(session: Session, username: str, password: str, full_name: str, role: str, **extra) -> User:
    """Self-service sign-up: only learners and household businesses."""
    if role not in SELF_SIGNUP_ROLES:
        raise AuthError("Tài khoản giảng viên và quản trị do quản trị viên tạo.")
    return create_user(session, username, password, full_name, role, **extra)


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = session.scalar(select(User).where(func.lower(User.username) == normalize_username(username)))
    if user is None or not user.active or not check_password(password, user.password_hash):
        return None
    user.last_seen_at = utcnow()
    return user


def change_password(session: Session, user_id: int, old: str, new: str) -> None:
    user = session.get(User, user_id)
    if user is None or not check_password(old, user.password_hash):
        raise AuthError("Mật khẩu hiện tại không đúng.")
    if len(new or "") < MIN_PASSWORD:
        raise AuthError(f"Mật khẩu mới cần ít nhất {MIN_PASSWORD} ký tự.")
    user.password_hash = hash_password(new)
    user.must_change_password = False
