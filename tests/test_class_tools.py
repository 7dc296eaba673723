"""Running a class: roster changes (audited), reminders and announcements, reviews of practice work,
attendance with QR check-in, certificates in bulk with the ward's signature block (SQLite and PostgreSQL)."""
import io
import zipfile
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.learning.certificates import certificate_pdf, verify
from app.learning.progress import completed_learners, course_state
from app.models import (AuditEntry, Certificate, Enrolment, ExerciseCompletion, LessonProgress, QuizAttempt, User)
from app.trainer import analytics, attendance, awards, outreach, review, roster
from app.trainer.access import AccessError
from app.trainer.exports import export_class
from tests.trainer_data import NOW, Actor, user
from tests.trainer_data import catalog, data  # noqa: F401,F811 - pytest fixtures


def actions(session, class_id):
    return [a for (a,) in session.execute(select(AuditEntry.action).where(AuditEntry.class_id == class_id)
                                          .order_by(AuditEntry.id))]


# ---- roster --------------------------------------------------------------------------------------------

def test_search_ignores_accents_and_finds_phone_digits(session, data):
    gv, a = data["gv"], data["class_a"]
    assert roster.roster(session, gv, a)["full_name"].tolist() == ["Lê Thị Bình", "Nguyễn Văn An", "Phạm Minh Chi"]
    assert roster.roster(session, gv, a, "nguyen an")["username"].tolist() == ["an"]
    assert roster.roster(session, gv, a, "0912 000002")["username"].tolist() == ["binh"]
    assert roster.roster(session, gv, a, "PHAM minh")["username"].tolist() == ["chi"]
    with pytest.raises(AccessError):
        roster.roster(session, data["gv2"], a)


def test_edit_checks_phone_and_is_audited(session, data):
    gv, a = data["gv"], data["class_a"]
    changes = roster.edit_learner(session, gv, a, data["an"], full_name="  Nguyễn  Văn Ân ", phone="+84 912 000 009",
                                  group="Tổ 3")
    assert changes == {"full_name": ("Nguyễn Văn An", "Nguyễn Văn Ân"), "phone": ("0912000001", "0912000009"),
                       "group": ("Tổ 1", "Tổ 3")}
    assert session.get(User, data["an"]).phone == "0912000009"
    with pytest.raises(roster.RosterChangeError):
        roster.edit_learner(session, gv, a, data["an"], phone="12345")
    with pytest.raises(roster.RosterChangeError, match="binh"):  # someone else's number: merge instead
        roster.edit_learner(session, gv, a, data["an"], phone="0912000002")
    assert roster.edit_learner(session, gv, a, data["an"], group="Tổ 3") == {}
    log = roster.audit_log(session, gv, a)
    assert log["action"].tolist() == ["Sửa thông tin"] and "0912000009" in log["detail"].iat[0]
    with pytest.raises(AccessError):
        roster.edit_learner(session, gv, a, data["dung"], full_name="X")  # not in this class


def test_remove_and_move(session, data):
    gv, a = data["gv"], data["class_a"]
    other = roster.other_classes(session, gv, a)
    assert other == []  # gv runs only Lớp A
    from app.models import Classroom
    c = Classroom(name="Lớp C", trainer_id=gv.id)
    session.add(c)
    session.flush()
    roster.move_to_class(session, gv, a, data["chi"], c.id)
    assert session.scalar(select(Enrolment.class_id).where(Enrolment.user_id == data["chi"])) == c.id
    with pytest.raises(AccessError):
        roster.move_to_class(session, gv, a, data["an"], data["class_b"])  # someone else's class
    roster.remove_from_class(session, gv, a, data["binh"])
    assert roster.roster(session, gv, a)["username"].tolist() == ["an"]
    assert session.get(User, data["binh"]) is not None  # the account and progress stay
    assert actions(session, a) == ["move", "remove"] and actions(session, c.id) == ["move"]


def test_reset_password_gives_a_one_time_password(session, data):
    from app.auth import check_password
    slip = roster.reset_learner_password(session, data["gv"], data["class_a"], data["binh"])
    learner = session.get(User, data["binh"])
    assert check_password(slip.password, learner.password_hash) and learner.must_change_password
    assert slip.username == "binh" and actions(session, data["class_a"]) == ["reset_password"]
    with pytest.raises(AccessError):
        roster.reset_learner_password(session, data["gv2"], data["class_a"], data["binh"])


