"""The voice: offline by default, online voices bounded by a hard timeout, the seller's recording."""
import time
from pathlib import Path

import numpy as np
import pytest

from tools import voice
from tools.voice import VoiceError, online, synthesize
from tests.helpers import read_wav
from tools.voice.audio import rms_envelope, write_wav


def _loud_fraction(path: Path) -> float:
    samples, rate = read_wav(path)
    env = rms_envelope(samples, rate)
    return float((env > 0.02).mean())


@pytest.mark.parametrize("voice_id", ["embedded", "embedded-south", "embedded-central"])
def test_embedded_voice_speaks_offline(tmp_path, voice_id):
    short = synthesize("Xin chào bà con.", tmp_path / "a.wav", voice_id)
    long = synthesize("Nước mắm cá cơm Mỹ Hào, giá chỉ 45.000đ một chai. Gọi 0912 345 678 để đặt hàng.",
                      tmp_path / "b.wav", voice_id)
    assert short.backend_used == long.backend_used == "embedded" and not long.warnings
    assert 0.5 < short.duration_s < long.duration_s < 20
    assert _loud_fraction(long.path) > 0.4  # mostly speech, not silence


def test_normalised_price_takes_longer_to_say_than_letters(tmp_path):
    # "45.000đ" read as words ("bốn mươi lăm nghìn đồng") is several syllables, not one token
    spoken = synthesize("45.000đ", tmp_path / "p.wav")
    raw = synthesize("45.000đ", tmp_path / "r.wav", normalize=False)
    assert spoken.duration_s > 1.0 and spoken.duration_s != pytest.approx(raw.duration_s, abs=0.05)


def test_hanging_online_voice_falls_back_within_timeout(tmp_path, monkeypatch):
    monkeypatch.setattr(online, "_gtts_save", lambda *a: time.sleep(30))
    start = time.monotonic()
    result = synthesize("Xin chào", tmp_path / "g.wav", "gtts", timeout=0.5)
    assert time.monotonic() - start < 3
    assert result.backend_used == "embedded" and result.duration_s > 0.3
    assert "giọng tích hợp" in result.warnings[0]


def test_empty_online_download_is_deleted_and_falls_back(tmp_path, monkeypatch):
    seen = []

    def empty(text, path, timeout, name):
        Path(path).write_bytes(b"")
        seen.append(Path(path))
    monkeypatch.setattr(online, "_edge_save", empty)
    result = synthesize("Xin chào", tmp_path / "e.wav", "edge", timeout=2)
    assert result.backend_used == "embedded" and result.warnings
    assert seen and not seen[0].exists()


def test_seller_recording_is_converted(tmp_path):
    rate = 22050
    t = np.arange(rate * 2) / rate
    src = write_wav(tmp_path / "rec.wav", 0.5 * np.sin(2 * np.pi * 220 * t).astype(np.float32))
    result = synthesize("", tmp_path / "out.wav", str(src))
    assert result.backend_used == "recording" and result.duration_s == pytest.approx(2.0, abs=0.05)


def test_silent_or_broken_recording_is_refused(tmp_path):
    silent = write_wav(tmp_path / "silent.wav", np.zeros(22050, dtype=np.float32))
    with pytest.raises(VoiceError, match="không có tiếng"):
        synthesize("", tmp_path / "o.wav", str(silent))
    broken = tmp_path / "broken.mp3"
    broken.write_bytes(b"not audio")
    with pytest.raises(VoiceError, match="Không đọc được"):
        synthesize("", tmp_path / "o.wav", str(broken))


def test_unknown_voice_and_empty_text(tmp_path):
    with pytest.raises(VoiceError):
        synthesize("Xin chào", tmp_path / "x.wav", "robot")
    with pytest.raises(VoiceError):
        synthesize("  ", tmp_path / "x.wav")
    assert set(voice.VOICES) >= {"embedded", "gtts", "edge"}
