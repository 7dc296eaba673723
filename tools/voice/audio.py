"""Audio helpers: decode anything ffmpeg reads, write WAV atomically, measure loudness.

Every voice works internally at SAMPLE_RATE, mono, float32 in [-1, 1].
"""
from __future__ import annotations

import subprocess
import wave
from pathlib import Path

import numpy as np

from tools.files import atomic_path

SAMPLE_RATE = 22050


class AudioError(RuntimeError):
    """An audio file could not be read (message in Vietnamese)."""


def ffmpeg_exe() -> str:
    import imageio_ffmpeg
    return imageio_ffmpeg.get_ffmpeg_exe()


def decode(path: Path | str, sample_rate: int = SAMPLE_RATE, timeout: float = 120) -> np.ndarray:
    """Any audio file (WAV, MP3, M4A, WebM, OGG...) -> mono float32 samples at sample_rate."""
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        raise AudioError(f"Không đọc được tệp âm thanh: {path.name} (tệp trống hoặc không tồn tại).")
    cmd = [ffmpeg_exe(), "-nostdin", "-v", "error", "-i", str(path), "-vn", "-ac", "1",
           "-ar", str(sample_rate), "-f", "s16le", "-"]
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise AudioError(f"Đọc tệp âm thanh {path.name} quá lâu.") from exc
    if proc.returncode != 0 or not proc.stdout:
        raise AudioError(f"Không đọc được tệp âm thanh: {path.name} (định dạng không hỗ trợ hoặc tệp hỏng).")
    return np.frombuffer(proc.stdout, dtype="<i2").astype(np.float32) / 32768.0


def to_int16(samples: np.ndarray) -> np.ndarray:
    return (np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2")


def write_wav(path: Path | str, samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> Path:
    """Write mono 16-bit WAV atomically (a temporary file renamed into place)."""
    path = Path(path)
    with atomic_path(path) as tmp, wave.open(str(tmp), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sample_rate)
        w.writeframes(to_int16(samples).tobytes())
    return path


def silence(seconds: float, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    return np.zeros(max(0, int(round(seconds * sample_rate))), dtype=np.float32)


def rms_envelope(samples: np.ndarray, sample_rate: int = SAMPLE_RATE, window_s: float = 0.05) -> np.ndarray:
    """Root-mean-square level per window (one value per window_s seconds)."""
    n = max(1, int(sample_rate * window_s))
    usable = len(samples) // n * n
    if usable == 0:
        return np.zeros(0, dtype=np.float32)
    frames = samples[:usable].reshape(-1, n)
    return np.sqrt((frames.astype(np.float64) ** 2).mean(axis=1)).astype(np.float32)


def trim_silence(samples: np.ndarray, sample_rate: int = SAMPLE_RATE, threshold: float = 0.01,
                 keep_s: float = 0.05) -> np.ndarray:
    """Cut leading and trailing silence (keeps keep_s seconds of margin)."""
    loud = np.flatnonzero(np.abs(samples) > threshold)
    if loud.size == 0:
        return samples[:0]
    keep = int(keep_s * sample_rate)
    return samples[max(0, loud[0] - keep): loud[-1] + keep]


def peak_normalize(samples: np.ndarray, peak: float = 0.89) -> np.ndarray:
    top = float(np.max(np.abs(samples))) if samples.size else 0.0
    return samples if top < 1e-4 else (samples * (peak / top)).astype(np.float32)
