"""Narration of real lessons: first synthesis (espeak-ng + MP3) vs the cached file. Prints seconds and ratio.

Run: python bench/narration_cache.py [N lessons, default 4]
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(n: int) -> None:
    os.environ["BINHDAN_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-narration-")
    from app.learning.catalog import load_catalog
    from app.learning.narration import lesson_speech_text, narrate
    lessons = load_catalog().lessons()[:n]
    words = sum(len(lesson_speech_text(lesson).split()) for lesson in lessons)
    t0 = time.perf_counter()
    files = [narrate(lesson) for lesson in lessons]
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    for lesson in lessons:
        narrate(lesson)
    cached = time.perf_counter() - t0
    size = sum(f.stat().st_size for f in files) / 1e6
    print(f"{len(lessons)} bài, {words} từ đọc, {size:.1f} MB MP3")
    print(f"lần đầu (tổng hợp giọng + MP3): {first:.2f} s ({first / len(lessons):.2f} s/bài)")
    print(f"lần sau (bộ đệm): {cached:.4f} s; nhanh hơn {first / cached:.0f} lần")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 4)
