"""Script -> voice -> timeline -> frames -> MP4 + SRT + cover + script JSON, with progress and cancel.

`render_script` is the one function the CLI, the page's background job and the bench call
(through `tools.video.make_video` when they start from a product).
"""
from __future__ import annotations

import json
import queue
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from tools.video.captions import to_srt
from tools.video.cards import PhotoError
from tools.images import load_photo
from tools.video.composer import Composer, assign_photos
from tools.video.credentials import LABEL, AiUse, CredentialError, jpeg_tag_bytes, sign_file
from tools.video.safearea import platform_for
from tools.video.encoder import FrameEncoder, atomic_path, write_text_atomic
from tools.video.script_model import VideoScript
from tools.video.templates import DEFAULT_TEMPLATE, get_template
from tools.video.timeline import MAX_TOTAL_S, Timeline, build_timeline, split_recording
from tools.voice import VoiceError, is_recording, speak_lines
from tools.voice.audio import SAMPLE_RATE, AudioError, decode, peak_normalize, rms_envelope, trim_silence, write_wav

ASPECTS = ("9:16", "1:1")
MAX_PHOTOS = 8          # photos one video uses (the page says so); each shows at least PHOTO_MIN_S
PHOTO_MIN_S = 1.5
SIZES = ("720x1280", "1080x1920")

Progress = Callable[[float, str], None]


class RenderCancelled(Exception):
    """The user cancelled; nothing was written."""


class RenderError(ValueError):
    """Input the renderer cannot use (message in Vietnamese)."""


@dataclass
class RenderOptions:
    template: str = DEFAULT_TEMPLATE
    voice: str = "embedded"              # a voice id (tools.voice.VOICES) or a path to a recording
    aspect: str = "9:16"
    size: str = "720x1280"
    photos: list[Path] = field(default_factory=list)
    logo: Path | None = None
    link: str = ""                       # shop / Zalo link for the QR code on the end card
    contact: str = ""                    # phone or shop name on the end card
    voice_timeout: float = 15.0
    preset: str = "superfast"
    crf: int = 23
    pixel_size: tuple[int, int] | None = None   # exact frame size (tests use tiny frames)
    platform: str = ""                   # safe-area preset (media_templates/safe_areas); "" = from the channel
    ai_label: bool = True                # the visible "Video có sử dụng AI"; off only with own voice + photos
    sign: bool = True                    # C2PA content credentials on the MP4 and the cover
    fps: int | None = None               # frames per second; None: the template's

    def frame_size(self) -> tuple[int, int]:
        if self.pixel_size:
            return self.pixel_size
        return frame_size(self.aspect, self.size)


def frame_size(aspect: str, size: str) -> tuple[int, int]:
    """'9:16' + '720x1280' -> (720, 1280); '1:1' + '720x1280' -> (720, 720)."""
    if aspect not in ASPECTS:
        raise RenderError(f"Khung hình “{aspect}” không hỗ trợ. Chọn 9:16 hoặc 1:1.")
    if size not in SIZES:
        raise RenderError(f"Kích thước “{size}” không hỗ trợ. Chọn 720x1280 hoặc 1080x1920.")
    w, h = (int(v) for v in size.split("x"))
    return (w, h) if aspect == "9:16" else (w, w)


@dataclass
class VideoResult:
    status: str                          # done | blocked | failed
    message: str = ""                    # Vietnamese, for the user
    mp4: Path | None = None
    srt: Path | None = None
    cover: Path | None = None
    script_json: Path | None = None
    duration_s: float = 0.0
    render_s: float = 0.0
    voice_backend: str = ""
    warnings: list[str] = field(default_factory=list)
    timings: dict = field(default_factory=dict)
    ai: dict = field(default_factory=dict)       # what the AI marks declare (label shown, source type...)
    code: str = ""                       # why it is not done: blocked | bad_input | script_check | EncodeError |
    #                                      AudioError | PhotoError | FontError | CredentialError | unexpected
    lesson: str = ""                     # the course lesson explaining the rule warnings, if any

    def to_dict(self) -> dict:
        out = {k: (str(v) if isinstance(v, Path) else v) for k, v in self.__dict__.items()}
        return out


def _check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise RenderCancelled()


