"""Pick the writer for a backend name; remote writers carry the embedded one as fallback."""
from __future__ import annotations

from tools.providers.embedded import EmbeddedWriter
from tools.providers.openai_compat import OpenAISettings, OpenAIWriter
from tools.providers.types import RawSentences, Writer, writer_chain

BACKENDS = ("embedded", "openai", "rules")


def get_writer(backend: str = "embedded") -> Writer | None:
    """embedded: Gemma in-process; openai: OpenAI-compatible server then embedded; rules: no model (None)."""
    if backend not in BACKENDS:
        raise ValueError(f"Không có backend “{backend}”. Chọn một trong: {', '.join(BACKENDS)}.")
    if backend == "rules":
        return None
    embedded = EmbeddedWriter()
    if backend == "embedded":
        return embedded
    return OpenAIWriter(OpenAISettings.from_env(), fallback=embedded)


__all__ = ["BACKENDS", "RawSentences", "Writer", "get_writer", "writer_chain"]
