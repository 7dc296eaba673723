"""Steps a logged-in person must take before any page: change a one-time password, confirm the
personal-data notice, answer class invitations. main.py shows the first one due instead of the page."""
from __future__ import annotations

import streamlit as st

from app.accounts import answer_invitation, pending_invitations
from app.auth import PASSWORD_HINT, AuthError, change_password
from app.db import session_scope
from app.models import User
from app.personal_data import acknowledge_privacy, needs_privacy_ack
from app.ui.session import CurrentUser, after_password_change
from app.ui.keys import UiGates as K


def password_form(user: CurrentUser, *, forced: bool) -> None:
    """The change-password form (forced: the account still has a one-time password)."""
    if forced:
        st.title("Đặt mật khẩu mới")
        st.info("Bạn đang dùng **mật khẩu dùng một lần** (in trên phiếu). Hãy đặt mật khẩu của riêng bạn "
                "trước khi học tiếp. Chỉ mất một phút.")
    with st.form("password", clear_on_submit=False):
        old = st.text_input("Mật khẩu dùng một lần (trên phiếu)" if forced else "Mật khẩu hiện tại", type="password")
        new = st.text_input("Mật khẩu mới", type="password", help=PASSWORD_HINT)
        again = st.text_input("Nhập lại mật khẩu mới", type="password")
        st.caption(PASSWORD_HINT)
        ok = st.form_submit_button("Đổi mật khẩu", type="primary")
    if ok:
        if new != again:
            st.error("Hai lần nhập mật khẩu mới không giống nhau.")
            return
        try:
            with session_scope() as s:
                row = change_password(s, user.id, old, new)
                s.expunge(row)
        except AuthError as exc:
            st.error(str(exc))
            return
        after_password_change(row)
        st.session_state[K.FLASH] = "Đã đổi mật khẩu. Các máy khác đang đăng nhập tài khoản này đã bị đăng xuất."
        st.rerun()


def privacy_confirm(user: CurrentUser) -> None:
    from tools.compliance.privacy import privacy_notice
    notice = privacy_notice()
    st.title(notice.title)
    st.write("Giảng viên đã ghi danh bạn vào lớp. Trước khi học, hãy đọc điều dưới đây và xác nhận.")
    st.markdown(notice.markdown())
    if st.button(notice.consent_label, type="primary", key=K.PRIVACY_ACK, icon=":material/check:"):
        with session_scope() as s:
            acknowledge_privacy(s, user.id)
        st.rerun()
    st.caption("Nếu không đồng ý, bạn có thể đăng xuất (thanh bên) và báo giảng viên; "
               "bạn cũng có thể yêu cầu xóa dữ liệu ở trang “Tài khoản của tôi”.")


def invitations(user: CurrentUser, pending) -> None:
    st.title("Lời mời vào lớp")
    st.write("Một giảng viên muốn thêm bạn vào lớp của họ. Nếu đồng ý, giảng viên đó sẽ xem được tiến độ học "
             "của bạn (bài đã học, điểm bài kiểm tra, bài thực hành).")
    for inv in pending:
        with st.container(border=True):
            st.markdown(f"Lớp **{inv.class_name}** — giảng viên **{inv.trainer_name}**")
            c1, c2 = st.columns(2)
            if c1.button("Đồng ý vào lớp", key=K.INV_YES.format(inv.id), type="primary"):
                with session_scope() as s:
                    answer_invitation(s, user.id, inv.id, True)
                st.rerun()
            if c2.button("Không đồng ý", key=K.INV_NO.format(inv.id)):
                with session_scope() as s:
                    answer_invitation(s, user.id, inv.id, False)
                st.rerun()
    if st.button("Để sau", key=K.INV_LATER):
        st.session_state[K.INVITATIONS_LATER] = True
        st.rerun()


def due_gate(user: CurrentUser, row: User):
    """The step this person must take now (a function to call), or None."""
    if row.must_change_password:
        return lambda: password_form(user, forced=True)
    with session_scope() as s:
        if needs_privacy_ack(s, user.id):
            return lambda: privacy_confirm(user)
        pending = [] if st.session_state.get(K.INVITATIONS_LATER) else pending_invitations(s, user.id)
    if pending:
        return lambda: invitations(user, pending)
    return None
