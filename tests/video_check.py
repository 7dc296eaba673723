"""Look inside an MP4 with a real decoder (PyAV): streams, duration, frames, audio levels."""
from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
from PIL import Image


@dataclass
class Probe:
    duration: float
    video_codec: str
    pix_fmt: str
    width: int
    height: int
    fps: float
    frames: int
    audio_codec: str | None
    audio_rate: int | None


def probe(path: Path) -> Probe:
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        a = c.streams.audio[0] if c.streams.audio else None
        frames = sum(1 for _ in c.demux(v) if _.size)
        return Probe(float(c.duration / av.time_base), v.codec_context.name, v.codec_context.pix_fmt,
                     v.codec_context.width, v.codec_context.height, float(v.average_rate), frames,
                     a.codec_context.name if a else None, a.codec_context.sample_rate if a else None)


def top_level_boxes(path: Path) -> list[str]:
    """MP4 box order (faststart puts 'moov' before 'mdat')."""
    names, data = [], Path(path).read_bytes()
    i = 0
    while i + 8 <= len(data):
        size, name = struct.unpack(">I4s", data[i:i + 8])
        if size == 1:
            size = struct.unpack(">Q", data[i + 8:i + 16])[0]
        names.append(name.decode("latin-1"))
        if size < 8:
            break
        i += size
    return names


def audio_samples(path: Path) -> tuple[np.ndarray, int]:
    """The first audio stream as mono float32."""
    with av.open(str(path)) as c:
        stream = c.streams.audio[0]
        rate = stream.codec_context.sample_rate
        chunks = [f.to_ndarray().astype(np.float32).reshape(f.to_ndarray().shape[0], -1).mean(axis=0)
                  for f in c.decode(stream)]
    return np.concatenate(chunks), rate


def rms_between(samples: np.ndarray, rate: int, start: float, end: float) -> float:
    part = samples[int(start * rate):int(end * rate)]
    return float(np.sqrt(np.mean(part.astype(np.float64) ** 2))) if part.size else 0.0


def frames_at(path: Path, times: list[float]) -> list[Image.Image]:
    out, want = [], sorted(times)
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        for frame in c.decode(v):
            t = float(frame.pts * v.time_base)
            while want and t + 1e-6 >= want[0]:
                out.append(frame.to_image())
                want.pop(0)
            if not want:
                break
    return out
