"""Server-side role checks: every page, rendered for every role (and for nobody), opens exactly for the roles
the registry allows and refuses everyone else, whatever the menu shows. Read through the guard's outcome
code (app.ui.keys.GUARD), not its wording."""
import logging
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app.auth import create_user
from app.db import session_scope
from app.navigation import PAGES, ROLE_LABELS, allowed
from app.ui import keys
from app.ui.session import CurrentUser

ROLES = [None, *ROLE_LABELS]   # nobody logged in, then every role


@pytest.fixture
def users(sqlite_url):
    with session_scope(sqlite_url) as s:
        return {role: CurrentUser.of(create_user(s, f"u-{role}", "123456", f"Người dùng {role}", role))
                for role in ROLE_LABELS}


MAIN = Path(__file__).resolve().parent.parent / "app" / "main.py"


def _render(spec, user):
    """The page inside the app's navigation (as a visitor reaches it by its URL), as this user."""
    at = AppTest.from_file(str(MAIN), default_timeout=60)
    if user is not None:
        at.session_state[keys.USER] = user
    at.switch_page(f"views/{spec.file}")
    return at.run()


@pytest.mark.parametrize("spec", PAGES, ids=lambda p: p.file)
def test_each_page_opens_for_its_roles_only(users, spec, caplog):
    caplog.set_level(logging.ERROR, logger="binhdan.pages")
    for role in ROLES:
        caplog.clear()
        at = _render(spec, users.get(role))
        expected = (keys.GUARD_OK if allowed(spec.file, role)
                    else keys.GUARD_LOGIN if role is None else keys.GUARD_FORBIDDEN)
        assert at.session_state[keys.GUARD] == expected, (spec.file, role)
        if expected == keys.GUARD_OK:
            # it rendered to the end: no error caught by the last guard (app.ui.errors.run_page), none escaped
            assert not at.exception and not caplog.records, (spec.file, role, caplog.text[-2000:])
        else:   # a refused page shows the refusal and nothing of itself
            main = at.main
            assert len(main.warning) + len(main.error) == 1, (spec.file, role)
            assert not main.button and not main.text_input and not main.selectbox, (spec.file, role)


def test_a_disabled_account_is_logged_out_on_its_next_page(users, sqlite_url):
    from app.models import User
    with session_scope(sqlite_url) as s:
        s.get(User, users["business"].id).active = False
    spec = next(p for p in PAGES if p.file == "biz_listings.py")
    at = _render(spec, users["business"])
    # logged out (by the app before the page, or by the page's guard) and the page refused
    assert at.session_state[keys.GUARD] in (keys.GUARD_EXPIRED, keys.GUARD_LOGIN)
    assert keys.USER not in at.session_state
