"""A module's hands-on exercise with the platform's tools; completion is stored with what was made."""
from pathlib import Path

import streamlit as st

from app.db import session_scope
from app.learning.catalog import SCAM_CHANNELS, VERDICTS
from app.learning.practice import (
    PHOTO_TYPES, VIDEO_TYPES, ExerciseIncomplete, PracticeUnavailable, complete_exercise,
    make_listing_with_warnings, save_photo, save_video, scam_feedback, scam_score, start_video, video_job,
)
from app.learning.progress import LockedError, course_state, exercise_artifact
from app.ui.ai_chat import intro as ai_intro, stream_answer
from app.trainer.review import my_review
from app.ui.learn import PAGE, course_or_stop, learner_state, module_from_query, module_number, step_link
from app.ui.session import guard
from tools.channels import channel_labels
from app.video_jobs import ensure_worker
from tools.safe_text import md
from app.ui.keys import LearnPractice as K

user = guard(__file__)
catalog = course_or_stop(user.id)
state = learner_state(user.id, catalog)
module = module_from_query(catalog, state)
exercise = module.exercise

st.caption(f"Học phần {module_number(catalog, module)}. {module.title}")
st.title(f"Thực hành: {exercise.title}")
if not state.exercise_unlocked(module):
    st.warning("🔒 Bài thực hành mở sau khi bạn học xong tất cả các bài của học phần này.")
    step_link(state.resume(), label="Đến bài cần học tiếp", icon=":material/play_arrow:")
    st.stop()

st.markdown(exercise.instructions)
with session_scope() as s:
    saved = exercise_artifact(s, user.id, module) or {}
    verdict = my_review(s, user.id, exercise.id)
if verdict is not None and verdict.status == "redo":
    st.warning(f"✍️ Giảng viên {md(verdict.reviewer or '')} đề nghị **làm lại**: {md(verdict.comment)}  \n"
               "Sửa bài theo nhận xét rồi bấm ghi nhận để gửi lại.")
elif verdict is not None and verdict.status == "pass":
    st.success("✅ Giảng viên đã chấm **Đạt**." + (f" Nhận xét: {md(verdict.comment)}" if verdict.comment else ""))
elif module.id in state.exercises:
    st.success("✅ Bạn đã làm bài thực hành này (chờ giảng viên xem). Có thể làm lại và ghi nhận lần nữa.")
elif verdict is not None:
    st.info("Bài đã gửi, đang chờ giảng viên chấm: học phần được tính khi bài đạt.")

key = K.EX.format(exercise.id)


def seeded(field: str) -> str:
    """Widget key for an artifact field (its name in the saved artifact), seeded once with what the learner saved before."""
    widget = K.FIELD.format(key, field)
    st.session_state.setdefault(widget, saved.get(field, ""))
    return widget


artifact: dict = {}
upload = None
if exercise.tool == "checklist":
    artifact["checked"] = [item for i, item in enumerate(exercise.checklist)
                           if st.checkbox(item, value=item in saved.get("checked", []), key=K.C.format(key, i))]

elif exercise.tool == "prompt_compare":
    ai_intro()
    cols = st.columns(2)
    for col, side, label in ((cols[0], "a", "Cách hỏi thứ nhất"), (cols[1], "b", "Cách hỏi thứ hai")):
        with col:
            prompt = st.text_area(label, key=seeded(f"prompt_{side}"))
            if st.button("Hỏi AI", key=K.ASK.format(key, side), icon=":material/smart_toy:"):
                if (text := stream_answer(prompt)) is not None:
                    st.session_state[seeded(f"answer_{side}")] = text
            answer = st.text_area("Câu trả lời của AI (do máy tạo ra)", key=seeded(f"answer_{side}"), height=180)
            artifact |= {f"prompt_{side}": prompt, f"answer_{side}": answer}
    artifact["better"] = st.radio("Câu trả lời nào tốt hơn?", ["a", "b"], horizontal=True,
                                  index={"a": 0, "b": 1}.get(saved.get("better")),  # nothing chosen for the learner
                                  format_func={"a": "Cách thứ nhất", "b": "Cách thứ hai"}.get, key=K.BETTER.format(key))
    artifact["reason"] = st.text_area("Vì sao? Bạn sẽ sửa gì ở câu lệnh lần sau? (2–3 câu)", key=seeded("reason"))