def voice_track(script: VideoScript, options: RenderOptions, transition_s: float, end_hold_s: float
                ) -> tuple[Timeline, str, list[str]]:
    """Speak (or cut the seller's recording) sentence by sentence, then place scenes and captions."""
    lines = script.narration
    if is_recording(options.voice):
        try:
            samples = decode(options.voice)
        except AudioError as exc:
            raise RenderError(str(exc)) from exc
        if not np.any(np.abs(samples) > 0.01):
            raise RenderError("Bản ghi âm không có tiếng (quá nhỏ hoặc im lặng). Vui lòng ghi lại.")
        clips = [peak_normalize(trim_silence(c, threshold=0.005)) for c in split_recording(samples, lines)]
        backend, warnings = "recording", []
    else:
        try:
            narration = speak_lines(lines, options.voice, options.voice_timeout)
        except VoiceError as exc:
            raise RenderError(str(exc)) from exc
        clips, backend, warnings = list(narration.clips), narration.backend_used, list(narration.warnings)
    while True:
        seconds = [len(c) / SAMPLE_RATE for c in clips]
        timeline = build_timeline(script, seconds, clips, transition_s, end_hold_s)
        features = [i for i, s in enumerate(script.scenes) if s.kind == "feature"]
        if timeline.duration <= MAX_TOTAL_S or len(features) <= 1:
            return timeline, backend, warnings
        drop = features[-1]                      # too long: the last feature goes, with its speech
        first = sum(len(s.narration) for s in script.scenes[:drop])
        del clips[first:first + len(script.scenes[drop].narration)]
        warnings.append(f"Bỏ đặc điểm “{script.scenes[drop].heading}” để video không dài quá "
                        f"{MAX_TOTAL_S:.0f} giây.")
        del script.scenes[drop]


def load_photos(paths: list[Path], size: tuple[int, int], grow: float) -> tuple[list, list[str]]:
    """The seller's photos, upright, at most MAX_PHOTOS; a photo that cannot be used is skipped with a
    message (the video is still made), as is every photo beyond the limit."""
    photos, warnings = [], []
    for path in paths[:MAX_PHOTOS]:
        try:
            photos.append(load_photo(path, target=(int(size[0] * grow), int(size[1] * grow))))
        except PhotoError as exc:
            warnings.append(f"Bỏ qua ảnh: {exc}")
    if len(paths) > MAX_PHOTOS:
        skipped = ", ".join(Path(p).name for p in paths[MAX_PHOTOS:])
        warnings.append(f"Mỗi video dùng tối đa {MAX_PHOTOS} ảnh; không dùng: {skipped}.")
    return photos, warnings


def reserve_photo_time(script: VideoScript, count: int) -> None:
    """A scene that shows several photos lasts long enough for each to be seen."""
    for i, shown in assign_photos(script, count).items():
        scene = script.scenes[i]
        scene.min_seconds = max(scene.min_seconds, PHOTO_MIN_S * len(shown))


def mix_audio(timeline: Timeline, music: Path | None = None, music_volume: float = 0.1) -> np.ndarray:
    """The soundtrack: voice clips at their places, music looped under them and ducked while speaking."""
    total = int(round(timeline.duration * SAMPLE_RATE))
    voice = np.zeros(total, dtype=np.float32)
    for start, clip in timeline.clips:
        i = int(round(start * SAMPLE_RATE))
        n = max(0, min(len(clip), total - i))
        voice[i:i + n] += clip[:n]
    out = voice * 0.95
    if music is not None and music_volume > 0:
        loop = decode(music)
        if loop.size:
            bed = np.resize(loop, total) * music_volume
            env = rms_envelope(voice, SAMPLE_RATE, 0.05)
            speaking = np.repeat((env > 0.02).astype(np.float32), int(0.05 * SAMPLE_RATE))
            speaking = np.convolve(np.pad(speaking, (0, max(0, total - speaking.size)))[:total],
                                   np.ones(4410) / 4410, mode="same")
            fade = np.minimum(1.0, np.minimum(np.arange(total), total - np.arange(total)) / SAMPLE_RATE)
            out = out + bed * (1 - 0.6 * speaking) * fade
    return np.clip(out, -1, 1).astype(np.float32)


def frames_ahead(composer: Composer, count: int, depth: int = 12):
    """Frame bytes composed in a helper thread a few frames ahead, so composing overlaps the
    moments the main thread waits on the encoder's pipe (Pillow and pipe writes release the GIL)."""
    frames: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                frames.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for n in range(count):
                if not put(composer.frame_bytes(n)):
                    return
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer below
            put(exc)
            return
        put(None)

    worker = threading.Thread(target=produce, daemon=True, name="frame-composer")
    worker.start()
    try:
        while True:
            item = frames.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        worker.join(timeout=5)


