import pytest
from sqlalchemy import select

from app.auth import AuthError, authenticate, change_password, create_user, sign_up
from app.models import User


def test_password_is_hashed_and_login_works(session):
    create_user(session, "Lan.Nguyen", "matkhau1", "Nguyễn Thị Lan", "learner")
    row = session.scalar(select(User).where(User.username == "lan.nguyen"))
    assert row.password_hash.startswith("$2") and "matkhau1" not in row.password_hash
    assert authenticate(session, "LAN.NGUYEN", "matkhau1").id == row.id
    assert authenticate(session, "lan.nguyen", "sai-mat-khau") is None
    assert authenticate(session, "khong.co", "matkhau1") is None


def test_signup_refuses_staff_roles_and_duplicates(session):
    sign_up(session, "cuahang.lan", "123456", "Tạp hóa Lan", "business")
    with pytest.raises(AuthError, match="quản trị viên tạo"):
        sign_up(session, "gv1", "123456", "Giảng viên", "trainer")
    with pytest.raises(AuthError, match="đã có người dùng"):
        sign_up(session, "cuahang.lan", "123456", "Người khác", "learner")
    with pytest.raises(AuthError, match="ít nhất"):
        sign_up(session, "ngan", "123", "Ngắn", "learner")


def test_disabled_account_cannot_log_in(session):
    user = create_user(session, "hv0", "123456", "Học viên", "learner")
    user.active = False
    session.flush()
    assert authenticate(session, "hv0", "123456") is None


def test_change_password(session):
    user = create_user(session, "hv2", "123456", "Học viên", "learner", must_change_password=True)
    with pytest.raises(AuthError):
        change_password(session, user.id, "sai", "654321")
    change_password(session, user.id, "123456", "654321")
    assert authenticate(session, "hv2", "654321") and not user.must_change_password
