"""Làm video quảng cáo: product -> script preview -> style and voice -> background render -> watch, download."""
import zlib
from pathlib import Path

import streamlit as st

from app.db import session_scope
from app.models import RenderJob
from app.navigation import spec_for
from app.ui.learn import law_lesson_link
from app.ui.session import guard
from app.video_jobs import ACTIVE, ensure_worker, job_for, jobs_for, request_cancel
from app.video_page import (AUDIO_TYPES, CHANNELS, IMAGE_TYPES, MAX_PHOTOS, draft, new_batch, queue_video,
                            save_upload, saved_products)
from tools.safe_text import md
from tools.video.preview import image_bytes, sample_script, template_preview, voice_preview
from tools.video.templates import DEFAULT_TEMPLATE, list_templates
from tools.voice import VOICES
from tools.voice.align import join_takes
from tools.voice.audio import AudioError
from app.ui.keys import BizVideo as K

user = guard(__file__)
ensure_worker()   # renders run in child processes started by this server's worker thread
st.title(spec_for(__file__).title)
st.caption("Video dọc 15–45 giây có giọng đọc tiếng Việt, phụ đề và mã QR, dựng ngay trên máy chủ, không cần "
           "Internet. Nội dung được kiểm tra theo luật quảng cáo trước khi dựng.")


@st.cache_data(show_spinner=False, max_entries=32)
def _preview_png(name: str, product: str, price: str) -> bytes:
    return image_bytes(template_preview(name, sample_script(product, price)))


@st.cache_data(show_spinner=False, max_entries=32)
def _voice_sample(voice: str, text: str) -> tuple[bytes, list[str]]:
    return voice_preview(voice, text)


# --- 1. product --------------------------------------------------------------------------------
st.subheader("1. Sản phẩm")
with session_scope() as s:
    saved = {p.id: p for p in saved_products(s, user.id)}
if saved:
    saved_names = {i: p.name for i, p in saved.items()}
    pick = st.selectbox("Chọn sản phẩm đã lưu (hoặc nhập mới bên dưới)", [None, *saved_names],
                        format_func=lambda i: "— Nhập sản phẩm mới —" if i is None else saved_names[i],
                        key=K.VID_PICK)
    if pick is not None and st.session_state.get(K.VID_LOADED) != pick:
        row = saved[pick]
        st.session_state[K.VID_NAME], st.session_state[K.VID_CATEGORY] = row.name, row.category
        st.session_state[K.VID_PRICE], st.session_state[K.VID_FEATURES] = row.price, row.features
        st.session_state[K.VID_AUDIENCE], st.session_state[K.VID_LOADED] = row.audience, pick

c1, c2 = st.columns(2)
name = c1.text_input("Tên sản phẩm", key=K.VID_NAME, placeholder="Ví dụ: Nước mắm cá cơm Mỹ Hào")
price = c2.text_input("Giá bán (đồng)", key=K.VID_PRICE, placeholder="Ví dụ: 45000 hoặc 45.000đ")
category = c1.text_input("Loại hàng", key=K.VID_CATEGORY, placeholder="Ví dụ: Thực phẩm")
channel = c2.selectbox("Đăng lên kênh", list(CHANNELS), format_func=CHANNELS.get, key=K.VID_CHANNEL)
features = st.text_area("Đặc điểm nổi bật (mỗi dòng một ý)", key=K.VID_FEATURES, height=110,
                        placeholder="Ủ chượp 12 tháng\nĐóng chai thủy tinh 500ml")
audience = st.text_input("Dành cho ai (không bắt buộc)", key=K.VID_AUDIENCE, placeholder="Ví dụ: gia đình")
c1, c2 = st.columns(2)
link = c1.text_input("Đường dẫn cửa hàng hoặc Zalo (in thành mã QR)", key=K.VID_LINK,
                     placeholder="https://zalo.me/09xxxxxxxx")
contact = c2.text_input("Số điện thoại / tên cửa hàng (hiện ở cuối video)", key=K.VID_CONTACT)

checked = None
if name.strip() or price.strip():
    checked = draft({"name": name, "category": category, "price": price, "features": features,
                     "audience": audience, "channel": channel or None}, contact, link)
    if checked.error:
        st.error(md(checked.error))
    elif checked.blocked:
        st.error(f"Không thể làm video cho sản phẩm này. {md(checked.blocked)}")
        law_lesson_link(checked.lesson)
    else:
        for warning in checked.warnings:
            st.warning(warning)
        if checked.warnings:
            law_lesson_link(checked.lesson)
        with st.expander("Kịch bản video (đọc theo nếu bạn tự ghi âm)", expanded=False):
            for scene in checked.script.scenes:
                st.markdown(f"**{md(scene.heading)}**  \n🔈 " + md(" ".join(scene.narration)))

