"""Class dashboard: completion, quizzes, who needs help, hardest questions, progress over time, exports."""
import altair as alt
import pandas as pd
import streamlit as st

from app.db import session_scope
from app.learning.catalog import load_catalog
from app.trainer.access import StaffActor
from app.trainer.analytics import PAGE_WORKERS, STUCK_DAYS, STUCK_QUIZ_FAILS, class_dashboard, data_stamp
from app.trainer.exports import export_class, export_filename
from app.trainer.outreach import (OutreachError, class_announcements, delete_announcement, email_reminders,
                                  post_announcement, record_reminders, reminder_drafts, smtp_configured)
from app.ui.session import guard
from app.ui.trainer import as_percent, bar_column, link_to, metric_row, pct, pick_class, readable, when
from tools.safe_text import md
from app.ui.keys import TrainerDashboard as K

user = guard(__file__)
st.title("Bảng theo dõi lớp")
STUCK_HELP = (f"Chưa hoàn thành khóa học và: mở một bài học từ {STUCK_DAYS} ngày trước mà chưa học xong, hoặc làm "
              f"một bài kiểm tra từ {STUCK_QUIZ_FAILS} lần trở lên mà chưa đạt. Mỗi học viên tính một lần.")



@st.cache_data(ttl=600, max_entries=50, show_spinner="Đang tính số liệu của lớp…")
def load(user_id: int, role: str, class_id: int, inactive_days: int, stamp: tuple):  # noqa: ARG001 — cache key
    with session_scope() as s:
        return class_dashboard(s, StaffActor(user_id, role), class_id, load_catalog(), inactive_days,
                               workers=PAGE_WORKERS)


classroom = pick_class(user, "dashboard_pick", include_archived=True)
if classroom is None:
    st.stop()
c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
days = c1.slider("Tính là vắng khi không học quá (ngày)", 1, 60, 7, key=K.INACTIVE_DAYS)
if c2.button("Làm mới số liệu", icon=":material/refresh:"):
    load.clear()
with session_scope() as s:
    stamp = data_stamp(s, classroom.id)  # new progress or enrolments: the cached numbers are recomputed
dash = load(user.id, user.role, classroom.id, days, stamp)
if not load_catalog().modules:
    st.warning("Chưa có nội dung khóa học (thư mục courses/ trống): chỉ có số liệu ghi danh.")

o = dash.overview
metric_row([
    ("Học viên", o.learners, "Số học viên ghi danh trong lớp."),
    ("Hoàn thành", f"{o.completed}/{o.learners}", "Số học viên đủ điều kiện chứng chỉ: đạt mọi bài kiểm tra và "
                                                 "mọi bài thực hành."),
    ("Tiến độ TB", pct(o.avg_completion), "Trung bình phần khóa học đã làm (bài học, bài kiểm tra, thực hành)."),
    ("Học 7 ngày", o.active_7d, "Số học viên có học bài, làm bài kiểm tra hoặc thực hành trong 7 ngày qua."),
    ("Đạt kiểm tra", pct(o.quiz_pass_rate), "Trong các lượt học viên làm bài kiểm tra một học phần, tỉ lệ đã đạt."),
    ("Đang vướng", o.stuck, STUCK_HELP),
    ("Chờ chấm", o.waiting_review, "Bài thực hành học viên đã gửi, giảng viên chưa chấm (xem Hồ sơ học viên)."),
    ("Chứng chỉ", o.certificates, "Số học viên đã được cấp chứng chỉ."),
] + ([("Dự lớp", pct(o.attendance_rate), f"Tỉ lệ có mặt trung bình qua {o.sessions} buổi học.")] if o.sessions else []))

tab_progress, tab_quiz, tab_help, tab_notice, tab_people, tab_export = st.tabs(
    ["Tiến độ", "Bài kiểm tra", f"Cần hỗ trợ ({o.needs_help})", "Thông báo", "Học viên", "Xuất báo cáo"])


