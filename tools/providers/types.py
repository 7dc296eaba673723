"""The seam between the listing and video code and the models: what a writer is and what it returns.

Every writer (embedded Gemma, an OpenAI-compatible server, a test double) honours `Writer`. The caller
hands it `accept`, the one sentence policy of tools.compliance (`judge_sentence(...)`, whose Verdict is
true when the sentence may be printed): a writer that samples may sample again while it is refused. The
caller judges the returned sentences again whatever the writer did; `fallback` is the writer to ask when
this one gives nothing (None: the rules write).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterator, Optional, Protocol, runtime_checkable

if TYPE_CHECKING:
    from tools.product import Product

SentenceCheck = Callable[[str], object]   # truthy when the sentence passes tools.compliance.judge_sentence


@dataclass(frozen=True)
class RawSentences:
    hook: str | None
    intro: str | None
    backend: str
    sections: tuple[tuple[str, str], ...] = ()   # (sheet part, one sentence that opens that section)


@runtime_checkable
class Writer(Protocol):
    name: str
    fallback: Optional["Writer"]

    def write(self, product: "Product", features: list[str],
              accept: SentenceCheck | None = None) -> RawSentences | None:
        """Raw (unvalidated) sentences about the product, or None when this writer cannot answer now."""
        ...


def writer_chain(writer: Writer | None) -> Iterator[Writer]:
    """The writer, then its fallback, then the fallback's fallback…"""
    while writer is not None:
        yield writer
        writer = writer.fallback
