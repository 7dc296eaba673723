"""What each listing backend adds on bench/products_30.csv (4 channels): model sentences kept,
listings that differ from the rules-only ones, and seconds. The default backend must earn its place.

Run: python bench/bench_backends.py [--backends rules,embedded,openai,llamacpp] [--csv bench/products_30.csv]
     [--limit N]
The OpenAI-compatible backend is measured when BINHDAN_OPENAI_BASE_URL (or a key) is set. `llamacpp`
(optional, needs llama-cpp-python[server]) starts a real llama.cpp server on the embedded GGUF and measures
the OpenAI-compatible backend against it (server start not counted). Seconds are wall time; CPU seconds
are this process plus its children (the server).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHANNELS = ["shopee", "tiktok", "facebook", "zalo"]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--backends", default="rules,embedded,openai")
    ap.add_argument("--csv", default=str(ROOT / "bench" / "products_30.csv"))
    ap.add_argument("--limit", type=int, default=0, help="only the first N products")
    args = ap.parse_args()
    os.environ.setdefault("BINHDAN_DATA_DIR", str(ROOT / "data"))
    from tools.listing import make_listings
    from tools.product import read_products_csv
    from tools.providers import get_writer
    from tools.providers.openai_compat import OpenAISettings

    products = read_products_csv(args.csv).products
    if args.limit:
        products = products[:args.limit]
    base = {(p.name, l.channel): l.description for p in products for l in make_listings(p, CHANNELS, None)}
    ok = sum(1 for p in products for l in make_listings(p, CHANNELS, None) if l.status == "ok")
    print(f"{len(products)} sản phẩm × {len(CHANNELS)} kênh = {len(base)} tin ({ok} tin hợp lệ); {os.cpu_count()} lõi\n")
    print(f"{'backend':<10} {'giây':>8} {'giây CPU':>9} {'giây/tin':>9} {'tin có câu AI':>14} {'tin khác rules':>15}")
    for backend in args.backends.split(","):
        if backend == "openai" and not OpenAISettings.from_env().configured:
            print(f"{backend:<10} (chưa cấu hình BINHDAN_OPENAI_BASE_URL: bỏ qua)")
            continue
        if backend == "llamacpp":
            measure_llamacpp(products, base)
            continue
        writer = get_writer(backend)
        if backend == "embedded":
            from tools.providers.gemma_engine import get_engine
            get_engine()  # loading (about 1 s) is not counted
        measure(backend, writer, products, base)
    return 0


def cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def measure(backend: str, writer, products, base) -> None:
    from tools.listing import make_listings
    start, cpu = time.perf_counter(), cpu_seconds()
    out = [l for p in products for l in make_listings(p, CHANNELS, writer)]
    seconds = time.perf_counter() - start
    kept = sum(1 for l in out if l.backend != "rules")
    changed = sum(1 for l in out if l.description != base[(l.name, l.channel)])
    print(f"{backend:<10} {seconds:8.1f} {cpu_seconds() - cpu:9.1f} {seconds / len(out):9.3f} {kept:>10}/{len(out)} "
          f"{changed:>11}/{len(out)}")


def measure_llamacpp(products, base) -> None:
    """The OpenAI-compatible backend against a real llama.cpp server serving the embedded GGUF (no fallback).
    CPU seconds count the server only after it exits, so they are printed on a second line."""
    import tempfile
    from tools.providers.gemma_engine import model_path
    from tools.providers.llamacpp_server import ServerFailed, running
    from tools.providers.openai_compat import OpenAISettings, OpenAIWriter
    try:
        import llama_cpp  # noqa: F401
    except ImportError:
        print("llamacpp   (chưa cài llama-cpp-python[server]: bỏ qua)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        cpu = cpu_seconds()
        try:
            with running(model_path(), Path(tmp) / "server.log") as url:
                measure("llamacpp", OpenAIWriter(OpenAISettings(url, "not-needed", "gemma-embedded", 240.0)),
                        products, base)
        except ServerFailed as exc:
            print(f"llamacpp   (máy chủ không chạy: {exc})")
            return
        print(f"{'':<10} máy chủ + bench: {cpu_seconds() - cpu:.1f} giây CPU (kể cả nạp mô hình)")


if __name__ == "__main__":
    sys.exit(main())