def test_merge_keeps_all_progress_of_both(session, data, catalog):
    gv, a = data["gv"], data["class_a"]
    twin = user(session, "an2", full_name="Nguyễn Văn An", email="an@example.vn")
    session.add(Enrolment(class_id=a, user_id=twin.id))
    session.add(LessonProgress(user_id=twin.id, module_id="t01-lam-quen", lesson_id="t01-l01-ai-la-gi", views=4,
                               first_viewed_at=NOW - timedelta(days=30), last_viewed_at=NOW - timedelta(days=30),
                               completed_at=NOW - timedelta(days=30)))
    session.add(LessonProgress(user_id=twin.id, module_id="t02-an-toan", lesson_id="t02-l02-tin-gia",
                               first_viewed_at=NOW, last_viewed_at=NOW, completed_at=NOW))
    session.add(QuizAttempt(user_id=twin.id, module_id="t02-an-toan", score=1.0, passed=True, submitted_at=NOW))
    session.flush()
    assert roster.find_duplicates(session, gv, a) == [(data["an"], twin.id, "Nguyễn Văn An")]
    detail = roster.merge_accounts(session, gv, a, data["an"], twin.id)
    assert detail["merged_username"] == "an2"
    lessons = {r.lesson_id: r for r in session.scalars(select(LessonProgress).where(LessonProgress.user_id == data["an"]))}
    assert set(lessons) == {"t01-l01-ai-la-gi", "t01-l02-ai-quanh-ta", "t02-l01-bao-mat", "t02-l02-tin-gia"}
    assert lessons["t01-l01-ai-la-gi"].completed_at.date() == (NOW - timedelta(days=30)).date()  # earliest completion kept
    state = course_state(session, data["an"], catalog)
    assert state.passed == {"t01-lam-quen", "t02-an-toan"} and state.attempts["t02-an-toan"] == 1
    kept, gone = session.get(User, data["an"]), session.get(User, twin.id)
    assert kept.email == "an@example.vn" and not gone.active
    assert roster.roster(session, gv, a)["username"].tolist() == ["binh", "an", "chi"]
    assert session.scalar(select(Certificate.user_id).where(Certificate.code == "BD-TEST-0001")) == data["an"]
    assert actions(session, a) == ["merge"]


# ---- one definition of "đang vướng" and "hoàn thành" ---------------------------------------------------

def test_stuck_is_counted_per_learner_everywhere(session, data, catalog):
    dash = analytics.class_dashboard(session, data["gv"], data["class_a"], catalog, now=NOW)
    assert len(dash.stuck) == 2  # binh: a lesson and a quiz
    assert dash.stuck_people["full_name"].tolist() == ["Lê Thị Bình"] and dash.overview.stuck == 1
    assert "; " in dash.stuck_people["items"].iat[0]
    assert dash.overview.needs_help == 2  # binh (stuck, idle) and chi (never started): each once


def test_complete_follows_the_certificate_rule(session, data, catalog):
    an = data["an"]
    session.add(QuizAttempt(user_id=an, module_id="t02-an-toan", score=1.0, passed=True, submitted_at=NOW))
    session.add(ExerciseCompletion(user_id=an, module_id="t02-an-toan", exercise_id="t02-ex-hoi-ai", completed_at=NOW))
    session.flush()
    table = analytics.learner_table(session, data["class_a"], catalog, NOW).set_index("username")
    assert table.loc["an", "complete"] and table.loc["an", "completion_rate"] < 1  # 2 lessons still unread
    review.review_exercise(session, data["gv"], an, "t02-ex-hoi-ai", "redo", "Chưa chụp ảnh màn hình")
    table = analytics.learner_table(session, data["class_a"], catalog, NOW).set_index("username")
    assert not table.loc["an", "complete"] and table.loc["an", "exercises_done"] == 1


def test_complete_follows_the_learners_track(session, data, catalog):
    from app.learning.catalog import Track
    from app.learning.tracks import set_track
    second = catalog.modules[1].model_copy(update={"tracks": ("can-bo",)})
    tracked = catalog.model_copy(update={"modules": (catalog.modules[0], second), "tracks": (
        Track(id="hoc-sinh", title="Học sinh", default=True, summary="Phần chung."),
        Track(id="can-bo", title="Cán bộ", summary="Phần chung và học phần 2."))})
    table = analytics.learner_table(session, data["class_a"], tracked, NOW).set_index("username")
    assert table.loc["an", "complete"] and table.loc["an", "modules_required"] == 1  # core only: t01 done
    assert table.loc["an", "completion_rate"] == pytest.approx(1.0)
    set_track(session, tracked, data["an"], "can-bo")
    table = analytics.learner_table(session, data["class_a"], tracked, NOW).set_index("username")
    assert not table.loc["an", "complete"] and table.loc["an", "modules_required"] == 2
    set_track(session, tracked, data["an"], None)
    table = analytics.learner_table(session, data["class_a"], tracked, NOW)
    # the dashboard's SQL and the learner side's rule (progress.completed_learners) name the same people
    assert set(table.loc[table["complete"], "user_id"]) == completed_learners(session, table["user_id"], tracked)


