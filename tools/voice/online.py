"""Online voices (gTTS, edge-tts): better sounding when the internet works, never trusted to finish.

Each call runs in a daemon thread with a hard deadline: a half-open network cannot hang the caller.
A failed or empty download is deleted and reported as OnlineVoiceError; the caller falls back.
"""
from __future__ import annotations

import asyncio
import logging
import tempfile
from pathlib import Path

import numpy as np

from tools.deadline import DeadlineExceeded, run_with_deadline
from tools.voice.audio import AudioError, decode

log = logging.getLogger(__name__)

EDGE_VOICES = {"edge": "vi-VN-HoaiMyNeural", "edge-male": "vi-VN-NamMinhNeural"}


class OnlineVoiceError(RuntimeError):
    pass


def _gtts_save(text: str, path: Path, timeout: float) -> None:
    from gtts import gTTS
    gTTS(text=text, lang="vi", timeout=timeout).save(str(path))


def _edge_save(text: str, path: Path, timeout: float, voice: str) -> None:
    import edge_tts

    async def go() -> None:  # edge-tts ignores its own timeouts: wait_for is the real limit
        await asyncio.wait_for(edge_tts.Communicate(text, voice).save(str(path)), timeout)
    asyncio.run(go())


def _run_with_deadline(fn, timeout: float, *args) -> None:
    try:
        run_with_deadline(fn, timeout, *args, name="online-voice")
    except DeadlineExceeded:
        raise OnlineVoiceError(f"quá {timeout:g} giây không có phản hồi") from None
    except Exception as exc:  # noqa: BLE001 - any failure of the online service reads the same
        log.info("online voice failed: %r", exc)
        raise OnlineVoiceError("không kết nối được máy chủ giọng đọc") from None


def speak(text: str, backend: str, timeout: float = 15) -> np.ndarray:
    """Fetch speech for text from gTTS ('gtts') or edge-tts ('edge', 'edge-male') -> samples."""
    with tempfile.TemporaryDirectory(prefix="voice-", ignore_cleanup_errors=True) as tmp:
        path = Path(tmp) / "speech.mp3"
        if backend == "gtts":
            _run_with_deadline(_gtts_save, timeout, text, path, timeout)
        elif backend in EDGE_VOICES:
            _run_with_deadline(_edge_save, timeout, text, path, timeout, EDGE_VOICES[backend])
        else:
            raise OnlineVoiceError(f"giọng không rõ: {backend}")
        if not path.is_file() or path.stat().st_size == 0:
            path.unlink(missing_ok=True)
            raise OnlineVoiceError("tệp âm thanh tải về bị trống")
        try:
            return decode(path)
        except AudioError as exc:
            raise OnlineVoiceError(str(exc)) from exc
