"""Write media_templates/music/nhe-nhang.m4a: a soft, royalty-free chord loop made from sine tones.

Run once (python -m scripts.make_template_music); the file is committed so rendering needs no network.
"""
from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import numpy as np

from tools.voice.audio import ffmpeg_exe, write_wav

RATE = 22050
OUT = Path(__file__).resolve().parents[1] / "media_templates" / "music" / "nhe-nhang.m4a"
CHORDS = [(261.63, 329.63, 392.00), (196.00, 246.94, 392.00), (220.00, 261.63, 329.63), (174.61, 220.00, 349.23)]
BAR_S = 2.0


def tone(freq: float, seconds: float) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    wave = np.sin(2 * np.pi * freq * t) + 0.3 * np.sin(4 * np.pi * freq * t) + 0.1 * np.sin(6 * np.pi * freq * t)
    attack, release = np.minimum(1, t / 0.3), np.minimum(1, (seconds - t) / 0.6)
    return wave * attack * release


def main() -> None:
    bars = []
    for chord in CHORDS:
        pad = sum(tone(f, BAR_S) for f in chord)
        arp = np.concatenate([tone(chord[i % 3] * 2, BAR_S / 4) * 0.35 for i in range(4)])
        bars.append(pad + arp)
    loop = np.concatenate(bars)
    loop = (loop / np.max(np.abs(loop)) * 0.8).astype(np.float32)
    with tempfile.TemporaryDirectory() as tmp:
        wav = write_wav(Path(tmp) / "loop.wav", loop, RATE)
        OUT.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([ffmpeg_exe(), "-y", "-v", "error", "-i", str(wav), "-c:a", "aac", "-b:a", "48k", str(OUT)],
                       check=True)
    print(OUT, OUT.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
