"""The model that drafts the video's opening sentence: the shared writer from tools.providers
(embedded Gemma by default, an OpenAI-compatible server as an option, "rules" for none).

The writer samples again while tools.compliance.judge_sentence refuses its sentence (within its own time
budget); tools.video.script checks the result once more and falls back to its own sentence.
"""
from __future__ import annotations

import logging

from tools.compliance import judge_sentence
from tools.deadline import DeadlineExceeded, run_with_deadline
from tools.product import Product
from tools.video.script import Drafter

log = logging.getLogger(__name__)


DEADLINE_S = 5.0   # a video must not wait long for one sentence: after this the rules write it


def default_drafter(backend: str = "embedded", deadline_s: float = DEADLINE_S) -> Drafter | None:
    """A drafter for the backend, or None for "rules" (no model)."""
    from tools.providers import get_writer
    writer = get_writer(backend)
    if writer is None:
        return None

    def ask(product: Product, features: list[str]) -> str | None:
        raw = writer.write(product, features, accept=lambda t: judge_sentence(t, product, features=features))
        return raw.hook if raw else None

    def draft(product: Product, features: list[str]) -> str | None:
        try:
            return run_with_deadline(ask, deadline_s, product, features, name="video-hook-model")
        except DeadlineExceeded:
            log.info("model hook not ready within %.0f s: rule-written hook used", deadline_s)
        except Exception as exc:  # noqa: BLE001 - the rules write the hook instead
            log.info("model hook failed: %r", exc)
        return None
    return draft
