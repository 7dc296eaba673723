"""Seller photos, opened safely: size checked from the header BEFORE any pixel is decoded, turned
upright from EXIF, returned in RGB. The video renderer and the listing images both use `load_photo`.

    load_photo(src, max_pixels=DEFAULT_MAX_PIXELS, target=None) -> PIL.Image (RGB, upright)
        src: a path, bytes, or a binary file object.
        target: (w, h) the caller will scale the photo down to; a JPEG is then decoded at a reduced
        scale still at least that large (much faster for phone photos).
        Raises PhotoError with .code one of PHOTO_ERRORS and a Vietnamese message.
"""
from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageOps, UnidentifiedImageError

DEFAULT_MAX_PIXELS = 50_000_000          # 50 megapixels: every phone camera but the 108/200 MP modes
PHOTO_ERRORS = ("missing", "empty", "not_image", "too_many_pixels", "broken")


class PhotoError(ValueError):
    """A photo that cannot be used; .code says why (PHOTO_ERRORS), str() is Vietnamese for the user."""

    def __init__(self, code: str, message: str, name: str = "") -> None:
        super().__init__(message)
        self.code, self.name = code, name


def _name(src) -> str:
    if isinstance(src, (str, Path)):
        return Path(src).name
    return getattr(src, "name", "") or "ảnh"


def _open(src) -> BinaryIO:
    if isinstance(src, (bytes, bytearray, memoryview)):
        return io.BytesIO(bytes(src))
    if isinstance(src, (str, Path)):
        return open(src, "rb")
    return src


def load_photo(src, max_pixels: int = DEFAULT_MAX_PIXELS, target: tuple[int, int] | None = None) -> Image.Image:
    """A seller's photo upright (EXIF orientation) and in RGB; see the module docstring."""
    name = _name(src)
    if isinstance(src, (str, Path)):
        path = Path(src)
        if not path.is_file():
            raise PhotoError("missing", f"Không tìm thấy ảnh “{name}”.", name)
        if path.stat().st_size == 0:
            raise PhotoError("empty", f"Ảnh “{name}” là tệp rỗng.", name)
    elif isinstance(src, (bytes, bytearray, memoryview)) and len(src) == 0:
        raise PhotoError("empty", f"Ảnh “{name}” là tệp rỗng.", name)
    fh = _open(src)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                im = Image.open(fh)          # reads the header only
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
                raise _too_big(name, None, max_pixels) from exc
            except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
                raise PhotoError("not_image", f"Không mở được ảnh “{name}”: tệp không phải ảnh hoặc đã hỏng.",
                                 name) from exc
            with im:
                w, h = im.size
                if w * h > max_pixels:                       # before a single pixel is decoded
                    raise _too_big(name, (w, h), max_pixels)
                if target and im.format == "JPEG":
                    tw, th = target
                    if im.getexif().get(0x0112, 1) in (5, 6, 7, 8):   # rotated 90°: sides swap
                        tw, th = th, tw
                    im.draft("RGB", (tw, th))                # decode at 1/2, 1/4, 1/8 when still >= target
                try:
                    im.load()
                    upright = ImageOps.exif_transpose(im)
                    return upright.convert("RGB")
                except (OSError, ValueError, SyntaxError, Image.DecompressionBombWarning) as exc:
                    raise PhotoError("broken", f"Ảnh “{name}” bị hỏng, không đọc hết được.", name) from exc
    finally:
        if isinstance(src, (str, Path, bytes, bytearray, memoryview)):
            fh.close()


def _too_big(name: str, size: tuple[int, int] | None, max_pixels: int) -> PhotoError:
    mp = max_pixels / 1_000_000
    shown = f" ({size[0]}×{size[1]})" if size else ""
    return PhotoError("too_many_pixels", f"Ảnh “{name}”{shown} quá lớn: tối đa {mp:g} triệu điểm ảnh. "
                                         f"Hãy chụp ở chế độ thường hoặc thu nhỏ ảnh rồi tải lại.", name)
