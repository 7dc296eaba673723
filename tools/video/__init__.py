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

import logging
import re
import threading
from pathlib import Path

from tools.images import PhotoError
from tools.product import Product
from tools.textnorm import fold
from tools.video.render import (RenderCancelled, RenderError, RenderOptions, VideoResult, frame_size,
                                render_script)
from tools.video.script import Drafter, ProductBlocked, write_script
from tools.video.credentials import CredentialError
from tools.video.encoder import EncodeError
from tools.video.fonts import FontError
from tools.video.templates import TemplateError
from tools.voice.audio import AudioError

log = logging.getLogger(__name__)

__all__ = ["make_video", "write_script", "render_script", "product_slug", "RenderOptions", "VideoResult",
           "RenderCancelled", "RenderError", "ProductBlocked", "frame_size"]


def product_slug(product: Product | str) -> str:
    name = product if isinstance(product, str) else product.name
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
    if not slug:  # no Latin letter or digit (中文, ру́сский, ไทย): keep the name's own letters, still readable
        slug = re.sub(r"[\W_]+", "-", fold(name).lower()).strip("-")
    return slug[:60].rstrip("-") or "san-pham"


_SCRIPT_FAILED = "Không dựng được kịch bản đúng luật cho sản phẩm này, nên chưa làm video. Hãy kiểm tra lại thông tin sản phẩm."
_UNEXPECTED = "Máy gặp lỗi ngoài dự kiến khi dựng video nên chưa làm xong. Hãy thử lại; nếu vẫn lỗi, báo quản trị viên."


def _failed(code: str, exc: BaseException, message: str | None = None, warnings: list[str] | None = None
            ) -> VideoResult:
    """A failure as the user reads it: our own errors carry a Vietnamese message; anything else is logged
    here and replaced by a plain Vietnamese reason (no exception text reaches the user)."""
    if message is None:
        log.error("video failed (%s)", code, exc_info=exc)
    return VideoResult("failed", message or _UNEXPECTED, warnings=list(warnings or []), code=code)


def make_video(product: Product, out_dir: Path, options: RenderOptions | None = None, progress=None,
               cancel: threading.Event | None = None, drafter: Drafter | None = None,
               slug: str | None = None) -> VideoResult:
    """Product -> checked script -> MP4 + SRT + cover + JSON (see the module docstring).

    Never raises except RenderCancelled (the caller asked to stop): every failure is a VideoResult with
    status "failed", a `code` and a Vietnamese `message`."""
    options = options or RenderOptions()
    try:
        script = write_script(product, contact=options.contact, link=options.link, drafter=drafter)
    except ProductBlocked as exc:
        return VideoResult("blocked", str(exc), code="blocked", lesson=exc.lesson)
    except AssertionError as exc:   # the script's own legal invariants (price scene, mandated statements)
        log.error("video script check failed: %s", exc)
        return _failed("script_check", exc, _SCRIPT_FAILED)
    except Exception as exc:  # noqa: BLE001 - one product must never break a page or a batch
        return _failed("unexpected", exc)
    try:
        return render_script(script, Path(out_dir), slug or product_slug(product), options, progress, cancel)
    except RenderCancelled:
        raise
    except (RenderError, TemplateError) as exc:
        return _failed("bad_input", exc, str(exc), script.warnings)
    except (EncodeError, AudioError, PhotoError, FontError, CredentialError) as exc:  # Vietnamese messages
        return _failed(type(exc).__name__, exc, str(exc), script.warnings)
    except Exception as exc:  # noqa: BLE001 - AssertionError, OSError, a library's own error…
        return _failed("unexpected", exc, None, script.warnings)
