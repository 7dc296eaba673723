"""Every template renders a real MP4 (checked with a real decoder), captions follow the voice,
outputs are atomic, blocked products write nothing."""
from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np

from tools.video.safearea import plan
from tools.video.templates import get_template
import pytest
from PIL import Image, ImageDraw

from tests.video_check import audio_samples, frames_at, probe, rms_between, top_level_boxes
from tools.product import Product
from tools.video import RenderOptions, make_video, render_script, write_script
from tools.video import encoder as encoder_module
from tools.video.render import RenderCancelled
from tools.video.templates import list_templates
from tools.voice import synthesize
from tools.voice.audio import silence, write_wav
from tests.helpers import parse_srt, read_wav

TINY = (180, 320)

PRODUCT = Product.from_fields(name="Nước mắm cá cơm Mỹ Hào", category="Thực phẩm", price="45.000đ",
                              features="Ủ chượp 12 tháng; đóng chai thủy tinh 500ml", audience="")


def _photo(path: Path, color) -> Path:
    image = Image.new("RGB", (640, 480), color)
    draw = ImageDraw.Draw(image)
    for x in range(0, 640, 40):
        draw.line((x, 0, x + 200, 480), fill=(255, 255, 255), width=4)
    image.save(path)
    return path


def _speech_is_under_captions(mp4: Path, srt: Path) -> None:
    """Louder audio inside each caption's time than in the silences between captions."""
    samples, rate = audio_samples(mp4)
    cues = parse_srt(srt.read_text(encoding="utf-8"))
    inside = [rms_between(samples, rate, c.start, c.end) for c in cues]
    gaps = [(a.end + 0.05, b.start - 0.05) for a, b in zip(cues, cues[1:]) if b.start - a.end > 0.3]
    assert min(inside) > 0.01, "a caption shows while nothing is said"
    assert gaps, "expected pauses between scenes"
    quiet = max(rms_between(samples, rate, s, e) for s, e in gaps)
    assert quiet < 0.5 * float(np.median(inside))


@pytest.mark.parametrize("name", sorted(list_templates()))
def test_every_template_renders_a_playable_video(tmp_path, name):
    photos = [_photo(tmp_path / "a.jpg", (180, 90, 40)), _photo(tmp_path / "b.jpg", (40, 120, 80))]
    options = RenderOptions(template=name, pixel_size=TINY, photos=photos,
                            link="https://zalo.me/0912345678", contact="Cô Lan 0912 345 678")
    result = make_video(PRODUCT, tmp_path / "out", options)
    assert result.status == "done", result.message
    info = probe(result.mp4)
    assert (info.video_codec, info.pix_fmt, info.width, info.height) == ("h264", "yuv420p", *TINY)
    assert info.audio_codec == "aac"
    assert 15 <= info.duration <= 45
    assert info.duration == pytest.approx(result.duration_s, abs=0.2)
    boxes = top_level_boxes(result.mp4)
    assert boxes.index("moov") < boxes.index("mdat")          # faststart: plays while downloading
    cues = parse_srt(result.srt.read_text(encoding="utf-8"))
    text = " ".join(c.text for c in cues)
    assert "45.000đ" in text and "Ủ chượp 12 tháng" in text
    assert all(0 <= c.start < c.end <= info.duration + 0.05 for c in cues)
    _speech_is_under_captions(result.mp4, result.srt)
    with Image.open(result.cover) as cover:
        assert cover.size == TINY
    data = json.loads(result.script_json.read_text(encoding="utf-8"))
    assert [s["kind"] for s in data["scenes"]] == ["hook", "feature", "feature", "price", "cta"]
    assert sorted(p.name for p in result.mp4.parent.iterdir()) == sorted(
        f"nuoc-mam-ca-com-my-hao.{ext}" for ext in ("mp4", "srt", "jpg", "json"))