# ---- reviews -------------------------------------------------------------------------------------------

def test_review_redo_then_resubmit_then_pass(session, data, catalog):
    from app.learning.progress import record_exercise
    gv, an = data["gv"], data["an"]
    works = review.practice_work(session, gv, an, catalog)
    assert [w.exercise_id for w in works] == ["t01-ex-tim-ai"] and works[0].status_label == "Chờ chấm"
    with pytest.raises(review.ReviewError):
        review.review_exercise(session, gv, an, "t01-ex-tim-ai", "redo", "  ")  # redo needs a comment
    review.review_exercise(session, gv, an, "t01-ex-tim-ai", "redo", "Làm thêm bước hai")
    assert "t01-lam-quen" not in course_state(session, an, catalog).exercises
    seen = review.my_review(session, an, "t01-ex-tim-ai")
    assert (seen.status, seen.comment, seen.reviewer) == ("redo", "Làm thêm bước hai", "Nguyễn Thị Hoa")
    record_exercise(session, an, catalog, catalog.modules[0], {"checked": ["Bước một", "Bước hai"]})
    assert review.my_review(session, an, "t01-ex-tim-ai").status is None  # waiting again, and counts again
    assert "t01-lam-quen" in course_state(session, an, catalog).exercises
    review.review_exercise(session, gv, an, "t01-ex-tim-ai", "pass")
    work = review.practice_work(session, gv, an, catalog)[0]
    assert work.status_label == "Đạt" and work.parts == [("Đã làm", "✓ Bước một\n✓ Bước hai")]
    with pytest.raises(AccessError):
        review.review_exercise(session, data["gv2"], an, "t01-ex-tim-ai", "pass")


def test_review_required_counts_only_when_passed(session, data):
    from tests.trainer_data import FIXTURE_COURSE
    from app.learning.catalog import load_catalog_from
    strict = load_catalog_from(FIXTURE_COURSE)
    module = strict.modules[0].model_copy(update={"exercise": strict.modules[0].exercise.model_copy(
        update={"review_required": True})})
    strict = strict.model_copy(update={"modules": (module, strict.modules[1])})
    assert "t01-lam-quen" not in course_state(session, data["an"], strict).exercises
    review.review_exercise(session, data["gv"], data["an"], "t01-ex-tim-ai", "pass")
    assert "t01-lam-quen" in course_state(session, data["an"], strict).exercises


def test_practice_work_shows_prompts_answers_and_only_app_files(session, data, tmp_path, monkeypatch, catalog):
    monkeypatch.setenv("BINHDAN_DATA_DIR", str(tmp_path))
    video = tmp_path / "exercises" / "1" / "v.mp4"
    video.parent.mkdir(parents=True)
    video.write_bytes(b"\0")
    row = session.scalar(select(ExerciseCompletion).where(ExerciseCompletion.user_id == data["an"]))
    row.artifact = {"prompt_a": "Viết về nhãn", "answer_a": "Nhãn ngon.", "prompt_b": "Viết 3 câu về nhãn lồng",
                    "answer_b": "Nhãn lồng Hưng Yên…", "better": "b", "reason": "Cụ thể hơn", "video": str(video),
                    "photos": ["/etc/passwd"]}
    session.flush()
    work = review.practice_work(session, data["gv"], data["an"], catalog)[0]
    assert [h for h, _ in work.parts] == ["Câu lệnh thứ nhất", "AI trả lời (1)", "Câu lệnh thứ hai", "AI trả lời (2)",
                                          "Câu lệnh tốt hơn", "Nhận xét của học viên"]
    assert work.video == video and work.photos == []  # a path outside the data folder is never served


# ---- reminders and announcements -----------------------------------------------------------------------

