from datetime import timedelta

from app import login_sessions
from app.auth import create_user
from app.models import LoginSession, utcnow


def test_token_resolves_until_closed_and_is_stored_hashed(session):
    user = create_user(session, "nho.dang.nhap", "123456", "Người dùng", "learner")
    token = login_sessions.open_session(session, user.id)
    assert login_sessions.resolve(session, token).id == user.id
    assert session.query(LoginSession).filter_by(token_hash=token).count() == 0  # never stored in clear
    assert login_sessions.resolve(session, token + "x") is None
    login_sessions.close_session(session, token)
    assert login_sessions.resolve(session, token) is None


def test_expired_or_disabled_sessions_do_not_log_in(session):
    user = create_user(session, "het.han", "123456", "Người dùng", "learner")
    token = login_sessions.open_session(session, user.id)
    row = session.query(LoginSession).one()
    row.expires_at = utcnow() - timedelta(minutes=1)
    session.flush()
    assert login_sessions.resolve(session, token) is None
    token = login_sessions.open_session(session, user.id)
    user.active = False
    session.flush()
    assert login_sessions.resolve(session, token) is None


def test_tokens_are_short_lived_and_rotated(session):
    user = create_user(session, "xoay.vong", "123456", "Người dùng", "learner")
    token = login_sessions.open_session(session, user.id)
    row = session.query(LoginSession).one()
    assert login_sessions._aware(row.expires_at) - utcnow() <= login_sessions.LIFETIME <= timedelta(days=7)
    assert login_sessions.rotate(session, token) is None  # fresh: kept
    row.created_at = utcnow() - login_sessions.ROTATE_AFTER - timedelta(seconds=1)
    session.flush()
    fresh = login_sessions.rotate(session, token)
    assert fresh and login_sessions.resolve(session, fresh).id == user.id
    assert login_sessions.resolve(session, token).id == user.id  # grace period for a reload in flight
    row.replaced_at = utcnow() - login_sessions.GRACE - timedelta(seconds=1)
    session.flush()
    assert login_sessions.resolve(session, token) is None  # a copied old cookie is dead
