"""Still pictures drawn with Pillow: backgrounds, title cards, the end card with price and QR, captions.

Sizes follow the frame: every length is a fraction of the width (w) or height (h).
"""
from __future__ import annotations

import re


import numpy as np
import qrcode
from PIL import Image, ImageDraw, ImageFilter, ImageOps

from tools.images import PhotoError, load_photo  # noqa: F401 - re-exported for the renderer
from tools.video.safearea import FramePlan, plan as frame_plan, unit
from tools.video.script_model import Scene, VideoScript
from tools.video.templates import Template, rgb, rgba
from tools.video.textfit import TextBlock, draw_block, fit_text, render_block

Box = tuple[int, int, int, int]
NOTICE_MIN_SHARE = 0.10   # every mandated statement's box covers at least this share (our floor; rule data may ask more)


def gradient(size: tuple[int, int], colors: list[str]) -> Image.Image:
    """A vertical gradient through the palette's background colours."""
    w, h = size
    stops = np.array([rgb(c) for c in colors], dtype=np.float32)
    if len(stops) == 1:
        return Image.new("RGB", size, tuple(int(v) for v in stops[0]))
    pos = np.linspace(0, len(stops) - 1, h)
    lo = np.floor(pos).astype(int).clip(0, len(stops) - 2)
    frac = (pos - lo)[:, None]
    column = stops[lo] * (1 - frac) + stops[lo + 1] * frac
    return Image.fromarray(np.repeat(column[:, None, :], w, axis=1).round().astype(np.uint8))


_BACKGROUNDS: dict[tuple, Image.Image] = {}


def _background(size: tuple[int, int], template: Template) -> Image.Image:
    key = (size, template.name, template.palette.model_dump_json(), template.layout.card_shape)
    if key not in _BACKGROUNDS:
        if len(_BACKGROUNDS) > 32:
            _BACKGROUNDS.clear()
        _BACKGROUNDS[key] = _draw_background(size, template)
    return _BACKGROUNDS[key]