def test_reminder_text_and_came_back(session, data, catalog, monkeypatch):
    monkeypatch.setenv("BINHDAN_PUBLIC_URL", "https://hoc.myhao.vn")
    gv, a = data["gv"], data["class_a"]
    session.get(User, gv.id).phone = "0988000111"
    drafts = outreach.reminder_drafts(session, gv, a, [data["binh"], data["dung"]], catalog)
    assert [d.user_id for d in drafts] == [data["binh"]]  # dung is not in this class
    d = drafts[0]
    assert "Bình" in d.text and "https://hoc.myhao.vn" in d.text and "0988000111" in d.text
    assert d.next_step == "Bài: AI quanh ta" and d.next_step in d.text
    assert d.sms_link.startswith("sms:0912000002?body=") and d.tel_link == "tel:0912000002"
    outreach.record_reminders(session, gv, a, drafts)
    table = analytics.learner_table(session, a, catalog, NOW + timedelta(days=1)).set_index("username")
    assert table.loc["binh", "reminders"] == 1 and not table.loc["binh", "came_back"]
    session.add(LessonProgress(user_id=data["binh"], module_id="t02-an-toan", lesson_id="t02-l01-bao-mat",
                               first_viewed_at=NOW + timedelta(days=400), last_viewed_at=NOW + timedelta(days=400)))
    session.flush()
    table = analytics.learner_table(session, a, catalog, NOW + timedelta(days=401)).set_index("username")
    assert table.loc["binh", "came_back"]


def test_email_only_when_configured_and_never_hangs(session, data, catalog, monkeypatch):
    gv, a = data["gv"], data["class_a"]
    drafts = outreach.reminder_drafts(session, gv, a, [data["chi"], data["binh"]], catalog)
    monkeypatch.delenv("BINHDAN_SMTP_HOST", raising=False)
    assert not outreach.smtp_configured()
    with pytest.raises(outreach.OutreachError):
        outreach.email_reminders(session, gv, a, drafts)
    down = outreach.SmtpSettings("127.0.0.1", 1, "", "", "gv@phuong.vn", False)  # nothing listens on port 1
    result = outreach.email_reminders(session, gv, a, drafts, down, timeout=2)
    assert result == {data["chi"]: "failed", data["binh"]: "no_email"}
    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            assert timeout == 2

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def send_message(self, message):
            sent.append(message["To"])
    monkeypatch.setattr(outreach.smtplib, "SMTP", FakeSMTP)
    assert outreach.email_reminders(session, gv, a, drafts, down, timeout=2)[data["chi"]] == "sent"
    assert sent == ["chi@example.vn"]
    assert analytics.learner_table(session, a, catalog, NOW).set_index("username").loc["chi", "reminders"] == 1


def test_announcements_until_read(session, data):
    gv, a = data["gv"], data["class_a"]
    with pytest.raises(outreach.OutreachError):
        outreach.post_announcement(session, gv, a, "   ")
    note = outreach.post_announcement(session, gv, a, "Thứ Bảy học ở nhà văn hóa tổ 5, 8 giờ sáng.")
    assert [n.id for n in outreach.unread_announcements(session, data["an"])] == [note.id]
    assert outreach.unread_announcements(session, data["dung"]) == []  # other class
    outreach.mark_read(session, data["an"], note.id)
    outreach.mark_read(session, data["an"], note.id)  # twice is fine
    assert outreach.unread_announcements(session, data["an"]) == []
    assert outreach.class_announcements(session, gv, a)["read"].tolist() == [1]
    with pytest.raises(AccessError):
        outreach.post_announcement(session, data["gv2"], a, "x")
    assert roster.classes_of(session, data["an"]) == [("Lớp A", "Nguyễn Thị Hoa", None)]


# ---- attendance ----------------------------------------------------------------------------------------

