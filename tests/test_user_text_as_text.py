"""Names, product names and codes typed by users show as typed on every page: no link, image or HTML (AppTest).

Each page's Markdown (markdown, success, error, info, warning, caption) is rendered with a CommonMark + GFM
renderer (autolinks on) and must hold no link or image pointing at the probe's server.
"""
import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from app.auth import create_user
from app.db import session_scope
from app.models import Certificate, Classroom, Enrolment, RenderJob
from app.navigation import PAGES_DIR
from app.ui.session import CurrentUser
from tests.learning_fixtures import FIXTURE_COURSES
from tools.safe_text import md

MAIN = PAGES_DIR.parent / "main.py"
LINK = "[Chứng chỉ hết hạn, bấm vào đây](http://evil.example/x)"
IMAGE = "![x](http://evil.example/t.png)"
HTML = '<img src="http://evil.example/h.png"> <a href="http://evil.example/a">a</a>'
NAME = f"{LINK} {IMAGE} {HTML} :red[đỏ] http://evil.example/bare www.evil.example a@evil.example"
CODE = "BDHAI-7KQ3-M9XP"  # codes are normalised before lookup: the holder's name carries the probe
RENDER = MarkdownIt("gfm-like")


def _markdown_of(at) -> list[str]:
    kinds = (at.markdown, at.success, at.error, at.info, at.warning, at.caption, at.title, at.subheader)
    return [e.value for kind in kinds for e in kind] + [e.value for e in at.sidebar.markdown]


def _assert_text_only(at, expected: str):
    assert not at.exception, at.exception
    sources = _markdown_of(at)
    # the browser's GFM finds bare URLs and e-mails in the decoded text: none may survive unbroken
    assert not [v for v in sources if "://evil" in v or "www.evil" in v or "@evil" in v]
    html = "\n".join(RENDER.render(v) for v in sources).replace("\u2060", "")
    assert "evil.example" in html, "the probe was not shown at all"
    for tag in ("<a ", "<img", "<b>"):
        assert not [line for line in html.splitlines() if tag in line and "evil.example" in line], (tag, html)
    assert expected in html  # shown as typed (HTML-escaped by the renderer)


@pytest.mark.parametrize("probe", [LINK, IMAGE, HTML, NAME])
def test_md_renders_as_plain_text(probe):
    html = RENDER.render(md(probe))
    assert "<a " not in html and "<img" not in html and "evil.example" in html
    assert html.replace("\u2060", "").startswith("<p>" + probe.replace("<", "&lt;").replace('"', "&quot;")[:20])


@pytest.fixture
def people(sqlite_url, monkeypatch, tmp_path):
    monkeypatch.setenv("BINHDAN_COURSES_DIR", str(FIXTURE_COURSES))
    monkeypatch.setenv("BINHDAN_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("BINHDAN_EXTERNAL_WORKERS", "1")  # the video page must not start a render worker here
    with session_scope(sqlite_url) as s:
        learner = create_user(s, "hocvien", "123456", NAME, "learner")
        trainer = create_user(s, "giangvien", "123456", NAME, "trainer")
        seller = create_user(s, "shop", "123456", NAME, "business")
        s.add(Certificate(user_id=learner.id, code=CODE, full_name=NAME))
        room = Classroom(name=NAME[:100], trainer_id=trainer.id)
        s.add(room)
        s.flush()
        s.add(Enrolment(class_id=room.id, user_id=learner.id))
        s.add(RenderJob(owner_id=seller.id, status="done", progress=1.0, params={"product": {"name": NAME}},
                        result={}))
        s.flush()
        return {u.role: CurrentUser.of(u) for u in (learner, trainer, seller)} | {"learner_id": learner.id}


def _run(page, user=None, **params):
    """As a user: the page inside the app (sidebar included); anonymous: the page alone."""
    at = AppTest.from_file(str(MAIN if user else PAGES_DIR / page), default_timeout=60)
    if user is not None:
        at.session_state["user"] = user
        at.switch_page(f"views/{page}")
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_verify_page_code_from_the_url(people):
    _assert_text_only(_run("verify.py", code=NAME), "[Chứng chỉ hết hạn, bấm vào đây](http://evil.example/x)")


def test_verify_page_found_certificate(people):
    _assert_text_only(_run("verify.py", code=CODE), "![x](http://evil.example/t.png)")


@pytest.mark.parametrize("page", ["home.py", "account.py", "learn_certificate.py"])
def test_learner_pages_show_the_name_as_text(people, page):
    _assert_text_only(_run(page, people["learner"]), "&lt;img src=")


def test_trainer_learner_record(people):
    _assert_text_only(_run("trainer_learner.py", people["trainer"], hv=str(people["learner_id"])),
                      "[Chứng chỉ hết hạn, bấm vào đây](http://evil.example/x)")


def test_trainer_classes_page(people):
    _assert_text_only(_run("trainer_classes.py", people["trainer"]), "&lt;img src=")


def test_video_history_shows_the_product_name_as_text(people):
    _assert_text_only(_run("biz_video.py", people["business"]), "![x](http://evil.example/t.png)")


def test_unknown_lesson_and_module_from_the_url(people):
    _assert_text_only(_run("learn_lesson.py", people["learner"], lesson=LINK), "bấm vào đây](http://evil")
    _assert_text_only(_run("learn_course.py", people["learner"], module=IMAGE), "![x](http://evil")
