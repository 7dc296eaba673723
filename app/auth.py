"""Accounts: password hashes and policy, phone numbers, sign-up, login with throttling, password changes.

No Streamlit here. Passwords of any length: bcrypt reads only 72 bytes, so a longer password is first
reduced with SHA-256 (base64) and the whole of it counts. Login attempts are limited per account and per
address (LoginFailure rows); a wrong password is never told apart from an unknown name.
"""
from __future__ import annotations

import base64
import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

import bcrypt
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.models import ROLES, LoginFailure, LoginSession, User, utcnow
from tools.phone import canonical_phone  # noqa: F401  (re-exported: sign-up, login, enrolment)

SELF_SIGNUP_ROLES = ("learner", "business")
USERNAME_RE = re.compile(r"^[a-z0-9_.-]{3,40}$")
MIN_PASSWORD = 8
MAX_PASSWORD = 1000          # characters; any length up to this is hashed in full
BCRYPT_BYTES = 72
# throttling: failures counted over WINDOW; past the limit, wait until WINDOW after the last failure
WINDOW = timedelta(minutes=15)
ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 30           # a ward classroom shares one address: high enough for a class, low for a robot
PHONE_EXAMPLE = "0912 345 678"
COMMON_PASSWORDS = Path(__file__).resolve().parent / "data" / "common_passwords.txt"


class AuthError(ValueError):
    """A user-facing problem with an account (message in Vietnamese)."""


# ---------------------------------------------------------------- phone numbers

def require_phone(raw: str | None) -> str | None:
    """The canonical phone, None for an empty field, AuthError (with an example) for anything else."""
    if not str(raw or "").strip():
        return None
    phone = canonical_phone(raw)
    if phone is None:
        raise AuthError(f"Số điện thoại “{str(raw).strip()}” không hợp lệ. Hãy nhập 10 chữ số, "
                        f"ví dụ {PHONE_EXAMPLE} (có thể có dấu cách, dấu chấm hoặc +84).")
    return phone


# ---------------------------------------------------------------- passwords

def _secret(password: str) -> bytes:
    raw = unicodedata.normalize("NFC", password).encode("utf-8")
    if len(raw) > BCRYPT_BYTES:  # bcrypt would ignore (or refuse) the rest: reduce the whole password first
        raw = base64.b64encode(hashlib.sha256(raw).digest())
    return raw


def hash_password(password: str) -> str:
    return bcrypt.hashpw(_secret(password), bcrypt.gensalt(rounds=10)).decode("ascii")


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def check_password(password: str, hashed: str) -> bool:
    if not password or len(password) > MAX_PASSWORD:
        return False
    try:
        return bcrypt.checkpw(_secret(password), hashed.encode("ascii"))
    except ValueError:
        return False


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problems(password: str, username: str = "", full_name: str = "", phone: str | None = None) -> list[str]:
    """Why a new password is refused (codes), empty if it is acceptable."""
    password = password or ""
    squeezed = re.sub(r"\s+", "", password).lower()
    problems = []
    if len(password) < MIN_PASSWORD:
        problems.append("too_short")
    if len(password) > MAX_PASSWORD:
        problems.append("too_long")
    if not password.strip() or len(set(squeezed)) < 3:
        problems.append("too_simple")
    if squeezed in common_passwords() or squeezed.rstrip("!.@#") in common_passwords():
        problems.append("common")
    name = normalize_username(username)
    if name and len(name) >= 3 and name in squeezed:
        problems.append("username")
    if phone and phone in re.sub(r"\D", "", password):
        problems.append("phone")
    folded_name = re.sub(r"\s+", "", _fold(full_name))
    if folded_name and len(folded_name) >= 4 and folded_name in _fold(squeezed):
        problems.append("name")
    return problems


