"""Server-side role checks: a page refuses a user whose role may not open it, whatever the menu shows."""
import pytest
from streamlit.testing.v1 import AppTest

from app.auth import create_user
from app.db import session_scope
from app.navigation import PAGES, PAGES_DIR
from app.ui.session import CurrentUser

RESTRICTED = [p for p in PAGES if p.roles]


def _user(db_url, role):
    with session_scope(db_url) as s:
        u = create_user(s, f"u-{role}", "123456", f"Người dùng {role}", role)
        return CurrentUser.of(u)


@pytest.mark.parametrize("spec", RESTRICTED, ids=lambda p: p.file)
def test_restricted_page_refuses_anonymous_and_wrong_role(sqlite_url, spec):
    at = AppTest.from_file(str(PAGES_DIR / spec.file), default_timeout=30).run()
    assert any("đăng nhập" in w.value for w in at.warning), f"{spec.file} opened without login"
    wrong_role = next((r for r in ("learner", "business", "trainer", "admin") if r not in spec.roles), None)
    if wrong_role is None:  # open to every logged-in role
        return
    at = AppTest.from_file(str(PAGES_DIR / spec.file), default_timeout=30)
    at.session_state["user"] = _user(sqlite_url, wrong_role)
    at.run()
    assert any("không có quyền" in e.value for e in at.error), f"{spec.file} opened for {wrong_role}"
