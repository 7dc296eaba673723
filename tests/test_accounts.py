"""Issue 13 domain: enrolment by phone and name, invitations, password resets with slips, personal data."""
import pytest
from sqlalchemy import select

from app import login_sessions
from app.accounts import (account_states, answer_invitation, password_slip_pdf, pending_invitations,
                          reset_password, set_active)
from app.auth import ACCOUNT_LIMIT, AuthError, log_in_attempt, sign_up
from app.learning.certificates import verify
from app.models import Certificate, Enrolment, User
from app.personal_data import (carry_out_deletion, needs_privacy_ack, pending_requests, personal_data_text,
                               request_deletion)
from app.trainer.access import AccessError, check_learner
from app.trainer.enrolment import enrol_file, enrol_one, resolve_conflict
from tests.trainer_data import data  # noqa: F401,F811 - pytest fixtures

PASS = "bánh đa cua 7 giờ"


def test_signup_with_spaces_and_enrolment_without_are_one_account(session, data):
    lan = sign_up(session, "lan.tu.dang.ky", PASS, "Vũ Thị Lan", "learner", phone="0983 888 001")
    before = session.query(User).count()
    row = enrol_one(session, data["gv"], data["class_a"], "Vũ Thị Lan", phone="0983888001", notice_given=True)
    assert session.query(User).count() == before  # no second account
    assert (row.status, row.username) == ("invited", "lan.tu.dang.ky")
    with pytest.raises(AccessError):  # knowing the phone gives the trainer nothing yet
        check_learner(session, data["gv"], lan.id)
    (invitation,) = pending_invitations(session, lan.id)
    assert invitation.class_name == "Lớp A"
    answer_invitation(session, lan.id, invitation.id, accept=True)
    check_learner(session, data["gv"], lan.id)
    assert pending_invitations(session, lan.id) == []


def test_learner_of_another_trainer_needs_consent_or_an_admin(session, data):
    row = enrol_one(session, data["gv2"], data["class_b"], "Nguyễn Văn An", phone="0912 000 001")
    assert row.status == "invited" and not row.password
    with pytest.raises(AccessError):
        check_learner(session, data["gv2"], data["an"])
    answer_invitation(session, data["an"], pending_invitations(session, data["an"])[0].id, accept=False)
    with pytest.raises(AccessError):
        check_learner(session, data["gv2"], data["an"])
    assert enrol_one(session, data["admin"], data["class_b"], "Nguyễn Văn An", phone="0912000001").status == "existing"


def test_known_phone_with_another_name_is_flagged_for_the_trainer(session, data):
    csv = "Họ và tên,Số điện thoại\nLê Văn Bố,0912.000.002\n"  # binh's phone, another person (her father)
    report = enrol_file(session, data["gv"], data["class_a"], csv.encode(), "ds.csv", notice_given=True)
    (row,) = report.conflicts
    assert row.status == "conflict" and row.username == "binh" and "quyết định" in report.summary()
    new = resolve_conflict(session, data["gv"], data["class_a"], row, same_person=False, notice_given=True)
    assert new.status == "created" and new.username != "binh" and new.password
    assert session.scalar(select(User).where(User.username == new.username)).phone == "0912000002"
    same = resolve_conflict(session, data["gv"], data["class_a"], row, same_person=True)
    assert (same.status, same.username) == ("already", "binh")


def test_reset_password_by_own_trainer_or_admin(session, data):
    an = session.get(User, data["an"])
    token = login_sessions.open_session(session, an.id)
    for _ in range(ACCOUNT_LIMIT):
        log_in_attempt(session, "an", "sai")
    with pytest.raises(AccessError):
        reset_password(session, data["gv2"], an.id)  # not gv2's learner
    with pytest.raises(AccessError):
        reset_password(session, data["gv"], data["gv2"].id)  # a trainer resets learners only
    slip = reset_password(session, data["gv"], an.id)
    assert an.must_change_password and login_sessions.resolve(session, token) is None
    assert log_in_attempt(session, "an", slip.password).code == "ok"  # the pause is lifted too
    assert password_slip_pdf([slip]).startswith(b"%PDF")
    assert reset_password(session, data["admin"], data["gv2"].id).username == "gv2"


def test_admin_sees_real_state_and_lock_ends_sessions(session, data):
    dung = session.get(User, data["dung"])
    token = login_sessions.open_session(session, dung.id)
    set_active(session, data["admin"].id, dung.id, False)
    state = next(a for a in account_states(session) if a.id == dung.id)
    assert not state.active and state.status_label == "Đã khóa"
    assert login_sessions.resolve(session, token) is None
    with pytest.raises(AuthError):
        set_active(session, data["admin"].id, data["admin"].id, False)


def test_enrolled_learner_confirms_notice_and_gets_their_data(session, data):
    an = session.get(User, data["an"])
    an.phone = "0912000001"
    assert needs_privacy_ack(session, an.id)
    text = personal_data_text(session, an.id).decode("utf-8-sig")
    for expected in ("Nguyễn Văn An", "0912000001", "Lớp A", "t01-lam-quen", "BD-TEST-0001", "91/2025/QH15"):
        assert expected in text


def test_deletion_request_carried_out_by_admin_keeps_certificate_verifiable(session, data):
    an = session.get(User, data["an"])
    cert = session.scalar(select(Certificate).where(Certificate.user_id == an.id))
    cert.code = "BDHAI-7KQ3-M9XP"
    request = request_deletion(session, an.id, "Tôi chuyển đi nơi khác")
    assert [r.id for r in pending_requests(session)] == [request.id]
    with pytest.raises(AccessError):
        carry_out_deletion(session, data["gv"], request.id)
    carry_out_deletion(session, data["admin"], request.id)
    assert pending_requests(session) == []
    assert an.full_name != "Nguyễn Văn An" and an.phone is None and not an.active
    assert not session.scalar(select(Enrolment.id).where(Enrolment.user_id == an.id))
    assert verify(session, "BDHAI-7KQ3-M9XP").full_name == "Nguyễn Văn An"


def test_cli_reset_password_prints_a_slip(sqlite_url, tmp_path, capsys):
    from app.cli import main
    from app.db import session_scope
    from app.auth import create_user
    with session_scope(sqlite_url) as s:
        create_user(s, "quen.mat.khau", "123456", "Người Quên", "business")
    assert main(["reset-password", "quen.mat.khau", "--slip", str(tmp_path / "phieu.pdf")]) == 0
    password = capsys.readouterr().out.split("mật khẩu dùng một lần: ")[1].split()[0]
    with session_scope(sqlite_url) as s:
        outcome = log_in_attempt(s, "quen.mat.khau", password)
        assert outcome.code == "ok" and outcome.user.must_change_password
    assert (tmp_path / "phieu.pdf").read_bytes().startswith(b"%PDF")
    assert main(["reset-password", "khong.co.ai"]) == 2
