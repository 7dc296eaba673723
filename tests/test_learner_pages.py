"""Every learner page renders for a new and for a finished learner (AppTest, fixture course)."""
import pytest
from streamlit.testing.v1 import AppTest

from app.auth import create_user
from app.db import session_scope
from app.learning.practice import complete_exercise
from app.navigation import PAGES_DIR
from app.ui.session import CurrentUser
from tests.learning_fixtures import FIXTURE_COURSES, finish_module, fixture_catalog

CATALOG = fixture_catalog()
MAIN = PAGES_DIR.parent / "main.py"
EXERCISES = {"t01-lam-quen": {"checked": list(CATALOG.modules[0].exercise.checklist)},
             "t02-an-toan": {"prompt_a": "a", "answer_a": "b", "prompt_b": "c", "answer_b": "d", "reason": "e"}}


@pytest.fixture
def learners(sqlite_url, monkeypatch):
    monkeypatch.setenv("BINHDAN_COURSES_DIR", str(FIXTURE_COURSES))
    with session_scope(sqlite_url) as s:
        new = create_user(s, "moi", "123456", "Học viên Mới", "learner")
        done = create_user(s, "xong", "123456", "Học viên Xong", "learner")
        for module in CATALOG.modules:
            finish_module(s, done.id, CATALOG, module)
            complete_exercise(s, done.id, CATALOG, module, EXERCISES[module.id])
        return {u.username: CurrentUser(u.id, u.username, u.full_name, u.role) for u in (new, done)}


def run(page, user, **params):
    """The page inside the app's navigation (page links need it), as the user, with query params."""
    at = AppTest.from_file(str(MAIN), default_timeout=30)
    at.session_state["user"] = user
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
    assert any("BDHAI-" in s.value for s in at.success)
