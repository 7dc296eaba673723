"""What each listing backend adds on bench/products_30.csv (4 channels): model sentences kept,
listings that differ from the rules-only ones, and seconds. The default backend must earn its place.

Run: python bench/bench_backends.py [--backends rules,embedded,openai] [--csv bench/products_30.csv]
The OpenAI-compatible backend is measured when BINHDAN_OPENAI_BASE_URL (or a key) is set.
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
    args = ap.parse_args()
    os.environ.setdefault("BINHDAN_DATA_DIR", str(ROOT / "data"))
    from tools.listing import make_listings
    from tools.product import read_products_csv
    from tools.providers import get_writer
    from tools.providers.openai_compat import OpenAISettings

    products = read_products_csv(args.csv).products
    base = {(p.name, l.channel): l.description for p in products for l in make_listings(p, CHANNELS, None)}
    ok = sum(1 for p in products for l in make_listings(p, CHANNELS, None) if l.status == "ok")
    print(f"{len(products)} sản phẩm × {len(CHANNELS)} kênh = {len(base)} tin ({ok} tin hợp lệ); {os.cpu_count()} lõi\n")
    print(f"{'backend':<10} {'giây':>8} {'giây/tin':>9} {'tin có câu AI':>14} {'tin khác rules':>15}")
    for backend in args.backends.split(","):
        if backend == "openai" and not OpenAISettings.from_env().configured:
            print(f"{backend:<10} (chưa cấu hình BINHDAN_OPENAI_BASE_URL: bỏ qua)")
            continue
        writer = get_writer(backend)
        if backend == "embedded":
            from tools.providers.gemma_engine import get_engine
            get_engine()  # loading (about 1 s) is not counted
        start = time.perf_counter()
        out = [l for p in products for l in make_listings(p, CHANNELS, writer)]
        seconds = time.perf_counter() - start
        kept = sum(1 for l in out if l.backend != "rules")
        changed = sum(1 for l in out if l.description != base[(l.name, l.channel)])
        print(f"{backend:<10} {seconds:8.1f} {seconds / len(out):9.3f} {kept:>10}/{len(out)} {changed:>11}/{len(out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
