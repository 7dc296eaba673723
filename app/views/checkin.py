"""A learner checks in at an in-person session by scanning the QR code on the trainer's screen (?ma=...)."""
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from app.db import session_scope
from app.navigation import PAGES_DIR
from app.trainer.attendance import AttendanceError, check_in
from app.ui.session import guard

user = guard(__file__)
st.title("Điểm danh buổi học")
token = st.query_params.get("ma", "")
if not token:
    st.info("Hãy dùng camera điện thoại quét mã QR trên màn hình của giảng viên trong buổi học.")
    st.stop()
try:
    with session_scope() as s:
        result = check_in(s, user.id, token)
except AttendanceError as exc:
    st.error(str(exc))
else:
    when = f"{result.held_on:%d/%m/%Y}"
    if result.status == "ok":
        st.success(f"✅ Đã điểm danh **{user.full_name}** — lớp “{result.class_name}”, buổi {when}: {result.topic}.")
    else:
        st.info(f"Bạn đã được điểm danh buổi {when} ({result.topic}) rồi.")
    try:
        st.page_link(str(PAGES_DIR / "learn_course.py"), label="Vào khóa học", icon=":material/school:")
    except StreamlitPageNotFoundError:  # page run on its own, outside the app's navigation
        pass
