"""Any OpenAI-compatible chat server (OpenAI, Ollama, vLLM, llama.cpp server) through langchain-openai.

Settings from the environment: BINHDAN_OPENAI_BASE_URL, BINHDAN_OPENAI_API_KEY (or OPENAI_API_KEY),
BINHDAN_OPENAI_MODEL, BINHDAN_OPENAI_TIMEOUT (seconds, default 20). Every call has that total deadline
(not a read timeout: a server that trickles bytes is cut off too) and no retries; after 3 failures in a row the
server is skipped for 60 s (circuit breaker). On any failure the writer falls back to the embedded model.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from langchain_core.output_parsers import JsonOutputParser
from pydantic import BaseModel, Field

from tools.product import Product
from tools.prompts import load_prompt
from tools.providers import remote
from tools.providers.embedded import prompt_values
from tools.providers.types import RawSentences, SentenceCheck, Writer

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OpenAISettings:
    base_url: str | None
    api_key: str | None
    model: str
    timeout: float

    @classmethod
    def from_env(cls) -> "OpenAISettings":
        base = os.environ.get("BINHDAN_OPENAI_BASE_URL", "").strip() or None
        key = (os.environ.get("BINHDAN_OPENAI_API_KEY") or os.environ.get("OPENAI_API_KEY") or "").strip() or None
        if base and not key:
            key = "not-needed"  # local servers accept any key
        return cls(base_url=base, api_key=key, model=os.environ.get("BINHDAN_OPENAI_MODEL", "gpt-4o-mini"),
                   timeout=float(os.environ.get("BINHDAN_OPENAI_TIMEOUT", "20")))

    @property
    def configured(self) -> bool:
        return bool(self.api_key)


SECTION_PARTS = ("features", "ingredients", "usage", "storage")


class SentencesOut(BaseModel):
    hook: str = Field(description="câu mở đầu sôi nổi")
    intro: str = Field(description="câu giới thiệu thân thiện")
    sections: dict[str, str] = Field(default_factory=dict, description="một câu mở đầu cho mỗi phần có thông tin")


def chat_model(settings: OpenAISettings, max_tokens: int, temperature: float):
    from langchain_openai import ChatOpenAI
    return ChatOpenAI(model=settings.model, base_url=settings.base_url, api_key=settings.api_key,
                      timeout=settings.timeout, max_retries=0, temperature=temperature,
                      extra_body={"max_tokens": max_tokens})


def invoke(settings: OpenAISettings, runnable, value):
    """runnable.invoke(value) within the total deadline, through the server's circuit breaker.

    Raises remote.RemoteUnavailable on timeout, failure, or while the server is being skipped."""
    return remote.call(settings.base_url or "api.openai.com", runnable.invoke, settings.timeout, value)


# The shape asked for, as a JSON schema a local server turns into a grammar. A small model under a bare
# "json_object" grammar answers "{}" (measured with llama.cpp serving the embedded Gemma 270M).
ANSWER_SCHEMA = {
    "type": "object",
    "properties": {
        "hook": {"type": "string", "maxLength": 160},
        "intro": {"type": "string", "maxLength": 160},
        "sections": {"type": "object",
                     "properties": {part: {"type": "string", "maxLength": 160} for part in SECTION_PARTS}},
    },
    "required": ["hook", "intro"],
}


def is_local(settings: OpenAISettings) -> bool:
    """A server of the ward's own (Ollama, llama.cpp), not OpenAI itself."""
    return bool(settings.base_url) and "api.openai.com" not in settings.base_url


def response_format(settings: OpenAISettings) -> dict:
    """JSON mode; with a local server (a base URL), also the answer's schema: llama.cpp and
    llama-cpp-python read `schema` inside `json_object`, OpenAI itself gets the plain JSON mode."""
    if is_local(settings):
        return {"type": "json_object", "schema": ANSWER_SCHEMA}
    return {"type": "json_object"}


class OpenAIWriter:
    name = "openai"

    def __init__(self, settings: OpenAISettings, fallback: Writer | None = None):
        self.settings = settings
        self.fallback = fallback

    def write(self, product: Product, features: list[str], accept: SentenceCheck | None = None) -> RawSentences | None:
        """Hook and intro in one call (no resampling: `accept` is not used; the caller judges both)."""
        if not self.settings.configured:
            return None
        spec = load_prompt("listing_sentences")
        llm = chat_model(self.settings, spec.max_tokens, spec.temperature).bind(
            response_format=response_format(self.settings))
        try:  # only the call itself goes through the breaker: a garbage answer is no sign of a dead server
            # a local server's chat template may have no system role (Gemma's): the rules travel in the user turn
            chat = spec.chat(system_in_user=is_local(self.settings))
            message = invoke(self.settings, chat | llm, prompt_values(product, features))
        except Exception as exc:  # timeout, connection refused, server skipped
            log.warning("OpenAI-compatible call failed: %s", exc)
            return None
        try:
            out = SentencesOut.model_validate(JsonOutputParser().invoke(message))
        except Exception as exc:  # not JSON, or not the shape asked for
            log.warning("OpenAI-compatible answer unusable: %s", exc)
            return None
        sections = tuple((str(k), str(v)) for k, v in out.sections.items() if k in SECTION_PARTS and isinstance(v, str))
        return RawSentences(hook=out.hook, intro=out.intro, backend="openai", sections=sections)
