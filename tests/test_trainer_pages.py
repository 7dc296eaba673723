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


def test_dashboard_shows_the_demo_class(trainer):
    at = run("trainer_dashboard.py", trainer)
    assert not at.exception
    values = {m.label: m.value for m in at.metric}
    assert values["Học viên"] == "12" and values["Hoàn thành"].endswith("%")
    assert any(h.value.startswith("Không học quá 7 ngày") for h in at.subheader)


def test_learner_record_and_classes_pages(trainer):
    at = run("trainer_learner.py", trainer)
    assert not at.exception and {m.label for m in at.metric} >= {"Bài học xong", "Chứng chỉ"}
    at = run("trainer_classes.py", trainer)
    assert not at.exception and at.selectbox[0].value is not None
