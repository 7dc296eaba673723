"""The one adapter around ik_llama_cpp, tested directly on the real embedded model (Gemma 3 270M GGUF)."""
from __future__ import annotations

import time

import pytest

from tools.product import Product
from tools.providers import Writer, get_writer, writer_chain
from tools.providers import gemma_engine
from tools.providers.embedded import EmbeddedWriter
from tools.providers.openai_compat import OpenAISettings, OpenAIWriter

PROMPT = "Một, hai, ba, bốn, năm, sáu, bảy,"


@pytest.fixture(scope="module")
def engine():
    try:
        return gemma_engine.get_engine()
    except gemma_engine.EngineUnavailable as exc:  # the model is a declared dependency: missing is a failure
        pytest.fail(f"embedded model not installed: {exc}")


def test_pinned_library_version():
    from importlib.metadata import version
    assert version("ik-llama-cpp-python") == "0.1.5"   # the adapter uses private internals of this release


def test_completion_is_deterministic_text(engine):
    a = engine.complete(PROMPT, stop=["\n"], max_tokens=8, temperature=0)
    b = engine.complete(PROMPT, stop=["\n"], max_tokens=8, temperature=0)
    assert a.strip() and a == b
    assert "\n" not in a


def test_stop_string_ends_the_answer_and_is_not_included(engine):
    free = engine.complete(PROMPT, stop=["\n\n"], max_tokens=12, temperature=0)
    assert "," in free.strip()[:-1] or "," in free, free  # the count goes on with commas
    cut = engine.complete(PROMPT, stop=[","], max_tokens=12, temperature=0)
    assert "," not in cut and cut.strip() and free.lstrip().startswith(cut.strip())


def test_deadline_passed_returns_nothing_at_once(engine):
    start = time.monotonic()
    assert engine.complete(PROMPT, stop=["\n"], max_tokens=40, temperature=0, deadline=start) == ""
    assert time.monotonic() - start < 1.0


def test_prompt_too_long_is_refused(engine):
    with pytest.raises(gemma_engine.EngineUnavailable):
        engine.complete("một " * 2000, stop=["\n"], max_tokens=8)


def test_the_embedded_writer_writes_with_the_model():
    p = Product.from_fields("Mật ong rừng", "Thực phẩm", 250000, "nguyên chất;chai 500ml", "gia đình")
    writer = EmbeddedWriter()
    writer.budget_s = 60   # this shared test machine is slow; the budget itself is tested above (deadline)
    raw = writer.write(p, ["nguyên chất", "chai 500ml"])
    assert raw is not None and raw.backend == "embedded" and raw.hook and raw.intro is None


def test_a_failed_load_is_remembered_by_the_engine_not_the_writer(monkeypatch):
    calls = []

    def broken_path():
        calls.append(1)
        raise gemma_engine.EngineUnavailable("missing")
    monkeypatch.setattr(gemma_engine, "model_path", broken_path)
    monkeypatch.setattr(gemma_engine, "_unavailable", [])
    gemma_engine._load.cache_clear()
    p = Product.from_fields("Mật ong rừng", "Thực phẩm", 250000, "", "")
    try:
        assert EmbeddedWriter().write(p, []) is None and EmbeddedWriter().write(p, []) is None
        assert calls == [1] and not gemma_engine.engine_available()
    finally:
        gemma_engine._load.cache_clear()


def test_every_writer_honours_the_protocol():
    remote = get_writer("openai")
    assert isinstance(remote, OpenAIWriter) and isinstance(remote, Writer)
    assert [w.name for w in writer_chain(remote)] == ["openai", "embedded"]
    assert isinstance(EmbeddedWriter(), Writer) and get_writer("rules") is None
    assert isinstance(OpenAIWriter(OpenAISettings(None, None, "m", 1.0)), Writer)
