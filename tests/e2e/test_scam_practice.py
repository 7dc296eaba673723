"""The scam and deepfake practice (module 3, right after module 2) and the practice forms in real Chromium:
a learner sorts simulated calls, Zalo messages, links and QR codes, reads the feedback on each, picks
where to report, writes how the family agreed its safe word, and hands in; a checklist takes a note and
a screenshot as evidence. Runs on the real course with the demo data.
"""
import io
import os

import pytest
from PIL import Image
from playwright.sync_api import expect

from app.db import session_scope
from app.demo import ACCOUNTS
from app.learning.catalog import COURSES_DIR, VERDICTS, load_catalog_from
from app.learning.progress import complete_lesson, exercise_artifact
from app.learning.quiz import correct_answers, draw, submit_quiz
from app.models import User
from tests.e2e.conftest import create_demo_data, login, open_page, screenshot, serve_app, wait_idle

pytestmark = pytest.mark.e2e
CATALOG = load_catalog_from(COURSES_DIR)
SCAM_MODULE = CATALOG.modules[2]
SELLING = CATALOG.module("m03-ai-cho-ban-hang")
FINISHED = next(a for a in ACCOUNTS if a.username == "hocvien1")  # demo: modules 1 and 2 done
BEGINNER = next(a for a in ACCOUNTS if a.username == "hocvien2")  # demo: midway through module 1


@pytest.fixture(scope="module")
def course_app(tmp_path_factory):
    data = tmp_path_factory.mktemp("scam-e2e")
    db_url = f"sqlite:///{data / 'e2e.db'}"
    env = {**os.environ, "BINHDAN_DATA_DIR": str(data), "BINHDAN_DATABASE_URL": db_url,
           "BINHDAN_COURSES_DIR": str(COURSES_DIR), "PYTHONUNBUFFERED": "1"}
    create_demo_data(env)
    with session_scope(db_url) as s:  # the finished learner has also read module 3; the beginner all of module 1
        finished = s.query(User).filter_by(username=FINISHED.username).one()
        for lesson in SCAM_MODULE.lessons:
            complete_lesson(s, finished.id, CATALOG, lesson)
        shown = [q.id for q in draw(SCAM_MODULE.quiz, 1)]
        submit_quiz(s, finished.id, CATALOG, SCAM_MODULE, correct_answers(SCAM_MODULE.quiz, shown), shown=shown)
        for lesson in SELLING.lessons[:2]:
            complete_lesson(s, finished.id, CATALOG, lesson)
        beginner = s.query(User).filter_by(username=BEGINNER.username).one()
        for lesson in CATALOG.modules[0].lessons:
            complete_lesson(s, beginner.id, CATALOG, lesson)
    with serve_app(env) as url:
        yield url, db_url


def item_block(page, item_id: str):
    return page.locator(f".st-key-scam-{item_id}")


def test_learner_sorts_scams_gets_feedback_and_hands_in(page, course_app):
    base_url, db_url = course_app
    exercise = SCAM_MODULE.exercise
    login(page, base_url, FINISHED.username, FINISHED.password)
    open_page(page, base_url, f"learn_practice?module={SCAM_MODULE.id}")
    expect(page.get_by_role("heading", name=f"Thực hành: {exercise.title}")).to_be_visible()
    for item in exercise.items:  # nothing is chosen for the learner
        expect(item_block(page, item.id).locator("input[type=radio]:checked")).to_have_count(0)

    page.get_by_role("button", name="Ghi nhận đã làm bài thực hành").click()
    wait_idle(page)
    error = page.locator('[data-testid="stAlert"]').filter(has_text="Bài thực hành còn thiếu")
    expect(error).to_be_visible()
    expect(error.locator("li")).to_have_count(len(exercise.items) + 2)  # one line per missing item

    for item in exercise.items:  # everything "Thật": most of them wrong
        item_block(page, item.id).get_by_text(VERDICTS["that"], exact=True).click()
        wait_idle(page)
    page.get_by_role("button", name="Xem kết quả").click()
    wait_idle(page)
    wrong = [i for i in exercise.items if i.answer != "that"]
    for item in wrong:
        expect(item_block(page, item.id).get_by_text("Chưa đúng", exact=False)).to_be_visible()
    screenshot(page, "scam-practice-feedback")

    for item in wrong:
        item_block(page, item.id).get_by_text(VERDICTS[item.answer], exact=True).click()
        wait_idle(page)
    for item in exercise.items:
        expect(item_block(page, item.id).get_by_text("Đúng:", exact=False)).to_be_visible()
    for choice in exercise.report_choices:
        if choice.correct:
            page.get_by_text(choice.text, exact=True).click()
            wait_idle(page)
    page.get_by_label("Bạn đã thống nhất mật khẩu gia đình", exact=False).fill(
        "Cả nhà thống nhất trong bữa cơm tối Chủ nhật, nói trực tiếp, không nhắn tin.")
    page.get_by_role("button", name="Ghi nhận đã làm bài thực hành").click()
    wait_idle(page)
    expect(page.get_by_text("Đã ghi nhận bài thực hành")).to_be_visible()
    expect(page.get_by_role("link", name="Việc tiếp theo", exact=False)).to_be_visible()
    screenshot(page, "scam-practice-done")
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, base_url, f"learn_practice?module={SCAM_MODULE.id}")  # on a phone, the saved work comes back
    expect(page.get_by_text("Bạn đã làm bài thực hành này", exact=False)).to_be_visible()
    expect(item_block(page, exercise.items[0].id).locator("input[type=radio]:checked")).to_have_count(1)
    screenshot(page, "scam-practice-phone")

    with session_scope(db_url) as s:
        user = s.query(User).filter_by(username=FINISHED.username).one()
        saved = exercise_artifact(s, user.id, SCAM_MODULE)
    assert saved["sorted"] == {i.id: i.answer for i in exercise.items}
    assert set(saved["reports"]) == {c.id for c in exercise.report_choices if c.correct}
    assert "bữa cơm" in saved["safe_word_plan"]


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 80), "#cde").save(out, format="PNG")
    return out.getvalue()


