"""The embedded model as a langchain-core LLM, and the writer that asks it for one sentence."""
from __future__ import annotations

import hashlib
import logging
import time
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.llms import LLM

from tools.product import Product
from tools.prompts import load_prompt
from tools.providers.gemma_engine import EngineUnavailable, engine_available, get_engine
from tools.providers.types import RawSentences, SentenceCheck, Writer

log = logging.getLogger(__name__)


class EmbeddedGemmaLLM(LLM):
    """Gemma 3 270M (base) in this process: plain completion, offline, no key."""

    max_tokens: int = 40
    temperature: float = 0.2
    repeat_penalty: float = 1.15
    seed: int = 0
    deadline: float | None = None  # time.monotonic() value after which generation stops

    @property
    def _llm_type(self) -> str:
        return "embedded-gemma3-270m"

    def _call(self, prompt: str, stop: list[str] | None = None,
              run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> str:
        return get_engine().complete(prompt, stop=stop or [], max_tokens=self.max_tokens,
                                     temperature=self.temperature, repeat_penalty=self.repeat_penalty,
                                     seed=kwargs.get("seed", self.seed), deadline=self.deadline)


def prompt_values(product: Product, features: list[str]) -> dict[str, str]:
    sheet = [f"{label}: {getattr(product, key)}" for key, label in
             (("ingredients", "Thành phần"), ("usage", "Cách dùng"), ("storage", "Bảo quản"))
             if getattr(product, key, "")]
    return {"name": product.name, "category": product.category or "không ghi",
            "features": "; ".join(features) or "không ghi", "audience": product.audience or "mọi người",
            "sheet": "".join("\n" + line for line in sheet)}   # each on its own line after "Dành cho"


class EmbeddedWriter:
    name = "embedded"
    fallback: Writer | None = None

    attempts = 3          # a new sample when the checker refuses one
    budget_s = 3.5        # all attempts together stop after this long (the listing goal is 5 s)

    def write(self, product: Product, features: list[str], accept: SentenceCheck | None = None) -> RawSentences | None:
        """One opening sentence; with `accept`, the first sample it accepts. None when the model cannot run
        here (remembered for the process by tools.providers.gemma_engine, not by the writer)."""
        if not engine_available():
            return None
        spec = load_prompt("listing_hook")
        seed = int(hashlib.sha256(product.name.encode()).hexdigest()[:8], 16)
        values = prompt_values(product, features)
        start, text = time.monotonic(), None
        for attempt in range(self.attempts):
            llm = EmbeddedGemmaLLM(max_tokens=spec.max_tokens, temperature=spec.temperature + 0.25 * attempt,
                                   seed=seed + attempt, deadline=start + self.budget_s)
            try:
                text = (spec.completion() | llm.bind(stop=spec.stop)).invoke(values)
            except EngineUnavailable as exc:
                log.warning("embedded model unavailable: %s", exc)
                return None
            if accept is None or (text and accept(text)) or time.monotonic() - start > self.budget_s:
                break
        return RawSentences(hook=text, intro=None, backend="embedded")  # a hook, not a factual intro
