"""Listen to a lesson: its Markdown turned into speech text, spoken by the shared voice (offline by
default) and cached as MP3 in <data dir>/narration/<hash of text + voice>.mp3.

The same text and voice never synthesise twice; editing a lesson changes the text and so the file.
"""
from __future__ import annotations

import hashlib
import re
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Callable

from app.config import data_dir
from tools.files import atomic_path
from app.learning.catalog import Lesson, nfc

DEFAULT_VOICE = "embedded"
MP3_BITRATE = "48k"  # speech; about 0.35 MB a minute, light on a phone connection


class NarrationError(RuntimeError):
    """The lesson could not be read aloud (message in Vietnamese)."""


def markdown_to_speech(markdown: str) -> str:
    """Plain sentences a voice can read: no images, links keep their words, headings end with a stop."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", markdown)          # images
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)          # links -> their text
    text = re.sub(r"```.*?```", " ", text, flags=re.S)              # code blocks
    lines = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or re.fullmatch(r"[-|:\s]+", line):             # blank, rules, table separators
            continue
        line = re.sub(r"^#{1,6}\s*", "", line)                      # headings
        line = re.sub(r"^(?:[-*+]|\d+[.)])\s+", "", line)           # list markers
        line = line.lstrip("> ")
        if "|" in line:                                              # table row -> "a, b"
            line = ", ".join(cell.strip() for cell in line.strip("|").split("|") if cell.strip())
        line = re.sub(r"[*_`~]+", "", line).strip(" ,")
        if line and line[-1] not in ".!?:;…":
            line += "."
        if line:
            lines.append(line)
    return nfc("\n".join(lines))


LEGAL_SPEECH = (  # how a reader says legal numbers and dates (before the general number reading)
    (re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"), r"ngày \1 tháng \2 năm \3"),
    (re.compile(r"\b(\d{1,4})/(\d{4})/QH(\d+)\b"), r"số \1 năm \2 của Quốc hội khóa \3"),
    (re.compile(r"\b(\d{1,4})/(\d{4})/NĐ-CP\b"), r"số \1 năm \2 của Chính phủ"),
    (re.compile(r"\b(\d{1,4})/(\d{4})/(?:TT|NQ|QĐ)-[A-ZĐ]+\b"), r"số \1 năm \2"),
    (re.compile(r"\b(\d{1,4})/(?:QĐ|BKHCN)-[A-ZĐ-]+\b"), r"số \1"),
)


def speak_legal(text: str) -> str:
    """ "Luật 91/2025/QH15, hiệu lực 1/1/2026" -> "Luật số 91 năm 2025 của Quốc hội khóa 15, hiệu lực ngày 1
    tháng 1 năm 2026": the way a person reads them, not "chín mươi mốt gạch hai nghìn…"."""
    for pattern, spoken in LEGAL_SPEECH:
        text = pattern.sub(spoken, text)
    return re.sub(r"\bsố số\b", "số", text)


def lesson_speech_text(lesson: Lesson) -> str:
    return _speech_text(lesson.title, lesson.body)


@lru_cache(maxsize=1024)
def _speech_text(title: str, body: str) -> str:
    """Half the server CPU of opening a lesson went here (numbers to words): done once per lesson text."""
    from tools.speech_text import normalize_for_speech
    return normalize_for_speech(speak_legal(f"{title}.\n{markdown_to_speech(body)}"))


def cache_path(text: str, voice: str) -> Path:
    key = hashlib.sha256(f"{voice}\n{text}".encode("utf-8")).hexdigest()[:24]
    return data_dir() / "narration" / f"{key}.mp3"


def _wav_to_mp3(wav: Path, mp3: Path) -> None:
    import imageio_ffmpeg
    with atomic_path(mp3, suffix=".mp3") as tmp:   # ffmpeg picks the format from the extension
        subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-loglevel", "error", "-i", str(wav),
                        "-codec:a", "libmp3lame", "-b:a", MP3_BITRATE, "-ac", "1", str(tmp)],
                       check=True, capture_output=True, timeout=300)


def _default_synthesize() -> Callable:
    from tools.voice import synthesize
    return synthesize


def narrate(lesson: Lesson, voice: str = DEFAULT_VOICE, synthesize: Callable | None = None) -> Path:
    """The lesson's narration as an MP3 file, synthesised on first request and cached."""
    text = lesson_speech_text(lesson)
    out = cache_path(text, voice)
    if out.is_file() and out.stat().st_size > 0:
        return out
    synthesize = synthesize or _default_synthesize()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "lesson.wav"
        try:
            result = synthesize(text, wav, voice=voice, normalize=False)
            _wav_to_mp3(Path(getattr(result, "path", wav)), out)
        except (OSError, ValueError, subprocess.SubprocessError) as exc:
            raise NarrationError(f"Chưa tạo được bản đọc cho bài “{lesson.title}”: {exc}") from exc
    return out
