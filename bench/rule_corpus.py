"""Issue 11 measurement: false blocks on the harmless corpus and leaks on the 342-case disguise set.

    PYTHONPATH=. python bench/rule_corpus.py [rules|openai-good|openai-bad|embedded]

Run it with another checkout first on PYTHONPATH (e.g. main) to measure "before"; the corpora come from
this worktree's tests/ either way.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("rule_corpora", HERE / "tests" / "rule_corpora.py")
corpora = importlib.util.module_from_spec(spec)
spec.loader.exec_module(corpora)


def writer_for(backend: str):
    if backend == "rules":
        return None, None
    if backend == "embedded":
        from tools.providers import get_writer
        return get_writer("embedded"), None
    sys.path.append(str(HERE))  # for tests.fake_openai; the code under test stays first on the path
    import os

    from tests.fake_openai import FakeOpenAI
    from tools.providers.openai_compat import OpenAISettings, OpenAIWriter
    server = FakeOpenAI(backend.split("-", 1)[1]).__enter__()
    os.environ.update(BINHDAN_OPENAI_BASE_URL=server.url, BINHDAN_OPENAI_API_KEY="x", BINHDAN_OPENAI_TIMEOUT="5")
    return OpenAIWriter(OpenAISettings.from_env(), fallback=None), server


def main() -> None:
    from tools.listing.generator import make_listings
    backend = sys.argv[1] if len(sys.argv) > 1 else "rules"
    writer, _server = writer_for(backend)
    blocked = dropped = cut = listings_bad = 0
    items = corpora.harmless()
    for name, category, features in items:
        product = corpora.harmless_product(name, category, features)
        out = make_listings(product, corpora.CHANNELS, writer)
        if any(x.status != "ok" for x in out):
            blocked += 1
            continue
        lost = {f for x in out for f in features if f.lower() not in x.description.lower()}
        dropped += bool(lost)
        cut += any(name.lower() not in (x.title + " " + x.description).lower() for x in out)
        listings_bad += sum(1 for x in out if any(f.lower() not in x.description.lower() for f in features))
    print(f"harmless corpus ({backend}): {len(items)} products, blocked {blocked}, with a feature dropped {dropped}, "
          f"name cut {cut}; wrong products {blocked + dropped + cut - 0}")
    leaks = leaked_listings = blocked_d = 0
    cases = corpora.disguised()
    for disguise, payload, place, product in cases:
        out = make_listings(product, corpora.CHANNELS, writer)
        bad = [x for x in out if x.status == "ok" and corpora.leaked(payload, x.to_dict())]
        blocked_d += any(x.status != "ok" for x in out)
        leaks += bool(bad)
        leaked_listings += len(bad)
    print(f"disguise set ({backend}): {len(cases)} products, violations in {leaks} products ({leaked_listings} "
          f"listings), blocked instead of cleaned {blocked_d}")


if __name__ == "__main__":
    main()
