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


def run_rows(rows: list[CsvRow], channels: list[str], writer,
             progress: Callable[[int, int], None] | None = None, shop: ShopProfile | None = None) -> BatchResult:
    """Listings for parsed CSV rows; a row naming an unknown channel is reported, the rest go on."""
    result = BatchResult()
    for i, row in enumerate(rows, 1):
        try:
            if row.product.channel:
                get_channel(row.product.channel)
            made = make_listings(row.product, channels, writer, shop=shop)
            result.listings += made
            result.groups.append((row, made))
        except KeyError as exc:
            result.errors.append(RowError(row.line, str(exc.args[0])))
        if progress:
            progress(i, len(rows))
    return result


def run_listings_file(input_path: str | Path, out_path: str | Path, channels: str | None = None,
                      backend: str = "embedded", progress=None, shop: ShopProfile | None = None) -> BatchResult:
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
