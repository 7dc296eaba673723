"""The logged-in user's own account: change password."""
import streamlit as st

from app.auth import AuthError, change_password
from app.db import session_scope
from app.ui.session import guard
from tools.safe_text import md

user = guard(__file__)
st.title("Tài khoản của tôi")
st.write(f"**{md(user.full_name)}** — {user.role_label} — tên đăng nhập `{user.username}`")

with st.form("password"):
    old = st.text_input("Mật khẩu hiện tại", type="password")
    new = st.text_input("Mật khẩu mới", type="password")
    again = st.text_input("Nhập lại mật khẩu mới", type="password")
    ok = st.form_submit_button("Đổi mật khẩu", type="primary")
if ok:
    if new != again:
        st.error("Hai lần nhập mật khẩu mới không giống nhau.")
    else:
        try:
            with session_scope() as s:
                change_password(s, user.id, old, new)
        except AuthError as exc:
            st.error(str(exc))
        else:
            st.success("Đã đổi mật khẩu.")
