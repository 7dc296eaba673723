"""The trainer pages render the demo class without errors (Streamlit AppTest, server side)."""
import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from app.db import session_scope
from app.demo import create_demo
from app.models import User
from app.navigation import PAGES_DIR
from app.ui.session import CurrentUser


@pytest.fixture
def trainer(sqlite_url):
    create_demo(url=sqlite_url)
    with session_scope(sqlite_url) as s:
        u = s.scalar(select(User).where(User.username == "giangvien"))
        return CurrentUser.of(u)


def run(page: str, user: CurrentUser, **query) -> AppTest:
    at = AppTest.from_file(str(PAGES_DIR / page), default_timeout=60)
    at.session_state["user"] = user
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def test_dashboard_shows_the_demo_class(trainer, sqlite_url):
    at = run("trainer_dashboard.py", trainer)
    assert not at.exception
    values = {m.label: m.value for m in at.metric}
    assert values["Học viên"] == "12" and values["Tiến độ TB"].endswith("%")
    done, total = values["Hoàn thành"].split("/")
    assert total == "12" and int(done) == values["Chứng chỉ"] or int(done) >= 0
    assert any(h.value.startswith("Không học quá 7 ngày") for h in at.subheader)
    stuck = next(h.value for h in at.subheader if h.value.startswith("Đang vướng"))
    assert f"({values['Đang vướng']} học viên)" in stuck  # the metric and the list count the same people
    # "Cần hỗ trợ" (the tab and its metric) counts the stuck and the inactive, each learner once
    idle = next(h.value for h in at.subheader if h.value.startswith("Không học quá 7 ngày"))
    tab = next(t.label for t in at.tabs if t.label.startswith("Cần hỗ trợ"))
    assert tab == f"Cần hỗ trợ ({values['Cần hỗ trợ']})"
    n_stuck, n_idle = int(values["Đang vướng"]), int(idle.split("(")[1].split()[0])
    assert max(n_stuck, n_idle) <= int(values["Cần hỗ trợ"]) <= n_stuck + n_idle
    from app.learning.catalog import load_catalog
    from app.models import Classroom
    from app.trainer.access import StaffActor
    from app.trainer.analytics import class_dashboard
    with session_scope(sqlite_url) as s:
        o = class_dashboard(s, StaffActor(trainer.id, "trainer"), s.scalar(select(Classroom.id)), load_catalog()).overview
    assert (n_stuck, n_idle, int(values["Cần hỗ trợ"])) == (o.stuck, o.inactive, o.needs_help)
    assert o.needs_help > o.stuck  # the demo has idle learners who are not stuck: the two counts differ


def test_reminders_are_drafted_and_recorded(trainer, sqlite_url):
    from app.models import Reminder
    at = run("trainer_dashboard.py", trainer)
    at.button(key="remind_all").click().run()
    assert at.multiselect(key="remind_pick").value
    at.button(key="remind_draft").click().run()
    assert not at.exception and at.code and "Việc tiếp theo của bạn" in at.code[0].value
    n = len(at.code)
    at.button(key="remind_done").click().run()
    with session_scope(sqlite_url) as s:
        assert s.query(Reminder).count() == n
    assert not at.exception


def test_roster_page_edits_and_logs(trainer, sqlite_url):
    at = run("trainer_roster.py", trainer)
    assert not at.exception
    at.text_input(key="roster_search").input("nguyen").run()
    assert not at.exception
    person = at.selectbox(key="roster_person").value
    next(t for t in at.text_input if t.label == "Họ và tên").input("Nguyễn Văn Sửa Tên")
    next(b for b in at.button if b.label == "Lưu thay đổi").click().run()
    assert not at.exception, at.exception
    with session_scope(sqlite_url) as s:
        assert s.get(User, person).full_name == "Nguyễn Văn Sửa Tên"
    assert any("Đã lưu thay đổi" in m.value for m in at.success)


def test_attendance_and_certificates_pages(trainer):
    at = run("trainer_attendance.py", trainer)
    assert not at.exception
    at = run("trainer_certificates.py", trainer)
    assert not at.exception and {m.label for m in at.metric} >= {"Đã có chứng chỉ", "Sắp đủ"}


def test_learner_record_and_classes_pages(trainer):
    at = run("trainer_learner.py", trainer)
    assert not at.exception and {m.label for m in at.metric} >= {"Bài học xong", "Chứng chỉ"}
    at = run("trainer_classes.py", trainer)
    assert not at.exception and at.selectbox[0].value is not None


def test_learner_sees_class_notice_until_read_and_checks_in(trainer, sqlite_url):
    from datetime import date
    from app.models import Attendance, Classroom, Enrolment
    from app.trainer.access import StaffActor
    from app.trainer.attendance import add_session, open_checkin
    from app.trainer.outreach import post_announcement
    with session_scope(sqlite_url) as s:
        classroom = s.scalar(select(Classroom))
        learner = s.get(User, s.scalar(select(Enrolment.user_id).where(Enrolment.class_id == classroom.id)))
        post_announcement(s, StaffActor(trainer.id, "trainer"), classroom.id, "Thứ Bảy học ở nhà văn hóa.")
        meeting = add_session(s, StaffActor(trainer.id, "trainer"), classroom.id, date.today(), "Buổi 1")
        token = open_checkin(s, StaffActor(trainer.id, "trainer"), meeting.id).checkin_token
        me = CurrentUser.of(learner)
    at = run("home.py", me)
    assert not at.exception and any("Thứ Bảy học ở nhà văn hóa" in m.value for m in at.markdown)
    assert any(classroom.name in m.value for m in at.markdown)  # the learner sees their class and trainer
    next(b for b in at.button if b.label == "Đã đọc").click().run()
    assert not any("Thứ Bảy học ở nhà văn hóa" in m.value for m in at.markdown)
    at = run("checkin.py", me, ma=token)
    assert not at.exception and at.success
    at = run("checkin.py", me, ma="sai-ma")
    assert at.error
    with session_scope(sqlite_url) as s:
        assert s.scalar(select(Attendance.method).where(Attendance.user_id == me.id)) == "qr"


def test_class_picker_counts_a_learner_enrolled_in_this_run(trainer):
    """The picker is drawn before the enrolment form: after enrolling, its label must show the new count."""
    import re
    at = run("trainer_classes.py", trainer)
    picker = at.selectbox(key="classes_pick")
    before = int(re.search(r"(\d+) học viên", picker.options[picker.index]).group(1))
    next(t for t in at.text_input if t.label == "Họ và tên").input("Lê Thị Mới")
    next(t for t in at.text_input if t.label == "Số điện thoại").input("0912000111")
    at.checkbox(key="told_one").check()
    next(b for b in at.button if b.label == "Ghi danh").click().run()
    assert not at.exception
    picker = at.selectbox(key="classes_pick")
    assert int(re.search(r"(\d+) học viên", picker.options[picker.index]).group(1)) == before + 1
    assert any("0912000111" in m.value for m in at.success)  # the one-time login survives the rerun
