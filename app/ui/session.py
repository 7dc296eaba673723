"""Who is logged in, and the server-side role check every page makes first."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
import streamlit.components.v1 as components

from app import login_sessions
from app.ui import keys
from app.db import migrate, session_scope
from app.navigation import ROLE_LABELS, allowed
from app.models import User

_PENDING_COOKIE = keys.PENDING_COOKIE


@dataclass(frozen=True)
class CurrentUser:
    id: int
    username: str
    full_name: str
    role: str

    @classmethod
    def of(cls, user: User) -> "CurrentUser":
        return cls(user.id, user.username, user.full_name, user.role)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


@st.cache_resource(show_spinner=False)
def ensure_database() -> bool:
    """Run migrations once per server process."""
    migrate()
    return True


def current_user() -> CurrentUser | None:
    return st.session_state.get(keys.USER)


def _cookie_token() -> str | None:
    """The remember-me token from the browser's cookie, if any (a test harness gives no str at all)."""
    token = st.context.cookies.get(login_sessions.COOKIE_NAME)
    return token if isinstance(token, str) and token else None


def log_in(user: User, remember: bool = True) -> None:
    """Sign the user in for this browser session and, with remember, for 30 days on this browser."""
    st.session_state[keys.USER] = CurrentUser.of(user)
    if remember:
        with session_scope() as s:
            token = login_sessions.open_session(s, user.id)
        st.session_state[keys.SESSION_TOKEN] = token
        max_age = int(login_sessions.LIFETIME.total_seconds())
        st.session_state[_PENDING_COOKIE] = f"{login_sessions.COOKIE_NAME}={token}; path=/; max-age={max_age}; SameSite=Strict"


def log_out() -> None:
    token = st.session_state.get(keys.SESSION_TOKEN) or _cookie_token()
    with session_scope() as s:
        login_sessions.close_session(s, token)
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.session_state[_PENDING_COOKIE] = f"{login_sessions.COOKIE_NAME}=; path=/; max-age=0; SameSite=Strict"


def restore_login() -> None:
    """After a page reload, sign the user back in from the remember-me cookie."""
    if current_user() is not None or st.session_state.get(_PENDING_COOKIE):
        return
    token = _cookie_token()
    if not token:
        return
    with session_scope() as s:
        user = login_sessions.resolve(s, token)
        if user is not None:
            st.session_state[keys.USER] = CurrentUser.of(user)
            st.session_state[keys.SESSION_TOKEN] = token


def flush_cookie() -> None:
    """Write a pending cookie change in the browser (a zero-height component; Streamlit cannot set cookies)."""
    cookie = st.session_state.pop(_PENDING_COOKIE, None)
    if cookie:
        components.html(f"<script>window.parent.document.cookie = {cookie!r};</script>", height=0)


def guard(page_file: str) -> CurrentUser | None:
    """Stop the page unless the current user's role may open it (checked on the server)."""
    ensure_database()
    user = current_user()
    if not allowed(page_file, user.role if user else None):
        st.session_state[keys.GUARD] = keys.GUARD_LOGIN if user is None else keys.GUARD_FORBIDDEN
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
                st.session_state[keys.GUARD] = keys.GUARD_EXPIRED
                st.error("Phiên đăng nhập không còn hợp lệ. Vui lòng đăng nhập lại.")
                st.stop()
    st.session_state[keys.GUARD] = keys.GUARD_OK
    return user