def test_square_format_title_cards_and_logo(tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (200, 200), (230, 0, 0, 255)).save(logo)
    result = make_video(PRODUCT, tmp_path / "out", RenderOptions(template="toi-gian", aspect="1:1",
                                                                 pixel_size=(240, 240), logo=logo))
    assert result.status == "done"
    info = probe(result.mp4)
    assert (info.width, info.height) == (240, 240)
    l, t, r, b = plan((240, 240), get_template("toi-gian"), "tiktok", logo=True).logo_box
    corner = np.asarray(frames_at(result.mp4, [5.0])[0])[t + 3:b - 3, l + 3:r - 3].reshape(-1, 3).mean(axis=0)
    assert corner[0] > 180 and corner[1] < 80         # the red logo sits in its reserved corner
    # the picture changes from scene to scene (title cards are not one still image)
    scenes = json.loads(result.script_json.read_text(encoding="utf-8"))["scenes"]
    mids = [(s["start"] + s["end"]) / 2 for s in scenes]
    frames = [np.asarray(f, dtype=np.int16) for f in frames_at(result.mp4, mids)]
    assert all(np.abs(a - b).mean() > 2 for a, b in zip(frames, frames[1:]))


def test_cancel_leaves_no_file(tmp_path):
    cancel = threading.Event()

    def progress(fraction, message):
        if fraction > 0.3:
            cancel.set()
    script = write_script(PRODUCT)
    with pytest.raises(RenderCancelled):
        render_script(script, tmp_path, "x", RenderOptions(pixel_size=TINY), progress, cancel)
    assert list(tmp_path.iterdir()) == []


def test_encoder_failure_leaves_no_half_file(tmp_path, monkeypatch):
    real = encoder_module.encoder_command
    monkeypatch.setattr(encoder_module, "encoder_command",
                        lambda *a, **k: [c if c != "superfast" else "no-such-preset" for c in real(*a, **k)])
    with pytest.raises(encoder_module.EncodeError):
        render_script(write_script(PRODUCT), tmp_path, "x", RenderOptions(pixel_size=TINY))
    assert list(tmp_path.iterdir()) == []


def test_blocked_product_writes_nothing(tmp_path):
    spirits = Product.from_fields(name="Rượu nếp cái hoa vàng 29 độ", category="Đồ uống", price="120000")
    result = make_video(spirits, tmp_path / "out", RenderOptions(pixel_size=TINY))
    assert result.status == "blocked" and "15 độ" in result.message
    assert not (tmp_path / "out").exists()


def test_mandated_statement_is_read_and_shown_long_enough(tmp_path):
    supplement = Product.from_fields(name="Viên uống Canxi Plus", category="Thực phẩm bảo vệ sức khỏe",
                                     price="250k", features="Hộp 60 viên")
    result = make_video(supplement, tmp_path, RenderOptions(pixel_size=TINY, template="sang-trong"))
    data = json.loads(result.script_json.read_text(encoding="utf-8"))
    notice = next(s for s in data["scenes"] if s["kind"] == "notice")
    statement = "Thực phẩm này không phải là thuốc và không có tác dụng thay thế thuốc chữa bệnh"
    assert notice["end"] - notice["start"] >= len(statement) / 14
    spoken = " ".join(c.text for c in parse_srt(result.srt.read_text(encoding="utf-8")))
    assert statement in spoken


def test_seller_recording_drives_the_captions(tmp_path):
    script = write_script(PRODUCT)
    parts = []
    for i, line in enumerate(script.narration):   # a "seller" reading the lines with pauses
        synthesize(line, tmp_path / f"l{i}.wav")
        parts += [read_wav(tmp_path / f"l{i}.wav")[0], silence(0.6)]
    recording = write_wav(tmp_path / "rec.wav", np.concatenate(parts))
    result = render_script(script, tmp_path / "out", "rec", RenderOptions(pixel_size=TINY, voice=str(recording)))
    assert result.voice_backend == "recording"
    _speech_is_under_captions(result.mp4, result.srt)


def test_bad_photo_is_skipped_with_a_message_and_a_bad_template_fails(tmp_path):
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not an image")
    result = make_video(PRODUCT, tmp_path / "p", RenderOptions(pixel_size=TINY, photos=[broken]))
    assert result.status == "done" and any("broken.jpg" in w for w in result.warnings)
    assert result.ai["own_photos"] is False          # no photo was usable: cards are machine-made
    result = make_video(PRODUCT, tmp_path / "o", RenderOptions(pixel_size=TINY, template="khong-co"))
    assert result.status == "failed" and "Không có mẫu video" in result.message
    assert not list((tmp_path / "o").glob("*.mp4"))


