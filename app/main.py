"""Streamlit entry point: role-based navigation. Run: streamlit run app/main.py"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run app/main.py` from a checkout
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from app.navigation import PAGES_DIR, pages_for  # noqa: E402
from app.ui.session import current_user, ensure_database, log_out  # noqa: E402
from app.ui.style import apply_style  # noqa: E402

st.set_page_config(page_title="Bình dân học AI", page_icon="🎓", layout="wide")
ensure_database()
user = current_user()

sections: dict[str, list] = {}
for spec in pages_for(user.role if user else None):
    page = st.Page(str(PAGES_DIR / spec.file), title=spec.title, icon=spec.icon,
                   url_path=spec.url_path, default=spec.file == "home.py")
    sections.setdefault(spec.section, []).append(page)
if user is None:
    sections.setdefault("Tài khoản", []).append(
        st.Page(str(PAGES_DIR / "login.py"), title="Đăng nhập / Đăng ký", icon=":material/login:", url_path="login"))

with st.sidebar:
    st.markdown("### 🎓 Bình dân học AI")
    if user:
        st.markdown(f"**{user.full_name}**  \n{user.role_label}")
        if st.button("Đăng xuất", icon=":material/logout:", key="logout"):
            log_out()
            st.rerun()
    st.toggle("Chữ to (dễ đọc)", key="large_text", help="Phóng to chữ cho người lớn tuổi hoặc màn hình nhỏ.")

apply_style()
st.navigation(sections).run()