def test_a_checklist_takes_a_note_and_a_screenshot(page, course_app):
    base_url, db_url = course_app
    module = CATALOG.modules[0]
    login(page, base_url, BEGINNER.username, BEGINNER.password)
    open_page(page, base_url, f"learn_practice?module={module.id}")
    for item in module.exercise.checklist:
        page.get_by_text(item, exact=True).click()
        wait_idle(page)
    page.get_by_role("button", name="Ghi nhận đã làm bài thực hành").click()
    wait_idle(page)
    error = page.locator('[data-testid="stAlert"]').filter(has_text="Bài thực hành còn thiếu")
    expect(error.locator("li")).to_have_count(2)  # the note and the screenshot
    page.get_by_label("Một lần AI đoán sai", exact=False).fill("Bàn phím gợi ý “nhãn lông” thay cho “nhãn lồng”.")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": "man-hinh.png", "mimeType": "image/png", "buffer": png()}])
    wait_idle(page)
    page.get_by_role("button", name="Ghi nhận đã làm bài thực hành").click()
    wait_idle(page)
    expect(page.get_by_text("Đã ghi nhận bài thực hành")).to_be_visible()
    screenshot(page, "practice-checklist-evidence")
    with session_scope(db_url) as s:
        user = s.query(User).filter_by(username=BEGINNER.username).one()
        saved = exercise_artifact(s, user.id, module)
    assert saved["screenshot"].endswith("-screenshot.png") and os.path.getsize(saved["screenshot"]) > 0
    assert "nhãn lông" in saved["wrong_guess"]


def test_a_legal_lesson_shows_its_sources_date_and_glossary(page, course_app):
    base_url, _ = course_app
    login(page, base_url, FINISHED.username, FINISHED.password)
    open_page(page, base_url, "learn_lesson?lesson=m03-l03-luat-quang-cao")
    expect(page.get_by_text("Căn cứ pháp lý của bài")).to_be_visible()
    expect(page.get_by_text("Luật sửa đổi, bổ sung một số điều của Luật Quảng cáo số 75/2025/QH15", exact=False)).to_be_visible()
    expect(page.get_by_text("Cập nhật nội dung pháp luật: 27/11/2026", exact=False)).to_be_visible()
    page.get_by_text("Từ cần biết trong bài", exact=False).click()
    expect(page.get_by_text("Nhãn AI:", exact=False)).to_be_visible()
    page.get_by_text("Căn cứ pháp lý của bài").scroll_into_view_if_needed()
    screenshot(page, "lesson-legal-sources")


def test_the_quiz_shows_six_questions_of_the_bank_on_a_phone(page, course_app):
    base_url, _ = course_app
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, base_url, FINISHED.username, FINISHED.password)
    open_page(page, base_url, f"learn_quiz?module={SCAM_MODULE.id}")
    expect(page.get_by_text("Mỗi lần làm, máy chọn 6 câu mới", exact=False)).to_be_visible()
    expect(page.locator('[data-testid="stForm"] [class*="st-key-question-"]')).to_have_count(6)
    screenshot(page, "quiz-bank-phone")
