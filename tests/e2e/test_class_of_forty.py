"""A ward trainer runs a class of 40 in Chromium: enrol from a file, print slips, see who is stuck, remind
them, post a notice, review practice work, take attendance (QR), print the class's certificates, open every
export; a learner sees the notice and checks in by the QR link."""
import io
import json
import re
import zipfile
from datetime import datetime, timedelta, timezone

import openpyxl
import pandas as pd
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout, expect
from pypdf import PdfReader
from sqlalchemy import select

from app.auth import hash_password
from app.db import session_scope
from app.demo import ACCOUNTS
from app.learning.catalog import load_catalog
from app.models import (ClassSession, Classroom, Enrolment, ExerciseCompletion, LessonProgress, QuizAttempt, User,
                        utcnow)
from tests.e2e.conftest import create_class, go_to, login, screenshot, wait_idle
from tests.helpers import vi_sorted

pytestmark = pytest.mark.e2e
expect.set_options(timeout=30_000)  # a shared 2-core machine: pages with 40 learners take a few seconds
TRAINER = next(a for a in ACCOUNTS if a.role == "trainer")
CLASS = "Lớp AI cơ bản — Tổ dân phố 9"
SLUG = "lop-ai-co-ban-to-dan-pho-9"
FAMILY = ["Nguyễn", "Ngô", "Đặng", "Dương", "Vũ", "Trần", "Lê", "Âu"]
GIVEN = ["An", "Ánh", "Bình", "Hằng", "Hạnh"]
NAMES = [f"{f} Thị {g}" for f in FAMILY for g in GIVEN]  # 40 people
VN_TZ = timezone(timedelta(hours=7))


def roster_csv() -> bytes:
    rows = ["Họ và tên,Số điện thoại,Nhóm"] + [f"{n},09771{i:05d},Nhóm {i % 4 + 1}" for i, n in enumerate(NAMES)]
    return ("\n".join(rows) + "\n").encode("utf-8-sig")


def simulate_learning(db_url: str) -> dict:
    """What the learner side writes: 5 finish the course, 15 get stuck, 1 sends practice work to review."""
    catalog = load_catalog()
    now = utcnow()
    with session_scope(db_url) as s:
        ids = {u.full_name: u.id for u in s.scalars(select(User).where(User.phone.like("09771%")))}
        people = [ids[n] for n in NAMES]
        for uid in people[:5]:
            for lesson in catalog.lessons():
                s.add(LessonProgress(user_id=uid, module_id=lesson.module_id, lesson_id=lesson.id,
                                     first_viewed_at=now, last_viewed_at=now, completed_at=now))
            for m in catalog.modules:
                s.add(QuizAttempt(user_id=uid, module_id=m.id, score=1.0, passed=True, submitted_at=now))
                s.add(ExerciseCompletion(user_id=uid, module_id=m.id, exercise_id=m.exercise.id, completed_at=now,
                                         artifact={"checked": ["Đã làm"]}))
        first = catalog.modules[0]
        for uid in people[5:20]:  # opened the first lesson five days ago and never finished it
            s.add(LessonProgress(user_id=uid, module_id=first.id, lesson_id=first.lessons[0].id,
                                 first_viewed_at=now - timedelta(days=5), last_viewed_at=now - timedelta(days=5)))
        worker = people[20]
        for lesson in first.lessons:
            s.add(LessonProgress(user_id=worker, module_id=first.id, lesson_id=lesson.id, first_viewed_at=now,
                                 last_viewed_at=now, completed_at=now))
        s.add(QuizAttempt(user_id=worker, module_id=first.id, score=1.0, passed=True, submitted_at=now))
        s.add(ExerciseCompletion(user_id=worker, module_id=first.id, exercise_id=first.exercise.id, completed_at=now,
                                 artifact={"checked": ["Gõ một tin nhắn Zalo"]}))
        # one learner of the class gets a known password to log in as themselves
        me = s.get(User, people[21])
        me.password_hash, me.must_change_password = hash_password("hocvien-2026"), False
        me.privacy_ack_at = now  # the personal-data notice confirmed at an earlier login
        return {"people": people, "learner": me.username, "worker": NAMES[20]}


def download(page, button_name: str, exact: bool = False):
    """Click a download button and read the file. A rerun just before the click replaces the button's file
    (the old one is gone on the server): then the click is made once more on the new button."""
    for attempt in range(2):
        wait_idle(page)
        try:
            with page.expect_download(timeout=30_000) as info:
                page.get_by_role("button", name=button_name, exact=exact).click()
            break
        except PlaywrightTimeout:
            if attempt:
                raise
    d = info.value
    return d.suggested_filename, open(d.path(), "rb").read()


