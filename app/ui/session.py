"""Who is logged in, and the server-side role check every page makes first."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from app.db import migrate, session_scope
from app.navigation import ROLE_LABELS, allowed
from app.models import User


@dataclass(frozen=True)
class CurrentUser:
    id: int
    username: str
    full_name: str
    role: str

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


@st.cache_resource(show_spinner=False)
def ensure_database() -> bool:
    """Run migrations once per server process."""
    migrate()
    return True


def current_user() -> CurrentUser | None:
    return st.session_state.get("user")


def log_in(user: User) -> None:
    st.session_state["user"] = CurrentUser(user.id, user.username, user.full_name, user.role)


def log_out() -> None:
    for key in list(st.session_state.keys()):
        del st.session_state[key]


def guard(page_file: str) -> CurrentUser | None:
    """Stop the page unless the current user's role may open it (checked on the server)."""
    ensure_database()
    user = current_user()
    if not allowed(page_file, user.role if user else None):
        if user is None:
            st.warning("Vui lòng đăng nhập để mở trang này.")
        else:
            st.error("Bạn không có quyền mở trang này.")
        st.stop()
    if user is not None:  # the account may have been disabled meanwhile
        with session_scope() as s:
            row = s.get(User, user.id)
            if row is None or not row.active or row.role != user.role:
                log_out()
                st.error("Phiên đăng nhập không còn hợp lệ. Vui lòng đăng nhập lại.")
                st.stop()
    return user
