"""Listings: composer, generator, validation and export. `run_listings_file` is what the CLI calls."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from tools.channels import get_channel, parse_channels
from tools.listing.export import format_for, write_listings
from tools.listing.generator import make_batch, make_listings
from tools.listing.model import Listing
from tools.product import CsvRow, RowError, read_products_csv
from tools.shop import ShopProfile


@dataclass
class BatchResult:
    listings: list[Listing] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    groups: list[tuple[CsvRow, list[Listing]]] = field(default_factory=list)  # each row with its listings
    cancelled: bool = False   # stopped (Ctrl+C) before the last row: what is here is what was done


def iter_rows(rows: list[CsvRow], channels: list[str], writer, shop: ShopProfile | None = None):
    """Listings row by row: yields (row, listings or None, error or None), so a caller can show
    progress, stop between rows and keep what is done."""
    for row in rows:
        try:
            if row.product.channel:
                get_channel(row.product.channel)
            yield row, make_listings(row.product, channels, writer, shop=shop), None
        except KeyError as exc:
            yield row, None, RowError(row.line, str(exc.args[0]))


def progress_text(done: int, total: int, elapsed_s: float) -> str:
    """"Đã xong 120/5.000 sản phẩm · 41,3 sản phẩm/giây · còn khoảng 2 phút" (Vietnamese)."""
    rate = done / elapsed_s if elapsed_s > 0 and done else 0.0
    text = f"Đã xong {done:,}/{total:,} sản phẩm".replace(",", ".")
    if rate:
        left = (total - done) / rate
        text += f" · {rate:.1f} sản phẩm/giây".replace(".", ",")
        text += (f" · còn khoảng {left / 60:.0f} phút" if left >= 90 else f" · còn khoảng {left:.0f} giây")
    return text


def run_rows(rows: list[CsvRow], channels: list[str], writer,
             progress: Callable[[int, int], None] | None = None, shop: ShopProfile | None = None) -> BatchResult:
    """Listings for parsed CSV rows; a row naming an unknown channel is reported, the rest go on."""
    result = BatchResult()
    try:
        for i, (row, made, error) in enumerate(iter_rows(rows, channels, writer, shop), 1):
            if error:
                result.errors.append(error)
            else:
                result.listings += made
                result.groups.append((row, made))
            if progress:
                progress(i, len(rows))
    except KeyboardInterrupt:  # Ctrl+C in the terminal: keep and write what is done
        result.cancelled = True
    return result


def run_listings_file(input_path: str | Path, out_path: str | Path, channels: str | None = None,
                      backend: str = "rules", progress=None, shop: ShopProfile | None = None) -> BatchResult:
    """Read the products CSV, write the listings file; raises CsvError/ValueError/KeyError in Vietnamese."""
    from tools.providers import get_writer
    format_for(out_path)
    chans = parse_channels(channels)
    writer = get_writer(backend)
    parsed = read_products_csv(input_path)
    result = run_rows(parsed.rows, chans, writer, progress, shop=shop)
    result.errors = parsed.errors + result.errors
    write_listings(result.listings, out_path)
    return result


def run_package(input_path: str | Path, out_dir: str | Path, channels: str | None = None, backend: str = "rules",
                progress=None, shop: ShopProfile | None = None, photos_dir: str | Path | None = None):
    """Listings for a products CSV and the upload package in out_dir (see tools.listing.package);
    returns (BatchResult, PackageReport). Raises CsvError/ValueError/KeyError in Vietnamese."""
    from tools.listing.package import PackageItem, build_package, find_photos
    from tools.providers import get_writer
    chans = parse_channels(channels)
    writer = get_writer(backend)
    parsed = read_products_csv(input_path)
    result = run_rows(parsed.rows, chans, writer, progress, shop=shop)
    result.errors = parsed.errors + result.errors
    folder = Path(photos_dir) if photos_dir else None
    base = Path(input_path).resolve().parent
    items = [PackageItem(row.product, made, find_photos(row.product, folder, base, only_product=len(parsed.rows) == 1))
             for row, made in result.groups]
    report = build_package(items, out_dir, shop)
    write_listings(result.listings, Path(out_dir) / "tin-dang.xlsx")
    return result, report


__all__ = ["run_package", "BatchResult", "Listing", "make_batch", "make_listings", "run_listings_file", "run_rows", "write_listings"]
