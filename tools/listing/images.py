"""Square marketplace images from a seller's photos, and the price-badge cover for Facebook/Zalo posts.

- `square_image(photo) -> Image`: upright (EXIF), plain border trimmed, the product centred on white,
  1:1, at least 800×800 px (at most 1200).
- `whiten_background(photo) -> Image`: classic segmentation (OpenCV GrabCut from a rectangle a little
  inside the frame) paints a plain background white; no model is downloaded.
- `badge_cover(square, price_text) -> Image`: a cover with a price badge (only for Facebook/Zalo:
  marketplaces forbid text on the main image).
- `jpeg_bytes(image) -> bytes`: JPEG under 2 MB.
- `load(src)`: the one place photos are opened (tools.images.load_photo once it is on main).
"""
from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFont, ImageOps

MIN_SIDE = 800
MAX_SIDE = 1200
MAX_BYTES = 2 * 1024 * 1024
MARGIN = 0.06          # white space around the product, share of the side
MAX_PIXELS = 50_000_000


class ImageProblem(ValueError):
    """A photo that cannot be used (Vietnamese message); .code: missing, not_image, too_many_pixels."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def load(src, max_pixels: int = MAX_PIXELS) -> Image.Image:
    """A photo upright and in RGB; the pixel count is checked from the header before decoding."""
    try:
        from tools.images import PhotoError, load_photo  # the shared loader (video helper), once on main
    except ImportError:
        load_photo = None
    if load_photo is not None:
        try:
            return load_photo(src, max_pixels=max_pixels, target=(MIN_SIDE, MIN_SIDE))
        except PhotoError as exc:
            raise ImageProblem(getattr(exc, "code", "not_image"), str(exc)) from None
    name = Path(src).name if isinstance(src, (str, Path)) else "ảnh"
    if isinstance(src, (str, Path)) and not Path(src).is_file():
        raise ImageProblem("missing", f"Không tìm thấy ảnh “{name}”.")
    data = io.BytesIO(src) if isinstance(src, (bytes, bytearray)) else src
    try:
        with Image.open(data) as im:
            if im.size[0] * im.size[1] > max_pixels:
                raise ImageProblem("too_many_pixels", f"Ảnh “{name}” quá lớn ({im.size[0]}×{im.size[1]} điểm ảnh); "
                                                      "hãy chụp hoặc lưu ở cỡ nhỏ hơn.")
            im.draft("RGB", (MIN_SIDE, MIN_SIDE))
            return ImageOps.exif_transpose(im).convert("RGB")
    except ImageProblem:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ImageProblem("not_image", f"Không mở được ảnh “{name}”: tệp không phải ảnh hoặc đã hỏng.") from exc


def trim(image: Image.Image, tolerance: int = 18) -> Image.Image:
    """The photo without a plain border (the colour of its top-left corner)."""
    bg = Image.new("RGB", image.size, image.getpixel((0, 0)))
    diff = ImageChops.difference(image, bg).convert("L").point(lambda v: 255 if v > tolerance else 0)
    box = diff.getbbox()
    if not box:
        return image
    w, h = box[2] - box[0], box[3] - box[1]
    if w < image.width * 0.2 or h < image.height * 0.2:  # a speck, not the product
        return image
    return image.crop(box)


def square_image(photo: Image.Image, side: int | None = None) -> Image.Image:
    """The product centred on a white square of at least MIN_SIDE px (a small photo is scaled up)."""
    photo = trim(photo)
    side = side or max(MIN_SIDE, min(MAX_SIDE, max(photo.size)))
    inner = int(side * (1 - 2 * MARGIN))
    scale = inner / max(photo.size)
    size = (max(1, round(photo.width * scale)), max(1, round(photo.height * scale)))
    fitted = photo.resize(size, Image.LANCZOS)
    canvas = Image.new("RGB", (side, side), "white")
    canvas.paste(fitted, ((side - size[0]) // 2, (side - size[1]) // 2))
    return canvas


def whiten_background(photo: Image.Image, iterations: int = 4, max_side: int = 640) -> Image.Image:
    """The photo with its background painted white (GrabCut from a rectangle 4 % inside the frame).

    Works for a product on a plain table or wall; the seller sees before and after and keeps or undoes it.
    """
    import cv2
    import numpy as np
    small = photo.copy()
    small.thumbnail((max_side, max_side))
    arr = cv2.cvtColor(np.asarray(small), cv2.COLOR_RGB2BGR)
    h, w = arr.shape[:2]
    mx, my = max(2, int(w * 0.04)), max(2, int(h * 0.04))
    mask = np.zeros((h, w), np.uint8)
    bgd, fgd = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
    cv2.grabCut(arr, mask, (mx, my, w - 2 * mx, h - 2 * my), bgd, fgd, iterations, cv2.GC_INIT_WITH_RECT)
    fg = np.where((mask == cv2.GC_FGD) | (mask == cv2.GC_PR_FGD), 255, 0).astype(np.uint8)
    if fg.mean() < 255 * 0.03:  # nothing found: leave the photo as it was
        return photo
    fg = cv2.GaussianBlur(fg, (5, 5), 0)
    alpha = Image.fromarray(fg).resize(photo.size, Image.BILINEAR)
    white = Image.new("RGB", photo.size, "white")
    return Image.composite(photo, white, alpha)


def _font(size: int) -> ImageFont.ImageFont:
    try:
        from tools.video.fonts import load_font  # Be Vietnam Pro / DejaVu, as the video uses
        return load_font("BeVietnamPro-Bold", size)
    except Exception:  # noqa: BLE001 - any font problem: Pillow's own font still has Vietnamese
        return ImageFont.load_default(size)


def badge_cover(square: Image.Image, price_text: str) -> Image.Image:
    """A Facebook/Zalo cover: the square photo with the price in a badge at the lower right."""
    img = square.copy()
    side = img.width
    draw = ImageDraw.Draw(img)
    font = _font(max(24, side // 14))
    box = draw.textbbox((0, 0), price_text, font=font)
    tw, th = box[2] - box[0], box[3] - box[1]
    pad = side // 40
    x1, y1 = side - pad * 2, side - pad * 2
    x0, y0 = x1 - tw - pad * 3, y1 - th - pad * 2
    draw.rounded_rectangle((x0, y0, x1, y1), radius=pad * 2, fill=(200, 30, 45))
    draw.text((x0 + pad * 1.5 - box[0], y0 + pad - box[1]), price_text, font=font, fill="white")
    return img


def jpeg_bytes(image: Image.Image, quality: int = 88) -> bytes:
    """JPEG bytes under MAX_BYTES (quality lowered step by step when needed)."""
    while True:
        buf = io.BytesIO()
        image.save(buf, "JPEG", quality=quality, optimize=True, progressive=True)
        if buf.tell() < MAX_BYTES or quality <= 50:
            return buf.getvalue()
        quality -= 8
