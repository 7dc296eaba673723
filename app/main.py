"""Streamlit entry point: role-based navigation. Run: streamlit run app/main.py"""
from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run app/main.py` from a checkout
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from app.config import set_request_base  # noqa: E402
from app.navigation import pages_for  # noqa: E402
from app.ui import i18n  # noqa: E402
from app.ui.errors import run_page  # noqa: E402
from app.ui.gates import due_gate  # noqa: E402
from app.ui.heap import freeze_loaded_modules  # noqa: E402
from app.ui.pages import navigation_pages  # noqa: E402
from app.ui.session import (apply_pending_prefs, current_user, ensure_database, flush_cookie, log_out,  # noqa: E402
                            restore_login, save_prefs, still_valid)
from app.ui.style import apply_style  # noqa: E402
from tools.safe_text import md  # noqa: E402

st.set_page_config(page_title="Bình dân học AI", page_icon="🎓", layout="wide")
ensure_database()
set_request_base(st.context.url if isinstance(st.context.url, str) else None)
restore_login()
apply_pending_prefs()
user = current_user()
gate = None
if user is not None:
    row = still_valid(user)
    if row is None:  # locked, or the password was changed or reset elsewhere
        log_out()
        user = None
        st.session_state["_flash_error"] = ("Phiên đăng nhập đã kết thúc (mật khẩu đã đổi hoặc tài khoản bị khóa). "
                                            "Vui lòng đăng nhập lại.")
    else:
        gate = due_gate(user, row)

# Every page is registered so that a URL always reaches the page's own server-side guard (which
# explains in Vietnamese why it refuses); the menu shows only the pages this user may open.
pages = navigation_pages()
current = st.navigation(list(pages.values()), position="hidden")

with st.sidebar:
    st.markdown("### 🎓 Bình dân học AI")
    menu: dict[str, list] = {}
    for spec in pages_for(user.role if user else None):
        menu.setdefault(spec.section, []).append(spec)
    if user is None:
        menu.setdefault("Tài khoản", [])
    for section, specs in menu.items():
        st.caption(section)
        for spec in specs:
            st.page_link(pages[spec.file], label=spec.title, icon=spec.icon)
        if user is None and section == "Tài khoản":
            st.page_link(pages["login.py"], label="Đăng nhập / Đăng ký", icon=":material/login:")
    st.divider()
    if user:
        st.markdown(f"**{md(user.full_name)}**  \n{user.role_label}")
        if st.button("Đăng xuất", icon=":material/logout:", key="logout"):
            log_out()
            st.rerun()
    st.toggle("Chữ to (dễ đọc)", key="large_text", help="Phóng to chữ cho người lớn tuổi hoặc màn hình nhỏ.",
              on_change=save_prefs)

apply_style()
i18n.install()
flush_cookie()
if message := st.session_state.pop("_flash", None):
    st.success(message)
if message := st.session_state.pop("_flash_error", None):
    st.error(message)
    st.page_link(pages["login.py"], label="Đăng nhập", icon=":material/login:")
try:
    run_page(current if gate is None else SimpleNamespace(run=gate))  # a due step (new password...) comes first
finally:  # also when the page stopped or asked for a rerun
    freeze_loaded_modules()