# --- 2. photos ---------------------------------------------------------------------------------
st.subheader("2. Ảnh sản phẩm")
photos = st.file_uploader(f"Ảnh sản phẩm (tối đa {MAX_PHOTOS} ảnh, ảnh nào cũng được dùng; không có ảnh thì "
                          "video dùng thẻ chữ)",
                          type=IMAGE_TYPES, accept_multiple_files=True, key=K.VID_PHOTOS)
logo = st.file_uploader("Logo cửa hàng (không bắt buộc)", type=IMAGE_TYPES, key=K.VID_LOGO)

# --- 3. style ----------------------------------------------------------------------------------
st.subheader("3. Mẫu video")
templates = list_templates()
template_names = sorted(templates, key=lambda n: n != DEFAULT_TEMPLATE)
template = st.radio("Chọn mẫu", template_names, format_func=lambda n: templates[n].label, horizontal=True,
                    key=K.VID_TEMPLATE)
c1, c2 = st.columns([3, 2])
sample = checked.script if checked is not None and checked.script else None
c1.image(_preview_png(template, sample.name if sample else "Nước mắm cá cơm",
                      sample.price_text if sample else "45.000đ"), caption=templates[template].description)
aspect = c2.radio("Khung hình", ["9:16", "1:1"], format_func={"9:16": "Dọc 9:16 (TikTok, Reels, Zalo)",
                                                                "1:1": "Vuông 1:1 (Facebook)"}.get, key=K.VID_ASPECT)
size = c2.radio("Độ nét", ["720x1280", "1080x1920"], format_func={"720x1280": "720p (nhanh, nhẹ)",
                                                                   "1080x1920": "1080p (nét hơn)"}.get, key=K.VID_SIZE)

# --- 4. voice ----------------------------------------------------------------------------------
st.subheader("4. Giọng đọc")
OWN = "own"
voice = st.radio("Chọn giọng", [*VOICES, OWN], format_func=lambda v: VOICES.get(v, "Giọng của tôi (ghi âm)"),
                 key=K.VID_VOICE)
recording_bytes, recording_name = None, None
if voice == OWN:
    by_sentence = st.radio("Cách ghi âm", ["sentences", "whole"], horizontal=True, key=K.VID_REC_MODE,
                           format_func={"sentences": "Ghi từng câu (dễ ghi lại câu đọc sai)",
                                        "whole": "Ghi cả bài một lần hoặc tải tệp lên"}.get) == "sentences"
    lines = checked.script.narration if checked is not None and checked.script else []
    if by_sentence and lines:
        st.info("Bấm micro dưới mỗi câu, đọc câu đó rồi bấm dừng. Đọc sai thì ghi lại riêng câu đó.")
        takes = [st.audio_input(f"Câu {i}/{len(lines)}: {md(line)}", key=K.VID_TAKE.format(i, zlib.crc32(line.encode())))
                 for i, line in enumerate(lines, 1)]
        missing = [i for i, take in enumerate(takes, 1) if take is None]
        if missing:
            st.caption(f"Còn {len(missing)} câu chưa ghi: câu {', '.join(map(str, missing))}.")
        else:
            try:
                recording_bytes, recording_name = join_takes([t.getvalue() for t in takes]), "tung-cau.wav"
            except AudioError as exc:
                st.error(str(exc))
    elif by_sentence:
        st.caption("Nhập sản phẩm ở mục 1 để có kịch bản từng câu.")
    else:
        st.info("Đọc kịch bản ở mục 1 (mở “Kịch bản video”), nghỉ một chút giữa các câu. "
                "Phụ đề sẽ chạy theo giọng của bạn.")
        recorded = st.audio_input("Ghi âm ngay", key=K.VID_REC)
        uploaded = st.file_uploader("…hoặc tải tệp ghi âm lên", type=AUDIO_TYPES, key=K.VID_REC_FILE)
        source = recorded or uploaded
        if source is not None:
            recording_bytes = source.getvalue()
            recording_name = getattr(source, "name", "ghi-am.wav") or "ghi-am.wav"
else:
    if st.button("Nghe thử giọng", icon=":material/play_circle:", key=K.VID_LISTEN):
        sample = checked.script.narration[0] if checked and checked.script else "Xin chào bà con, mời xem sản phẩm."
        with st.spinner("Đang tạo giọng đọc…"):
            audio, warnings = _voice_sample(voice, sample)
        for warning in warnings:
            st.warning(warning)
        st.audio(audio, format="audio/wav")
use_model = st.toggle("Để AI gợi ý câu mở đầu (được kiểm tra đúng luật trước khi dùng)", value=True,
                      key=K.VID_MODEL, disabled=voice == OWN)
