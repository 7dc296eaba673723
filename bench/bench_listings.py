"""Bench: seconds per listing for each backend, and the batch time for 30 products (4 channels).

Run: python bench/bench_listings.py [--threads 2] [--skip-embedded]
Goals (issue 4): embedded <= 5 s per listing, deterministic composer <= 50 ms per listing,
30 products in <= 3 min. Prints each measurement with its ratio to the goal (<= 1.0 meets it).
The OpenAI-compatible backend is measured only when BINHDAN_OPENAI_BASE_URL or a key is set.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHANNELS = ["shopee", "tiktok", "facebook", "zalo"]
GOALS = {"embedded": 5.0, "rules": 0.050, "openai": 5.0}
BATCH_GOAL = 180.0


def line(label: str, value: float, goal: float, unit: str = "s") -> None:
    print(f"{label:<55} {value:9.3f} {unit}   goal {goal:g} {unit}   ratio {value / goal:5.2f}"
          f"   {'OK' if value <= goal else 'VƯỢT'}")


def per_listing(products, writer, channels) -> tuple[float, int]:
    from tools.listing import make_listings
    start = time.perf_counter()
    n = sum(len(make_listings(p, channels, writer)) for p in products)
    return (time.perf_counter() - start) / n, n


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2, help="model threads (the target machine has 2 cores)")
    ap.add_argument("--skip-embedded", action="store_true")
    args = ap.parse_args()
    os.environ.setdefault("BINHDAN_DATA_DIR", str(ROOT / "data"))
    os.environ["BINHDAN_MODEL_THREADS"] = str(args.threads)

    from tools.listing import run_listings_file
    from tools.product import read_products_csv
    from tools.providers import get_writer
    from tools.providers.openai_compat import OpenAISettings

    csv_path = ROOT / "bench" / "products_30.csv"
    products = read_products_csv(csv_path).products
    print(f"{len(products)} sản phẩm, {len(CHANNELS)} kênh, {os.cpu_count()} lõi CPU, luồng mô hình: {args.threads}\n")

    runs = [per_listing(products, None, CHANNELS)[0] for _ in range(5)]
    line("rules: giây/tin (bộ soạn tất định, trung vị 5 lượt)", statistics.median(runs), GOALS["rules"])

    backends = [] if args.skip_embedded else ["embedded"]
    if OpenAISettings.from_env().configured:
        backends.append("openai")
    for backend in backends:
        writer = get_writer(backend)
        if backend == "embedded":
            from tools.providers.gemma_engine import get_engine
            t = time.perf_counter()
            get_engine()
            print(f"{'embedded: nạp mô hình (một lần mỗi tiến trình)':<55} {time.perf_counter() - t:9.3f} s")
        one, _ = per_listing(products[:10], writer, ["shopee"])
        line(f"{backend}: giây/tin, một kênh mỗi sản phẩm (10 sản phẩm)", one, GOALS[backend])
        four, n = per_listing(products[:10], writer, CHANNELS)
        line(f"{backend}: giây/tin, bốn kênh mỗi sản phẩm ({n} tin)", four, GOALS[backend])

    for backend in ["rules", *backends]:
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            result = run_listings_file(csv_path, Path(tmp) / "out.jsonl", None, backend)
            elapsed = time.perf_counter() - t
        used = {}
        for item in result.listings:
            used[item.backend] = used.get(item.backend, 0) + 1
        line(f"{backend}: lô 30 sản phẩm x 4 kênh ({len(result.listings)} tin)", elapsed, BATCH_GOAL)
        print(f"{'':<55} tin theo nguồn viết: {used}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
