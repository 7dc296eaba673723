"""Marketing videos from a product, offline: script -> Vietnamese voice -> captions -> vertical MP4.

Public API (the `binhdan video` command, the business page's background job and bench/ use it):

    make_video(product, out_dir, options=RenderOptions(), progress=None, cancel=None, drafter=None)
        -> VideoResult
        Writes out_dir/<slug>.mp4 (H.264 + AAC, yuv420p, faststart), .srt, .jpg (cover) and .json
        (the script). A product that may not be advertised gives status "blocked" and the legal
        reason; bad input (photo, recording, template) gives status "failed" and a Vietnamese
        message. Nothing half-written is ever left in out_dir.
    write_script(product, contact="", link="", drafter=None) -> VideoScript   (raises ProductBlocked)
    render_script(script, out_dir, slug, options, progress, cancel) -> VideoResult
    product_slug(product) -> str
"""
from __future__ import annotations

import re
import threading
from pathlib import Path

from tools.product import Product
from tools.textnorm import fold
from tools.video.render import (RenderCancelled, RenderError, RenderOptions, VideoResult, frame_size,
                                render_script)
from tools.video.script import Drafter, ProductBlocked, write_script
from tools.video.templates import TemplateError

__all__ = ["make_video", "write_script", "render_script", "product_slug", "RenderOptions", "VideoResult",
           "RenderCancelled", "RenderError", "ProductBlocked", "frame_size"]


def product_slug(product: Product | str) -> str:
    name = product if isinstance(product, str) else product.name
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
    if not slug:  # no Latin letter or digit (中文, ру́сский, ไทย): keep the name's own letters, still readable
        slug = re.sub(r"[\W_]+", "-", fold(name).lower()).strip("-")
    return slug[:60].rstrip("-") or "san-pham"


def make_video(product: Product, out_dir: Path, options: RenderOptions | None = None, progress=None,
               cancel: threading.Event | None = None, drafter: Drafter | None = None,
               slug: str | None = None) -> VideoResult:
    """Product -> checked script -> MP4 + SRT + cover + JSON (see the module docstring)."""
    options = options or RenderOptions()
    try:
        script = write_script(product, contact=options.contact, link=options.link, drafter=drafter)
    except ProductBlocked as exc:
        return VideoResult("blocked", str(exc))
    try:
        return render_script(script, Path(out_dir), slug or product_slug(product), options, progress, cancel)
    except (RenderError, TemplateError) as exc:
        return VideoResult("failed", str(exc), warnings=list(script.warnings))