elif exercise.tool == "listing":
    if user.role == "business":
        st.page_link("views/biz_listings.py", label="Mở công cụ Tạo tin đăng bán hàng", icon=":material/storefront:")
    with st.container(border=True):
        st.markdown("**Công cụ tạo tin đăng của nền tảng**")
        artifact["product"] = st.text_input("Tên sản phẩm của bạn", key=seeded("product"))
        price = st.text_input("Giá bán (ví dụ 65000 hoặc 65.000đ)", key=K.PRICE.format(key))
        features = st.text_area("Đặc điểm, mỗi dòng một ý (chỉ ghi điều có thật)", key=K.FEATURES.format(key))
        channel = st.selectbox("Kênh đăng", ["facebook", "zalo", "shopee", "tiktok"], key=K.CHANNEL.format(key),
                               format_func=channel_labels().get)
        if st.button("Tạo tin đăng", icon=":material/auto_awesome:", key=K.MAKE.format(key)):
            try:
                st.session_state[seeded("listing")], st.session_state[K.WARNINGS.format(key)] = make_listing_with_warnings(
                    artifact["product"], price, ";".join(features.splitlines()), channel)
            except PracticeUnavailable as exc:
                st.info(str(exc))
            except ValueError as exc:
                st.error(str(exc))
        for warning in st.session_state.get(K.WARNINGS.format(key), []):   # what the rules changed, and why
            st.warning(warning, icon=":material/gavel:")
    artifact["listing"] = st.text_area("Tin đăng của bạn (sửa lại cho đúng ý trước khi ghi nhận)",
                                       key=seeded("listing"), height=260)

elif exercise.tool == "video":
    if user.role == "business":
        st.page_link("views/biz_video.py", label="Mở công cụ Làm video quảng cáo (đầy đủ)", icon=":material/movie:")
    job_key = K.JOB.format(key)
    with st.container(border=True):
        st.markdown("**Làm video bằng công cụ của nền tảng** (video dọc, giọng đọc và phụ đề tiếng Việt)")
        name = st.text_input("Tên sản phẩm", key=K.VNAME.format(key))
        price = st.text_input("Giá bán (ví dụ 65000 hoặc 65.000đ)", key=K.VPRICE.format(key))
        features = st.text_area("Đặc điểm, mỗi dòng một ý (chỉ ghi điều có thật)", key=K.VFEATURES.format(key))
        if st.button("Làm video", icon=":material/movie:", key=K.MAKE.format(key)):
            try:
                with session_scope() as s:
                    st.session_state[job_key] = start_video(s, user.id, name, price, ";".join(features.splitlines()))
                ensure_worker()
            except PracticeUnavailable as exc:
                st.info(str(exc))
            except ValueError as exc:
                st.error(str(exc))

        @st.fragment(run_every=1.5)
        def job_progress(job_id: int) -> None:
            with session_scope() as s:
                job = video_job(s, user.id, job_id)
            if job is None or not job.active:
                st.rerun()  # finished: the whole page shows the video
            st.progress(min(1.0, job.progress), text=job.message or "Đang làm video…")

        with session_scope() as s:
            job = video_job(s, user.id, st.session_state.get(job_key))
        if job is not None and job.active:
            job_progress(job.id)
        elif job is not None and job.mp4 is not None and job.mp4.is_file():
            st.video(job.mp4.read_bytes(), format="video/mp4")
            artifact["video"] = str(job.mp4)
        elif job is not None:
            st.error(job.message or "Không làm được video.")
    upload = st.file_uploader("Hoặc gửi video bạn tự làm", type=list(VIDEO_TYPES), key=K.VIDEO.format(key))
    artifact.setdefault("video", saved.get("video", ""))
    if saved.get("video"):
        st.caption(f"Đã ghi nhận: {Path(saved['video']).name}")

