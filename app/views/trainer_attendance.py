"""In-person sessions of a class: add a session, tick who came, or let learners check in with a QR code."""
from datetime import datetime, timezone

import pandas as pd
import streamlit as st

from app.db import session_scope
from app.learning.certificates import VIETNAM_TZ, qr_png
from app.trainer.access import AccessError
from app.trainer.attendance import (CHECKIN_MINUTES, AttendanceError, add_session, checkin_url, class_sessions,
                                    close_checkin, open_checkin, present_ids, set_attendance)
from app.trainer.roster import roster
from app.ui.session import guard
from app.ui.trainer import pick_class
from app.ui.keys import TrainerAttendance as K

user = guard(__file__)
st.title("Buổi học, điểm danh")
classroom = pick_class(user, "attendance_pick")
if classroom is None:
    st.stop()

with st.expander("➕ Thêm buổi học", expanded=False):
    with st.form("add_session", clear_on_submit=True):
        c1, c2 = st.columns([1, 3])
        held_on = c1.date_input("Ngày học", value=datetime.now(VIETNAM_TZ).date(), format="DD/MM/YYYY")
        topic = c2.text_input("Nội dung buổi học", placeholder="Ví dụ: Viết câu lệnh cho AI")
        if st.form_submit_button("Thêm buổi học", type="primary"):
            try:
                with session_scope() as s:
                    st.session_state[K.ATTENDANCE_SESSION] = add_session(s, user, classroom.id, held_on, topic).id
            except (AttendanceError, AccessError) as exc:
                st.error(str(exc))
            else:
                st.success("Đã thêm buổi học.")

with session_scope() as s:
    sessions = class_sessions(s, user, classroom.id)
    people = roster(s, user, classroom.id)
if sessions.empty:
    st.info("Lớp chưa có buổi học nào. Hãy thêm buổi học ở trên.")
    st.stop()

st.dataframe(pd.DataFrame({"Ngày học": [f"{d:%d/%m/%Y}" for d in sessions["held_on"]], "Nội dung": sessions["topic"],
                           "Có mặt": [f"{n}/{len(people)}" for n in sessions["present"]]}),
             hide_index=True, width="stretch")
labels = {row.id: f"{row.held_on:%d/%m/%Y} — {row.topic}" for row in sessions.itertuples()}
ids = list(labels)
wanted = st.session_state.get(K.ATTENDANCE_SESSION)
chosen = st.selectbox("Buổi học", ids, index=ids.index(wanted) if wanted in ids else len(ids) - 1,
                      format_func=labels.get, key=K.ATTENDANCE_PICK_SESSION)
tab_tick, tab_qr = st.tabs(["Điểm danh bằng tay", "Quét mã QR"])

with tab_tick:
    if people.empty:
        st.info("Lớp chưa có học viên.")
    else:
        with session_scope() as s:
            here = present_ids(s, user, chosen)
        sheet = pd.DataFrame({"user_id": people["user_id"], "Họ và tên": people["full_name"], "Nhóm": people["group"],
                              "Có mặt": people["user_id"].isin(here)})
        edited = st.data_editor(sheet, hide_index=True, width="stretch", disabled=["Họ và tên", "Nhóm"],
                                column_config={"user_id": None, "Có mặt": st.column_config.CheckboxColumn("Có mặt")},
                                key=K.TICKS.format(chosen))
        if st.button("Lưu điểm danh", type="primary", icon=":material/save:"):
            with session_scope() as s:
                set_attendance(s, user, chosen, set(edited.loc[edited["Có mặt"], "user_id"]))
            st.success(f"Đã lưu: {int(edited['Có mặt'].sum())} học viên có mặt.")

with tab_qr:
    row = sessions.set_index("id").loc[chosen]
    until = row["checkin_until"]
    if until is not None and not pd.isna(until):
        until = pd.Timestamp(until).tz_localize("UTC") if pd.Timestamp(until).tzinfo is None else pd.Timestamp(until)
    is_open = until is not None and not pd.isna(until) and until > pd.Timestamp.now(tz=timezone.utc)
    c1, c2 = st.columns([1, 2], vertical_alignment="bottom")
    minutes = c1.number_input("Mở trong (phút)", 1, 240, CHECKIN_MINUTES, key=K.CHECKIN_MINUTES)
    if c2.button("Mở điểm danh bằng mã QR" if not is_open else "Tạo mã mới", icon=":material/qr_code_2:"):
        with session_scope() as s:
            open_checkin(s, user, chosen, minutes)
        st.rerun()
    if is_open:
        url = checkin_url(row["checkin_token"])
        st.image(qr_png(url), width=320)
        st.markdown(f"Học viên đăng nhập rồi quét mã, hoặc mở: `{url}`  \n"
                    f"Mã dùng được đến **{until.tz_convert('Asia/Ho_Chi_Minh'):%H:%M}** "
                    f"ngày {until.tz_convert('Asia/Ho_Chi_Minh'):%d/%m/%Y}, chỉ cho buổi này.")

        @st.fragment(run_every=5)
        def live_count():
            with session_scope() as s:
                st.metric("Đã điểm danh", f"{len(present_ids(s, user, chosen))}/{len(people)}")
        live_count()
        if st.button("Đóng điểm danh", icon=":material/lock:"):
            with session_scope() as s:
                close_checkin(s, user, chosen)
            st.rerun()
    else:
        st.caption("Mã QR chỉ dùng được cho buổi học đã chọn, trong số phút đã đặt.")
