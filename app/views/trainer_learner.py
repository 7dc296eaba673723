"""One learner's record for their trainer: activity timeline, quiz attempts, exercises, certificate."""
import altair as alt
import streamlit as st

from app.accounts import password_slip_pdf, reset_password
from app.db import session_scope
from app.learning.catalog import load_catalog
from app.learning.tracks import learner_catalog
from app.trainer.access import AccessError
from app.trainer.attendance import learner_attendance
from app.trainer.learner import EVENT_LABELS, learner_profile, learners_for
from app.trainer.review import VERDICTS, ReviewError, practice_work, review_exercise
from app.ui.session import guard
from app.ui.trainer import local_time, metric_row
from tools.safe_text import md
from app.ui.keys import TrainerLearner as K

user = guard(__file__)
st.title("Hồ sơ học viên")
catalog = load_catalog()
EVENT_COLORS = {label: color for label, color in zip(EVENT_LABELS.values(), (
    "#90A4AE", "#1565C0", "#2E7D32", "#C62828", "#EF6C00", "#6A1B9A"))}
WHEN = {"format": "DD/MM/YYYY HH:mm", "timezone": "Asia/Ho_Chi_Minh"}

with session_scope() as s:
    people = learners_for(s, user).drop_duplicates("user_id")
if people.empty:
    st.info("Các lớp của bạn chưa có học viên nào.")
    st.stop()
ids = people["user_id"].tolist()
labels = {uid: f"{name} ({username}) — {cls}" for uid, name, username, cls, _ in people.itertuples(index=False)}
wanted = st.query_params.get("hv")
index = ids.index(int(wanted)) if wanted and wanted.isdigit() and int(wanted) in ids else 0
learner_id = st.selectbox("Học viên", ids, index=index, format_func=labels.get, key=K.LEARNER_PICK)
st.query_params["hv"] = str(learner_id)

try:
    with session_scope() as s:
        p = learner_profile(s, user, learner_id, learner_catalog(s, learner_id, load_catalog()))
except AccessError as exc:
    st.error(str(exc))
    st.stop()

contact = " · ".join(x for x in (p.phone, p.email) if x)
st.markdown(f"**{md(p.full_name)}** · `{p.username}`" + (f" · {md(contact)}" if contact else "")
            + f"  \nLớp: {md(', '.join(p.classes))}")
metric_row([("Bài học xong", f"{p.lessons_completed}/{p.lessons_total}", None),
            ("Lượt kiểm tra", len(p.attempts), "Số lần làm bài kiểm tra (mọi học phần)."),
            ("Thực hành", len(p.exercises), "Số bài thực hành đã làm xong."),
            ("Chứng chỉ", "Có" if p.certificate_code else "Chưa", None)], width=150)
with st.expander("Học viên quên mật khẩu?", icon=":material/key:"):
    st.write("Đặt lại mật khẩu tạo một mật khẩu dùng một lần mới (in ra phiếu); học viên đăng nhập bằng nó rồi đặt "
             "mật khẩu của mình. Mật khẩu cũ hết hiệu lực và mọi máy đang đăng nhập bị đăng xuất.")
    sure = st.checkbox(f"Tôi xác nhận đặt lại mật khẩu cho {p.full_name}", key=K.RESET_SURE.format(learner_id))
    if st.button("Đặt lại mật khẩu", disabled=not sure, key=K.RESET.format(learner_id)):
        try:
            with session_scope() as s:
                st.session_state[K.SLIP.format(learner_id)] = reset_password(s, user, learner_id)
        except AccessError as exc:
            st.error(str(exc))
    if slip := st.session_state.get(K.SLIP.format(learner_id)):
        st.success(f"Mật khẩu dùng một lần của `{slip.username}`: **{slip.password}**")
        st.download_button("In phiếu mật khẩu (PDF)", password_slip_pdf([slip]), f"phieu-{slip.username}.pdf",
                           "application/pdf", icon=":material/print:", key=K.SLIP_PDF.format(learner_id))
if p.certificate_code:
    st.success(f"Chứng chỉ mã **{p.certificate_code}**, cấp ngày {p.certificate_issued_at.tz_convert('Asia/Ho_Chi_Minh'):%d/%m/%Y}.")

catalog = load_catalog()
if catalog.tracks:
    from app.learning.tracks import TrackError, get_track, set_track
    with session_scope() as s:
        current = get_track(s, learner_id) or ""
    options = [""] + [t.id for t in catalog.tracks]
    titles = {"": "Chưa chọn (học phần chung và các lộ trình mặc định)"} | {t.id: t.title for t in catalog.tracks}
    cols = st.columns([3, 1], vertical_alignment="bottom")
    chosen = cols[0].selectbox("Lộ trình học", options, index=options.index(current), format_func=titles.get,
                               key=K.TRACK.format(learner_id))
    if cols[1].button("Lưu lộ trình", key=K.TRACK_SAVE.format(learner_id), disabled=chosen == current):
        try:
            with session_scope() as s:
                set_track(s, catalog, learner_id, chosen or None, chosen_by_id=user.id)
        except TrackError as exc:
            st.error(str(exc))
        else:
            st.success("Đã lưu lộ trình học cho học viên.")

