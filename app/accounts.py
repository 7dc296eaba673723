"""Account administration (admin role): list, create staff accounts, enable/disable."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth import AuthError
from app.models import User


def list_users(session: Session, role: str | None = None) -> list[User]:
    query = select(User).order_by(User.role, User.username)
    if role:
        query = query.where(User.role == role)
    return list(session.scalars(query))


def set_active(session: Session, admin_id: int, user_id: int, active: bool) -> None:
    if admin_id == user_id and not active:
        raise AuthError("Không thể tự khóa tài khoản của chính mình.")
    user = session.get(User, user_id)
    if user is None:
        raise AuthError("Không tìm thấy tài khoản.")
    user.active = active
