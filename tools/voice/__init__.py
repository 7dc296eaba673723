"""Vietnamese voice-over: an embedded offline voice by default, online voices as options.

Public API (stable; the video maker and the course narration both use it):

    synthesize(text: str, out_path: Path, voice: str = "embedded", timeout: float = 15,
               *, normalize: bool = True) -> VoiceResult
        Writes a mono 16-bit WAV (22 050 Hz) to out_path, atomically.
        text is normalised for speech first (tools.speech_text.normalize_for_speech) unless
        normalize=False. voice is one of VOICES:
          "embedded", "embedded-south", "embedded-central"  espeak-ng, offline, always works
          "gtts"                                            Google Translate TTS (online)
          "edge", "edge-male"                               Microsoft Edge TTS (online)
        or a path to an audio file (the seller's own recording; WAV/MP3/M4A/WebM/OGG): it is
        converted to WAV and text is ignored. An online voice that fails or takes longer than
        `timeout` seconds falls back to "embedded" and says so in VoiceResult.warnings.

    VoiceResult: path, duration_s, backend_used ("embedded" | "gtts" | "edge" | "recording"),
                 voice (the voice id used), sample_rate, warnings (Vietnamese sentences).

    speak_lines(lines, voice="embedded", timeout=15) -> Narration
        One clip per line (same backend for all lines), for captions timed exactly to speech.

    VOICES: dict voice id -> Vietnamese label, for a picker.

Raises VoiceError (Vietnamese message) only for a recording that cannot be read or empty text.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from tools.speech_text import normalize_for_speech
from tools.voice import embedded, online
from tools.voice.audio import SAMPLE_RATE, AudioError, decode, peak_normalize, trim_silence, write_wav

VOICES: dict[str, str] = {
    "embedded": "Giọng tích hợp (miền Bắc, không cần mạng)",
    "embedded-south": "Giọng tích hợp (miền Nam, không cần mạng)",
    "embedded-central": "Giọng tích hợp (miền Trung, không cần mạng)",
    "gtts": "Giọng Google (cần mạng)",
    "edge": "Giọng Microsoft nữ (cần mạng)",
    "edge-male": "Giọng Microsoft nam (cần mạng)",
}
ONLINE = {"gtts", "edge", "edge-male"}
FALLBACK = "embedded"

__all__ = ["VOICES", "VoiceError", "VoiceResult", "Narration", "synthesize", "speak_lines",
           "normalize_for_speech", "is_recording"]


class VoiceError(ValueError):
    """Input the voice cannot use (message in Vietnamese)."""


@dataclass
class VoiceResult:
    path: Path
    duration_s: float
    backend_used: str
    voice: str
    sample_rate: int = SAMPLE_RATE
    warnings: list[str] = field(default_factory=list)


@dataclass
class Narration:
    """Speech for several lines, one clip each (float32 mono at sample_rate)."""
    clips: list[np.ndarray]
    backend_used: str
    voice: str
    sample_rate: int = SAMPLE_RATE
    warnings: list[str] = field(default_factory=list)


def is_recording(voice: str | Path) -> bool:
    """True when voice names an audio file rather than a voice id."""
    return str(voice) not in VOICES and (isinstance(voice, Path) or "/" in str(voice) or "." in str(voice))


def _backend_of(voice: str) -> str:
    if voice.startswith("embedded"):
        return "embedded"
    return "edge" if voice.startswith("edge") else voice


def _fallback_warning(voice: str, reason: str) -> str:
    return f"{VOICES[voice]} không dùng được ({reason}); đã dùng giọng tích hợp."


def _speak_one(text: str, voice: str, timeout: float) -> np.ndarray:
    if voice in ONLINE:
        samples = online.speak(text, voice, timeout)
    else:
        samples = embedded.speak(text, voice)
    return peak_normalize(trim_silence(samples))


def speak_lines(lines: list[str], voice: str = "embedded", timeout: float = 15,
                *, normalize: bool = True) -> Narration:
    """Speak each line separately with one voice; online voices share one deadline, then fall back."""
    if voice not in VOICES:
        raise VoiceError(f"Không có giọng đọc “{voice}”. Chọn một trong: {', '.join(VOICES)}.")
    texts = [normalize_for_speech(t) if normalize else t for t in lines]
    warnings: list[str] = []
    if voice in ONLINE:
        deadline = time.monotonic() + timeout
        try:
            clips = []
            for text in texts:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise online.OnlineVoiceError(f"quá {timeout:g} giây")
                clips.append(_speak_one(text, voice, left) if text else np.zeros(0, np.float32))
            return Narration(clips, _backend_of(voice), voice)
        except online.OnlineVoiceError as exc:
            warnings.append(_fallback_warning(voice, str(exc)))
            voice = FALLBACK
    clips = [_speak_one(text, voice, timeout) if text else np.zeros(0, np.float32) for text in texts]
    return Narration(clips, _backend_of(voice), voice, warnings=warnings)


def synthesize(text: str, out_path: Path, voice: str = "embedded", timeout: float = 15,
               *, normalize: bool = True) -> VoiceResult:
    """Text -> WAV file at out_path (see the module docstring)."""
    out_path = Path(out_path)
    if is_recording(voice):
        try:
            samples = decode(voice)
        except AudioError as exc:
            raise VoiceError(str(exc)) from exc
        if not np.any(np.abs(samples) > 0.01):
            raise VoiceError("Bản ghi âm không có tiếng (quá nhỏ hoặc im lặng). Vui lòng ghi lại.")
        write_wav(out_path, samples)
        return VoiceResult(out_path, len(samples) / SAMPLE_RATE, "recording", str(voice))
    if not (text or "").strip():
        raise VoiceError("Chưa có nội dung để đọc.")
    narration = speak_lines([text], voice, timeout, normalize=normalize)
    samples = narration.clips[0]
    write_wav(out_path, samples)
    return VoiceResult(out_path, len(samples) / SAMPLE_RATE, narration.backend_used, narration.voice,
                       warnings=narration.warnings)
