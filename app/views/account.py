"""The logged-in user's own account: password, display preferences, personal data (download, deletion)."""
import streamlit as st

from app.db import session_scope
from app.personal_data import personal_data_text, request_deletion
from app.ui.gates import password_form
from app.ui.session import guard
from tools.compliance.privacy import privacy_notice
from tools.safe_text import md
from app.ui.keys import Account as K

user = guard(__file__)
st.title("Tài khoản của tôi")
st.write(f"**{md(user.full_name)}** — {user.role_label} — tên đăng nhập `{user.username}`")

st.subheader("Đổi mật khẩu")
st.caption("Đổi mật khẩu sẽ đăng xuất mọi máy khác đang dùng tài khoản này.")
password_form(user, forced=False)

st.subheader("Dữ liệu của tôi")
notice = privacy_notice()
with st.expander(notice.title):
    st.markdown(notice.markdown())
with session_scope() as s:
    data = personal_data_text(s, user.id)
st.download_button("Tải về mọi dữ liệu về tôi (tệp văn bản)", data, file_name=f"du-lieu-{user.username}.txt",
                   mime="text/plain", icon=":material/download:", key=K.MY_DATA)
with st.form("delete-request"):
    st.markdown("**Yêu cầu xóa dữ liệu.** Quản trị viên sẽ xóa tên, số điện thoại, bài học và bài làm của bạn; "
                "chứng chỉ đã cấp (mã, họ tên, ngày cấp) được giữ để vẫn xác minh được.")
    note = st.text_area("Ghi chú cho quản trị viên (không bắt buộc)")
    sure = st.checkbox("Tôi hiểu rằng sau khi xóa, tôi không đăng nhập và không học tiếp bằng tài khoản này được nữa")
    asked = st.form_submit_button("Gửi yêu cầu xóa dữ liệu")
if asked:
    if not sure:
        st.error("Hãy đánh dấu ô xác nhận trước khi gửi yêu cầu.")
    else:
        with session_scope() as s:
            request_deletion(s, user.id, note)
        st.success("Đã gửi yêu cầu. Quản trị viên sẽ thực hiện và bạn sẽ không đăng nhập được nữa khi xong.")
