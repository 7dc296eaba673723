"""AI marks: a signed C2PA manifest on the MP4 and the cover (read back with the c2pa reader; an edit
breaks it), a plain Vietnamese tag a simple reader sees, and the visible label policy."""
from __future__ import annotations

import av
import numpy as np
import pytest
from PIL import Image

from tools.product import Product
from tools.video import RenderOptions, make_video, render_script, write_script
from tests.helpers import assertion
from tools.video.credentials import (SOURCE_TYPES, AiUse, read_manifest, sign_file, signer_files)
from tools.video.safearea import plan
from tools.video.templates import get_template
from tools.voice.audio import write_wav

TINY = (180, 320)
PRODUCT = Product.from_fields(name="Nước mắm cá cơm Mỹ Hào", category="Thực phẩm", price="45.000đ",
                              features="Ủ chượp 12 tháng; đóng chai thủy tinh 500ml")


@pytest.fixture(scope="module")
def video(tmp_path_factory):
    out = tmp_path_factory.mktemp("signed")
    result = make_video(PRODUCT, out, RenderOptions(pixel_size=TINY))
    assert result.status == "done", result.message
    return result


def _actions(manifest):
    return assertion(manifest, "c2pa.actions.v2")["actions"]


def test_mp4_and_cover_carry_a_valid_manifest_naming_the_ai_parts(video):
    for path in (video.mp4, video.cover):
        found = read_manifest(path)
        assert found["manifest"] is not None, path
        assert found["state"] == "Valid"                                 # intact; signer not a public CA
        assert all(code == "signingCredential.untrusted" for code in found["codes"])
        created = _actions(found["manifest"])[0]
        assert created["action"] == "c2pa.created"
        assert created["digitalSourceType"] == SOURCE_TYPES + "compositeSynthetic"   # espeak, cards
        disclosure = assertion(found["manifest"], "vn.binhdan.ai_disclosure")
        assert disclosure["voice"]["kind"] == "synthetic" and disclosure["voice"]["backend"] == "embedded"
        assert disclosure["script_writer"]["kind"] == "rules"
    assert video.ai["label_shown"] is True and video.ai["signed"] is True


def test_editing_the_signed_file_breaks_the_manifest(video, tmp_path):
    edited = tmp_path / "edited.mp4"
    data = bytearray(video.mp4.read_bytes())
    mdat = data.find(b"mdat")
    data[mdat + 5000] ^= 0xFF                                             # one byte of the picture
    edited.write_bytes(bytes(data))
    found = read_manifest(edited)
    assert found["state"] != "Valid" and any("mismatch" in (c or "") for c in found["codes"])
    cover = tmp_path / "edited.jpg"
    Image.open(video.cover).save(cover, "JPEG", quality=80)               # re-saved: the mark is gone
    assert read_manifest(cover)["manifest"] is None


def test_plain_tag_in_mp4_comment_and_jpeg_exif_xmp(video):
    with av.open(str(video.mp4)) as container:
        comment = container.metadata.get("comment", "")
    assert "sử dụng AI" in comment and "134/2025/QH15" in comment
    with Image.open(video.cover) as image:
        xp = image.getexif().get(0x9C9C)
        xmp = image.info.get("xmp", b"")
    assert "sử dụng AI" in bytes(xp).decode("utf-16-le")
    xmp = xmp.decode("utf-8") if isinstance(xmp, bytes) else xmp
    assert "sử dụng AI" in xmp and "compositeSynthetic" in xmp


def test_key_and_chain_are_made_once_and_kept(tmp_path):
    key, chain = signer_files(tmp_path / "c2pa")
    first = chain.read_bytes()
    assert key.stat().st_mode & 0o077 == 0 and first.count(b"BEGIN CERTIFICATE") == 2
    assert signer_files(tmp_path / "c2pa")[1].read_bytes() == first


def test_source_type_follows_what_was_used():
    assert AiUse("model", "embedded", True).source_type.endswith("compositeWithTrainedAlgorithmicMedia")
    assert AiUse("rules", "edge", True).source_type.endswith("compositeWithTrainedAlgorithmicMedia")
    assert AiUse("rules", "embedded", True).source_type.endswith("compositeSynthetic")
    assert AiUse("rules", "recording", True).source_type.endswith("/composite")
    assert AiUse("rules", "recording", True).may_hide_label
    assert not AiUse("rules", "recording", False).may_hide_label
    assert AiUse("model", "recording", True).uses_ai and not AiUse("rules", "recording", True).uses_ai


def _label_pixels(mp4, size):
    from tests.video_check import frames_at
    box = plan(size, get_template("tuoi-sang"), "tiktok").label_box
    frame = np.asarray(frames_at(mp4, [3.0])[0]).astype(int)
    l, t, r, b = box
    return frame[t:b, l:l + (b - t) * 3]


def test_label_may_be_switched_off_only_with_own_voice_and_photos(tmp_path):
    script = write_script(PRODUCT)
    photo = tmp_path / "p.jpg"
    Image.new("RGB", (400, 700), (250, 250, 250)).save(photo)
    parts = []
    for _ in script.narration:   # a "recording": a tone per sentence with pauses
        parts += [np.sin(np.arange(22050) * 0.05).astype(np.float32) * 0.5, np.zeros(11025, np.float32)]
    recording = write_wav(tmp_path / "rec.wav", np.concatenate(parts))
    off = RenderOptions(pixel_size=TINY, ai_label=False, photos=[photo], voice=str(recording))
    hidden = render_script(write_script(PRODUCT), tmp_path / "a", "own", off)
    assert hidden.ai["label_shown"] is False and not hidden.warnings
    disclosure = assertion(read_manifest(hidden.mp4)["manifest"], "vn.binhdan.ai_disclosure")
    assert disclosure["voice"]["kind"] == "human" and "không dùng mô hình AI" in disclosure["notice"]
    kept = render_script(write_script(PRODUCT), tmp_path / "b", "tts",
                         RenderOptions(pixel_size=TINY, ai_label=False, photos=[photo]))
    assert kept.ai["label_shown"] is True and any("Video có sử dụng AI" in w for w in kept.warnings)
    dark_with = (_label_pixels(kept.mp4, TINY).sum(axis=2) < 450).mean()
    dark_without = (_label_pixels(hidden.mp4, TINY).sum(axis=2) < 450).mean()
    assert dark_with > 0.3 > dark_without                 # the dark pill over a white photo, or not


def test_sign_file_refuses_an_unknown_format(tmp_path):
    from tools.video.credentials import CredentialError
    src = tmp_path / "x.txt"
    src.write_text("x")
    with pytest.raises(CredentialError):
        sign_file(src, tmp_path / "y.txt", AiUse(), "x")
