"""Class dashboard: completion, quizzes, who needs help, hardest questions, progress over time, exports."""
import altair as alt
import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from app.db import session_scope
from app.learning.catalog import load_catalog
from app.navigation import PAGES_DIR
from app.trainer.access import StaffActor
from app.trainer.analytics import PAGE_WORKERS, class_dashboard, data_stamp
from app.trainer.exports import export_class
from app.ui.session import guard
from app.ui.trainer import as_percent, bar_column, metric_row, pct, pick_class, readable, when

user = guard(__file__)
st.title("Bảng theo dõi lớp")



@st.cache_data(ttl=600, max_entries=50, show_spinner="Đang tính số liệu của lớp…")
def load(user_id: int, role: str, class_id: int, inactive_days: int, stamp: tuple):  # noqa: ARG001 — cache key
    with session_scope() as s:
        return class_dashboard(s, StaffActor(user_id, role), class_id, load_catalog(), inactive_days,
                               workers=PAGE_WORKERS)


classroom = pick_class(user, "dashboard_pick", include_archived=True)
if classroom is None:
    st.stop()
c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
days = c1.slider("Tính là vắng khi không học quá (ngày)", 1, 60, 7, key="inactive_days")
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
    ("Học 7 ngày", o.active_7d, "Số học viên có học bài, làm bài kiểm tra hoặc thực hành trong 7 ngày qua."),
    ("Hoàn thành", pct(o.avg_completion), "Trung bình tỉ lệ bài học đã học xong của mỗi học viên."),
    ("Đạt kiểm tra", pct(o.quiz_pass_rate), "Trong các lượt học viên làm bài kiểm tra một học phần, tỉ lệ đã đạt."),
    ("Chứng chỉ", o.certificates, "Số học viên đã được cấp chứng chỉ."),
])

tab_progress, tab_quiz, tab_help, tab_people, tab_export = st.tabs(
    ["Tiến độ", "Bài kiểm tra", f"Cần hỗ trợ ({len(dash.inactive) + dash.stuck['user_id'].nunique()})",
     "Học viên", "Xuất báo cáo"])


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
        line = alt.Chart(t).mark_line(point=True, color="#1565C0").encode(
            x=alt.X("day:T", title="Ngày", axis=alt.Axis(format="%d/%m")),
            y=alt.Y("cumulative_rate:Q", title="Đã học xong (cộng dồn)", axis=alt.Axis(format="%")),
            tooltip=[alt.Tooltip("day:T", format="%d/%m/%Y", title="Ngày"),
                     alt.Tooltip("cumulative_rate:Q", format=".1%", title="Cộng dồn"),
                     alt.Tooltip("completed:Q", title="Bài học xong trong ngày"),
                     alt.Tooltip("active_learners:Q", title="Số người học")])
        active = alt.Chart(t).mark_bar(color="#90CAF9").encode(
            x=alt.X("day:T", title="Ngày", axis=alt.Axis(format="%d/%m")),
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
        hardest = as_percent(dash.hardest, "wrong_rate")
        st.dataframe(hardest[["question", "module", "wrong_rate", "answered", "top_wrong", "top_wrong_count"]],
                     hide_index=True, width="stretch", column_config={
                         "question": st.column_config.TextColumn("Câu hỏi", width="large"), "module": "Học phần",
                         "wrong_rate": bar_column("Tỉ lệ trả lời sai"),
                         "answered": "Số lượt trả lời", "top_wrong": "Đáp án sai hay chọn nhất",
                         "top_wrong_count": "Số lượt chọn"})

with tab_help:
    st.subheader(f"Không học quá {days} ngày ({len(dash.inactive)})")
    if dash.inactive.empty:
        st.success("Mọi học viên đều đang học đều đặn.")
    else:
        idle = dash.inactive.assign(last_activity=when(dash.inactive["last_activity"]))
        st.dataframe(readable(idle[["full_name", "group", "last_activity", "days_idle"]]), hide_index=True,
                     width="stretch", column_config={
                         "full_name": "Học viên", "group": "Nhóm", "last_activity": "Học lần cuối",
                         "days_idle": st.column_config.TextColumn("Số ngày không học", help="—: chưa học lần nào")})
    st.subheader(f"Đang vướng ({dash.stuck['user_id'].nunique()} học viên)")
    st.caption("Mở bài học từ 3 ngày trước mà chưa học xong, hoặc làm bài kiểm tra từ 2 lần trở lên mà chưa đạt.")
    if dash.stuck.empty:
        st.success("Không có học viên nào đang vướng.")
    else:
        st.dataframe(dash.stuck[["full_name", "item", "days", "tries"]], hide_index=True, width="stretch",
                     column_config={"full_name": "Học viên", "item": "Vướng ở", "days": "Số ngày",
                                    "tries": "Số lượt mở/làm"})

with tab_people:
    table = as_percent(dash.learners, "completion_rate").assign(
        last_activity=when(dash.learners["last_activity"]), avg_score=dash.learners["avg_score"].map(pct))
    st.dataframe(readable(table[["full_name", "group", "completion_rate", "quizzes_passed", "avg_score",
                                 "exercises_done", "certificate_code", "last_activity"]]),
                 hide_index=True, width="stretch", column_config={
        "full_name": "Học viên", "group": "Nhóm",
        "completion_rate": bar_column("Hoàn thành"),
        "quizzes_passed": "Bài kiểm tra đạt", "avg_score": "Điểm TB", "exercises_done": "Bài thực hành",
        "certificate_code": "Chứng chỉ", "last_activity": "Học lần cuối"})
    if len(dash.learners):
        names = dict(zip(dash.learners["user_id"], dash.learners["full_name"]))
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        chosen = c1.selectbox("Xem hồ sơ học viên", list(names), format_func=names.get, key="profile_pick")
        try:
            c2.page_link(str(PAGES_DIR / "trainer_learner.py"), label="Mở hồ sơ", icon=":material/person_search:",
                         query_params={"hv": str(chosen), "lop": str(classroom.id)})
        except StreamlitPageNotFoundError:  # page run on its own, outside the app's navigation
            c2.markdown(f"[Mở hồ sơ](trainer_learner?hv={chosen}&lop={classroom.id})")

with tab_export:
    st.markdown("Báo cáo của lớp cho phường: bảng học viên (CSV), toàn bộ số liệu và mọi lượt làm bài (Excel), "
                "một trang tóm tắt để in (PDF), và dữ liệu xAPI (JSON) cho hệ thống học tập khác.")

    def exporter(fmt: str, attempts: bool = False):
        def make() -> bytes:
            with session_scope() as s:
                return export_class(s, user, classroom.id, load_catalog(), fmt, inactive_days=days, attempts=attempts)
        return make
    slug = f"bao-cao-lop-{classroom.id}"
    buttons = st.container(horizontal=True)
    for fmt, label, mime, icon in [
            ("csv", "Bảng học viên (CSV)", "text/csv", ":material/table:"),
            ("xlsx", "Báo cáo đầy đủ (Excel)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             ":material/grid_on:"),
            ("pdf", "Tóm tắt in (PDF)", "application/pdf", ":material/print:"),
            ("json", "xAPI (JSON)", "application/json", ":material/data_object:")]:
        buttons.download_button(label, exporter(fmt), f"{slug}.{fmt}", mime, icon=icon, key=f"export_{fmt}",
                                on_click="ignore")
    buttons.download_button("Mọi lượt làm bài (CSV)", exporter("csv", attempts=True), f"{slug}-luot-lam-bai.csv",
                            "text/csv", icon=":material/list_alt:", key="export_attempts", on_click="ignore")
