"""A trainer creates a class and enrols learners from a CSV, a learner progresses, the dashboard shows it."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.db import session_scope
from app.demo import ACCOUNTS
from app.learning.catalog import load_catalog
from app.models import LessonProgress, QuizAnswer, QuizAttempt, User, utcnow
from tests.e2e.conftest import IDLE, create_class, go_to, login, screenshot, wait_idle

pytestmark = pytest.mark.e2e
ACCOUNT = {a.role: a for a in ACCOUNTS}
CLASS = "Lớp thử nghiệm — Tổ dân phố 7"
ROSTER = ("Họ và tên,Số điện thoại,Nhóm\n"
          "Vũ Thị Hằng,0977 111 222,Tổ dân phố 7\n"
          "Lý Văn Tài,0977111333,Tổ dân phố 7\n"
          "Thiếu Số,,Tổ dân phố 7\n")


def metric(page, label: str):
    return page.get_by_test_id("stMetric").filter(has_text=label)


def record_progress(db_url: str, phone: str) -> None:
    """What the learner side writes when a learner finishes the first lesson and passes the first quiz."""
    module = load_catalog().modules[0]
    with session_scope(db_url) as s:
        learner = s.scalar(select(User).where(User.phone == phone))
        now = utcnow()
        s.add(LessonProgress(user_id=learner.id, module_id=module.id, lesson_id=module.lessons[0].id,
                             first_viewed_at=now - timedelta(minutes=30), last_viewed_at=now, completed_at=now))
        attempt = QuizAttempt(user_id=learner.id, module_id=module.id, score=1.0, passed=True, submitted_at=now)
        attempt.answers = [QuizAnswer(question_id=q.id, chosen=",".join(sorted(q.correct_ids)), correct=True)
                           for q in module.quiz.questions]
        s.add(attempt)


def test_trainer_enrols_a_class_and_sees_a_learner_progress(page, app_server, app_env, tmp_path):
    trainer = ACCOUNT["trainer"]
    login(page, app_server, trainer.username, trainer.password)
    create_class(page, CLASS)

    roster = tmp_path / "danh-sach.csv"
    roster.write_bytes(ROSTER.encode("utf-8-sig"))
    page.get_by_role("tab", name="Ghi danh từ tệp CSV/Excel").click()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(roster))
    expect(page.get_by_text("Xem trước: 2 dòng hợp lệ, 1 dòng cần sửa")).to_be_visible()  # checked before enrolling
    expect(page.get_by_role("button", name="Ghi danh 2 dòng hợp lệ")).to_be_disabled()  # notice not yet confirmed
    page.get_by_role("tabpanel", name="Ghi danh từ tệp CSV/Excel").get_by_text("Tôi đã đọc (hoặc đưa) thông báo").click()
    page.get_by_role("button", name="Ghi danh 2 dòng hợp lệ").click()
    expect(page.get_by_text("Đã ghi danh 2 học viên (2 tài khoản mới), 0 đã có trong lớp, 1 dòng lỗi.")).to_be_visible()
    expect(page.get_by_role("button", name="In phiếu ghi danh (PDF)")).to_be_visible()
    screenshot(page, "trainer-enrolment-report")

    record_progress(app_env["BINHDAN_DATABASE_URL"], "0977111222")

    go_to(page, "Bảng theo dõi lớp")
    expect(page.get_by_role("combobox", name="Lớp")).to_have_value(f"{CLASS} — 2 học viên")
    for label, value in (("Học viên", "2"), ("Học 7 ngày", "1"), ("Đạt kiểm tra", "100%")):
        expect(metric(page, label).get_by_test_id("stMetricValue")).to_have_text(value)
    page.get_by_role("tab", name="Cần hỗ trợ").click()
    expect(page.get_by_role("heading", name="Không học quá 7 ngày (1 học viên)")).to_be_visible()  # Lý Văn Tài never started
    screenshot(page, "trainer-dashboard-new-class")


def test_learner_cannot_open_trainer_pages(page, app_server):
    learner = ACCOUNT["learner"]
    login(page, app_server, learner.username, learner.password)
    nav = page.locator('[data-testid="stSidebar"]')
    expect(nav.get_by_role("link", name="Bảng theo dõi lớp")).to_have_count(0)
    for path in ("trainer_dashboard", "trainer_classes", "trainer_learner"):
        page.goto(f"{app_server}/{path}")
        page.wait_for_selector(IDLE)
        wait_idle(page)
        expect(page.get_by_text("Bạn không có quyền mở trang này.")).to_be_visible()
        expect(page.get_by_test_id("stMetric")).to_have_count(0)
