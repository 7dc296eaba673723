"""Hands-on exercises: what each kind asks for, the model call for comparing prompts, and recording.

Kinds (exercise.yaml `tool`):
  checklist       tick every item                      artifact {"checked": [...]}
  prompt_compare  two prompts, two answers, a verdict  artifact {"prompt_a", "answer_a", "prompt_b", "answer_b", "better", "reason"}
  listing         a listing for the learner's product  artifact {"product", "listing"}
  video           a short video made with the tool     artifact {"video" (MP4 path: rendered here or uploaded)}
  scam_sort       sort simulated calls, messages,      artifact {"sorted": {item id: thật|lừa đảo|cần kiểm tra},
                  links and QR codes; where to report            "reports": [report choice ids]}
Every kind also takes the exercise's own `fields` (notes, a photo or screenshot as evidence), stored under
their ids; a photo is kept in <data dir>/exercises/<user>/ and its path stored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from app.config import data_dir
from app.learning.catalog import VERDICTS, Catalog, Exercise, Module, ScamItem, nfc
from app.learning.progress import record_exercise
from app.models import ExerciseCompletion

REQUIRED = {
    "prompt_compare": {"prompt_a": "câu lệnh thứ nhất", "answer_a": "câu trả lời thứ nhất",
                       "prompt_b": "câu lệnh thứ hai", "answer_b": "câu trả lời thứ hai",
                       "reason": "nhận xét của bạn"},
    "listing": {"product": "tên sản phẩm", "listing": "nội dung tin đăng"},
    "video": {"video": "tệp video"},
}
VIDEO_TYPES = ("mp4", "mov", "webm", "m4v", "3gp")
MAX_VIDEO_BYTES = 50 * 1024 * 1024  # .streamlit/config.toml maxUploadSize
PHOTO_TYPES = ("jpg", "jpeg", "png", "webp")
MAX_PHOTO_BYTES = 15 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000


class PracticeUnavailable(RuntimeError):
    """The platform tool the exercise needs is not available here (message in Vietnamese)."""


class ExerciseIncomplete(ValueError):
    """What is still missing, one Vietnamese line per item (str() joins them with new lines)."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ScamVerdict:
    """The learner's verdict on one simulated call, message, link or QR code, with its feedback."""
    item: ScamItem
    chosen: str | None

    @property
    def right(self) -> bool:
        return self.chosen == self.item.answer

    @property
    def label(self) -> str:
        return VERDICTS[self.item.answer]


def scam_feedback(exercise: Exercise, sorted_items: dict | None) -> list[ScamVerdict]:
    """One verdict per item of a scam_sort exercise, in the exercise's order."""
    sorted_items = sorted_items or {}
    return [ScamVerdict(item, sorted_items.get(item.id)) for item in exercise.items]


def scam_score(exercise: Exercise, sorted_items: dict | None) -> tuple[int, int]:
    verdicts = scam_feedback(exercise, sorted_items)
    return sum(v.right for v in verdicts), len(verdicts)


def _scam_problems(exercise: Exercise, artifact: dict) -> list[str]:
    sorted_items = artifact.get("sorted") or {}
    bad = {k: v for k, v in sorted_items.items() if v not in VERDICTS}
    problems = [f"Kết luận không hợp lệ cho tình huống “{k}”." for k in bad]
    problems += [f"Chưa phân loại: {v.item.sender}" for v in scam_feedback(exercise, sorted_items) if v.chosen is None]
    if not problems:
        right, total = scam_score(exercise, sorted_items)
        if right < exercise.pass_share * total:
            problems.append(f"Mới đúng {right}/{total} tình huống, cần đúng ít nhất {round(exercise.pass_share * total)}: "
                            "đọc nhận xét từng tình huống rồi làm lại.")
    chosen = set(artifact.get("reports") or [])
    wanted = {c.id for c in exercise.report_choices if c.correct}
    if chosen != wanted:
        problems.append("Nơi báo khi gặp lừa đảo: hãy chọn đủ các nơi đúng và bỏ các nơi sai.")
    return problems


def artifact_problems(exercise: Exercise, artifact: dict) -> list[str]:
    """What is missing before the exercise can be recorded, one Vietnamese line per item (empty: ready)."""
    if exercise.tool == "checklist":
        missing = [item for item in exercise.checklist if item not in (artifact.get("checked") or [])]
        problems = [f"Chưa đánh dấu: {item}" for item in missing]
    elif exercise.tool == "scam_sort":
        problems = _scam_problems(exercise, artifact)
    else:
        problems = [f"Vui lòng điền {label}." for key, label in REQUIRED[exercise.tool].items()
                    if not str(artifact.get(key) or "").strip()]
        if exercise.tool == "prompt_compare" and artifact.get("better") not in ("a", "b"):
            problems.append("Vui lòng chọn câu trả lời nào tốt hơn.")
    for f in exercise.fields:
        if f.required and not str(artifact.get(f.id) or "").strip():
            problems.append(f"Vui lòng gửi {f.label[0].lower()}{f.label[1:]}." if f.kind == "photo"
                            else f"Vui lòng điền: {f.label}")
    return problems


