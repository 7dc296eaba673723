"""Script -> voice -> timeline -> frames -> MP4 + SRT + cover + script JSON, with progress and cancel.

`render_script` is the one function the CLI, the page's background job and the bench call
(through `tools.video.make_video` when they start from a product).
"""
from __future__ import annotations

import json
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from tools.video.captions import to_srt
from tools.video.cards import PhotoError
from tools.video.composer import Composer
from tools.video.encoder import FrameEncoder, atomic_path, write_text_atomic
from tools.video.script_model import VideoScript
from tools.video.templates import DEFAULT_TEMPLATE, get_template
from tools.video.timeline import MAX_TOTAL_S, Timeline, build_timeline, split_recording
from tools.voice import VoiceError, is_recording, speak_lines
from tools.voice.audio import SAMPLE_RATE, AudioError, decode, peak_normalize, rms_envelope, trim_silence, write_wav

ASPECTS = ("9:16", "1:1")
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


def render_script(script: VideoScript, out_dir: Path, slug: str, options: RenderOptions | None = None,
                  progress: Progress | None = None, cancel: threading.Event | None = None) -> VideoResult:
    """Write out_dir/<slug>.mp4, .srt, .jpg and .json for a checked script."""
    options = options or RenderOptions()
    report = progress or (lambda f, m: None)
    started = time.perf_counter()
    timings: dict[str, float] = {}
    template = get_template(options.template)
    size = options.frame_size()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {ext: out_dir / f"{slug}.{ext}" for ext in ("mp4", "srt", "jpg", "json")}
    script.link = script.link or options.link
    script.contact = script.contact or options.contact

    report(0.02, "Đang tạo giọng đọc…")
    t0 = time.perf_counter()
    timeline, backend, warnings = voice_track(script, options, template.transition.seconds, template.outro.hold)
    timings["voice_s"] = time.perf_counter() - t0
    _check_cancel(cancel)

    report(0.08, "Đang chuẩn bị hình ảnh…")
    t0 = time.perf_counter()
    try:
        composer = Composer(script, timeline, template, size, options.photos, options.logo)
    except PhotoError as exc:
        raise RenderError(str(exc)) from exc
    timings["prepare_s"] = time.perf_counter() - t0
    warnings = list(script.warnings) + warnings

    with tempfile.TemporaryDirectory(prefix="binhdan-video-") as tmp:
        t0 = time.perf_counter()
        audio = write_wav(Path(tmp) / "audio.wav", mix_audio(timeline, template.music_path,
                                                             template.music.volume if template.music else 0))
        timings["audio_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        frames = composer.frame_count
        every = max(1, frames // 50)
        with FrameEncoder(paths["mp4"], size, template.fps, audio, options.preset, options.crf) as encoder:
            for n in range(frames):
                encoder.write(composer.frame_bytes(n))
                if n % every == 0:
                    _check_cancel(cancel)
                    report(0.1 + 0.85 * n / frames, f"Đang dựng video… {int(100 * n / frames)}%")
        timings["frames_and_encode_s"] = time.perf_counter() - t0

    report(0.96, "Đang lưu phụ đề và ảnh bìa…")
    write_text_atomic(paths["srt"], to_srt(timeline.cues))
    with atomic_path(paths["jpg"]) as tmp_jpg:
        composer.cover().save(tmp_jpg, "JPEG", quality=90)
    data = {"script": script.to_dict(), "template": template.name, "voice": backend,
            "size": list(size), "duration_s": round(timeline.duration, 2),
            "scenes": [{"kind": script.scenes[s.index].kind, "start": round(s.start, 2), "end": round(s.end, 2)}
                       for s in timeline.scenes]}
    write_text_atomic(paths["json"], json.dumps(data, ensure_ascii=False, indent=2))
    composer.close()
    timings["total_s"] = time.perf_counter() - started
    report(1.0, "Xong.")
    return VideoResult("done", "Đã tạo video.", paths["mp4"], paths["srt"], paths["jpg"], paths["json"],
                       timeline.duration, timings["total_s"], backend, warnings, timings)