def test_too_long_speech_drops_features_to_stay_under_45_seconds(tmp_path, monkeypatch):
    from tools.video import render
    from tools.voice import Narration
    monkeypatch.setattr(render, "speak_lines",   # a very slow voice: 6 seconds a sentence
                        lambda lines, voice, timeout: Narration([np.full(6 * 22050, 0.1, np.float32)] * len(lines),
                                                                "embedded", voice))
    many = Product.from_fields(name="Áo thun", category="Thời trang", price="99000",
                               features="Vải cotton; Màu trắng; Size M; Cổ tròn")
    result = make_video(many, tmp_path, RenderOptions(pixel_size=TINY, template="toi-gian"))
    assert result.status == "done" and result.duration_s <= 45
    assert any("Bỏ đặc điểm" in w for w in result.warnings)
    assert probe(result.mp4).duration <= 45.2


def test_alcohol_warning_is_read_and_covers_a_tenth_of_the_frame_while_read(tmp_path):
    from tools.compliance import mandated_statements
    beer = Product.from_fields(name="Bia thủ công Mỹ Hào 5 độ", category="Đồ uống", price="35000",
                               features="Lon 330ml")
    warnings = mandated_statements(beer)
    assert warnings
    result = make_video(beer, tmp_path, RenderOptions(pixel_size=(360, 640), template="tuoi-sang"))
    assert result.status == "done", result.message
    cues = parse_srt(result.srt.read_text(encoding="utf-8"))
    spoken = " ".join(c.text for c in cues)
    assert all(w in spoken for w in warnings)                    # read aloud, by the same voice
    read = [c for c in cues if any(c.text in w or w in c.text for w in warnings)]
    samples, rate = audio_samples(result.mp4)
    times = [c.start + 0.1 for c in read] + [c.end - 0.1 for c in read]
    for frame, t in zip(frames_at(result.mp4, times), times):
        white = (np.asarray(frame).min(axis=2) > 235).mean()
        assert white >= 0.10, f"warning box covers {white:.0%} of the frame at {t:.1f} s"
    assert all(rms_between(samples, rate, c.start, c.end) > 0.01 for c in read)


def test_every_photo_is_shown_up_to_the_limit_and_the_rest_get_a_message(tmp_path):
    from tools.video.composer import assign_photos
    from tools.video.render import MAX_PHOTOS, PHOTO_MIN_S
    colours = [(200, 30, 30), (30, 200, 30), (30, 30, 200), (200, 200, 30), (200, 30, 200), (30, 200, 200),
               (120, 60, 10), (10, 60, 120), (90, 90, 90)]
    photos = []
    for i, colour in enumerate(colours):
        path = tmp_path / f"p{i}.jpg"
        Image.new("RGB", (400, 700), colour).save(path)
        photos.append(path)
    script = write_script(PRODUCT)
    plan_ = assign_photos(script, MAX_PHOTOS)
    assert sorted(k for ks in plan_.values() for k in ks) == list(range(MAX_PHOTOS))   # each exactly once
    result = render_script(script, tmp_path / "o", "p", RenderOptions(pixel_size=TINY, photos=photos))
    assert any("p8.jpg" in w and str(MAX_PHOTOS) in w for w in result.warnings)
    data = json.loads(result.script_json.read_text(encoding="utf-8"))
    spans = {i: s["end"] - s["start"] for i, s in enumerate(data["scenes"])}
    seen = set()
    for i, shown in assign_photos(script, MAX_PHOTOS).items():
        assert spans[i] >= PHOTO_MIN_S * len(shown) - 1e-6
        start = data["scenes"][i]["start"]
        times = [start + (k + 0.5) * spans[i] / len(shown) for k in range(len(shown))]
        for frame, k in zip(frames_at(result.mp4, times), shown):
            centre = np.asarray(frame)[TINY[1] // 2 - 4:TINY[1] // 2 + 4, 4:12].reshape(-1, 3).mean(axis=0)
            nearest = int(np.argmin([np.abs(centre - np.array(c)).sum() for c in colours[:MAX_PHOTOS]]))
            seen.add(nearest)
    assert seen == set(range(MAX_PHOTOS))
