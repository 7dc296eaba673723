"""make_video never lets an error escape (except a requested cancel): every failure is a result with a code
and a Vietnamese reason; a CLI batch keeps going past a failed product and names it at the end."""
from __future__ import annotations

import pytest

import tools.video as video
from tools.images import PhotoError
from tools.product import Product
from tools.textnorm import has_diacritics
from tools.video import RenderCancelled, VideoResult, make_video
from tools.video import batch
from tools.video.encoder import EncodeError
from tools.voice.audio import AudioError

HONEY = Product.from_fields("Mật ong rừng", "Thực phẩm", 250000, "nguyên chất;chai 500ml", "gia đình")


def _raiser(exc):
    def render(*args, **kwargs):
        raise exc
    return render


@pytest.mark.parametrize("exc, code, own_message", [
    (EncodeError("ffmpeg dừng giữa chừng: hết chỗ trống"), "EncodeError", True),
    (AudioError("Không đọc được tệp ghi âm."), "AudioError", True),
    (PhotoError("too_large", "Ảnh quá lớn."), "PhotoError", True),
    (AssertionError("frame size mismatch"), "unexpected", False),
    (OSError(28, "No space left on device"), "unexpected", False),
    (KeyError("scene"), "unexpected", False),
])
def test_every_render_failure_is_a_result(monkeypatch, tmp_path, exc, code, own_message):
    monkeypatch.setattr(video, "render_script", _raiser(exc))
    result = make_video(HONEY, tmp_path)
    assert (result.status, result.code) == ("failed", code)
    assert has_diacritics(result.message)                       # Vietnamese for the user
    assert (str(exc) in result.message) is own_message          # a library's own text never reaches the user


def test_a_broken_script_invariant_is_a_result(monkeypatch, tmp_path):
    def broken(*args, **kwargs):
        raise AssertionError("mandated statement missing")
    monkeypatch.setattr(video, "write_script", broken)
    result = make_video(HONEY, tmp_path)
    assert (result.status, result.code) == ("failed", "script_check") and "mandated" not in result.message


def test_cancel_still_stops_the_caller(monkeypatch, tmp_path):
    monkeypatch.setattr(video, "render_script", _raiser(RenderCancelled()))
    with pytest.raises(RenderCancelled):
        make_video(HONEY, tmp_path)


def test_cli_batch_goes_on_past_a_failed_product(monkeypatch, tmp_path):
    src = tmp_path / "sp.csv"
    src.write_text("name,category,price,features,audience,channel\n"
                   "Mật ong rừng,Thực phẩm,250000,chai 500ml,,\n"
                   "Nón lá Huế,Thủ công,90000,lá cọ,,\n"
                   "Gạo thơm,Lương thực,150000,túi 5kg,,\n", encoding="utf-8")

    def render(script, out_dir, slug, *args, **kwargs):
        if slug == "non-la-hue":
            raise EncodeError("ffmpeg lỗi (mã 1): hỏng")
        mp4 = out_dir / f"{slug}.mp4"
        out_dir.mkdir(parents=True, exist_ok=True)
        mp4.write_bytes(b"x")
        return VideoResult("done", mp4=mp4, duration_s=1.0, voice_backend="test")
    monkeypatch.setattr(video, "render_script", render)
    lines: list[str] = []
    code, results = batch.run(src, tmp_path / "out", video.RenderOptions(), show_progress=False, echo=lines.append)
    assert code == 0
    assert [(p.name, r.status) for p, r in results] == [("Mật ong rừng", "done"), ("Nón lá Huế", "failed"),
                                                          ("Gạo thơm", "done")]
    assert results[1][1].code == "EncodeError"
    assert "Nón lá Huế" in lines[-1] and "Mật ong rừng" not in lines[-1]   # the failed product is named at the end