def _draw_background(size: tuple[int, int], template: Template) -> Image.Image:
    w, h = size
    image = gradient(size, template.palette.background).convert("RGBA")
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    accent, primary = rgba(template.palette.accent), rgba(template.palette.primary)
    shape = template.layout.card_shape
    if shape == "circles":
        r = int(w * 0.45)
        draw.ellipse((-r // 2, -r // 2, r, r), fill=accent[:3] + (60,))
        draw.ellipse((w - r // 2, int(h * 0.55), w + r, int(h * 0.55) + int(r * 1.5)), fill=primary[:3] + (40,))
    elif shape == "stripes":
        step = max(8, w // 9)
        for x in range(-h, w, step):
            draw.line((x, h, x + h, 0), fill=accent[:3] + (22,), width=max(2, w // 180))
        draw.rectangle((0, 0, w, max(3, h // 160)), fill=primary)
        draw.rectangle((0, h - max(3, h // 160), w, h), fill=primary)
    return Image.alpha_composite(image, layer).convert("RGB")


def background(size: tuple[int, int], template: Template) -> Image.Image:
    return _background(size, template).copy()


def _pill(draw: ImageDraw.ImageDraw, box: Box, fill, radius: int | None = None) -> None:
    l, t, r, b = box
    draw.rounded_rectangle(box, radius=radius if radius is not None else (b - t) // 2, fill=fill)


def _block(text: str, font: str, w: int, h: int, size: float, max_lines: int | None = None,
           stroke_ratio: float = 0.0) -> TextBlock:
    return fit_text(text, font, max(10, w), max(10, h), max(8, int(size)), min_size=max(8, int(size * 0.35)),
                    max_lines=max_lines, stroke_ratio=stroke_ratio)


def label_pill(image: Image.Image, text: str, center_y: int, template: Template, font: str | None = None,
               fill: str | None = None, text_color: str | None = None, scale: float = 0.045,
               span: tuple[int, int] | None = None) -> int:
    """A short label in a rounded pill, centred in span (left, right; default the width);
    returns the pill's bottom y."""
    left, right = span or (0, image.width)
    block = _block(text, font or template.fonts.body, int((right - left) * 0.8), int(image.width * 0.2),
                   unit(image.size) * scale, max_lines=1)
    pad_x, pad_y = int(block.size * 0.8), int(block.size * 0.35)
    cx = (left + right) // 2
    box = (cx - block.width // 2 - pad_x, center_y - block.height // 2 - pad_y,
           cx + (block.width + 1) // 2 + pad_x, center_y + block.height // 2 + pad_y)
    draw = ImageDraw.Draw(image)
    _pill(draw, box, rgba(fill or template.palette.primary))
    draw_block(draw, block, (box[0] + pad_x, box[1] + pad_y, box[2] - pad_x, box[3] - pad_y),
               rgba(text_color or template.palette.on_primary))
    return box[3]


def content_area(size: tuple[int, int], template: Template, plan: FramePlan | None = None) -> Box:
    """The part of the frame a title card may use: inside the safe area, below the corner row
    (AI label, logo), above the captions."""
    return (plan or frame_plan(size, template)).card_area


def _stack(image: Image.Image, area: Box, items: list, force: bool = False) -> bool:
    """Draw items ((height, paint(top, height)) pairs) centred vertically; False (nothing drawn)
    when they do not fit in the area, unless force (then drawn from the top)."""
    l, t, r, b = area
    total = sum(height for height, _ in items)
    if total > b - t and not force:
        return False
    y = t + max(0, (b - t - total) // 2)
    for height, paint in items:
        paint(y, height)
        y += height
    return True


def feature_title(heading: str) -> str | None:
    """What a feature scene shows as its heading while the caption reads the whole feature: its first
    clause when it has several ("Nước mắm màu cánh gián, mùi thơm nhẹ" -> "Nước mắm màu cánh gián"),
    None when it is one clause (the heading would only repeat the caption)."""
    parts = [p for p in re.split(r"\s*[,;:]\s*", heading.strip()) if p]
    if len(parts) > 1 and len(parts[0].split()) <= 7:
        return parts[0]
    return None


def feature_label(number: int, count: int) -> str:
    return f"Điểm nổi bật {number}/{count}" if count else "Điểm nổi bật"


def title_card(size: tuple[int, int], template: Template, scene: Scene, script: VideoScript,
               number: int = 0, count: int = 0, plan: FramePlan | None = None) -> Image.Image:
    """The generated picture for a scene without a photo."""
    if scene.kind == "cta":
        return end_card(size, template, script, scene, plan)
    w, h = size
    image = background(size, template)
    draw = ImageDraw.Draw(image)
    l, t, r, b = area = content_area(size, template, plan)
    pal, fonts, lay = template.palette, template.fonts, template.layout
    label = {"hook": "Giới thiệu", "feature": feature_label(number, count),
             "price": "Giá bán", "notice": "Lưu ý"}[scene.kind]
    cx = (l + r) // 2
    label_h = int(unit(size) * 0.045 * 2.2)
    items = [(label_h + int(h * 0.03), lambda y, hh: label_pill(image, label, y + label_h // 2, template,
                                                                span=(l, r)))]
    if scene.kind == "price":
        block = _block(scene.heading, fonts.title, int((r - l) * 0.84), int(h * 0.2), unit(size) * lay.title_size * 1.5, 1)
        pad = int(block.size * 0.45)

        def paint_price(y, hh, block=block, pad=pad):
            box = (cx - block.width // 2 - pad, y, cx + (block.width + 1) // 2 + pad, y + block.height + 2 * pad)
            _pill(draw, box, rgba(pal.primary), radius=pad)
            draw_block(draw, block, (box[0] + pad, box[1] + pad, box[2] - pad, box[3] - pad), rgba(pal.on_primary))
        items.append((block.height + 2 * pad, paint_price))
        name = _block(script.name, fonts.body, r - l, int(h * 0.14), unit(size) * lay.body_size, 3)
        items.append((int(h * 0.03) + name.height, lambda y, hh, name=name: draw_block(
            draw, name, (l, y + int(h * 0.03), r, y + hh), rgba(pal.text))))
    elif scene.kind == "notice":   # legal text: black on white, the box at least 10 % of the frame
        pad = int(w * 0.05)
        block = _block(scene.heading, fonts.body, r - l - 2 * pad, int((b - t) * 0.7), unit(size) * lay.body_size, None)
        share = max(scene.min_frame_fraction, NOTICE_MIN_SHARE)      # the law's share (rule data) or ours
        box_h = max(block.height + 2 * pad, -(-int(share * w * h) // (r - l)))

        def paint_notice(y, hh, block=block, pad=pad):
            box = (l, y, r, y + hh)
            draw.rounded_rectangle(box, radius=pad // 2, fill=(255, 255, 255),   # legal text: black on white
                                   outline=rgba(pal.primary), width=max(2, w // 120))
            draw_block(draw, block, (l + pad, y + pad, r - pad, y + hh - pad), (20, 20, 20))
        items.append((box_h, paint_notice))
    else:
        font = fonts.title if scene.kind == "hook" else fonts.body
        scale = lay.title_size if scene.kind == "hook" else lay.title_size * 0.85
        text = feature_title(scene.heading) if scene.kind == "feature" else scene.heading
        if text:   # a one-clause feature: the pill and the caption say it all
            block = _block(text, font, r - l, int((b - t) * 0.55), unit(size) * scale, 5)
            items.append((block.height, lambda y, hh, block=block: draw_block(draw, block, (l, y, r, y + hh),
                                                                              rgba(pal.text))))
        if scene.kind == "hook":
            items.append((int(h * 0.05), lambda y, hh: draw.rounded_rectangle(
                (cx - w // 10, y + hh // 2 - 3, cx + w // 10, y + hh // 2 + 3), radius=3,
                fill=rgba(pal.primary))))
    _stack(image, area, items, force=True)
    return image


def qr_image(link: str, side: int) -> Image.Image:
    """A QR code for link, black on white with its quiet zone, side x side pixels."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, box_size=1)
    qr.add_data(link)
    qr.make(fit=True)
    small = qr.make_image(fill_color="black", back_color="white").get_image().convert("RGB")
    modules = small.width
    scale = max(1, side // modules)
    return small.resize((modules * scale, modules * scale), Image.NEAREST)


def end_card(size: tuple[int, int], template: Template, script: VideoScript, scene: Scene | None = None,
             plan: FramePlan | None = None) -> Image.Image:
    """Name, price, the QR code of the seller's link and the contact: the last thing a buyer sees."""
    scale = 1.0
    while True:
        image = _end_card(size, template, script, scene, scale, plan)
        if image is not None or scale < 0.4:
            return image if image is not None else background(size, template)
        scale *= 0.85


def _end_card(size: tuple[int, int], template: Template, script: VideoScript, scene: Scene | None, k: float,
              plan: FramePlan | None = None) -> Image.Image | None:
    w, h = size
    image = background(size, template)
    draw = ImageDraw.Draw(image)
    l, t, r, b = area = content_area(size, template, plan)
    pal, fonts, lay = template.palette, template.fonts, template.layout
    u = unit(size)
    two_columns = bool(script.link) and w >= h * 0.9     # square frame: the QR code beside the text
    split = l + int((r - l) * 0.56)
    left = (l, t, split - int(w * 0.02), b) if two_columns else area
    cl, cr = left[0], left[2]
    heading = scene.heading if scene else "Đặt hàng ngay"
    items = []
    if not script.link or two_columns:    # one column with a QR code: the code and its label say it
        head = _block(heading, fonts.title, cr - cl, int(h * 0.12 * k), u * lay.title_size * 0.9 * k, 2)
        items.append((head.height + int(h * 0.02), lambda y, hh: draw_block(
            draw, head, (cl, y, cr, y + head.height), rgba(pal.text))))
    name = _block(script.name, fonts.body, cr - cl, int(h * 0.1 * k), u * lay.body_size * 0.85 * k, 2)
    items.append((name.height + int(h * 0.02), lambda y, hh: draw_block(draw, name, (cl, y, cr, y + name.height),
                                                                        rgba(pal.text))))
    price = _block(script.price_text, fonts.title, int((cr - cl) * 0.8), int(h * 0.1 * k),
                   u * lay.title_size * 0.95 * k, 1)
    pad = int(price.size * 0.4)
    middle = (cl + cr) // 2

    def paint_price(y, hh):
        box = (middle - price.width // 2 - pad, y, middle + (price.width + 1) // 2 + pad, y + price.height + 2 * pad)
        _pill(draw, box, rgba(pal.primary), radius=pad)
        draw_block(draw, price, (box[0] + pad, box[1] + pad, box[2] - pad, box[3] - pad), rgba(pal.on_primary))
    items.append((price.height + 2 * pad + int(h * 0.03), paint_price))
    if script.contact:
        contact = _block(script.contact, fonts.body, cr - cl, int(h * 0.08 * k), u * lay.body_size * 0.8 * k, 2)
        items.append((contact.height, lambda y, hh: draw_block(draw, contact, (cl, y, cr, y + hh), rgba(pal.text))))
    qr_items = []
    if script.link:
        ql, qr_ = (split, r) if two_columns else (l, r)
        # the code stays big enough to scan from another phone: it shrinks last and least
        side = int((min(qr_ - ql, (b - t) * 0.8) if two_columns else min(w * 0.42, (b - t) * 0.42)) * min(1.0, k / 0.4))
        code = qr_image(script.link, side)
        label = _block("Quét mã để đặt hàng", fonts.body, qr_ - ql, int(h * 0.06 * k), u * 0.042 * k, 1)

        def paint_qr(y, hh):
            frame = int(side * 0.06)
            x = (ql + qr_ - code.width) // 2
            draw.rounded_rectangle((x - frame, y - frame, x + code.width + frame, y + code.height + frame),
                                   radius=frame, fill=(255, 255, 255))
            image.paste(code, (x, y))
            draw_block(draw, label, (ql, y + code.height + 2 * frame, qr_, y + hh), rgba(pal.text))
        qr_item = (code.height + int(side * 0.12) + label.height + int(h * 0.02), paint_qr)
        if two_columns:
            qr_items.append(qr_item)
        else:
            items.insert(len(items) - (1 if script.contact else 0), qr_item)
    if not _fits(left, items) or (qr_items and not _fits((split, t, r, b), qr_items)):
        return None
    _stack(image, left, items)
    if qr_items:
        _stack(image, (split, t, r, b), qr_items)
    return image


def _fits(area: Box, items: list) -> bool:
    return sum(height for height, _ in items) <= area[3] - area[1]


def caption_overlay(text: str, size: tuple[int, int], template: Template, slot: Box | None = None
                    ) -> tuple[Image.Image, tuple[int, int]]:
    """The caption as an RGBA picture and where to paste it: centred in slot (default: the plan's
    caption slot over photos), at most two lines, the font shrinking rather than leaving the slot."""
    lay, pal = template.layout, template.palette
    l, t, r, b = slot or frame_plan(size, template).caption_slot
    pad = int(unit(size) * lay.caption_size * 0.45)
    outline = lay.caption_style == "outline"
    edge = 2 if outline else pad
    block = _block(text, template.fonts.caption, r - l - 2 * edge, b - t - 2 * edge,
                   unit(size) * lay.caption_size, 2, stroke_ratio=0.12 if outline else 0.0)
    if outline:
        picture = render_block(block, rgba(pal.caption_text), pad=2, stroke_fill=(0, 0, 0, 255))
    else:
        picture = Image.new("RGBA", (block.width + 2 * pad, block.height + 2 * pad), (0, 0, 0, 0))
        draw = ImageDraw.Draw(picture)
        draw.rounded_rectangle((0, 0, picture.width - 1, picture.height - 1), radius=pad, fill=rgba(pal.caption_box))
        draw_block(draw, block, (pad, pad, picture.width - pad, picture.height - pad), rgba(pal.caption_text))
    x = l + (r - l - picture.width) // 2
    y = t + (b - t - picture.height) // 2
    return picture, (x, y)


def heading_overlay(text: str, size: tuple[int, int], template: Template, slot: Box | None = None
                    ) -> tuple[Image.Image, tuple[int, int]]:
    """The scene heading on a coloured band over a photo, centred in the plan's heading slot."""
    lay, pal = template.layout, template.palette
    l, t, r, b = slot or frame_plan(size, template).heading_slot
    start = unit(size) * lay.title_size * 0.8
    pad = int(start * 0.5)
    block = _block(text, template.fonts.title, r - l - 2 * pad, b - t - 2 * pad, start, 2)
    band = Image.new("RGBA", (block.width + 2 * pad, block.height + 2 * pad), (0, 0, 0, 0))
    draw = ImageDraw.Draw(band)
    fill = rgba(pal.primary)[:3] + (225,)
    draw.rounded_rectangle((0, 0, band.width - 1, band.height - 1), radius=pad, fill=fill)
    draw_block(draw, block, (pad, pad, band.width - pad, band.height - pad), rgba(pal.on_primary))
    return band, (l + (r - l - band.width) // 2, t + (b - t - band.height) // 2)


def label_overlay(text: str, size: tuple[int, int], box: Box) -> tuple[Image.Image, tuple[int, int]]:
    """The small visible AI label: white on a dark translucent pill, at the box's top left."""
    l, t, r, b = box
    pad = max(3, (b - t) // 5)
    block = _block(text, "BeVietnamPro-SemiBold", r - l - 2 * pad, b - t - 2 * pad, (b - t) * 0.5, 1)
    pill = Image.new("RGBA", (block.width + 4 * pad, b - t), (0, 0, 0, 0))
    draw = ImageDraw.Draw(pill)
    draw.rounded_rectangle((0, 0, pill.width - 1, pill.height - 1), radius=pill.height // 2, fill=(0, 0, 0, 165))
    draw_block(draw, block, (2 * pad, pad, pill.width - 2 * pad, pill.height - pad), (255, 255, 255, 255))
    return pill, (l, t)


def photo_card_box(size: tuple[int, int], template: Template, plan: FramePlan | None = None) -> Box:
    """Where a framed photo sits (photo_fit: card): the tallest free stretch between the heading
    slot and the caption slot (a picture may reach outside the safe area; words may not)."""
    w, h = size
    plan = plan or frame_plan(size, template)
    m = int(w * template.layout.margin)
    taken = sorted([(plan.heading_slot[1], plan.heading_slot[3]), (plan.caption_slot[1], plan.caption_slot[3])])
    edges = [int(h * 0.05)] + [v for pair in taken for v in pair] + [int(h * 0.95)]
    gaps = [(edges[i], edges[i + 1]) for i in range(0, len(edges), 2)]
    top, bottom = max(gaps, key=lambda g: g[1] - g[0])
    pad = plan.gap
    return m, top + pad, w - m, bottom - pad


def cover_fit(photo: Image.Image, size: tuple[int, int]) -> Image.Image:
    return ImageOps.fit(photo, size, Image.LANCZOS)


def soft_shadow(size: tuple[int, int], box: Box, radius: int) -> Image.Image:
    shadow = Image.new("L", size, 0)
    ImageDraw.Draw(shadow).rounded_rectangle(box, radius=radius, fill=120)
    return shadow.filter(ImageFilter.GaussianBlur(radius // 2 + 2))


def cover_image(size: tuple[int, int], template: Template, script: VideoScript, photo: Image.Image | None,
                plan: FramePlan | None = None) -> Image.Image:
    """The cover (thumbnail): the first photo or a title card, with the name and the price on a
    panel inside the safe area."""
    w, h = size
    pal, fonts, lay = template.palette, template.fonts, template.layout
    sl, st, sr, sb = (plan or frame_plan(size, template)).safe
    image = cover_fit(photo, size) if photo is not None else background(size, template)
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    m = int(w * 0.04)
    name = _block(script.name, fonts.title, sr - sl - 2 * m, int(h * 0.3), unit(size) * lay.title_size * 1.1, 4)
    price = _block(script.price_text, fonts.title, int((sr - sl) * 0.8), int(h * 0.1),
                   unit(size) * lay.title_size * 1.1, 1)
    pad = int(price.size * 0.4)
    panel_h = name.height + price.height + 2 * pad + 3 * m
    top = st + max(0, (sb - st - panel_h) // 2)
    cx = (sl + sr) // 2
    draw.rounded_rectangle((sl, top, sr, top + panel_h), radius=m, fill=rgba(pal.background[0])[:3] + (235,))
    draw_block(draw, name, (sl + m, top + m, sr - m, top + m + name.height), rgba(pal.text))
    py = top + 2 * m + name.height
    box = (cx - price.width // 2 - pad, py, cx + (price.width + 1) // 2 + pad, py + price.height + 2 * pad)
    _pill(draw, box, rgba(pal.primary), radius=pad)
    draw_block(draw, price, (box[0] + pad, box[1] + pad, box[2] - pad, box[3] - pad), rgba(pal.on_primary))
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