def bar(frame: pd.DataFrame, label: str, value: str, title: str, color: str | None = None) -> alt.Chart:
    """Horizontal bars of a 0..1 share in the frame's order; each name is written above its bar so that long
    Vietnamese titles stay readable on a phone."""
    tooltip = [alt.Tooltip(f"{label}:N", title="Mục"), alt.Tooltip(f"{value}:Q", format=".0%", title=title)]
    if color:
        tooltip.insert(0, alt.Tooltip(f"{color}:N", title="Học phần"))
    base = alt.Chart(frame).encode(y=alt.Y(f"{label}:N", sort=frame[label].tolist(), axis=None), tooltip=tooltip)
    x = alt.X(f"{value}:Q", title=title, scale=alt.Scale(domain=[0, 1.1]),
              axis=alt.Axis(format="%", values=[0, 0.25, 0.5, 0.75, 1], grid=True))
    bars = base.mark_bar(size=11, yOffset=7, cornerRadiusEnd=3).encode(
        x=x, color=alt.Color(f"{color}:N", title="Học phần", sort=frame[color].unique().tolist(),
                             scale=alt.Scale(scheme="tableau10"),
                             legend=alt.Legend(orient="bottom", columns=1, labelLimit=400))
        if color else alt.value("#2E7D32"))
    share = base.mark_text(align="left", dx=4, yOffset=7, fontSize=12, fontWeight="bold").encode(
        x=x, text=alt.Text(f"{value}:Q", format=".0%"))
    name = base.mark_text(align="left", baseline="middle", yOffset=-7, fontSize=13, limit=600).encode(
        x=alt.datum(0), text=f"{label}:N")
    return (bars + share + name).properties(height=alt.Step(36))


