"""Classes: create, rename, archive; enrol learners one by one or from a CSV/XLSX roster."""
import pandas as pd
import streamlit as st

from app.db import session_scope
from app.trainer.access import AccessError
from app.trainer.learner import learners_for
from app.trainer.classes import ClassError, archive_class, create_class, list_classes, rename_class
from app.trainer.enrolment import (RosterError, enrol_frame, enrol_one, enrolment_sheet_csv, enrolment_sheet_pdf,
                                   read_roster, resolve_conflict, roster_template)
from tools.compliance.privacy import privacy_notice
from app.ui.session import guard
from app.ui.trainer import choose_class, link_to, pick_class
from tools.safe_text import md
from app.ui.keys import TrainerClasses as K

user = guard(__file__)
st.title("Lớp học")

with st.expander("➕ Tạo lớp mới", expanded=False):
    with st.form("create_class", clear_on_submit=True):
        name = st.text_input("Tên lớp", placeholder="Ví dụ: Lớp AI cơ bản — Tổ dân phố 5")
        if st.form_submit_button("Tạo lớp", type="primary"):
            try:
                with session_scope() as s:
                    new_id = create_class(s, user, name).id
            except ClassError as exc:
                st.error(str(exc))
            else:
                choose_class(new_id, key=K.CLASSES_PICK)
                st.success(f"Đã tạo lớp “{md(name.strip())}”.")

show_archived = st.toggle("Hiện cả lớp đã lưu trữ", key=K.SHOW_ARCHIVED)
with session_scope() as s:
    all_classes = list_classes(s, user, include_archived=show_archived)
if all_classes:
    st.dataframe(pd.DataFrame([{"Lớp": c.name, "Giảng viên": c.trainer_name, "Số học viên": c.learners,
                                "Ngày tạo": c.created_at.strftime("%d/%m/%Y"),
                                "Trạng thái": "Đã lưu trữ" if c.archived else "Đang học"} for c in all_classes]),
                 hide_index=True, width="stretch")
classroom = pick_class(user, "classes_pick", include_archived=show_archived, label="Chọn lớp để ghi danh hoặc sửa",
                       empty_hint="Tạo lớp đầu tiên ở mục “➕ Tạo lớp mới” phía trên.")
if classroom is None:
    st.stop()

st.caption(f"Giảng viên phụ trách: {md(classroom.trainer_name)} · {classroom.learners} học viên"
           + (" · **Đã lưu trữ**" if classroom.archived else ""))

tab_enrol, tab_file, tab_roster, tab_settings = st.tabs(
    ["Ghi danh một học viên", "Ghi danh từ tệp CSV/Excel", "Học viên trong lớp", "Đổi tên, lưu trữ"])


def show_report(report) -> None:
    """Result of an enrolment: summary, row table, printable sheet with one-time passwords."""
    for note in report.notes:
        st.info(note)
    (st.warning if report.errors or report.conflicts else st.success)(report.summary())
    st.dataframe(report.table().fillna(""), hide_index=True, width="stretch")
    for row in report.conflicts:
        with st.container(border=True, key=K.CONFLICT.format(row.line, row.phone)):
            st.markdown(f"**Dòng {row.line or ''}: {row.name}** — {row.phone}. {row.message}")
            c1, c2 = st.columns(2)
            decision = None
            if c1.button("Người khác: tạo tài khoản mới", key=K.CF_NEW.format(row.line, row.phone)):
                decision = False
            if c2.button("Cùng một người", key=K.CF_SAME.format(row.line, row.phone)):
                decision = True
            if decision is not None:
                with session_scope() as s:
                    done = resolve_conflict(s, user, classroom.id, row, same_person=decision, notice_given=True)
                report.rows[report.rows.index(row)] = done
                st.rerun()
    if report.enrolled:
        c1, c2 = st.columns(2)
        c1.download_button("In phiếu ghi danh (PDF)", enrolment_sheet_pdf(report), "phieu-ghi-danh.pdf",
                           "application/pdf", icon=":material/print:", key=K.SHEET_PDF)
        c2.download_button("Tải phiếu ghi danh (CSV)", enrolment_sheet_csv(report), "phieu-ghi-danh.csv",
                           "text/csv", icon=":material/download:", key=K.SHEET_CSV)
        st.caption("Mật khẩu dùng một lần chỉ hiện ở đây: hãy in hoặc tải phiếu trước khi rời trang.")


def _single_report(row):
    from app.trainer.enrolment import EnrolmentReport
    return EnrolmentReport(class_name=classroom.name, rows=[row])


