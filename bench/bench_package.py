"""Bench: the upload package for 30 products with two phone photos each (4032×3024 JPEG, some rotated
by EXIF), and the deterministic composer's time per listing. Goals on 2 cores: package ≤ 30 s,
composer ≤ 50 ms per listing. Prints each figure with its ratio to the goal (≤ 1.0 meets it).

Run: python bench/bench_package.py [--csv bench/products_30.csv]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHANNELS = ["shopee", "tiktok", "facebook", "zalo"]


def phone_photo(path: Path, seed: int) -> None:
    from PIL import Image, ImageDraw, ImageFilter
    w, h = 4032, 3024
    im = Image.new("RGB", (w, h), (200 - seed % 30, 195, 185))
    d = ImageDraw.Draw(im)
    d.rounded_rectangle((1300, 600, 2700, 2600), 120, fill=(40 + seed * 7 % 200, 120, 60))
    d.ellipse((1600, 300, 2400, 800), fill=(90, 60, 30))
    im = im.filter(ImageFilter.GaussianBlur(2))
    exif = Image.Exif()
    exif[0x0112] = 6 if seed % 2 else 1
    im.save(path, quality=90, exif=exif)


def line(label: str, value: float, goal: float, unit: str) -> None:
    print(f"{label:<52} {value:9.3f} {unit}   goal {goal:g} {unit}   ratio {value / goal:5.2f}   "
          f"{'OK' if value <= goal else 'VƯỢT'}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", default=str(ROOT / "bench" / "products_30.csv"))
    args = ap.parse_args()
    from tools.listing import make_listings
    from tools.listing.package import PackageItem, build_package
    from tools.product import read_products_csv
    from tools.video import product_slug

    products = read_products_csv(args.csv).products
    from tools.listing.composer import _allowed
    runs, cpu = [], []
    for _ in range(5):
        _allowed.cache_clear()  # every run starts cold: no product seen before
        t, c = time.perf_counter(), time.process_time()
        n = sum(len(make_listings(p, CHANNELS)) for p in products)
        runs.append((time.perf_counter() - t) / n)
        cpu.append((time.process_time() - c) / n)
    line(f"composer: giây/tin ({n} tin, trung vị 5 lượt)", statistics.median(runs), 0.050, "s")
    line("composer: giây CPU/tin (không tính chờ máy bận)", statistics.median(cpu), 0.050, "s")
    with tempfile.TemporaryDirectory() as tmp:
        photos = Path(tmp) / "anh"
        photos.mkdir()
        for i, p in enumerate(products):
            for k in (1, 2):
                phone_photo(photos / f"{product_slug(p)}-{k}.jpg", i * 2 + k)
        t, c = time.perf_counter(), time.process_time()
        items = [PackageItem(p, make_listings(p, CHANNELS), sorted(photos.glob(f"{product_slug(p)}-*.jpg")))
                 for p in products]
        report = build_package(items, Path(tmp) / "goi")
        elapsed, cpu_s = time.perf_counter() - t, time.process_time() - c
    line(f"gói tải lên: {len(products)} sản phẩm, {report.images} ảnh (kể cả tin đăng)", elapsed, 30.0, "s")
    line("gói tải lên: giây CPU (không tính chờ máy bận)", cpu_s, 30.0, "s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
