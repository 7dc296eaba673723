"""tools.images.load_photo: EXIF upright, pixel limit before decoding, clear error codes."""
from __future__ import annotations

import io
import zlib

import pytest
from PIL import Image

from tools.images import PhotoError, load_photo


def _jpeg_with_orientation(tmp_path, orientation: int):
    """A 40x20 picture, left half red and right half blue, stored with an EXIF orientation tag."""
    image = Image.new("RGB", (40, 20), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 20, 20))
    exif = Image.Exif()
    exif[0x0112] = orientation
    path = tmp_path / f"o{orientation}.jpg"
    image.save(path, "JPEG", exif=exif, quality=95)
    return path


def test_photo_is_turned_upright_from_exif(tmp_path):
    plain = load_photo(_jpeg_with_orientation(tmp_path, 1))
    assert plain.size == (40, 20)
    turned = load_photo(_jpeg_with_orientation(tmp_path, 6))      # "rotate 90° clockwise to view"
    assert turned.size == (20, 40) and turned.mode == "RGB"
    top, bottom = turned.getpixel((10, 3)), turned.getpixel((10, 36))
    assert top[0] > 200 and top[2] < 60          # the red half is on top once upright
    assert bottom[2] > 200 and bottom[0] < 60


def test_pixel_limit_is_checked_before_decoding(tmp_path, monkeypatch):
    path = tmp_path / "big.png"
    Image.new("RGB", (1000, 1000), (9, 9, 9)).save(path)
    loads = []
    monkeypatch.setattr(Image.Image, "load", lambda self, *a, **k: loads.append(1) or None)
    with pytest.raises(PhotoError) as err:
        load_photo(path, max_pixels=999_999)
    assert err.value.code == "too_many_pixels" and "big.png" in str(err.value)
    assert loads == []                             # refused from the header alone
    monkeypatch.undo()
    assert load_photo(path, max_pixels=1_000_000).size == (1000, 1000)


def test_decompression_bomb_header_is_refused_not_crashed():
    fake = io.BytesIO()
    Image.new("1", (10, 10)).save(fake, "PNG")
    data = bytearray(fake.getvalue())
    data[16:24] = (200_000).to_bytes(4, "big") + (200_000).to_bytes(4, "big")   # IHDR width, height
    data[29:33] = zlib.crc32(bytes(data[12:29])).to_bytes(4, "big")
    with pytest.raises(PhotoError) as err:
        load_photo(bytes(data))
    assert err.value.code == "too_many_pixels"


@pytest.mark.parametrize("payload, code", [(b"", "empty"), (b"not an image at all", "not_image")])
def test_bad_files_get_a_code(payload, code):
    with pytest.raises(PhotoError) as err:
        load_photo(payload)
    assert err.value.code == code


def test_missing_and_truncated_files(tmp_path):
    with pytest.raises(PhotoError) as err:
        load_photo(tmp_path / "none.jpg")
    assert err.value.code == "missing"
    buffer = io.BytesIO()
    Image.effect_noise((300, 300), 60).convert("RGB").save(buffer, "JPEG")
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(buffer.getvalue()[:2000])
    with pytest.raises(PhotoError) as err:
        load_photo(cut)
    assert err.value.code == "broken"


def test_target_decodes_a_jpeg_smaller_but_never_below_the_target(tmp_path):
    path = tmp_path / "large.jpg"
    Image.effect_noise((4000, 3000), 40).convert("RGB").save(path, "JPEG")
    small = load_photo(path, target=(900, 700))
    assert 900 <= small.width < 4000 and 700 <= small.height < 3000
