"""Every learner page renders for a new and for a finished learner (AppTest, fixture course)."""
import os
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app.auth import create_user
from app.db import session_scope
from app.learning.catalog import load_catalog_from
from app.learning.practice import complete_exercise
from app.navigation import PAGES_DIR
from app.ui.session import CurrentUser
from tests.learning_fixtures import FIXTURE_COURSES, finish_module, fixture_catalog

CATALOG = fixture_catalog()
MAIN = PAGES_DIR.parent / "main.py"
EXERCISES = {"t01-lam-quen": {"checked": list(CATALOG.modules[0].exercise.checklist)},
             "t02-an-toan": {"prompt_a": "a", "answer_a": "b", "prompt_b": "c", "answer_b": "d", "reason": "e", "better": "b"}}


@pytest.fixture
def learners(sqlite_url, monkeypatch, tmp_path):
    monkeypatch.setenv("BINHDAN_COURSES_DIR", str(FIXTURE_COURSES))
    monkeypatch.setenv("BINHDAN_DATA_DIR", str(tmp_path))
    with session_scope(sqlite_url) as s:
        new = create_user(s, "moi", "123456", "Học viên Mới", "learner")
        done = create_user(s, "xong", "123456", "Học viên Xong", "learner")
        for module in CATALOG.modules:
            finish_module(s, done.id, CATALOG, module)
            complete_exercise(s, done.id, CATALOG, module, EXERCISES[module.id])
        return {u.username: CurrentUser.of(u) for u in (new, done)}


def run(page, user, state=None, **params):
    """The page inside the app's navigation (page links need it), as the user, with query params."""
    at = AppTest.from_file(str(MAIN), default_timeout=30)
    at.session_state["user"] = user
    for key, value in (state or {}).items():
        at.session_state[key] = value
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(f"views/{page}")
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at) -> str:
    return " ".join([m.value for m in at.markdown] + [w.value for w in at.warning] + [s.value for s in at.success]
                    + [i.value for i in at.info])


def test_new_learner_sees_locks_and_the_first_lesson(learners):
    new = learners["moi"]
    assert "0%" in run("learn_course.py", new).progress[0].proto.text
    assert run("learn_lesson.py", new).title[0].value == CATALOG.modules[0].lessons[0].title  # resume target
    locked = run("learn_lesson.py", new, lesson=CATALOG.modules[1].lessons[0].id)
    assert "chưa mở" in texts(locked)
    assert "Bài kiểm tra mở sau khi" in texts(run("learn_quiz.py", new, module="t01-lam-quen"))
    assert "Bài thực hành mở sau khi" in texts(run("learn_practice.py", new, module="t02-an-toan"))
    assert "Còn thiếu" in texts(run("learn_certificate.py", new))
    assert "Không tìm thấy học phần" in run("learn_quiz.py", new, module="khong-co").error[0].value


@pytest.mark.parametrize("module", ["t01-lam-quen", "t02-an-toan"])
def test_finished_learner_opens_quiz_and_practice(learners, module):
    done = learners["xong"]
    quiz = run("learn_quiz.py", done, module=module)
    assert quiz.button and "Nộp bài" in [b.label for b in quiz.button]
    practice = run("learn_practice.py", done, module=module)
    assert "Bạn đã làm bài thực hành này" in texts(practice)


def test_finished_learner_gets_the_certificate_button(learners):
    at = run("learn_certificate.py", learners["xong"])
    at.button(key="issue").click().run()
    assert any("BDHAI" in s.value for s in at.success)  # the code is Markdown-escaped (BDHAI\\-…)


@pytest.fixture
def tool_course(tmp_path, monkeypatch, request):
    """The fixture course with module 2's exercise switched to another tool."""
    root = tmp_path / "courses"
    shutil.copytree(FIXTURE_COURSES, root)
    (root / "02-an-toan/exercise.yaml").write_text(
        f"id: t02-ex-{request.param}\ntitle: \"Bài thực hành {request.param}\"\ntool: {request.param}\n"
        "instructions: |\n  Làm theo hướng dẫn của công cụ rồi ghi nhận kết quả tại đây.\n", encoding="utf-8")
    monkeypatch.setenv("BINHDAN_COURSES_DIR", str(root))
    monkeypatch.setenv("BINHDAN_DATA_DIR", str(tmp_path))
    return request.param