with tab_progress:
    if dash.modules.empty:
        st.info("Chưa có học phần nào.")
    else:
        st.subheader("Hoàn thành theo học phần")
        st.altair_chart(bar(dash.modules, "module", "completion_rate", "Học xong cả học phần"), width="stretch")
        st.subheader("Hoàn thành theo bài học")
        st.altair_chart(bar(dash.lessons, "lesson", "completion_rate", "Học xong bài", color="module"), width="stretch")
    st.subheader("Tiến độ theo thời gian")
    if dash.timeline.empty:
        st.info("Lớp chưa có hoạt động học nào.")
    else:
        t = dash.timeline
        day_axis = alt.Axis(format="%d/%m", tickCount={"interval": "day", "step": max(1, len(t) // 10)},
                            labelOverlap=True)  # one label per day at most (no repeated dates)
        line = alt.Chart(t).mark_line(point=True, color="#1565C0").encode(
            x=alt.X("day:T", title="Ngày", axis=day_axis),
            y=alt.Y("cumulative_rate:Q", title="Đã học xong (cộng dồn)", axis=alt.Axis(format="%")),
            tooltip=[alt.Tooltip("day:T", format="%d/%m/%Y", title="Ngày"),
                     alt.Tooltip("cumulative_rate:Q", format=".1%", title="Cộng dồn"),
                     alt.Tooltip("completed:Q", title="Bài học xong trong ngày"),
                     alt.Tooltip("active_learners:Q", title="Số người học")])
        active = alt.Chart(t).mark_bar(color="#90CAF9").encode(
            x=alt.X("day:T", title="Ngày", axis=day_axis),
            y=alt.Y("active_learners:Q", title="Số người học"))
        st.altair_chart(line.properties(height=220), width="stretch")
        st.altair_chart(active.properties(height=160), width="stretch")

with tab_quiz:
    st.subheader("Kết quả bài kiểm tra theo học phần")
    quizzes = as_percent(dash.quizzes, "avg_best_score", "pass_rate")
    st.dataframe(quizzes[["module", "learners", "attempts", "avg_best_score", "pass_rate"]], hide_index=True,
                 width="stretch", column_config={
                     "module": "Học phần", "learners": "Số người làm", "attempts": "Số lượt làm",
                     "avg_best_score": bar_column("Điểm cao nhất (TB)"),
                     "pass_rate": bar_column("Tỉ lệ đạt")})
    st.subheader("Câu hỏi khó nhất")
    if dash.hardest.empty:
        st.info("Chưa có câu trả lời sai nào.")
    else:
        for r in dash.hardest.itertuples():  # whole question texts: a table would cut them
            with st.container(border=True):
                st.markdown(f"**{r.question}**  \n{r.module}")
                st.progress(min(1.0, r.wrong_rate), text=f"Trả lời sai {r.wrong_rate * 100:.0f}% "
                                                          f"({r.wrong}/{r.answered} lượt)")
                if r.top_wrong:
                    st.caption(f"Đáp án sai hay chọn nhất: {r.top_wrong} ({r.top_wrong_count} lượt)")

with tab_help:
    if flash := st.session_state.pop(K.REMIND_FLASH, None):
        st.success(flash)
    def reminded(frame):
        return frame.assign(reminded_at=when(frame["reminded_at"], "Chưa nhắc"),
                            came_back=frame["came_back"].map({True: "Có", False: "Chưa"}).where(
                                frame["reminded_at"].notna(), ""))
    people_config = {"full_name": "Học viên", "group": "Nhóm", "phone": "Điện thoại", "reminded_at": "Đã nhắc",
                     "came_back": st.column_config.TextColumn("Học lại sau nhắc",
                                                              help="Có học bài, làm kiểm tra hoặc thực hành sau lần nhắc gần nhất.")}
    st.subheader(f"Đang vướng ({o.stuck} học viên)")
    st.caption(STUCK_HELP)
    if dash.stuck_people.empty:
        st.success("Không có học viên nào đang vướng.")
    else:
        st.dataframe(readable(reminded(dash.stuck_people)[["full_name", "phone", "items", "days", "reminded_at",
                                                           "came_back"]]),
                     hide_index=True, width="stretch", column_config=people_config | {
                         "items": st.column_config.TextColumn("Vướng ở", width="large"), "days": "Số ngày"})
    st.subheader(f"Không học quá {days} ngày ({len(dash.inactive)})")
    if dash.inactive.empty:
        st.success("Mọi học viên đều đang học đều đặn.")
    else:
        idle = reminded(dash.inactive.assign(last_activity=when(dash.inactive["last_activity"])))
        st.dataframe(readable(idle[["full_name", "phone", "last_activity", "days_idle", "reminded_at", "came_back"]]),
                     hide_index=True, width="stretch", column_config=people_config | {
                         "last_activity": "Học lần cuối",
                         "days_idle": st.column_config.TextColumn("Số ngày không học", help="—: chưa học lần nào")})
    needy = pd.concat([dash.stuck_people[["user_id", "full_name"]], dash.inactive[["user_id", "full_name"]]])
    needy = dict(zip(needy["user_id"], needy["full_name"]))
    if needy:
        st.subheader("Nhắc học viên")
        st.caption("Soạn sẵn tin nhắn cho từng người (tên, việc cần làm tiếp, địa chỉ trang học): bấm nút sao chép "
                   "rồi gửi qua Zalo hoặc SMS từ điện thoại của bạn. Bấm “Đã nhắc” để ghi lại.")
        if st.button("Chọn tất cả người cần hỗ trợ", key=K.REMIND_ALL, type="tertiary"):
            st.session_state[K.REMIND_PICK] = list(needy)
        pick = st.multiselect("Học viên cần nhắc", list(needy), format_func=needy.get, key=K.REMIND_PICK,
                              placeholder="Chọn một hoặc nhiều học viên")
        if st.button("Soạn tin nhắc", icon=":material/edit_note:", disabled=not pick, key=K.REMIND_DRAFT):
            with session_scope() as s:
                st.session_state[K.REMIND_DRAFTS] = reminder_drafts(s, user, classroom.id, pick, load_catalog())
        drafts = [d for d in st.session_state.get(K.REMIND_DRAFTS, []) if d.user_id in needy]
        for d in drafts:
            with st.container(border=True):
                links = " · ".join(f"[{label}]({url})" for label, url in (
                    ("📞 Gọi", d.tel_link), ("💬 SMS", d.sms_link), ("Zalo", d.zalo_link)) if url)
                st.markdown(f"**{md(d.full_name)}** · {d.phone or 'chưa có số điện thoại'}" + (f" · {links}" if links else ""))
                st.code(d.text, language=None, wrap_lines=True)
        if drafts:
            c1, c2 = st.columns(2)
            if c1.button(f"Đã nhắc {len(drafts)} học viên", type="primary", icon=":material/done_all:", key=K.REMIND_DONE):
                with session_scope() as s:
                    record_reminders(s, user, classroom.id, drafts)
                st.session_state.pop(K.REMIND_DRAFTS, None)
                st.session_state[K.REMIND_FLASH] = (f"Đã ghi lại lần nhắc {len(drafts)} học viên. Cột “Học lại sau "
                                                    "nhắc” cho biết ai đã quay lại học.")
                st.rerun()
            if smtp_configured() and c2.button("Gửi email cho người có email", icon=":material/mail:", key=K.REMIND_MAIL):
                with session_scope() as s, st.spinner("Đang gửi email…"):
                    result = email_reminders(s, user, classroom.id, drafts)
                sent = sum(v == "sent" for v in result.values())
                (st.success if sent else st.warning)(
                    f"Đã gửi {sent} email; {sum(v == 'no_email' for v in result.values())} người không có email; "
                    f"{sum(v == 'failed' for v in result.values())} gửi không được (hãy nhắn Zalo/SMS).")

with tab_notice:
    st.caption("Thông báo hiện trên trang chủ của mỗi học viên trong lớp cho đến khi họ bấm “Đã đọc”.")
    with st.form("announce", clear_on_submit=True):
        body = st.text_area("Thông báo mới", placeholder="Ví dụ: Thứ Bảy này lớp học ở nhà văn hóa tổ 5, 8 giờ sáng.")
        if st.form_submit_button("Đăng thông báo", type="primary", icon=":material/campaign:"):
            try:
                with session_scope() as s:
                    post_announcement(s, user, classroom.id, body)
            except OutreachError as exc:
                st.error(str(exc))
            else:
                st.success("Đã đăng thông báo.")
    with session_scope() as s:
        notices = class_announcements(s, user, classroom.id)
    for n in notices.itertuples():
        with st.container(border=True):
            st.markdown(md(n.body))
            c1, c2 = st.columns([3, 1], vertical_alignment="center")
            c1.caption(f"{n.created_at.tz_convert('Asia/Ho_Chi_Minh'):%d/%m/%Y %H:%M} · {n.read}/{o.learners} "
                       "học viên đã đọc")
            if c2.button("Xóa", key=K.DEL_NOTICE.format(n.id), icon=":material/delete:", type="tertiary"):
                with session_scope() as s:
                    delete_announcement(s, user, n.id)
                st.rerun()

with tab_people:
    table = as_percent(dash.learners, "completion_rate").assign(
        last_activity=when(dash.learners["last_activity"]), avg_score=dash.learners["avg_score"].map(pct),
        complete=dash.learners["complete"].map({True: "Hoàn thành", False: ""}),
        sessions=dash.learners["sessions_attended"].map(lambda n: f"{n}/{o.sessions}"))
    columns = ["full_name", "group", "completion_rate", "complete", "quizzes_passed", "avg_score", "exercises_done",
               "exercises_waiting", *(["sessions"] if o.sessions else []), "certificate_code", "last_activity"]
    st.dataframe(readable(table[columns]), hide_index=True, width="stretch", column_config={
        "full_name": "Học viên", "group": "Nhóm",
        "completion_rate": bar_column("Tiến độ"), "complete": "Khóa học",
        "quizzes_passed": "Bài kiểm tra đạt", "avg_score": "Điểm TB", "exercises_done": "Thực hành đạt",
        "exercises_waiting": "Chờ chấm", "sessions": "Dự lớp",
        "certificate_code": "Chứng chỉ", "last_activity": "Học lần cuối"})
    if len(dash.learners):
        names = dict(zip(dash.learners["user_id"], dash.learners["full_name"]))
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        chosen = c1.selectbox("Xem hồ sơ học viên", list(names), format_func=names.get, key=K.PROFILE_PICK)
        link_to(c2, "trainer_learner.py", "Mở hồ sơ", ":material/person_search:",
                {"hv": str(chosen), "lop": str(classroom.id)})

with tab_export:
    st.markdown("Báo cáo của lớp cho phường: bảng học viên (CSV), toàn bộ số liệu và mọi lượt làm bài (Excel), "
                "một trang tóm tắt để in (PDF), và dữ liệu xAPI (JSON) cho hệ thống học tập khác.")

    def exporter(fmt: str, attempts: bool = False):
        def make() -> bytes:
            with session_scope() as s:
                return export_class(s, user, classroom.id, load_catalog(), fmt, inactive_days=days, attempts=attempts)
        return make
    buttons = st.container(horizontal=True)
    for fmt, label, mime, icon in [
            ("csv", "Bảng học viên (CSV)", "text/csv", ":material/table:"),
            ("xlsx", "Báo cáo đầy đủ (Excel)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             ":material/grid_on:"),
            ("pdf", "Tóm tắt in (PDF)", "application/pdf", ":material/print:"),
            ("json", "xAPI (JSON)", "application/json", ":material/data_object:")]:
        buttons.download_button(label, exporter(fmt), export_filename(classroom.name, fmt), mime, icon=icon,
                                key=K.EXPORT.format(fmt), on_click="ignore")
    buttons.download_button("Mọi lượt làm bài (CSV)", exporter("csv", attempts=True),
                            export_filename(classroom.name, "csv", "luot-lam-bai"),
                            "text/csv", icon=":material/list_alt:", key=K.EXPORT_ATTEMPTS, on_click="ignore")
