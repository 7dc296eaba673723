"""A learner checks in at an in-person session by scanning the QR code on the trainer's screen (?ma=...)."""
import streamlit as st

from app.db import session_scope
from app.trainer.attendance import AttendanceError, check_in
from app.ui.session import guard
from app.ui.trainer import link_to
from tools.safe_text import md

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
        st.success(f"✅ Đã điểm danh **{md(user.full_name)}** — lớp “{md(result.class_name)}”, buổi {when}: {md(result.topic)}.")
    else:
        st.info(f"Bạn đã được điểm danh buổi {when} ({md(result.topic)}) rồi.")
    link_to(st, "learn_course.py", "Vào khóa học", ":material/school:")
