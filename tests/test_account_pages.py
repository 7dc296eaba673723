"""Issue 13 pages (AppTest): one-time passwords changed before any page, notice confirmed, invitations,
login messages, the admin page's real state and confirmations, preferences kept per user, dead ends."""
import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from app.auth import create_user, log_in_attempt
from app.db import session_scope
from app.models import ClassInvitation, Classroom, Enrolment, User
from app.navigation import PAGES_DIR
from app.ui.session import CurrentUser

MAIN = PAGES_DIR.parent / "main.py"
NEW_PASSWORD = "cà phê sáng 7 giờ"


def _app(user=None, page="home.py"):
    at = AppTest.from_file(str(MAIN), default_timeout=30)
    if user is not None:
        at.session_state["user"] = user
    at.switch_page(f"views/{page}")
    return at.run()


def _texts(at) -> str:
    return " ".join([m.value for m in at.markdown] + [t.value for t in at.title] + [w.value for w in at.warning]
                    + [e.value for e in at.error] + [s.value for s in at.success] + [i.value for i in at.info])


@pytest.fixture
def people(sqlite_url):
    with session_scope(sqlite_url) as s:
        trainer = create_user(s, "gv.a", "123456", "Giảng Viên", "trainer")
        admin = create_user(s, "quantri", "123456", "Quản Trị", "admin")
        fresh = create_user(s, "0912000001", "motlan123", "Học Viên Mới", "learner", must_change_password=True)
        other = create_user(s, "hv.khac", "123456", "Học Viên Khác", "learner")
        classroom = Classroom(name="Lớp A", trainer_id=trainer.id)
        s.add(classroom)
        s.flush()
        s.add(Enrolment(class_id=classroom.id, user_id=fresh.id, notice_given=True))
        s.add(ClassInvitation(class_id=classroom.id, user_id=other.id, invited_by=trainer.id))
        return {u.username: CurrentUser.of(u) for u in (trainer, admin, fresh, other)} | {"class": classroom.id}


def test_one_time_password_must_be_changed_before_any_page(people):
    fresh = people["0912000001"]
    for page in ("learn_course.py", "home.py", "account.py"):
        at = _app(fresh, page)
        assert at.title[0].value == "Đặt mật khẩu mới", page
        assert not any("Khóa học" in t.value for t in at.title)
    form = at.text_input
    form[0].input("motlan123")
    form[1].input("12345678")
    form[2].input("12345678")
    at.get("form_submit_button")[0].click()
    at.run()
    assert any("phổ biến" in e.value for e in at.error)  # the policy holds here too
    at.text_input[0].input("motlan123")
    at.text_input[1].input(NEW_PASSWORD)
    at.text_input[2].input(NEW_PASSWORD)
    at.get("form_submit_button")[0].click()
    at.run()
    # next gate: the learner enrolled by a trainer confirms the personal-data notice
    assert "dữ liệu cá nhân" in at.title[0].value.lower()
    at.button(key="privacy-ack").click()
    at.run()
    assert not at.exception and at.title[0].value == "Tài khoản của tôi"  # the page asked for at last
    with session_scope() as s:
        row = s.scalar(select(User).where(User.username == "0912000001"))
        assert not row.must_change_password and row.privacy_ack_at is not None and row.auth_epoch == 1


def test_other_sessions_end_after_a_password_change(people):
    fresh = people["0912000001"]  # a CurrentUser with the old epoch, as in another browser
    with session_scope() as s:
        row = s.scalar(select(User).where(User.username == "0912000001"))
        row.auth_epoch += 1
    at = _app(fresh, "learn_course.py")
    assert "user" not in at.session_state and any("đăng nhập lại" in e.value for e in at.error)


def test_invitation_is_answered_by_the_learner(people):
    at = _app(people["hv.khac"], "learn_course.py")
    assert at.title[0].value == "Lời mời vào lớp" and "Lớp A" in _texts(at)
    at.button(key=[b.key for b in at.button if b.key and b.key.startswith("inv-yes")][0]).click()
    at.run()
    with session_scope() as s:
        assert s.scalar(select(Enrolment.id).where(Enrolment.user_id == people["hv.khac"].id))