@pytest.mark.parametrize("tool_course", ["listing", "video"], indirect=True)
def test_listing_and_video_exercises_need_their_artifact(sqlite_url, tool_course):
    catalog = load_catalog_from(Path(os.environ["BINHDAN_COURSES_DIR"]))
    with session_scope(sqlite_url) as s:
        u = create_user(s, "banhang", "123456", "Chủ Cửa Hàng", "business")
        for module in catalog.modules:
            finish_module(s, u.id, catalog, module)
        user = CurrentUser.of(u)
    at = run("learn_practice.py", user, module="t02-an-toan")
    at.button(key=f"ex-t02-ex-{tool_course}-save").click().run()
    assert at.error and "Vui lòng điền" in at.error[0].value  # nothing made yet: nothing recorded
    if tool_course == "listing":
        at.text_input(key="ex-t02-ex-listing-product").input("Nhãn lồng Hưng Yên")
        at.text_area(key="ex-t02-ex-listing-listing").input("Nhãn lồng Hưng Yên, giá 65.000đ/kg.")
        at.button(key="ex-t02-ex-listing-save").click().run()
        assert not at.exception and any("Đã ghi nhận" in x.value for x in at.success)


def test_the_quiz_page_shows_a_draw_and_grades_a_written_answer(sqlite_url, monkeypatch, tmp_path):
    """Real course, scam module: 6 questions of the bank, a written answer box when one is drawn; the
    result lists the rubric points; the attempt stores what was written."""
    from sqlalchemy import select

    from app.learning.catalog import COURSES_DIR
    from app.learning.progress import complete_lesson
    from app.learning.quiz import present
    from app.models import QuizAnswer
    monkeypatch.setenv("BINHDAN_COURSES_DIR", str(COURSES_DIR))
    monkeypatch.setenv("BINHDAN_DATA_DIR", str(tmp_path))
    real = load_catalog_from(COURSES_DIR)
    module = real.modules[0]
    with session_scope(sqlite_url) as s:
        user = create_user(s, "banki", "matkhau123", "Học viên Ngân hàng câu hỏi", "learner")
        for lesson in module.lessons:
            complete_lesson(s, user.id, real, lesson)
        me = CurrentUser.of(user)
    seed = next(n for n in range(100) if any(q.kind == "short_answer" for q in present(module.quiz, n)))
    at = run("learn_quiz.py", me, state={f"quiz_seed:{module.id}": seed}, module=module.id)
    shown = present(module.quiz, seed)
    assert len(shown) == 6 and len({q.id for q in shown}) == 6
    written = [q for q in shown if q.kind == "short_answer"]
    assert len(written) == 1 and len(at.text_area) == 1
    for q in shown:  # answer everything right: options by their text, the written one with its model answer
        if q.kind == "short_answer":
            at.text_area(key=f"q-{module.id}-{seed}-{q.id}").input(q.model_answer)
        elif q.kind == "multiple":
            for o in q.options:
                if o.correct:
                    at.checkbox(key=f"q-{module.id}-{seed}-{q.id}-{o.id}").check()
        else:
            at.radio(key=f"q-{module.id}-{seed}-{q.id}").set_value(next(o.id for o in q.options if o.correct))
    at.button[0].click().run()
    assert not at.exception and any(s.value.startswith("Đạt") for s in at.success), [e.value for e in at.error]
    with session_scope(sqlite_url) as s:
        rows = s.scalars(select(QuizAnswer)).all()
    assert {r.question_id for r in rows} == {q.id for q in shown} and all(r.correct for r in rows)
    assert all(r.chosen == q.model_answer for q in written for r in rows if r.question_id == q.id)


def test_a_seller_reads_the_lesson_a_warning_links_to_without_completing_it(sqlite_url, monkeypatch, tmp_path):
    """The listing/video warning link (?tra_cuu=1) opens the advertising-law lesson even before the seller
    reaches it in the course: to read only (no view, no "done" button); other locked lessons stay locked."""
    from app.learning.catalog import load_catalog
    from app.learning.progress import course_state
    monkeypatch.setenv("BINHDAN_DATA_DIR", str(tmp_path))
    with session_scope(sqlite_url) as s:
        seller = CurrentUser.of(create_user(s, "nguoiban", "123456", "Người Bán", "business"))
    law = "m03-l03-luat-quang-cao"
    reading = run("learn_lesson.py", seller, lesson=law, tra_cuu="1")
    assert reading.title[0].value == load_catalog().lesson(law).title
    assert "tra cứu" in texts(reading) and "chưa mở" not in texts(reading)
    assert not [b for b in reading.button if b.label == "Đánh dấu đã học xong"]
    with session_scope(sqlite_url) as s:
        assert course_state(s, seller.id, load_catalog()).completed == set()
    assert "chưa mở" in texts(run("learn_lesson.py", seller, lesson=law))                  # no param: locked
    other = load_catalog().module("m03-ai-cho-ban-hang").lessons[1].id
    assert "chưa mở" in texts(run("learn_lesson.py", seller, lesson=other, tra_cuu="1"))  # not a linked lesson
