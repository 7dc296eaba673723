"""Log in or sign up (learners and household businesses sign up themselves)."""
import streamlit as st

from app.auth import PASSWORD_HINT, PHONE_EXAMPLE, AuthError, log_in_attempt, sign_up
from app.ui.learn import save_signup_track, signup_track_picker
from app.db import session_scope
from app.ui.session import client_address, current_user, log_in
from tools.compliance.privacy import privacy_notice

if current_user():
    st.switch_page("views/home.py")

st.title("Đăng nhập")
tab_in, tab_up = st.tabs(["Đăng nhập", "Đăng ký tài khoản mới"])

with tab_in:
    with st.form("login"):
        username = st.text_input("Tên đăng nhập hoặc số điện thoại")
        password = st.text_input("Mật khẩu", type="password")
        remember = st.checkbox("Ghi nhớ đăng nhập trên máy này trong 7 ngày (bỏ chọn nếu dùng máy chung)", value=True)
        submitted = st.form_submit_button("Đăng nhập", type="primary")
    if submitted:
        with session_scope() as s:
            outcome = log_in_attempt(s, username, password, client_address())
            if outcome.user is not None:
                s.expunge(outcome.user)
        if outcome.user is not None:
            log_in(outcome.user, remember=remember)
            st.switch_page("views/home.py")
        st.error(outcome.message)
    with st.expander("Quên mật khẩu?", icon=":material/help:"):
        st.markdown(
            "- **Học viên**: nhờ **giảng viên lớp mình** đặt lại mật khẩu. Giảng viên in cho bạn một phiếu có "
            "mật khẩu dùng một lần; đăng nhập bằng mật khẩu đó rồi đặt mật khẩu mới.\n"
            "- **Hộ kinh doanh, giảng viên**: liên hệ **quản trị viên** của chương trình (cán bộ phường phụ trách) "
            "để được đặt lại mật khẩu.\n"
            "- Nhập sai nhiều lần, tài khoản tạm khóa đăng nhập 15 phút; đặt lại mật khẩu sẽ mở khóa ngay.")

with tab_up:
    notice = privacy_notice()
    with st.form("signup"):
        full_name = st.text_input("Họ và tên")
        new_username = st.text_input("Tên đăng nhập (chữ thường không dấu, ví dụ: lan.nguyen)")
        new_password = st.text_input("Mật khẩu", type="password", help=PASSWORD_HINT)
        st.caption(PASSWORD_HINT)
        role = st.radio("Tôi là", ["learner", "business"], horizontal=True,
                        format_func={"learner": "Học viên", "business": "Hộ kinh doanh"}.get)
        phone = st.text_input(f"Số điện thoại (không bắt buộc, ví dụ {PHONE_EXAMPLE})")
        track = signup_track_picker()
        with st.expander(notice.title, expanded=False):
            st.markdown(notice.markdown())
        agreed = st.checkbox(notice.consent_label)
        created = st.form_submit_button("Tạo tài khoản", type="primary")
    if created:
        try:
            with session_scope() as s:
                user = sign_up(s, new_username, new_password, full_name, role, phone=phone or None,
                               privacy_ack=agreed)
                save_signup_track(s, user.id, track)
                s.expunge(user)
        except AuthError as exc:
            st.error(str(exc))
        else:
            log_in(user)
            st.switch_page("views/home.py")
