"""Admin: create staff accounts; see each account's real state; lock, unlock and reset passwords (each change
confirmed); carry out personal-data deletion requests."""
import pandas as pd
import streamlit as st

from app.accounts import account_states, password_slip_pdf, reset_password, set_active
from app.auth import AuthError, create_user, one_time_password
from app.db import session_scope
from app.navigation import ROLE_LABELS
from app.personal_data import carry_out_deletion, pending_requests
from app.trainer.access import AccessError
from app.ui.session import guard
from app.ui.keys import AdminUsers as K

user = guard(__file__)
st.title("Quản lý tài khoản")

if done := st.session_state.pop(K.ADMIN_DONE, None):
    st.success(done)
if slip := st.session_state.get(K.ADMIN_SLIP):
    with st.container(border=True):
        st.markdown(f"**Phiếu mật khẩu mới cho {slip.full_name}** — tên đăng nhập `{slip.username}`, "
                    f"mật khẩu dùng một lần `{slip.password}` (phải đổi ở lần đăng nhập tới).")
        st.download_button("In phiếu mật khẩu (PDF)", password_slip_pdf([slip]), file_name=f"phieu-{slip.username}.pdf",
                           mime="application/pdf", icon=":material/print:", key=K.SLIP_PDF)
        if st.button("Đã đưa phiếu, ẩn đi", key=K.SLIP_HIDE):
            del st.session_state[K.ADMIN_SLIP]
            st.rerun()

with session_scope() as s:
    requests = pending_requests(s)
st.subheader(f"Yêu cầu xóa dữ liệu đang chờ ({len(requests)})")
if not requests:
    st.caption("Không có yêu cầu nào đang chờ.")
for req in requests:
    with st.container(border=True):
        st.markdown(f"**{req.full_name}** (`{req.username}`) — gửi lúc {req.created_at:%d/%m/%Y}"
                    + (f" — ghi chú: {req.note}" if req.note else ""))
        if st.button("Thực hiện xóa dữ liệu", key=K.ERASE.format(req.id)):
            st.session_state[K.ADMIN_CONFIRM] = ("erase", req.id, req.full_name)

states = None
with session_scope() as s:
    states = account_states(s)

st.subheader("Danh sách tài khoản")
table = pd.DataFrame([{
    "Tên đăng nhập": a.username, "Họ và tên": a.full_name, "Vai trò": ROLE_LABELS.get(a.role, a.role),
    "Trạng thái": a.status_label,
    "Hoạt động gần nhất": a.last_seen_at.strftime("%d/%m/%Y") if a.last_seen_at else "chưa đăng nhập",
} for a in states])
st.dataframe(table, hide_index=True, width="stretch")

st.subheader("Khóa, mở khóa, đặt lại mật khẩu")
by_id = {a.id: a for a in states}
target_id = st.selectbox("Tài khoản", list(by_id), format_func=lambda i: f"{by_id[i].username} — {by_id[i].full_name}",
                         key=K.TARGET)
target = by_id.get(target_id)
if target is not None:
    st.markdown(f"Trạng thái hiện tại: **{target.status_label}**")
    c1, c2 = st.columns(2)
    if target.active:
        if c1.button("Khóa tài khoản", icon=":material/lock:", key=K.LOCK):
            st.session_state[K.ADMIN_CONFIRM] = ("lock", target.id, target.username)
    elif c1.button("Mở khóa tài khoản", icon=":material/lock_open:", key=K.UNLOCK):
        st.session_state[K.ADMIN_CONFIRM] = ("unlock", target.id, target.username)
    if c2.button("Đặt lại mật khẩu", icon=":material/key:", key=K.RESET):
        st.session_state[K.ADMIN_CONFIRM] = ("reset", target.id, target.username)

QUESTIONS = {
    "lock": "Khóa tài khoản **{}**? Người này sẽ bị đăng xuất và không đăng nhập được cho tới khi mở lại.",
    "unlock": "Mở khóa tài khoản **{}**?",
    "reset": "Đặt lại mật khẩu của **{}**? Mật khẩu cũ hết hiệu lực, mọi máy đang đăng nhập bị đăng xuất.",
    "erase": "Xóa dữ liệu cá nhân của **{}**? Không hoàn tác được; chỉ giữ mã chứng chỉ, họ tên và ngày cấp.",
}
if pending := st.session_state.get(K.ADMIN_CONFIRM):
    action, target_id, label = pending
    with st.container(border=True, key=K.CONFIRM_BOX):
        st.warning(QUESTIONS[action].format(label))
        c1, c2 = st.columns(2)
        if c1.button("Xác nhận", type="primary", key=K.CONFIRM_YES):
            try:
                with session_scope() as s:
                    if action in ("lock", "unlock"):
                        set_active(s, user.id, target_id, action == "unlock")
                        st.session_state[K.ADMIN_DONE] = f"Đã {'khóa' if action == 'lock' else 'mở khóa'} tài khoản {label}."
                    elif action == "reset":
                        st.session_state[K.ADMIN_SLIP] = reset_password(s, user, target_id)
                        st.session_state[K.ADMIN_DONE] = f"Đã đặt lại mật khẩu cho {label}."
                    else:
                        carry_out_deletion(s, user, target_id)
                        st.session_state[K.ADMIN_DONE] = f"Đã xóa dữ liệu của {label}."
            except (AuthError, AccessError) as exc:
                st.error(str(exc))
            else:
                del st.session_state[K.ADMIN_CONFIRM]
                st.rerun()
        if c2.button("Hủy", key=K.CONFIRM_NO):
            del st.session_state[K.ADMIN_CONFIRM]
            st.rerun()

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
            created = create_user(s, username, password, full_name, role, phone=phone or None,
                                  must_change_password=True)
    except AuthError as exc:
        st.error(str(exc))
    else:
        st.success(f"Đã tạo tài khoản **{created.username}**. Mật khẩu dùng một lần: `{password}` — người dùng "
                   "phải đổi mật khẩu ở lần đăng nhập đầu tiên.")