def test_login_page_explains_locked_throttled_and_forgotten(people):
    with session_scope() as s:
        s.scalar(select(User).where(User.username == "hv.khac")).active = False
    at = _app(page="login.py")
    assert any("Quên mật khẩu" in e.label for e in at.expander)
    at.text_input[0].input("hv.khac")
    at.text_input[1].input("123456")
    at.get("form_submit_button")[0].click()
    at.run()
    assert any("bị khóa" in e.value and "quản trị viên" in e.value for e in at.error)
    with session_scope() as s:
        for _ in range(5):
            log_in_attempt(s, "gv.a", "sai")
    at.text_input[0].input("gv.a")
    at.text_input[1].input("123456")
    at.get("form_submit_button")[0].click()
    at.run()
    assert any("phút" in e.value and "đặt lại mật khẩu" in e.value for e in at.error)


def test_signup_needs_consent_and_a_real_phone(sqlite_url):
    at = _app(page="login.py")
    full_name, username, password, phone = at.text_input[2:6]  # the sign-up tab (after login name, password)
    full_name.input("Vũ Thị Lan")
    username.input("lan.vu")
    password.input(NEW_PASSWORD)
    phone.input("abc")
    at.get("form_submit_button")[1].click()
    at.run()
    assert any("dữ liệu cá nhân" in e.value for e in at.error)
    at.checkbox[-1].check()
    at.get("form_submit_button")[1].click()
    at.run()
    assert any("ví dụ" in e.value for e in at.error)
    with session_scope() as s:
        assert s.scalar(select(User).where(User.username == "lan.vu")) is None


def test_admin_sees_real_state_and_confirms_each_change(people):
    with session_scope() as s:
        s.scalar(select(User).where(User.username == "hv.khac")).active = False
    at = _app(people["quantri"], "admin_users.py")
    table = at.dataframe[0].value
    assert table.loc[table["Tên đăng nhập"] == "hv.khac", "Trạng thái"].item() == "Đã khóa"
    assert not table.isna().any().any()
    at.selectbox(key="target").set_value(people["hv.khac"].id).run()
    assert "Đã khóa" in _texts(at)
    assert [b.key for b in at.button if b.key in ("lock", "unlock")] == ["unlock"]  # the action that fits the state
    at.button(key="unlock").click().run()
    with session_scope() as s:  # nothing changes before the confirmation
        assert not s.scalar(select(User).where(User.username == "hv.khac")).active
    at.button(key="confirm-yes").click().run()
    with session_scope() as s:
        assert s.scalar(select(User).where(User.username == "hv.khac")).active
    at.selectbox(key="target").set_value(people["0912000001"].id).run()
    at.button(key="reset").click().run()
    at.button(key="confirm-yes").click().run()
    assert "Phiếu mật khẩu" in _texts(at) and any(b.label.startswith("In phiếu") for b in at.get("download_button"))


def test_admin_page_lists_pending_deletion_requests(people):
    from app.personal_data import request_deletion
    with session_scope() as s:
        request_deletion(s, people["hv.khac"].id)
    at = _app(people["quantri"], "admin_users.py")
    assert any("đang chờ (1)" in h.value for h in at.subheader)
    at.button(key=[b.key for b in at.button if b.key and b.key.startswith("erase-")][0]).click().run()
    at.button(key="confirm-yes").click().run()
    with session_scope() as s:
        assert not s.get(User, people["hv.khac"].id).active


def test_large_text_is_kept_with_the_account(people):
    at = _app(people["hv.khac"], "verify.py")
    at.toggle(key="large_text").set_value(True).run()
    with session_scope() as s:
        assert s.get(User, people["hv.khac"].id).prefs == {"large_text": True}
    at = _app(page="login.py")  # another browser: logging in brings the preference back
    at.text_input[0].input("hv.khac")
    at.text_input[1].input("123456")
    at.get("form_submit_button")[0].click()
    at.run()
    at.run()  # the page after login
    assert at.session_state["large_text"] is True and at.toggle(key="large_text").value is True


def test_logged_out_visitor_gets_a_way_to_log_in(sqlite_url):
    at = _app(page="learn_course.py")
    assert any("đăng nhập" in w.value for w in at.warning)
    links = [link.label for link in at.get("page_link")]
    assert "Đăng nhập / Đăng ký" in links and "Về trang chủ" in links


def test_account_page_downloads_data_and_requests_deletion(people):
    at = _app(people["gv.a"], "account.py")
    (download,) = [b for b in at.get("download_button") if "dữ liệu" in b.label]
    at.checkbox[-1].check()
    at.get("form_submit_button")[-1].click()
    at.run()
    assert any("Đã gửi yêu cầu" in s.value for s in at.success)
