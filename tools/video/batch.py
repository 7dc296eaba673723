"""`binhdan video INPUT.csv --out DIR`: one video per product of a listings CSV.

Photos for a product (--photos DIR): images in DIR/<slug>/, or files in DIR named <slug>*.jpg|png|webp;
when the CSV has a single product, every image in DIR belongs to it.
"""
from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path

from tools.product import CsvError, Product, read_products_csv
from tools.textnorm import fold
from tools.video import RenderOptions, VideoResult, make_video, product_slug
from tools.video.script import Drafter

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}


def photos_for(product: Product, folder: Path | None, only_product: bool) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    slug = product_slug(product)
    # a folder or file may be named as typed ("Mật ong rừng 1.jpg", even NFD from a Mac) or as a slug
    subs = [p for p in folder.iterdir() if p.is_dir() and product_slug(p.name) == slug]
    if subs:
        return sorted(p for p in subs[0].iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    images = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
    named = [p for p in images if re.match(re.escape(slug) + r"(?:-|$)", product_slug(p.stem))]
    return named or (images if only_product else [])


def unique_slug(slug: str, used: set[str]) -> str:
    """`slug`, or `slug-2`, `slug-3`… so that two products of one run never write the same files."""
    name, n = slug, 2
    while name.casefold() in used:
        name, n = f"{slug}-{n}", n + 1
    used.add(name.casefold())
    return name


def matches(product: Product, only: str) -> bool:
    wanted = fold(only).strip()
    return wanted in fold(product.name) or product_slug(only) == product_slug(product)


class _Bar:
    """A terminal progress bar (tqdm), opened on the first progress report."""

    def __init__(self, label: str) -> None:
        self.label, self.bar = label, None

    def __call__(self, fraction: float, message: str) -> None:
        if self.bar is None:
            from tqdm import tqdm
            self.bar = tqdm(total=100, desc=self.label[:28], file=sys.stderr,
                            bar_format="{desc:<28} {bar} {n:3.0f}% {elapsed}")
        self.bar.n = round(100 * fraction)
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run(csv_path: Path, out_dir: Path, options: RenderOptions, only: str | None = None,
        photos_dir: Path | None = None, drafter: Drafter | None = None, show_progress: bool = True,
        echo=print) -> tuple[int, list[tuple[Product, VideoResult]]]:
    """Render every (or the --only) product; (exit code, results). Exit 0 when the CSV was readable."""
    try:
        parsed = read_products_csv(csv_path)
    except CsvError as exc:
        echo(f"Lỗi: {exc}")
        return 2, []
    for error in parsed.errors:
        echo(f"Bỏ qua {error}")
    products = [p for p in parsed.products if not only or matches(p, only)]
    if only and not products:
        echo(f"Không có sản phẩm nào tên “{only}” trong {csv_path.name}.")
    results = []
    used: set[str] = set()
    for product in products:
        opts = replace(options, photos=options.photos or photos_for(product, photos_dir, len(parsed.products) == 1))
        bar = _Bar(product.name) if show_progress else None
        try:
            result = make_video(product, out_dir, opts, progress=bar, drafter=drafter,
                                slug=unique_slug(product_slug(product), used))
        finally:
            if bar is not None:
                bar.close()
        results.append((product, result))
        if result.status == "done":
            echo(f"✔ {product.name}: {result.mp4} ({result.duration_s:.1f} giây video, dựng trong "
                 f"{result.render_s:.1f} giây, giọng {result.voice_backend})")
        elif result.status == "blocked":
            echo(f"✘ {product.name}: không làm video. {result.message}")
        else:
            echo(f"✘ {product.name}: lỗi. {result.message}")
        for warning in result.warnings:
            echo(f"  ! {warning}")
    written = {Path(r.mp4) for _, r in results if r.status == "done" and r.mp4 and Path(r.mp4).is_file()}
    echo(f"Đã tạo {len(written)}/{len(results)} video trong {out_dir}.")
    failed = [p.name for p, r in results if r.status == "failed"]
    if failed:
        echo(f"Chưa làm được {len(failed)} video (lỗi ở trên): {', '.join(failed)}.")
    return 0, results
