"""Issue 11 corpora through every backend: >= 300 harmless products (none blocked, no feature dropped,
names whole) and 342 disguised claims, superlatives and prices (none printed)."""
from __future__ import annotations

import pytest

from tests.fake_openai import FakeOpenAI
from tests.rule_corpora import CHANNELS, PAYLOADS, disguised, harmless, harmless_product, leaked
from tests.warning_codes import removals_shown
from tools.compliance import assess
from tools.listing.generator import make_listings
from tools.providers.openai_compat import OpenAISettings, OpenAIWriter

HARMLESS = harmless()
DISGUISED = disguised()


def harmless_failures(writer, items=HARMLESS) -> list[str]:
    out = []
    for name, category, features in items:
        product = harmless_product(name, category, features)
        a = assess(product)
        removed = [c.code for c in a.changes if c.code not in ("added_statement", "no_model_wording")]
        if a.blocked or removed:
            out.append(f"{name}: {a.block.code if a.blocked else removed}")
            continue
        for listing in make_listings(product, CHANNELS, writer):
            if listing.status != "ok":
                out.append(f"{name} [{listing.channel}] blocked: {listing.warnings}")
                continue
            low = listing.description.lower()
            out += [f"{name} [{listing.channel}] lost feature {f!r}" for f in features if f.lower() not in low]
            if name.lower() not in (listing.title + " " + listing.description).lower():
                out.append(f"{name} [{listing.channel}] name not whole: {listing.title!r}")
    return out


def disguise_failures(writer, items=DISGUISED) -> list[str]:
    out = []
    for disguise, payload, place, product in items:
        for listing in make_listings(product, CHANNELS, writer):
            d = listing.to_dict()
            if listing.status != "ok":
                out.append(f"{disguise}/{payload}/{place} [{listing.channel}] blocked: {listing.warnings}")
            elif leaked(payload, d):
                out.append(f"{disguise}/{payload}/{place} [{listing.channel}] leaked: {d['title']!r} {d['description']!r}")
            elif PAYLOADS[payload] != "discount" and not removals_shown(product, listing):
                out.append(f"{disguise}/{payload}/{place} [{listing.channel}] removed without a warning")
    return out


def test_corpora_sizes():
    assert len(HARMLESS) >= 300
    assert len(DISGUISED) == 342


def test_harmless_corpus_rules_backend():
    failures = harmless_failures(None)
    assert not failures, "\n".join(failures[:40])


def test_disguise_set_rules_backend():
    failures = disguise_failures(None)
    assert not failures, f"{len(failures)} violations\n" + "\n".join(failures[:40])


def _openai(monkeypatch, server):
    monkeypatch.setenv("BINHDAN_OPENAI_BASE_URL", server.url)
    monkeypatch.setenv("BINHDAN_OPENAI_API_KEY", "test")
    monkeypatch.setenv("BINHDAN_OPENAI_TIMEOUT", "5")
    return OpenAIWriter(OpenAISettings.from_env(), fallback=None)


@pytest.mark.parametrize("mode", ["good", "bad"])
def test_harmless_corpus_openai_backend(monkeypatch, mode):
    with FakeOpenAI(mode) as server:
        failures = harmless_failures(_openai(monkeypatch, server), HARMLESS[::3])
    assert not failures, "\n".join(failures[:40])


@pytest.mark.parametrize("mode", ["good", "bad"])
def test_disguise_set_openai_backend(monkeypatch, mode):
    with FakeOpenAI(mode) as server:
        failures = disguise_failures(_openai(monkeypatch, server), DISGUISED[::2])
    assert not failures, f"{len(failures)} violations\n" + "\n".join(failures[:40])


@pytest.mark.slow
def test_corpora_embedded_backend():
    from tools.providers import get_writer
    writer = get_writer("embedded")
    failures = harmless_failures(writer, HARMLESS[::5]) + disguise_failures(writer, DISGUISED[::6])
    assert not failures, "\n".join(failures[:40])
