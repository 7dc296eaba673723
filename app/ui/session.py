"""Who is logged in, and the server-side role check every page makes first."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
import streamlit.components.v1 as components

from app import login_sessions
from app.db import migrate, session_scope
from app.navigation import ROLE_LABELS, allowed
from app.ui import keys
from app.models import User
from app.ui.keys import UiSession as K

PREF_KEYS = ("large_text",)


@dataclass(frozen=True)
class CurrentUser:
    id: int
    username: str
    full_name: str
    role: str
    epoch: int = 0   # users.auth_epoch when this browser logged in: a password change ends the session

    @classmethod
    def of(cls, user: User) -> "CurrentUser":
        return cls(user.id, user.username, user.full_name, user.role, user.auth_epoch or 0)

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


def client_address() -> str | None:
    """The visitor's address as the server sees it (for login throttling)."""
    try:
        forwarded = st.context.headers.get("X-Forwarded-For")
        return (forwarded.split(",")[0].strip() if forwarded else None) or st.context.ip_address
    except Exception:  # noqa: BLE001 - no browser (AppTest): no address
        return None


def _cookie_token() -> str | None:
    """The remember-me token the browser sent (None without one, or outside a browser)."""
    try:
        token = st.context.cookies.get(login_sessions.COOKIE_NAME)
    except Exception:  # noqa: BLE001 - no browser context
        return None
    return token if isinstance(token, str) and token else None


def _cookie(value: str, max_age: int) -> str:
    url = st.context.url
    secure = "; Secure" if isinstance(url, str) and url.startswith("https:") else ""
    return f"{login_sessions.COOKIE_NAME}={value}; path=/; max-age={max_age}; SameSite=Strict{secure}"


def _set_token(token: str) -> None:
    st.session_state[keys.SESSION_TOKEN] = token
    st.session_state[keys.PENDING_COOKIE] = _cookie(token, int(login_sessions.LIFETIME.total_seconds()))


def load_prefs(user: User) -> None:
    """Bring back the account's display preferences (applied at the start of the next run, before the
    widgets that hold them exist)."""
    st.session_state[K.PENDING_PREFS] = {k: bool(v) for k, v in (user.prefs or {}).items() if k in PREF_KEYS}


def apply_pending_prefs() -> None:
    for key, value in st.session_state.pop(K.PENDING_PREFS, {}).items():
        st.session_state[key] = value


def log_in(user: User, remember: bool = True) -> None:
    """Sign the user in for this browser session and, with remember, on this browser for a few days."""
    st.session_state[keys.USER] = CurrentUser.of(user)
    load_prefs(user)
    if remember:
        with session_scope() as s:
            token = login_sessions.open_session(s, user.id)
        _set_token(token)


def log_out() -> None:
    token = st.session_state.get(keys.SESSION_TOKEN) or _cookie_token()
    with session_scope() as s:
        login_sessions.close_session(s, token)
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.session_state[keys.PENDING_COOKIE] = _cookie("", 0)


def restore_login() -> None:
    """After a page reload, sign the user back in from the remember-me cookie (and rotate the token)."""
    if current_user() is not None or st.session_state.get(keys.PENDING_COOKIE):
        return
    token = _cookie_token()
    if not token:
        return
    with session_scope() as s:
        user = login_sessions.resolve(s, token)
        if user is None:
            st.session_state[keys.PENDING_COOKIE] = _cookie("", 0)
            return
        st.session_state[keys.USER] = CurrentUser.of(user)
        load_prefs(user)
        fresh = login_sessions.rotate(s, token)
    if fresh:
        _set_token(fresh)
    else:
        st.session_state[keys.SESSION_TOKEN] = token


def after_password_change(user: User) -> None:
    """This browser stays signed in (with a new token); every other session of the account has ended."""
    remembered = bool(st.session_state.get(keys.SESSION_TOKEN))
    st.session_state[keys.USER] = CurrentUser.of(user)
    if remembered:
        with session_scope() as s:
            token = login_sessions.open_session(s, user.id)
        _set_token(token)


def flush_cookie() -> None:
    """Write a pending cookie change in the browser (a zero-height component; Streamlit cannot set cookies)."""
    cookie = st.session_state.pop(keys.PENDING_COOKIE, None)
    if cookie:
        components.html(f"<script>window.parent.document.cookie = {cookie!r};</script>", height=0)


def still_valid(user: CurrentUser) -> User | None:
    """The user's row if the account is still usable by this browser session, else None."""
    with session_scope() as s:
        row = s.get(User, user.id)
        if row is None or not row.active or row.role != user.role or (row.auth_epoch or 0) != user.epoch:
            return None
        s.expunge(row)
        return row


def guard(page_file: str) -> CurrentUser | None:
    """Stop the page unless the current user's role may open it (checked on the server)."""
    ensure_database()
    user = current_user()
    if not allowed(page_file, user.role if user else None):
        st.session_state[keys.GUARD] = keys.GUARD_LOGIN if user is None else keys.GUARD_FORBIDDEN
        if user is None:
            st.warning("Vui lòng đăng nhập để mở trang này.")
            st.page_link("views/login.py", label="Đăng nhập / Đăng ký", icon=":material/login:")
            st.page_link("views/home.py", label="Về trang chủ", icon=":material/home:")
        else:
            st.error("Bạn không có quyền mở trang này.")
            st.page_link("views/home.py", label="Về trang chủ", icon=":material/home:")
        st.stop()
    if user is not None and still_valid(user) is None:  # disabled, or password changed elsewhere
        log_out()
        st.session_state[keys.GUARD] = keys.GUARD_EXPIRED
        st.error("Phiên đăng nhập không còn hợp lệ (mật khẩu đã đổi hoặc tài khoản bị khóa). Vui lòng đăng nhập lại.")
        st.page_link("views/login.py", label="Đăng nhập", icon=":material/login:")
        st.stop()
    st.session_state[keys.GUARD] = keys.GUARD_OK
    return user


def save_prefs() -> None:
    """Keep display preferences with the account, so a reload or another device keeps them."""
    user = current_user()
    if user is None:
        return
    with session_scope() as s:
        row = s.get(User, user.id)
        if row is not None:
            row.prefs = {**(row.prefs or {}), **{k: bool(st.session_state.get(k)) for k in PREF_KEYS}}
