"""Every st.session_state key the pages share, named once (a typo then fails on import, not silently).

Keys private to one page may stay in that page as a module constant; a key read by two modules lives here.
"""
from __future__ import annotations

USER = "user"                    # app.ui.session.CurrentUser of who is logged in
SESSION_TOKEN = "session_token"  # the remember-me login session token
PENDING_COOKIE = "_pending_cookie"  # a cookie change to write in the browser on the next run
GUARD = "_guard"                 # what the page guard decided on this run (see GUARD_* below)
LARGE_TEXT = "large_text"        # the reader asked for larger text

GUARD_OK = "ok"
GUARD_LOGIN = "login_required"   # not logged in, page needs a role
GUARD_FORBIDDEN = "forbidden"    # logged in with a role that may not open the page
GUARD_EXPIRED = "expired"        # the account was disabled or its role changed meanwhile