PASSWORD_MESSAGES = {
    "too_short": f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự.",
    "too_long": f"Mật khẩu dài quá {MAX_PASSWORD} ký tự.",
    "too_simple": "Mật khẩu không được chỉ có dấu cách hoặc một hai ký tự lặp lại.",
    "common": "Mật khẩu này quá phổ biến (kẻ gian thử nó đầu tiên). Hãy chọn mật khẩu khác.",
    "username": "Mật khẩu không được chứa tên đăng nhập.",
    "phone": "Mật khẩu không được chứa số điện thoại.",
    "name": "Mật khẩu không được là họ tên của bạn.",
}
PASSWORD_HINT = (f"Ít nhất {MIN_PASSWORD} ký tự; không dùng mật khẩu phổ biến như 12345678, không dùng tên đăng "
                 "nhập, họ tên hay số điện thoại. Gợi ý: ghép 3–4 từ dễ nhớ, ví dụ “ca phe sang 7 gio”.")


def check_policy(password: str, username: str = "", full_name: str = "", phone: str | None = None) -> None:
    problems = password_problems(password, username, full_name, phone)
    if problems:
        raise AuthError(" ".join(PASSWORD_MESSAGES[p] for p in problems))


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text or "").replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def normalize_username(username: str) -> str:
    return unicodedata.normalize("NFC", username or "").strip().lower()