elif exercise.tool == "scam_sort":
    verdict_ids = list(VERDICTS)
    sorted_items = {}
    for n, item in enumerate(exercise.items, start=1):
        with st.container(border=True, key=K.SCAM.format(item.id)):
            st.markdown(f"**{n}. {SCAM_CHANNELS[item.channel]}** · {item.sender}\n\n> {item.content}")
            previous = (saved.get("sorted") or {}).get(item.id)
            choice = st.radio(f"Tình huống {n}", verdict_ids, horizontal=True, format_func=VERDICTS.get,
                              index=verdict_ids.index(previous) if previous in verdict_ids else None,
                              key=K.SORT.format(key, item.id), label_visibility="collapsed")
            if choice:
                sorted_items[item.id] = choice
            if st.session_state.get(K.SHOW.format(key)) and choice:
                verdict = next(v for v in scam_feedback(exercise, {item.id: choice}) if v.item.id == item.id)
                (st.success if verdict.right else st.error)(
                    f"{'Đúng' if verdict.right else 'Chưa đúng'}: {item.feedback}")  # feedback opens with the verdict
    artifact["sorted"] = sorted_items
    if st.button("Xem kết quả", icon=":material/fact_check:", key=K.CHECK.format(key)):
        st.session_state[K.SHOW.format(key)] = True
        st.rerun()
    if st.session_state.get(K.SHOW.format(key)):
        right, total = scam_score(exercise, sorted_items)
        st.info(f"Bạn phân loại đúng {right}/{total} tình huống.")
    st.markdown("**Khi gặp hoặc lỡ bị lừa, bạn báo ở đâu?** (chọn tất cả nơi đúng)")
    reports = []
    for choice in exercise.report_choices:
        if st.checkbox(choice.text, value=choice.id in (saved.get("reports") or []), key=K.REP.format(key, choice.id)):
            reports.append(choice.id)
            if st.session_state.get(K.SHOW.format(key)):
                st.caption(("✔️ " if choice.correct else "✖️ ") + choice.explanation)
    artifact["reports"] = reports

# what the exercise's form takes besides its tool: notes, a photo or a screenshot as evidence
photos = {}
for field in exercise.fields:
    label = field.label + ("" if field.required else " (không bắt buộc)")
    if field.kind == "long_text":
        artifact[field.id] = st.text_area(label, key=seeded(field.id), help=field.help or None, height=120)
    elif field.kind == "text":
        artifact[field.id] = st.text_input(label, key=seeded(field.id), help=field.help or None)
    else:
        photos[field.id] = st.file_uploader(label, type=list(PHOTO_TYPES), key=K.PHOTO.format(key, field.id),
                                            help=field.help or None)
        artifact[field.id] = saved.get(field.id, "")
        if saved.get(field.id) and Path(saved[field.id]).is_file():
            st.image(saved[field.id], caption="Ảnh đã gửi", width=240)

if st.button("Ghi nhận đã làm bài thực hành", type="primary", icon=":material/task_alt:", key=K.SAVE.format(key)):
    try:
        if exercise.tool == "video" and upload is not None:
            artifact["video"] = str(save_video(user.id, exercise, upload.name, upload.getvalue()))
        for field_id, photo in photos.items():
            if photo is not None:
                artifact[field_id] = str(save_photo(user.id, exercise, field_id, photo.name, photo.getvalue()))
        with session_scope() as s:
            complete_exercise(s, user.id, catalog, module, artifact)
            after = course_state(s, user.id, catalog)
    except ExerciseIncomplete as exc:
        st.error("Bài thực hành còn thiếu:\n" + "\n".join(f"- {p}" for p in exc.problems))
    except (ValueError, LockedError) as exc:
        st.error(str(exc))
    else:
        st.success("Đã ghi nhận bài thực hành. Giỏi lắm!")
        if after.completed_course:
            st.page_link(PAGE["certificate"], label="Nhận chứng chỉ của bạn", icon=":material/workspace_premium:")
        else:
            step_link(after.resume(), label=f"Việc tiếp theo: {after.resume().label}")
st.page_link(PAGE["course"], label="Về bản đồ khóa học", icon=":material/map:")
