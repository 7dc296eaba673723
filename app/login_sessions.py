"""Remember-me sessions: a random token in a browser cookie, its SHA-256 in the database.

Short-lived and rotated: a token lives LIFETIME from its issue; each time the app is opened with a token
older than ROTATE_AFTER, a new token replaces it and the old one stops working GRACE later. A password
change or reset, logging out, or locking the account ends every token of the account at once.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.models import LoginSession, User, utcnow

COOKIE_NAME = "binhdan_session"
LIFETIME = timedelta(days=7)
ROTATE_AFTER = timedelta(minutes=10)
GRACE = timedelta(minutes=2)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def open_session(session: Session, user_id: int) -> str:
    """Create a session for the user and return the token to put in the cookie."""
    token = secrets.token_urlsafe(32)
    user = session.get(User, user_id)
    session.add(LoginSession(token_hash=_hash(token), user_id=user_id, expires_at=utcnow() + LIFETIME,
                             auth_epoch=(user.auth_epoch or 0) if user else 0))
    session.flush()
    return token


def _row(session: Session, token: str | None) -> LoginSession | None:
    if not token:
        return None
    row = session.scalar(select(LoginSession).where(LoginSession.token_hash == _hash(token)))
    if row is None:
        return None
    now = datetime.now(timezone.utc)
    if _aware(row.expires_at) < now or (row.replaced_at is not None and _aware(row.replaced_at) + GRACE < now):
        session.delete(row)
        return None
    return row


def resolve(session: Session, token: str | None) -> User | None:
    """The active user a token belongs to, or None (unknown, expired, replaced, disabled, password changed)."""
    row = _row(session, token)
    if row is None:
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active or (row.auth_epoch or 0) != (user.auth_epoch or 0):
        session.delete(row)
        return None
    return user


def rotate(session: Session, token: str) -> str | None:
    """A fresh token replacing `token` when it is older than ROTATE_AFTER (None: keep the current one)."""
    row = _row(session, token)
    if row is None or row.replaced_at is not None:
        return None
    if utcnow() - _aware(row.created_at) < ROTATE_AFTER:
        return None
    row.replaced_at = utcnow()
    return open_session(session, row.user_id)


def close_session(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(LoginSession).where(LoginSession.token_hash == _hash(token)))