def test_attendance_by_ticks_and_qr(session, data, catalog):
    gv, a = data["gv"], data["class_a"]
    first = attendance.add_session(session, gv, a, date(2026, 11, 20), "Làm quen với AI")
    second = attendance.add_session(session, gv, a, date(2026, 11, 27), "Viết câu lệnh")
    assert attendance.set_attendance(session, gv, first.id, {data["an"], data["binh"], data["dung"]}) == (2, 0)
    assert attendance.set_attendance(session, gv, first.id, {data["an"]}) == (0, 1)
    opened = attendance.open_checkin(session, gv, second.id, minutes=10, now=NOW)
    assert attendance.check_in(session, data["chi"], opened.checkin_token, now=NOW + timedelta(minutes=5)).status == "ok"
    assert attendance.check_in(session, data["chi"], opened.checkin_token, now=NOW).status == "already"
    codes = []
    for who, token, at in ((data["an"], opened.checkin_token, NOW + timedelta(minutes=11)),
                           (data["dung"], opened.checkin_token, NOW), (data["an"], "doan-bua", NOW)):
        with pytest.raises(attendance.AttendanceError) as exc:
            attendance.check_in(session, who, token, now=at)
        codes.append(exc.value.code)
    assert codes == ["expired", "not_enrolled", "unknown"]
    assert attendance.class_sessions(session, gv, a)["present"].tolist() == [1, 1]
    dash = analytics.class_dashboard(session, gv, a, catalog, now=NOW)
    table = dash.learners.set_index("username")
    assert table.loc["an", "sessions_attended"] == 1 and table.loc["binh", "sessions_attended"] == 0
    assert dash.overview.sessions == 2 and dash.overview.attendance_rate == pytest.approx(2 / 6)
    matrix = attendance.attendance_matrix(session, gv, a)
    assert matrix["Số buổi có mặt"].tolist() == ["0/2", "1/2", "1/2"]  # Bình, An, Chi
    with pytest.raises(AccessError):
        attendance.open_checkin(session, data["gv2"], first.id)


def test_attendance_sheet_in_the_report(session, data, catalog):
    import pandas as pd
    first = attendance.add_session(session, data["gv"], data["class_a"], date(2026, 11, 20), "Làm quen với AI")
    attendance.set_attendance(session, data["gv"], first.id, {data["an"]})
    session.commit()
    book = pd.read_excel(io.BytesIO(export_class(session, data["gv"], data["class_a"], catalog, "xlsx", now=NOW)),
                         sheet_name=None)
    assert book["Điểm danh"]["20/11/2026 — Làm quen với AI"].tolist() == ["Vắng", "Có mặt", "Vắng"]
    assert book["Học viên"].set_index("Tên đăng nhập").loc["an", "Số buổi dự lớp"] == 1


# ---- certificates --------------------------------------------------------------------------------------

def test_certificates_in_bulk_with_the_signature_block(session, data, catalog):
    gv, a = data["gv"], data["class_a"]
    # chi finished everything (lessons, both quizzes and exercises)
    for lesson in catalog.lessons():
        session.add(LessonProgress(user_id=data["chi"], module_id=lesson.module_id, lesson_id=lesson.id,
                                   first_viewed_at=NOW, last_viewed_at=NOW, completed_at=NOW))
    for m in catalog.modules:
        session.add(QuizAttempt(user_id=data["chi"], module_id=m.id, score=1.0, passed=True, submitted_at=NOW))
        session.add(ExerciseCompletion(user_id=data["chi"], module_id=m.id, exercise_id=m.exercise.id,
                                       completed_at=NOW, artifact={"checked": ["Bước một"]}))
    session.flush()
    table = awards.certificate_roster(session, gv, a, catalog).set_index("full_name")
    assert table["status"].to_dict() == {"Lê Thị Bình": "missing", "Nguyễn Văn An": "has", "Phạm Minh Chi": "eligible"}
    with pytest.raises(AccessError):
        awards.save_signature(session, gv, "Trần Văn Minh", "Chủ tịch", "UBND phường Mỹ Hào")
    awards.save_signature(session, Actor(data["gv"].id, "admin"), "Trần Văn Minh", "Chủ tịch", "UBND phường Mỹ Hào")
    pdf = PdfReader(io.BytesIO(awards.class_certificates_pdf(session, gv, a, catalog)))
    assert len(pdf.pages) == 2 and all(p.mediabox.width > p.mediabox.height for p in pdf.pages)  # A4 landscape
    texts = [p.extract_text() for p in pdf.pages]
    assert "Nguyễn Văn An" in texts[0] and "Phạm Minh Chi" in texts[1]
    assert all("Trần Văn Minh" in t and "CHỦ TỊCH" in t for t in texts)
    names = zipfile.ZipFile(io.BytesIO(awards.class_certificates_zip(session, gv, a, catalog))).namelist()
    assert names[0] == "chung-chi-nguyen-van-an-BD-TEST-0001.pdf" and len(names) == 2
    code = session.scalar(select(Certificate.code).where(Certificate.user_id == data["chi"]))
    found = verify(session, code)
    assert found.full_name == "Phạm Minh Chi" and found.signer.name == "Trần Văn Minh"
    awards.save_signature(session, Actor(data["gv"].id, "admin"), "", "", "")
    assert verify(session, code).signer is None
    assert len(PdfReader(io.BytesIO(certificate_pdf(session.get(Certificate, 1)))).pages) == 1
