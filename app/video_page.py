"""What the video page needs besides widgets: saved products, uploads, the job's parameters.

Importable without Streamlit (tested with plain pytest).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path

from app.models import RenderJob
from app.products import list_products
from app.video_jobs import media_dir, submit
from tools.channels import channel_labels
from tools.product import Product, ProductError, features_for_form
from tools.video import ProductBlocked, product_slug, write_script
from tools.video.render import MAX_PHOTOS  # noqa: F401 - the page states the engine's limit
from tools.video.script_model import VideoScript

IMAGE_TYPES = ["jpg", "jpeg", "png", "webp"]
AUDIO_TYPES = ["wav", "mp3", "m4a", "ogg", "webm"]
CHANNELS = {"": "Không chọn", **channel_labels()}
MAX_UPLOAD_BYTES = 15 * 1024 * 1024


@dataclass(frozen=True)
class SavedProduct:
    """A saved product as the video form shows it (features one per line)."""
    id: int
    name: str
    category: str
    price: str
    features: str
    audience: str


def saved_products(session, owner_id: int) -> list[SavedProduct]:
    """The seller's saved products, newest first (the one query: app.products.list_products)."""
    rows = list_products(session, owner_id)
    return [SavedProduct(r.id, r.name, r.category or "", str(r.price), features_for_form(r.features), r.audience or "")
            for r in rows]


@dataclass
class Draft:
    """The product typed on the page, checked: a script, or why there is none."""
    product: Product | None = None
    script: VideoScript | None = None
    error: str = ""          # the seller must fix a field
    blocked: str = ""        # the law forbids advertising this product
    warnings: list[str] = field(default_factory=list)
    lesson: str = ""         # the course lesson explaining the blocks and warnings (tools/compliance/lessons.yaml)


def draft(fields: dict, contact: str = "", link: str = "") -> Draft:
    """Check the form and write the rule-based script (instant; the model is used in the job)."""
    try:
        product = Product.from_fields(**fields)
    except ProductError as exc:
        return Draft(error=str(exc))
    try:
        script = write_script(product, contact=contact, link=link)
    except ProductBlocked as exc:
        return Draft(product, blocked=str(exc), lesson=exc.lesson)
    return Draft(product, script, warnings=list(script.warnings), lesson=script.lesson)


def save_upload(owner_id: int, batch: str, name: str, data: bytes, index: int) -> Path:
    """Store one uploaded file under the owner's folder (names are ours, never the browser's)."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValueError(f"Tệp “{name}” lớn quá {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
    folder = media_dir(owner_id) / "uploads" / batch
    folder.mkdir(parents=True, exist_ok=True)
    suffix = Path(name).suffix.lower()[:6] or ".bin"
    path = folder / f"{index:02d}{suffix}"
    path.write_bytes(data)
    return path


def new_batch() -> str:
    return uuid.uuid4().hex[:12]


def queue_video(session, owner_id: int, checked: Draft, *, template: str, voice: str, aspect: str, size: str,
                link: str, contact: str, photos: list[Path], logo: Path | None, recording: Path | None,
                use_model: bool, ai_label: bool = True) -> RenderJob:
    """Queue the render. With the seller's own recording the shown script is kept as it is (it was
    read aloud); otherwise the job may let the model write the opening sentence."""
    product = checked.product
    params = {"product": {"name": product.name, "category": product.category, "price": product.price,
                          "features": list(product.features), "audience": product.audience,
                          "channel": product.channel},
              "slug": product_slug(product), "template": template, "voice": voice, "aspect": aspect,
              "size": size, "link": link, "contact": contact, "photos": [str(p) for p in photos],
              "logo": str(logo) if logo else None, "recording": str(recording) if recording else None,
              "backend": "embedded" if use_model and recording is None else "rules", "ai_label": bool(ai_label)}
    if recording is not None:
        params["script"] = checked.script.to_dict()
    return submit(session, owner_id, params)