def one_time_password(length: int = 10) -> str:
    """Easy to read aloud and type on a phone: no 0/O, 1/l confusion."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(length))


# ---------------------------------------------------------------- accounts

def create_user(session: Session, username: str, password: str, full_name: str, role: str, *,
                phone: str | None = None, email: str | None = None,
                must_change_password: bool = False, policy: bool = False) -> User:
    """A new account. `policy=True` applies the password policy (people choosing their own password)."""
    username = normalize_username(username)
    full_name = unicodedata.normalize("NFC", (full_name or "").strip())
    phone = require_phone(phone)
    if role not in ROLES:
        raise AuthError(f"Vai trò không hợp lệ: {role}")
    if not USERNAME_RE.match(username):
        raise AuthError("Tên đăng nhập gồm 3–40 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới hoặc gạch ngang.")
    if not full_name:
        raise AuthError("Vui lòng nhập họ và tên.")
    if policy:
        check_policy(password, username, full_name, phone)
    elif len(password or "") < 6 or len(password) > MAX_PASSWORD:
        raise AuthError(f"Mật khẩu cần ít nhất 6 ký tự và tối đa {MAX_PASSWORD} ký tự.")
    if session.scalar(select(User.id).where(User.username == username)):
        raise AuthError(f"Tên đăng nhập “{username}” đã có người dùng. Hãy chọn tên khác.")
    user = User(username=username, full_name=full_name, password_hash=hash_password(password), role=role,
                phone=phone, email=email, must_change_password=must_change_password, auth_epoch=0)
    session.add(user)
    session.flush()
    return user


def sign_up(session: Session, username: str, password: str, full_name: str, role: str, *,
            privacy_ack: bool = True, **extra) -> User:
    """Self-service sign-up: only learners and household businesses, own password under the policy,
    after agreeing to the personal-data notice."""
    if role not in SELF_SIGNUP_ROLES:
        raise AuthError("Tài khoản giảng viên và quản trị do quản trị viên tạo.")
    if not privacy_ack:
        raise AuthError("Hãy đọc thông báo về dữ liệu cá nhân và đánh dấu “Tôi đồng ý” để tạo tài khoản.")
    user = create_user(session, username, password, full_name, role, policy=True, **extra)
    user.privacy_ack_at = utcnow()
    return user


# ---------------------------------------------------------------- login with throttling

@dataclass(frozen=True)
class LoginOutcome:
    code: str                 # ok | bad | locked | throttled | throttled_address | many_phones
    user: User | None = None
    wait_minutes: int = 0

    @property
    def message(self) -> str:
        return LOGIN_MESSAGES[self.code].format(minutes=self.wait_minutes)


LOGIN_MESSAGES = {
    "ok": "",
    "bad": "Sai tên đăng nhập (hoặc số điện thoại) hoặc mật khẩu.",
    "locked": "Tài khoản này đang bị khóa. Hãy liên hệ quản trị viên của chương trình (học viên có thể nhờ "
              "giảng viên lớp mình báo quản trị viên) để được mở lại.",
    "throttled": "Tài khoản này tạm khóa đăng nhập vì nhập sai mật khẩu nhiều lần. Hãy thử lại sau {minutes} phút, "
                 "hoặc nhờ giảng viên (học viên) hay quản trị viên đặt lại mật khẩu để mở ngay.",
    "throttled_address": "Máy này đã nhập sai mật khẩu quá nhiều lần. Hãy thử lại sau {minutes} phút.",
    "many_phones": "Số điện thoại này dùng cho nhiều tài khoản. Hãy đăng nhập bằng tên đăng nhập "
                   "(in trên phiếu mật khẩu).",
}


def _account_key(username: str) -> str:
    return f"u:{normalize_username(username)[:190]}"


def _address_key(address: str | None) -> str | None:
    return f"a:{address[:190]}" if address else None


def _wait(session: Session, key: str, limit: int) -> int:
    """Minutes to wait before `key` may try again (0: may try now)."""
    since = utcnow() - WINDOW
    rows = session.execute(select(func.count(LoginFailure.id), func.max(LoginFailure.created_at))
                           .where(LoginFailure.key == key, LoginFailure.created_at > since)).one()
    count, last = rows
    if count < limit or last is None:
        return 0
    last = last if last.tzinfo else last.replace(tzinfo=utcnow().tzinfo)
    remaining = (last + WINDOW - utcnow()).total_seconds()
    return max(1, int(remaining // 60) + 1) if remaining > 0 else 0


def clear_failures(session: Session, username: str) -> None:
    """The unlock path for a throttled account (password reset by a trainer or admin, or a good login)."""
    session.execute(delete(LoginFailure).where(LoginFailure.key == _account_key(username)))


def find_login(session: Session, login: str) -> tuple[User | None, bool]:
    """The account a login name refers to: a username, or a phone number in any common writing.
    Second value True when the phone belongs to several accounts."""
    name = normalize_username(login)
    user = session.scalar(select(User).where(func.lower(User.username) == name))
    if user is not None:
        return user, False
    phone = canonical_phone(login)
    if phone is None:
        return None, False
    user = session.scalar(select(User).where(User.username == phone))
    if user is not None:
        return user, False
    owners = list(session.scalars(select(User).where(User.phone == phone, User.active.is_(True))).all())
    if len(owners) > 1:
        return None, True
    return (owners[0] if owners else None), False


def log_in_attempt(session: Session, login: str, password: str, address: str | None = None) -> LoginOutcome:
    """One login try: throttled per account and per address; a locked account is told only after the
    right password (so the message reveals nothing to someone guessing)."""
    user, ambiguous = find_login(session, login)
    account_key = _account_key(user.username if user else login)
    address_key = _address_key(address)
    if address_key and (minutes := _wait(session, address_key, ADDRESS_LIMIT)):
        return LoginOutcome("throttled_address", wait_minutes=minutes)
    if minutes := _wait(session, account_key, ACCOUNT_LIMIT):
        return LoginOutcome("throttled", wait_minutes=minutes)
    if ambiguous:
        return LoginOutcome("many_phones")
    # an unknown login still pays one bcrypt check, so the answer time does not tell which accounts exist
    if not check_password(password, user.password_hash if user else _dummy_hash()) or user is None:
        now = utcnow()
        session.add(LoginFailure(key=account_key, created_at=now))
        if address_key:
            session.add(LoginFailure(key=address_key, created_at=now))
        session.flush()
        return LoginOutcome("bad")
    if not user.active:
        return LoginOutcome("locked")
    clear_failures(session, user.username)
    user.last_seen_at = utcnow()
    return LoginOutcome("ok", user)


def end_other_sessions(session: Session, user: User) -> None:
    """After a password change or reset: every remember-me token and every open browser session ends."""
    user.auth_epoch = (user.auth_epoch or 0) + 1
    session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))


def change_password(session: Session, user_id: int, old: str, new: str) -> User:
    user = session.get(User, user_id)
    if user is None or not check_password(old, user.password_hash):
        raise AuthError("Mật khẩu hiện tại không đúng.")
    if old == new:
        raise AuthError("Mật khẩu mới phải khác mật khẩu cũ.")
    check_policy(new, user.username, user.full_name, user.phone)
    user.password_hash = hash_password(new)
    user.must_change_password = False
    end_other_sessions(session, user)
    session.flush()
    return user
