from datetime import timedelta

import pytest
from sqlalchemy import select

from app import login_sessions
from app.auth import (ACCOUNT_LIMIT, AuthError, canonical_phone, change_password, create_user,
                      log_in_attempt, password_problems, sign_up)
from app.models import LoginFailure, User
from tests.helpers import authenticate


def test_password_is_hashed_and_login_works(session):
    create_user(session, "Lan.Nguyen", "matkhau1", "Nguyễn Thị Lan", "learner")
    row = session.scalar(select(User).where(User.username == "lan.nguyen"))
    assert row.password_hash.startswith("$2") and "matkhau1" not in row.password_hash
    assert authenticate(session, "LAN.NGUYEN", "matkhau1").id == row.id
    assert authenticate(session, "lan.nguyen", "sai-mat-khau") is None
    assert authenticate(session, "khong.co", "matkhau1") is None


def test_signup_refuses_staff_roles_duplicates_and_needs_consent(session):
    sign_up(session, "cuahang.lan", "bánh đa cua 7 giờ", "Tạp hóa Lan", "business")
    with pytest.raises(AuthError, match="quản trị viên tạo"):
        sign_up(session, "gv1", "bánh đa cua 7 giờ", "Giảng viên", "trainer")
    with pytest.raises(AuthError, match="đã có người dùng"):
        sign_up(session, "cuahang.lan", "bánh đa cua 7 giờ", "Người khác", "learner")
    with pytest.raises(AuthError, match="dữ liệu cá nhân"):
        sign_up(session, "chua.dong.y", "bánh đa cua 7 giờ", "Chưa Đồng Ý", "learner", privacy_ack=False)
    assert session.scalar(select(User).where(User.username == "cuahang.lan")).privacy_ack_at is not None


@pytest.mark.parametrize("password,code", [
    ("123456", "common"), ("12345678", "common"), ("matkhau123", "common"), ("      ", "too_short"),
    ("        ", "too_simple"), ("aaaaaaaaaa", "too_simple"), ("hoa.nguyen99", "username"), ("x" * 1001, "too_long"),
    ("so 0912345678 cua toi", "phone"),
])
def test_password_policy_refuses(password, code):
    assert code in password_problems(password, "hoa.nguyen", "Nguyễn Hoa", "0912345678")


def test_password_policy_accepts_a_passphrase_and_any_length(session):
    assert password_problems("cà phê sáng 7 giờ", "hoa.nguyen", "Nguyễn Hoa") == []
    long = "Một câu rất dài để làm mật khẩu " * 6  # > 72 bytes: bcrypt alone would cut or refuse it
    user = sign_up(session, "dai.qua", long, "Người Dài", "learner")
    assert authenticate(session, "dai.qua", long).id == user.id
    assert authenticate(session, "dai.qua", long[:-1] + "X") is None  # every character counts, not the first 72 bytes
    with pytest.raises(AuthError, match="tên đăng nhập"):
        sign_up(session, "hoa.nguyen", "hoa.nguyen", "Nguyễn Hoa", "learner")


@pytest.mark.parametrize("raw", ["0983 888 001", "0983.888.001", "+84 983 888 001", "84983888001", "983888001",
                                 "(+84) 983-888-001", "０９８３８８８００１"])
def test_one_canonical_phone(raw):
    assert canonical_phone(raw) == "0983888001"


@pytest.mark.parametrize("raw", ["abc", "12345", "+1 415 555 0100", "0983 888 00", "09838880012345"])
def test_invalid_phone_refused_with_example(session, raw):
    assert canonical_phone(raw) is None
    with pytest.raises(AuthError, match="ví dụ"):
        sign_up(session, "co.sdt", "bánh đa cua 7 giờ", "Có Số", "learner", phone=raw)


def test_signup_phone_is_stored_canonical_and_logs_in(session):
    user = sign_up(session, "lan.sdt", "bánh đa cua 7 giờ", "Lan", "learner", phone="0983 888 001")
    assert user.phone == "0983888001"
    assert log_in_attempt(session, "+84 983.888.001", "bánh đa cua 7 giờ").user.id == user.id


def test_throttling_per_account_and_unlock_by_reset(session):
    create_user(session, "hv.sai", "dung-mat-khau", "Học viên", "learner")
    for _ in range(ACCOUNT_LIMIT):
        assert log_in_attempt(session, "hv.sai", "sai", "10.0.0.1").code == "bad"
    outcome = log_in_attempt(session, "hv.sai", "dung-mat-khau", "10.0.0.2")
    assert outcome.code == "throttled" and outcome.user is None and 1 <= outcome.wait_minutes <= 15
    assert "phút" in outcome.message
    # the window passes: the right password works again
    for row in session.scalars(select(LoginFailure)):
        row.created_at = row.created_at - timedelta(minutes=16)
    session.flush()
    assert log_in_attempt(session, "hv.sai", "dung-mat-khau").code == "ok"


def test_throttling_per_address(session):
    create_user(session, "nan.nhan", "dung-mat-khau", "Nạn Nhân", "learner")
    for i in range(30):
        log_in_attempt(session, f"doan{i}", "sai", "10.9.9.9")
    assert log_in_attempt(session, "nan.nhan", "dung-mat-khau", "10.9.9.9").code == "throttled_address"
    assert log_in_attempt(session, "nan.nhan", "dung-mat-khau", "10.1.1.1").code == "ok"


def test_locked_account_is_told_it_is_locked_only_with_the_right_password(session):
    user = create_user(session, "hv0", "123456", "Học viên", "learner")
    user.active = False
    session.flush()
    assert authenticate(session, "hv0", "123456") is None
    assert log_in_attempt(session, "hv0", "123456").code == "locked"
    assert "quản trị viên" in log_in_attempt(session, "hv0", "123456").message
    assert log_in_attempt(session, "hv0", "sai").code == "bad"


def test_change_password_ends_other_sessions_and_tokens(session):
    user = create_user(session, "hv2", "123456", "Học viên", "learner", must_change_password=True)
    token = login_sessions.open_session(session, user.id)
    epoch = user.auth_epoch
    with pytest.raises(AuthError):
        change_password(session, user.id, "sai", "cà phê sáng 7 giờ")
    with pytest.raises(AuthError, match="phổ biến"):
        change_password(session, user.id, "123456", "12345678")
    change_password(session, user.id, "123456", "cà phê sáng 7 giờ")
    assert authenticate(session, "hv2", "cà phê sáng 7 giờ") and not user.must_change_password
    assert user.auth_epoch == epoch + 1
    assert login_sessions.resolve(session, token) is None


def test_unknown_login_pays_the_same_password_check_as_a_known_one(session, monkeypatch):
    """An unknown account name still runs one bcrypt check, so timing does not reveal which accounts exist."""
    import app.auth as auth
    calls = []
    real = auth.bcrypt.checkpw
    monkeypatch.setattr(auth.bcrypt, "checkpw", lambda *a: calls.append(1) or real(*a))
    assert log_in_attempt(session, "khong.co.ai", "matkhau123").code == "bad"
    create_user(session, "co.that", "matkhau1", "Có Thật", "learner")
    assert log_in_attempt(session, "co.that", "sai-mat-khau").code == "bad"
    assert calls == [1, 1]