st.subheader("Dòng thời gian")
if p.timeline.empty:
    st.info("Học viên chưa học bài nào.")
else:
    chart = alt.Chart(p.timeline).mark_circle(size=90).encode(
        x=alt.X("at:T", title="Thời gian", axis=alt.Axis(format="%d/%m", tickCount={"interval": "day", "step": 1},
                                                         labelOverlap=True)),
        y=alt.Y("event_label:N", title=None, sort=list(EVENT_COLORS), axis=alt.Axis(labelLimit=200)),
        color=alt.Color("event_label:N", legend=None, scale=alt.Scale(domain=list(EVENT_COLORS), range=list(EVENT_COLORS.values()))),
        tooltip=[alt.Tooltip("at:T", format="%d/%m/%Y %H:%M", title="Lúc"), alt.Tooltip("item:N", title="Nội dung"),
                 alt.Tooltip("detail:N", title="Kết quả")]).properties(height=200)
    st.altair_chart(chart, width="stretch")
    st.dataframe(p.timeline[["at", "event_label", "item", "detail"]], hide_index=True, width="stretch",
                 column_config={"at": st.column_config.DatetimeColumn("Lúc", **WHEN), "event_label": "Hoạt động",
                                "item": "Nội dung", "detail": "Kết quả"})

st.subheader("Các lượt làm bài kiểm tra")
if p.attempts.empty:
    st.info("Chưa làm bài kiểm tra nào.")
else:
    st.dataframe(p.attempts[["submitted_at", "module", "score", "passed", "wrong"]], hide_index=True, width="stretch",
                 column_config={"submitted_at": st.column_config.DatetimeColumn("Lúc nộp", **WHEN), "module": "Học phần",
                                "score": st.column_config.NumberColumn("Điểm", format="percent"),
                                "passed": st.column_config.CheckboxColumn("Đạt"),
                                "wrong": st.column_config.TextColumn("Câu trả lời sai", width="large")})

st.subheader("Bài thực hành")
if flash := st.session_state.pop(K.REVIEW_FLASH, None):
    st.success(flash)
with session_scope() as s:
    works = practice_work(s, user, learner_id, catalog)
if not works:
    st.info("Chưa gửi bài thực hành nào.")
for work in works:
    icon = {"pass": "✅", "redo": "✍️"}.get(work.status, "🕒")
    with st.expander(f"{icon} {work.module} — {work.exercise} · {work.status_label}", expanded=work.status is None):
        st.caption(f"Gửi lúc {local_time(work.completed_at)}")
        for heading, text in work.parts:
            st.markdown(f"**{heading}**")
            st.text(text)
        if work.video is not None:
            st.video(str(work.video))
        for photo in work.photos:
            st.image(str(photo), width=280)
        if work.comment:
            st.info(f"Nhận xét ({md(work.reviewer or 'giảng viên')}): {md(work.comment)}")
        with st.form(f"review_{work.exercise_id}"):
            verdict = st.radio("Kết quả", list(VERDICTS), format_func=VERDICTS.get, horizontal=True,
                               index=list(VERDICTS).index(work.status) if work.status in VERDICTS else 0)
            comment = st.text_area("Nhận xét cho học viên", value=work.comment or "",
                                   placeholder="Bắt buộc khi yêu cầu làm lại: cần sửa gì?")
            if st.form_submit_button("Lưu kết quả chấm", type="primary"):
                try:
                    with session_scope() as s:
                        review_exercise(s, user, learner_id, work.exercise_id, verdict, comment)
                except (ReviewError, AccessError) as exc:
                    st.error(str(exc))
                else:
                    st.session_state[K.REVIEW_FLASH] = "Đã lưu. Học viên thấy kết quả và nhận xét ở trang Thực hành."
                    st.rerun()

st.subheader("Dự lớp")
with session_scope() as s:
    sessions = learner_attendance(s, user, learner_id)
if sessions.empty:
    st.info("Lớp chưa có buổi học nào được ghi.")
else:
    st.caption(f"Có mặt {int(sessions['present'].sum())}/{len(sessions)} buổi.")
    st.dataframe(sessions.assign(held_on=sessions["held_on"].map(lambda d: f"{d:%d/%m/%Y}"),
                                 present=sessions["present"].map({True: "Có mặt", False: "Vắng"})),
                 hide_index=True, width="stretch", column_order=["held_on", "topic", "class", "present", "method"],
                 column_config={"held_on": "Ngày học", "topic": "Nội dung", "class": "Lớp", "present": "Điểm danh",
                                "method": "Cách điểm danh"})
