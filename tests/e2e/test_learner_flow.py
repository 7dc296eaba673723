"""A learner in real Chromium: reads a lesson, marks it studied, fails then passes the quiz, does the
exercise, sees the map update; a finished learner downloads a certificate that anyone can verify.

Runs on the small fixture course (tests/fixtures/courses) through BINHDAN_COURSES_DIR, in its own app.
"""
import os
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.db import session_scope
from app.demo import ACCOUNTS
from app.learning.catalog import load_catalog_from
from app.models import QuizAttempt, User
from tests.e2e.conftest import create_demo_data, login, screenshot, serve_app, wait_idle
from tests.learning_fixtures import FIXTURE_COURSES

pytestmark = pytest.mark.e2e
CATALOG = load_catalog_from(FIXTURE_COURSES)
MODULE = CATALOG.modules[0]
LEARNER = next(a for a in ACCOUNTS if a.username == "hocvien3")  # demo: has only opened lesson 1


@pytest.fixture(scope="module")
def course_app(tmp_path_factory):
    data = tmp_path_factory.mktemp("learner-e2e")
    env = {**os.environ, "BINHDAN_DATA_DIR": str(data), "BINHDAN_DATABASE_URL": f"sqlite:///{data / 'e2e.db'}",
           "BINHDAN_COURSES_DIR": str(FIXTURE_COURSES), "PYTHONUNBUFFERED": "1"}
    create_demo_data(env)
    with serve_app(env) as url:
        yield url, env["BINHDAN_DATABASE_URL"]


def answer_quiz(page, right: bool) -> None:
    """Fill the form: every correct option, or for each question one wrong option."""
    form = page.locator('[data-testid="stForm"]')
    for q in MODULE.quiz.questions:
        chosen = [o for o in q.options if o.correct] if right else [next(o for o in q.options if not o.correct)]
        block = form.locator(f".st-key-question-{q.id}")
        for option in chosen:
            block.get_by_text(option.text, exact=True).click()
    form.get_by_role("button", name="Nộp bài").click()
    wait_idle(page)


def test_learner_reads_fails_passes_and_sees_progress(page, course_app):
    base_url, db_url = course_app
    login(page, base_url, LEARNER.username, LEARNER.password)
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Khóa học của tôi").click()
    expect(page.get_by_text("Bạn đã hoàn thành 0% khóa học")).to_be_visible()
    expect(page.get_by_role("link", name="Bài 2. AI quanh ta · 5 phút (chưa mở)")).to_be_visible()

    page.get_by_role("button", name="Tiếp tục học").click()  # resume: lesson 1
    expect(page.get_by_role("heading", name="AI là gì")).to_be_visible()
    expect(page.get_by_text("Trí tuệ nhân tạo (AI) là phần mềm học từ rất nhiều ví dụ")).to_be_visible()
    expect(page.locator('[data-testid="stImage"] img')).to_be_visible()  # the lesson's own picture
    screenshot(page, "learner-lesson")
    page.get_by_role("button", name="Đánh dấu đã học xong").click()
    expect(page.get_by_text("Bạn đã học xong bài này.")).to_be_visible()
    page.get_by_role("link", name="Bài tiếp theo: AI quanh ta").click()
    expect(page.get_by_role("heading", name="AI quanh ta")).to_be_visible()
    page.get_by_role("button", name="Đánh dấu đã học xong").click()
    page.get_by_role("link", name="Làm bài kiểm tra học phần “Làm quen với AI”").click()

    expect(page.get_by_role("heading", name="Bài kiểm tra")).to_be_visible()
    answer_quiz(page, right=False)
    expect(page.get_by_text("Chưa đạt: đúng 0/8 câu")).to_be_visible()
    wrong = MODULE.quiz.questions[0].options[1]
    expect(page.get_by_text(wrong.explanation)).to_be_visible()  # feedback explains the chosen option
    screenshot(page, "learner-quiz-failed")
    page.get_by_role("button", name="Làm lại (đổi thứ tự câu hỏi)").click()
    wait_idle(page)
    answer_quiz(page, right=True)
    expect(page.get_by_text("Đạt: đúng 8/8 câu")).to_be_visible()
    screenshot(page, "learner-quiz-passed")

    page.get_by_role("link", name=f"Làm bài thực hành: {MODULE.exercise.title}").click()
    expect(page.get_by_role("heading", name=f"Thực hành: {MODULE.exercise.title}")).to_be_visible()
    page.get_by_role("button", name="Ghi nhận đã làm bài thực hành").click()
    expect(page.get_by_text(f"Chưa đánh dấu: {MODULE.exercise.checklist[0]}")).to_be_visible()  # nothing ticked yet
    for item in MODULE.exercise.checklist:
        page.get_by_text(item, exact=True).click()
    page.get_by_role("button", name="Ghi nhận đã làm bài thực hành").click()
    expect(page.get_by_text("Đã ghi nhận bài thực hành.")).to_be_visible()
    expect(page.get_by_role("link", name="Việc tiếp theo")).to_be_visible()  # the way on is offered
    wait_idle(page)  # the next-step link is drawn above: click only once the layout has settled

    page.get_by_role("link", name="Về bản đồ khóa học").click()
    expect(page.get_by_text("Bạn đã hoàn thành 50% khóa học")).to_be_visible()  # 4 of 8 steps
    expect(page.get_by_text("2/2 bài · kiểm tra: đạt · thực hành: xong · 100%")).to_be_visible()
    expect(page.get_by_role("link", name="Bài 1. Giữ bí mật thông tin · 5 phút")).to_be_visible()  # module 2 open
    screenshot(page, "learner-course-after-quiz")

    with session_scope(db_url) as s:
        user_id = s.scalar(select(User.id).where(User.username == LEARNER.username))
        attempts = s.scalars(select(QuizAttempt).where(QuizAttempt.user_id == user_id)
                             .order_by(QuizAttempt.submitted_at)).all()
        assert [(a.passed, a.score) for a in attempts] == [(False, 0.0), (True, 1.0)]


def test_finished_learner_gets_a_pdf_and_anyone_can_verify_it(page, course_app, browser):
    base_url, _ = course_app
    finished = next(a for a in ACCOUNTS if a.username == "hocvien1")  # demo: finished both fixture modules
    login(page, base_url, finished.username, finished.password)
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Chứng chỉ", exact=True).click()
    page.get_by_role("button", name="Nhận chứng chỉ").click()
    expect(page.get_by_text(f"Chứng chỉ của {finished.full_name}")).to_be_visible()
    alert = page.locator('[data-testid="stAlert"]').filter(has_text="Chứng chỉ của").inner_text()
    code = re.search(r"BDHAI-\w{4}-\w{4}", alert).group(0)
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải chứng chỉ (PDF)").click()
    assert download.value.suggested_filename == f"chung-chi-{code}.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    screenshot(page, "learner-certificate")

    visitor = browser.new_page()  # no login: the QR code's link
    visitor.goto(f"{base_url}/verify?code={code}")
    expect(visitor.get_by_text("Chứng chỉ hợp lệ.")).to_be_visible()
    expect(visitor.get_by_text(finished.full_name)).to_be_visible()
    visitor.goto(f"{base_url}/verify?code=BDHAI-2222-3333")
    expect(visitor.get_by_text("Không tìm thấy chứng chỉ có mã “BDHAI-2222-3333”")).to_be_visible()
    visitor.close()
