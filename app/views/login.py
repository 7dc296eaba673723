"""Log in or sign up (learners and household businesses sign up themselves)."""
import streamlit as st

from app.auth import AuthError, authenticate, sign_up
from app.ui.learn import save_signup_track, signup_track_picker
from app.db import session_scope
from app.ui.session import current_user, log_in

if current_user():
    st.switch_page("views/home.py")

st.title("Đăng nhập")
tab_in, tab_up = st.tabs(["Đăng nhập", "Đăng ký tài khoản mới"])

with tab_in:
    with st.form("login"):
        username = st.text_input("Tên đăng nhập")
        password = st.text_input("Mật khẩu", type="password")
        remember = st.checkbox("Ghi nhớ đăng nhập trên máy này (bỏ chọn nếu dùng máy chung)", value=True)
        submitted = st.form_submit_button("Đăng nhập", type="primary")
    if submitted:
        with session_scope() as s:
            user = authenticate(s, username, password)
        if user:
            log_in(user, remember=remember)
            st.switch_page("views/home.py")
        st.error("Sai tên đăng nhập hoặc mật khẩu.")

with tab_up:
    with st.form("signup"):
        full_name = st.text_input("Họ và tên")
        new_username = st.text_input("Tên đăng nhập (chữ thường không dấu, ví dụ: lan.nguyen)")
        new_password = st.text_input("Mật khẩu (ít nhất 6 ký tự)", type="password")
        role = st.radio("Tôi là", ["learner", "business"], horizontal=True,
                        format_func={"learner": "Học viên", "business": "Hộ kinh doanh"}.get)
        phone = st.text_input("Số điện thoại (không bắt buộc)")
        track = signup_track_picker()
        created = st.form_submit_button("Tạo tài khoản", type="primary")
    if created:
        try:
            with session_scope() as s:
                user = sign_up(s, new_username, new_password, full_name, role, phone=phone or None)
                save_signup_track(s, user.id, track)
        except AuthError as exc:
            st.error(str(exc))
        else:
            log_in(user)
            st.switch_page("views/home.py")