def render_script(script: VideoScript, out_dir: Path, slug: str, options: RenderOptions | None = None,
                  progress: Progress | None = None, cancel: threading.Event | None = None) -> VideoResult:
    """Write out_dir/<slug>.mp4, .srt, .jpg and .json for a checked script."""
    options = options or RenderOptions()
    report = progress or (lambda f, m: None)
    started = time.perf_counter()
    timings: dict[str, float] = {}
    template = get_template(options.template)
    if options.fps:
        template = template.model_copy(update={"fps": int(options.fps)})
    size = options.frame_size()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {ext: out_dir / f"{slug}.{ext}" for ext in ("mp4", "srt", "jpg", "json")}
    script.link = script.link or options.link
    script.contact = script.contact or options.contact

    report(0.02, "Đang chuẩn bị ảnh…")
    t0 = time.perf_counter()
    photos, photo_warnings = load_photos(list(options.photos), size, 1 + 2 * template.motion.strength)
    reserve_photo_time(script, len(photos))
    timings["photos_s"] = time.perf_counter() - t0

    report(0.04, "Đang tạo giọng đọc…")
    t0 = time.perf_counter()
    timeline, backend, warnings = voice_track(script, options, template.transition.seconds, template.outro.hold)
    timings["voice_s"] = time.perf_counter() - t0
    _check_cancel(cancel)

    ai = AiUse(script_writer="model" if any(s.source == "model" for s in script.scenes) else "rules",
               voice=backend, own_photos=bool(photos))
    show_label = options.ai_label or not ai.may_hide_label
    if not options.ai_label and not ai.may_hide_label:
        warnings.append("Nhãn “Video có sử dụng AI” vẫn được hiện: chỉ tắt được khi bạn tự ghi âm giọng đọc "
                        "và tự cung cấp ảnh sản phẩm.")
    report(0.08, "Đang chuẩn bị hình ảnh…")
    t0 = time.perf_counter()
    try:
        composer = Composer(script, timeline, template, size, photos, options.logo,
                            options.platform or platform_for(script.channel),
                            LABEL if show_label else None)
    except PhotoError as exc:
        raise RenderError(str(exc)) from exc
    timings["prepare_s"] = time.perf_counter() - t0
    warnings = list(script.warnings) + photo_warnings + warnings

    with tempfile.TemporaryDirectory(prefix="binhdan-video-") as tmp:
        t0 = time.perf_counter()
        audio = write_wav(Path(tmp) / "audio.wav", mix_audio(timeline, template.music_path,
                                                             template.music.volume if template.music else 0))
        timings["audio_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        frames = composer.frame_count
        every = max(1, frames // 50)
        video = Path(tmp) / "video.mp4"
        with FrameEncoder(video, size, template.fps, audio, options.preset, options.crf,
                          metadata={"comment": ai.notice_vi, "description": ai.notice_vi}) as encoder:
            for n, frame in enumerate(frames_ahead(composer, frames)):
                encoder.write(frame)
                if n % every == 0:
                    _check_cancel(cancel)
                    report(0.1 + 0.85 * n / frames, f"Đang dựng video… {int(100 * n / frames)}%")
        timings["frames_and_encode_s"] = time.perf_counter() - t0

        report(0.96, "Đang gắn nhãn AI, lưu phụ đề và ảnh bìa…")
        cover = Path(tmp) / "cover.jpg"
        exif, xmp = jpeg_tag_bytes(ai.notice_vi, ai.source_type)
        composer.cover().save(cover, "JPEG", quality=90, exif=exif, xmp=xmp)
        t0 = time.perf_counter()
        for source, target in ((video, paths["mp4"]), (cover, paths["jpg"])):
            with atomic_path(target) as part:
                if options.sign:
                    try:
                        sign_file(source, part, ai, target.name)
                    except CredentialError as exc:
                        raise RenderError(str(exc)) from exc
                else:
                    shutil.copyfile(source, part)
        timings["sign_s"] = time.perf_counter() - t0
    write_text_atomic(paths["srt"], to_srt(timeline.cues))
    ai_info = {"label_shown": show_label, "source_type": ai.source_type, "script_writer": ai.script_writer,
               "voice": ai.voice, "own_photos": ai.own_photos, "signed": options.sign, "notice": ai.notice_vi}
    data = {"script": script.to_dict(), "template": template.name, "voice": backend,
            "size": list(size), "duration_s": round(timeline.duration, 2), "platform": options.platform or platform_for(script.channel), "ai": ai_info,
            "scenes": [{"kind": script.scenes[s.index].kind, "start": round(s.start, 2), "end": round(s.end, 2)}
                       for s in timeline.scenes]}
    write_text_atomic(paths["json"], json.dumps(data, ensure_ascii=False, indent=2))
    composer.close()
    timings["total_s"] = time.perf_counter() - started
    report(1.0, "Xong.")
    return VideoResult("done", "Đã tạo video.", paths["mp4"], paths["srt"], paths["jpg"], paths["json"],
                       timeline.duration, timings["total_s"], backend, warnings, timings, ai_info,
                       lesson=script.lesson)
