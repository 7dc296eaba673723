"""What a writer returns: unvalidated sentences and which backend wrote them."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RawSentences:
    hook: str | None
    intro: str | None
    backend: str
    sections: tuple[tuple[str, str], ...] = ()   # (sheet part, one sentence that opens that section)
