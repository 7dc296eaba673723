"""Admin: create trainer/admin accounts, enable or disable accounts."""
import pandas as pd
import streamlit as st

from app.accounts import list_users, set_active
from app.auth import AuthError, create_user, one_time_password
from app.db import session_scope
from app.navigation import ROLE_LABELS
from app.ui.session import guard

user = guard(__file__)
st.title("Quản lý tài khoản")

st.subheader("Tạo tài khoản giảng viên hoặc quản trị")
with st.form("create_staff", clear_on_submit=True):
    full_name = st.text_input("Họ và tên")
    username = st.text_input("Tên đăng nhập")
    role = st.selectbox("Vai trò", ["trainer", "admin"], format_func=ROLE_LABELS.get)
    phone = st.text_input("Số điện thoại (không bắt buộc)")
    ok = st.form_submit_button("Tạo tài khoản", type="primary")
if ok:
    password = one_time_password()
    try:
        with session_scope() as s:
            create_user(s, username, password, full_name, role, phone=phone or None, must_change_password=True)
    except AuthError as exc:
        st.error(str(exc))
    else:
        st.success(f"Đã tạo tài khoản **{username}**. Mật khẩu dùng một lần: `{password}` — "
                   "hãy đưa cho người dùng và nhắc họ đổi mật khẩu.")

st.subheader("Danh sách tài khoản")
with session_scope() as s:
    users = list_users(s)
    table = pd.DataFrame([{
        "Mã": u.id, "Tên đăng nhập": u.username, "Họ và tên": u.full_name,
        "Vai trò": ROLE_LABELS.get(u.role, u.role), "Đang hoạt động": u.active,
    } for u in users])
st.dataframe(table, hide_index=True, width="stretch")

with st.form("toggle"):
    target = st.selectbox("Tài khoản", [u for u in users], format_func=lambda u: f"{u.username} — {u.full_name}")
    active = st.radio("Trạng thái", [True, False], format_func={True: "Mở", False: "Khóa"}.get, horizontal=True)
    apply = st.form_submit_button("Cập nhật")
if apply and target is not None:
    try:
        with session_scope() as s:
            set_active(s, user.id, target.id, active)
    except AuthError as exc:
        st.error(str(exc))
    else:
        st.success("Đã cập nhật.")
        st.rerun()
