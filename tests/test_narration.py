"""Lesson narration: Markdown to speech text, synthesised once and cached."""
import subprocess

import imageio_ffmpeg

from app.learning.narration import lesson_speech_text, markdown_to_speech, narrate
from tests.learning_fixtures import fixture_catalog

LESSON = fixture_catalog().modules[0].lessons[0]


def test_speech_text_drops_markup_and_reads_prices():
    text = markdown_to_speech("## Ví dụ\n\n- **Giá** [xem](http://x.vn)\n![Ảnh](a.png)\n| a | b |\n|---|---|\n")
    assert text == "Ví dụ.\nGiá xem.\na, b."
    spoken = lesson_speech_text(fixture_catalog().modules[0].lessons[1])
    assert "45.000đ" not in spoken and "bốn mươi lăm nghìn" in spoken
    assert "#" not in lesson_speech_text(LESSON) and "so-do.png" not in lesson_speech_text(LESSON)


def test_second_request_uses_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BINHDAN_DATA_DIR", str(tmp_path))
    calls = []

    def fake_synthesize(text, out_path, voice, normalize):
        calls.append((voice, text))
        from tools.voice import synthesize
        return synthesize("Xin chào.", out_path, voice="embedded", normalize=normalize)

    first = narrate(LESSON, synthesize=fake_synthesize)
    again = narrate(LESSON, synthesize=fake_synthesize)
    assert first == again and len(calls) == 1 and first.parent == tmp_path / "narration"
    narrate(LESSON, voice="embedded-south", synthesize=fake_synthesize)
    assert len(calls) == 2  # another voice is another file


def test_embedded_voice_reads_a_whole_lesson(tmp_path, monkeypatch):
    monkeypatch.setenv("BINHDAN_DATA_DIR", str(tmp_path))
    mp3 = narrate(LESSON)
    assert mp3.suffix == ".mp3" and mp3.stat().st_size > 5000
    info = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-i", str(mp3)], capture_output=True, text=True).stderr
    h, m, s = info.split("Duration: ")[1].split(",")[0].split(":")
    assert 10 < int(h) * 3600 + int(m) * 60 + float(s) < 120  # about 80 words read aloud


def test_legal_numbers_and_dates_are_read_as_people_say_them():
    from app.learning.narration import speak_legal
    assert speak_legal("Luật số 91/2025/QH15 có hiệu lực từ 1/1/2026.") == \
        "Luật số 91 năm 2025 của Quốc hội khóa 15 có hiệu lực từ ngày 1 tháng 1 năm 2026."
    assert speak_legal("Nghị định 24/2020/NĐ-CP") == "Nghị định số 24 năm 2020 của Chính phủ"
    assert speak_legal("Công văn 557/BKHCN-CĐSQG") == "Công văn số 557"
    assert "/" not in speak_legal("Quyết định 757/QĐ-BKHCN, Thông tư 06/2011/TT-BYT")