with tab_enrol:
    with st.form("enrol_one", clear_on_submit=True):
        full_name = st.text_input("Họ và tên")
        c1, c2 = st.columns(2)
        phone = c1.text_input("Số điện thoại")
        email = c2.text_input("Email (nếu không có số điện thoại)")
        group = st.text_input("Nhóm (không bắt buộc)", placeholder="Tổ dân phố 3")
        with st.expander(privacy_notice().title):
            st.markdown(privacy_notice().markdown())
        told = st.checkbox(privacy_notice().trainer_label, key=K.TOLD_ONE)
        submitted = st.form_submit_button("Ghi danh", type="primary", disabled=classroom.archived)
    if submitted and not told:
        st.error("Hãy đọc thông báo về dữ liệu cá nhân cho học viên và đánh dấu ô xác nhận trước khi ghi danh.")
    elif submitted:
        try:
            with session_scope() as s:
                row = enrol_one(s, user, classroom.id, full_name, phone, email, group, notice_given=True)
        except (AccessError, RosterError) as exc:
            st.error(str(exc))
        else:
            if row.status == "conflict":
                st.session_state[K.ENROL_REPORT] = _single_report(row)
                st.warning(md(row.message) + " Chọn ở thẻ “Ghi danh từ tệp CSV/Excel”.")
            elif not row.ok:
                st.error(md(row.message))
            elif row.status == "invited":
                st.info(md(row.message))
            elif row.status == "already":
                st.info(f"{md(row.name)} đã có trong lớp.")
            elif row.password:
                st.success(f"Đã ghi danh **{md(row.name)}**. Tên đăng nhập: `{row.username}` — mật khẩu dùng một lần: "
                           f"`{row.password}` (học viên sẽ đổi mật khẩu ở lần đăng nhập đầu).")
            else:
                st.success(f"Đã ghi danh **{md(row.name)}** bằng tài khoản đang có `{row.username}`.")

with tab_file:
    st.markdown("Tệp cần cột **Họ và tên**, **Số điện thoại** hoặc **Email**, và cột **Nhóm** (không bắt buộc). "
                "Dòng lỗi sẽ được báo lại, các dòng đúng vẫn được ghi danh.")
    st.download_button("Tải tệp mẫu (CSV)", roster_template(), "mau-danh-sach-lop.csv", "text/csv",
                       icon=":material/description:", type="tertiary")
    upload = st.file_uploader("Danh sách học viên", type=["csv", "xlsx"], key=K.ROSTER.format(classroom.id))
    if upload is not None:
        try:
            frame, notes = read_roster(upload.getvalue(), upload.name)
        except RosterError as exc:
            st.error(str(exc))
        else:
            for note in notes:
                st.info(note)
            st.markdown(f"**Xem trước:** {len(frame)} dòng")
            st.dataframe(frame.rename(columns={"name": "Họ và tên", "phone": "Số điện thoại", "email": "Email",
                                               "group": "Nhóm", "problem": "Lỗi"}).rename_axis("Dòng"), width="stretch",
                         height=min(400, 40 + 35 * len(frame)))
            told_file = st.checkbox(privacy_notice().trainer_label, key=K.TOLD_FILE)
            with st.expander(privacy_notice().title):
                st.markdown(privacy_notice().markdown())
            if st.button("Ghi danh các dòng này", type="primary", disabled=classroom.archived or not told_file,
                         key=K.ENROL_FILE):
                try:
                    with session_scope() as s:
                        st.session_state[K.ENROL_REPORT] = enrol_frame(s, user, classroom.id, frame, notes,
                                                                       notice_given=True)
                except (AccessError, RosterError) as exc:
                    st.error(str(exc))
                else:
                    st.rerun()  # learner counts above change; the report stays in the session
    report = st.session_state.get(K.ENROL_REPORT)
    if report is not None and report.class_name == classroom.name:
        show_report(report)

with tab_roster:
    with session_scope() as s:
        roster = learners_for(s, user, classroom.id)
    if roster.empty:
        st.info("Lớp chưa có học viên.")
    else:
        st.dataframe(roster[["full_name", "username", "group"]], hide_index=True, width="stretch",
                     column_config={"full_name": "Họ và tên", "username": "Tên đăng nhập", "group": "Nhóm"})
    link_to(st, "trainer_roster.py", "Tìm, sửa, chuyển lớp, cấp lại mật khẩu, gộp tài khoản", ":material/badge:")

with tab_settings:
    with st.form("rename"):
        new_name = st.text_input("Tên mới", value=classroom.name)
        if st.form_submit_button("Đổi tên"):
            try:
                with session_scope() as s:
                    rename_class(s, user, classroom.id, new_name)
            except (ClassError, AccessError) as exc:
                st.error(str(exc))
            else:
                st.success("Đã đổi tên lớp.")
                st.rerun()
    if classroom.archived:
        if st.button("Khôi phục lớp", icon=":material/unarchive:"):
            with session_scope() as s:
                archive_class(s, user, classroom.id, archived=False)
            st.rerun()
    else:
        st.caption("Lưu trữ: lớp không còn hiện trong danh sách hằng ngày; dữ liệu học tập vẫn được giữ.")
        if st.button("Lưu trữ lớp", icon=":material/archive:"):
            with session_scope() as s:
                archive_class(s, user, classroom.id)
            st.rerun()