own_everything = voice == OWN and bool(photos)
ai_label = st.toggle("Hiện nhãn “Video có sử dụng AI” trên video", value=True, key=K.VID_AI_LABEL,
                     disabled=not own_everything,
                     help="Theo Luật Trí tuệ nhân tạo, video có giọng đọc máy hoặc nội dung do AI tạo phải "
                          "được ghi rõ. Chỉ tắt được khi bạn tự ghi âm giọng đọc và tự cung cấp ảnh sản phẩm.")
if not own_everything:
    ai_label = True
if photos and len(photos) > MAX_PHOTOS:
    st.warning(f"Bạn chọn {len(photos)} ảnh; mỗi video dùng tối đa {MAX_PHOTOS} ảnh đầu tiên.")

# --- 5. render ---------------------------------------------------------------------------------
st.subheader("5. Dựng video")
ready = checked is not None and checked.script is not None and (voice != OWN or recording_bytes)
if voice == OWN and not recording_bytes:
    st.caption("Hãy ghi âm hoặc tải tệp ghi âm lên trước khi dựng.")
if st.button("Tạo video", type="primary", icon=":material/movie:", disabled=not ready, key=K.VID_GO):
    batch = new_batch()
    try:
        photo_paths = [save_upload(user.id, batch, f.name, f.getvalue(), i)
                       for i, f in enumerate((photos or [])[:MAX_PHOTOS])]
        logo_path = save_upload(user.id, batch, logo.name, logo.getvalue(), 90) if logo else None
        rec_path = save_upload(user.id, batch, recording_name, recording_bytes, 99) if recording_bytes else None
    except ValueError as exc:
        st.error(str(exc))
    else:
        with session_scope() as s:
            job = queue_video(s, user.id, checked, template=template, voice=voice if voice != OWN else "embedded",
                              aspect=aspect, size=size, link=link.strip(), contact=contact.strip(),
                              photos=photo_paths, logo=logo_path, recording=rec_path, use_model=use_model,
                              ai_label=ai_label)
            st.session_state[K.VID_JOB] = job.id
        ensure_worker()


def _downloads(job: RenderJob, key: str) -> None:
    result = job.result or {}
    cols = st.columns(3)
    for col, (label, field, mime) in zip(cols, [("Tải video MP4", "mp4", "video/mp4"),
                                                ("Tải phụ đề SRT", "srt", "application/x-subrip"),
                                                ("Tải ảnh bìa", "cover", "image/jpeg")]):
        path = Path(result[field]) if result.get(field) else None
        if path and path.is_file():
            col.download_button(label, path.read_bytes(), file_name=path.name, mime=mime, key=K.DOWNLOAD.format(key, field))


def _load_job(job_id: int | None) -> RenderJob | None:
    if job_id is None:
        return None
    with session_scope() as s:
        job = job_for(s, job_id, user.id)
        if job is None:
            return None
        s.expunge(job)
        return job


@st.fragment(run_every=1.5)
def progress_panel(job_id: int) -> None:
    """Polls the job while it renders; the page itself stays free for the user (and others)."""
    job = _load_job(job_id)
    if job is None or job.status not in ACTIVE:
        st.rerun()   # finished: the whole page shows the result
    st.progress(min(1.0, max(0.0, job.progress)), text=job.message or "Đang dựng video…")
    if job.status != "cancelling" and st.button("Hủy", key=K.VID_CANCEL.format(job.id)):
        with session_scope() as s:
            request_cancel(s, job.id, user.id)


current = _load_job(st.session_state.get(K.VID_JOB))
if current is not None:
    if current.status in ACTIVE:
        progress_panel(current.id)
    elif current.status == "done":
        st.success(f"Xong! Video dài {current.result.get('duration_s', 0):.0f} giây, dựng trong "
                   f"{current.result.get('render_s', 0):.0f} giây.")
        for warning in current.result.get("warnings", []):
            st.warning(warning)
        if current.result.get("warnings"):
            law_lesson_link(current.result.get("lesson", ""))
        mp4 = Path(current.result["mp4"])
        if mp4.is_file():
            player, _ = st.columns([2, 3])
            player.video(mp4.read_bytes(), format="video/mp4")
        _downloads(current, f"job{current.id}")
    elif current.status == "cancelled":
        st.info("Đã hủy dựng video.")
    else:
        st.error(current.message or "Không dựng được video.")

with session_scope() as s:
    history = [j for j in jobs_for(s, user.id, 6) if j.status == "done" and j.id != st.session_state.get(K.VID_JOB)]
    for j in history:
        s.expunge(j)
if history:
    with st.expander("Video đã làm gần đây"):
        for job in history:
            st.markdown(f"**{md(job.params['product']['name'])}** · {job.updated_at:%d/%m/%Y %H:%M}")
            _downloads(job, f"hist{job.id}")