def complete_exercise(session: Session, user_id: int, catalog: Catalog, module: Module, artifact: dict,
                      now: datetime | None = None) -> ExerciseCompletion:
    problems = artifact_problems(module.exercise, artifact)
    if problems:
        raise ExerciseIncomplete(problems)
    clean = {k: nfc(v.strip()) if isinstance(v, str) else v for k, v in artifact.items()}
    return record_exercise(session, user_id, catalog, module, clean, now)


def make_listing_with_warnings(name: str, price: str, features: str, channel: str = "facebook") -> tuple[str, list[str]]:
    """A lawful listing for the learner's own product, by the platform's listing tool (rules composer:
    instant, no model), and the tool's warnings (what the rules removed or added, and why). Product
    problems come back as ValueError with the tool's Vietnamese message."""
    try:
        from tools.listing import make_listings
        from tools.product import Product
    except ImportError:
        raise PracticeUnavailable("Công cụ tạo tin đăng chưa có trên máy này. Bạn có thể tự viết tin đăng "
                                  "rồi dán vào đây.") from None
    product = Product.from_fields(name, "", price, features)
    listing = make_listings(product, [channel], writer=None)[0]
    if listing.status != "ok":
        raise ValueError(" ".join(listing.warnings) or "Sản phẩm này không được quảng cáo.")
    return nfc(listing.post_text.strip()), list(listing.warnings)


@dataclass(frozen=True)
class VideoJob:
    """A practice video being made by the platform's video tool (a background render job)."""
    id: int
    status: str           # queued | running | cancelling | done | failed | cancelled
    progress: float
    message: str
    mp4: Path | None

    @property
    def active(self) -> bool:
        return self.status in ("queued", "running", "cancelling")


def start_video(session: Session, user_id: int, name: str, price: str, features: str) -> int:
    """Queue a short vertical video for the learner's product with the business video tool (rule-written
    script, embedded voice: no model, so it stays short). Bad or forbidden products: ValueError."""
    try:
        from app.video_page import draft, queue_video
        from tools.video.templates import DEFAULT_TEMPLATE
    except ImportError:
        raise PracticeUnavailable("Công cụ làm video chưa có trên máy này. Bạn có thể làm video bằng điện thoại "
                                  "rồi gửi lên đây.") from None
    checked = draft({"name": name, "price": price, "features": features})
    if checked.error or checked.blocked:
        raise ValueError(checked.error or checked.blocked)
    job = queue_video(session, user_id, checked, template=DEFAULT_TEMPLATE, voice="embedded", aspect="9:16",
                      size="720x1280", link="", contact="", photos=[], logo=None, recording=None, use_model=False)
    return job.id


def video_job(session: Session, user_id: int, job_id: int | None) -> VideoJob | None:
    """The learner's own render job (None for someone else's or a missing one)."""
    from app.video_jobs import job_for
    job = job_for(session, job_id, user_id)
    if job is None:
        return None
    mp4 = (job.result or {}).get("mp4") if job.status == "done" else None
    return VideoJob(job.id, job.status, float(job.progress or 0), job.message or "", Path(mp4) if mp4 else None)


def _upload_ext(filename: str, data: bytes, types, max_bytes: int, what: str) -> str:
    """The upload's extension once its type, emptiness and size are checked ("video" / "ảnh" in the messages)."""
    ext = Path(filename).suffix.lower().lstrip(".")
    if ext not in types:
        raise ValueError(f"Tệp “{filename}” không phải {what} ({', '.join(types)}).")
    if not data:
        raise ValueError(f"Tệp {what} rỗng.")
    if len(data) > max_bytes:
        raise ValueError(f"{what.capitalize()} quá lớn (tối đa {max_bytes // 1024 // 1024} MB).")
    return ext


def _keep(user_id: int, name: str, data: bytes) -> Path:
    """Write a learner's upload to <data dir>/exercises/<user>/<name>."""
    folder = data_dir() / "exercises" / str(user_id)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def save_video(user_id: int, exercise: Exercise, filename: str, data: bytes) -> Path:
    """Keep the learner's video in <data dir>/exercises/<user>/; returns the saved path."""
    ext = _upload_ext(filename, data, VIDEO_TYPES, MAX_VIDEO_BYTES, "video")
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(filename).stem)[:40] or "video"
    return _keep(user_id, f"{exercise.id}-{safe}.{ext}", data)


def save_photo(user_id: int, exercise: Exercise, field_id: str, filename: str, data: bytes) -> Path:
    """Keep a photo or screenshot the exercise asks for in <data dir>/exercises/<user>/; returns its path.
    The picture is checked (type, size, pixels before decoding, a real image) with a Vietnamese message."""
    from PIL import Image, UnidentifiedImageError
    import io
    ext = _upload_ext(filename, data, PHOTO_TYPES, MAX_PHOTO_BYTES, "ảnh")
    try:
        with Image.open(io.BytesIO(data)) as image:  # reads the header only
            if image.width * image.height > MAX_PHOTO_PIXELS:
                raise ValueError("Ảnh có quá nhiều điểm ảnh, hãy chụp lại ở cỡ nhỏ hơn.")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise ValueError(f"Không đọc được ảnh “{filename}”. Hãy chụp lại hoặc chọn ảnh khác.") from None
    return _keep(user_id, f"{exercise.id}-{field_id}.{'jpg' if ext == 'jpeg' else ext}", data)
