"""Small previews for choosing a style and a voice before rendering (the page shows them)."""
from __future__ import annotations

import io
import tempfile
from pathlib import Path

from PIL import Image

from tools.video import cards
from tools.video.credentials import LABEL
from tools.video.safearea import plan as frame_plan
from tools.video.script_model import Scene, VideoScript
from tools.video.templates import get_template
from tools.voice import synthesize

def sample_script(product: str, price: str, amount: int = 0) -> VideoScript:
    """The two cards a style preview shows (hook and price) for this product name and price text."""
    return VideoScript(product, amount, price, [Scene("hook", product, [f"Mời bà con xem {product}."]),
                                           Scene("price", price, [f"Giá bán {price}."])])


SAMPLE = sample_script("Nước mắm cá cơm", "45.000đ", 45000)


def template_preview(name: str, script: VideoScript | None = None, size: tuple[int, int] = (270, 480)
                     ) -> Image.Image:
    """The style's hook card and price card side by side, with a caption, at thumbnail size."""
    template = get_template(name)
    script = script or SAMPLE
    pictures = []
    for kind in ("hook", "price"):
        scene = next((s for s in script.scenes if s.kind == kind), SAMPLE.scenes[0 if kind == "hook" else 1])
        plan = frame_plan(size, template)
        card = cards.title_card(size, template, scene, script, plan=plan)
        caption, xy = cards.caption_overlay(scene.narration[0], size, template, plan.card_caption_slot)
        card.paste(caption, xy, caption)
        label, xy = cards.label_overlay(LABEL, size, plan.label_box)
        card.paste(label, xy, label)
        pictures.append(card)
    gap = size[0] // 20
    sheet = Image.new("RGB", (2 * size[0] + gap, size[1]), (255, 255, 255))
    for i, picture in enumerate(pictures):
        sheet.paste(picture, (i * (size[0] + gap), 0))
    return sheet


def voice_preview(voice: str, text: str, timeout: float = 8) -> tuple[bytes, list[str]]:
    """WAV bytes of text read by voice (online voices fall back), and any warnings."""
    with tempfile.TemporaryDirectory(prefix="voice-preview-") as tmp:
        result = synthesize(text, Path(tmp) / "preview.wav", voice, timeout)
        return result.path.read_bytes(), result.warnings


def image_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