def test_a_trainer_runs_a_class_of_forty(page, browser, app_server, app_env, tmp_path):
    db = app_env["BINHDAN_DATABASE_URL"]
    page.set_viewport_size({"width": 1366, "height": 768})
    login(page, app_server, TRAINER.username, TRAINER.password)
    create_class(page, CLASS)
    roster = tmp_path / "danh-sach-40.csv"
    roster.write_bytes(roster_csv())
    page.get_by_role("tab", name="Ghi danh từ tệp CSV/Excel").click()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(roster))
    expect(page.get_by_text("Xem trước: 40 dòng")).to_be_visible()
    page.get_by_role("tabpanel", name="Ghi danh từ tệp CSV/Excel").get_by_text(
        "Tôi đã đọc (hoặc đưa) thông báo").click()  # the personal-data notice was given
    page.get_by_role("button", name="Ghi danh các dòng này").click()
    expect(page.get_by_text(re.compile(r"Đã ghi danh 40 học viên"))).to_be_visible(timeout=60_000)
    name, slips = download(page, "In phiếu ghi danh (PDF)")
    assert len(PdfReader(io.BytesIO(slips)).pages) == 5  # 8 cut-out cards per A4 page

    data = simulate_learning(db)

    go_to(page, "Bảng theo dõi lớp")
    expect(page.get_by_role("combobox", name="Lớp")).to_have_value(f"{CLASS} — 40 học viên")
    metric = lambda label: page.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")  # noqa: E731
    expect(metric("Hoàn thành")).to_have_text("5/40")
    expect(metric("Đang vướng")).to_have_text("15")
    page.get_by_role("tab", name=re.compile("Cần hỗ trợ")).click()
    expect(page.get_by_role("heading", name="Đang vướng (15 học viên)")).to_be_visible()
    page.get_by_role("button", name="Chọn tất cả người cần hỗ trợ").click()
    wait_idle(page)
    page.get_by_role("button", name="Soạn tin nhắc").click()
    wait_idle(page)
    done = page.get_by_role("button", name=re.compile(r"Đã nhắc \d+ học viên"))
    expect(done).to_be_visible(timeout=30_000)
    done.scroll_into_view_if_needed()
    screenshot(page, "class40-reminders-cards")
    assert page.evaluate("() => document.body.innerText.includes('Việc tiếp theo của bạn')")
    done.click()
    expect(page.get_by_text("Đã ghi lại lần nhắc").first).to_be_visible(timeout=30_000)
    page.get_by_role("tab", name="Thông báo").click()
    page.get_by_label("Thông báo mới").fill("Thứ Bảy lớp học ở nhà văn hóa tổ 9, 8 giờ sáng.")
    page.get_by_role("button", name="Đăng thông báo").click()
    expect(page.get_by_text("Đã đăng thông báo.")).to_be_visible()

    # every export: names carry the class and the date; contents read back
    page.get_by_role("tab", name="Xuất báo cáo").click()
    today = datetime.now(VN_TZ).strftime("%d-%m-%Y")
    files = {}
    for label in ("Bảng học viên (CSV)", "Báo cáo đầy đủ (Excel)", "Tóm tắt in (PDF)", "xAPI (JSON)",
                  "Mọi lượt làm bài (CSV)"):
        name, content = download(page, label)
        assert SLUG in name and today in name, name
        files[label] = content
    csv = pd.read_csv(io.BytesIO(files["Bảng học viên (CSV)"]), encoding="utf-8-sig", dtype=str)
    groups = csv.groupby("Nhóm", sort=False)["Họ và tên"].apply(list)
    assert all(names == vi_sorted(names) for names in groups)  # Vietnamese order in each group
    assert (csv["Hoàn thành khóa học"] == "Hoàn thành").sum() == 5
    assert csv["Ngày ghi danh"].str.fullmatch(r"\d\d/\d\d/\d{4}").all()
    book = pd.read_excel(io.BytesIO(files["Báo cáo đầy đủ (Excel)"]), sheet_name=None)
    assert len(book["Đang vướng"]) == 15 and set(book["Lượt làm bài"]["Kết quả"]) == {"Đạt"}
    assert openpyxl.load_workbook(io.BytesIO(files["Báo cáo đầy đủ (Excel)"]))["Học viên"].freeze_panes == "A2"
    pdf_text = PdfReader(io.BytesIO(files["Tóm tắt in (PDF)"])).pages[0].extract_text()
    assert "15 học viên đang vướng" in pdf_text
    assert json.loads(files["xAPI (JSON)"])

    # review the practice work of one learner: "Làm lại" with a comment
    go_to(page, "Hồ sơ học viên")
    page.get_by_role("combobox", name="Học viên").click()
    page.keyboard.type(data["worker"])
    page.get_by_role("option", name=re.compile(data["worker"])).first.click()
    wait_idle(page)
    page.get_by_text("Làm lại", exact=True).click()
    page.get_by_label("Nhận xét cho học viên").fill("Hãy ghi thêm một lần AI đoán sai.")
    page.get_by_role("button", name="Lưu kết quả chấm").click()
    expect(page.get_by_text("Đã lưu. Học viên thấy kết quả")).to_be_visible()
    screenshot(page, "class40-review")

    # roster: search without accents, correct a phone number
    go_to(page, "Danh sách lớp")
    page.get_by_label("Tìm học viên").fill("dang thi hang")
    page.get_by_label("Tìm học viên").press("Enter")
    wait_idle(page)
    expect(page.get_by_text("1/40 học viên")).to_be_visible()
    name_box = page.locator('input[aria-label="Họ và tên"][value="Đặng Thị Hằng"]')
    expect(name_box).to_be_visible()  # the form of the one learner found (not a stale one still fading)
    page.locator('input[aria-label="Số điện thoại"][value="0977100013"]').fill("0988 123 456")
    page.get_by_test_id("stForm").filter(has=name_box).get_by_role("button", name="Lưu thay đổi").click()
    expect(page.get_by_text("Đã lưu thay đổi cho Đặng Thị Hằng.")).to_be_visible()
    screenshot(page, "class40-roster")

    # attendance: a session, QR check-in open
    go_to(page, "Buổi học, điểm danh")
    page.get_by_text("➕ Thêm buổi học").click()
    page.get_by_label("Nội dung buổi học").fill("Làm quen với AI")
    page.get_by_role("button", name="Thêm buổi học").click()
    expect(page.get_by_text("Đã thêm buổi học.")).to_be_visible()
    page.get_by_role("tab", name="Quét mã QR").click()
    page.get_by_role("button", name="Mở điểm danh bằng mã QR").click()
    wait_idle(page)
    expect(page.get_by_text("Mã dùng được đến")).to_be_visible()
    screenshot(page, "class40-attendance-qr")
    with session_scope(db) as s:
        token = s.scalar(select(ClassSession.checkin_token).join(Classroom, Classroom.id == ClassSession.class_id)
                         .where(Classroom.name == CLASS))

    # certificates: 5 learners, one PDF page each, and a ZIP
    go_to(page, "Chứng chỉ của lớp")
    name, pdf = download(page, "In tất cả chứng chỉ (5) — một tệp PDF")
    assert name.startswith(f"chung-chi-{SLUG}") and len(PdfReader(io.BytesIO(pdf)).pages) == 5
    name, archive = download(page, "Từng chứng chỉ riêng (ZIP)")
    assert len(zipfile.ZipFile(io.BytesIO(archive)).namelist()) == 5
    (tmp_path / "chung-chi.pdf").write_bytes(pdf)
    screenshot(page, "class40-certificates")

    # a learner of the class: the notice on the home page until read, QR check-in
    learner = browser.new_page(viewport={"width": 390, "height": 844})
    login(learner, app_server, data["learner"], "hocvien-2026")
    expect(learner.get_by_text("Thứ Bảy lớp học ở nhà văn hóa tổ 9, 8 giờ sáng.")).to_be_visible()
    expect(learner.get_by_text(CLASS).first).to_be_visible()
    screenshot(learner, "class40-learner-home-phone")
    learner.get_by_role("button", name="Đã đọc").click()
    wait_idle(learner)
    expect(learner.get_by_text("Thứ Bảy lớp học ở nhà văn hóa tổ 9")).to_have_count(0)
    learner.goto(f"{app_server}/checkin?ma={token}")
    expect(learner.get_by_text("Đã điểm danh")).to_be_visible(timeout=30_000)
    learner.close()
    with session_scope(db) as s:
        enrolled = s.scalar(select(Classroom.id).where(Classroom.name == CLASS))
        assert s.query(Enrolment).filter(Enrolment.class_id == enrolled).count() == 40
