"""The upload package: files that go straight where the seller sells.

`build_package(items, out_dir, ...)` writes into out_dir:
- meta_catalog.csv (Meta catalog feed), shopee_mass_upload.xlsx, tiktok_shop_batch.xlsx: column
  layouts from upload_layouts/*.yaml (each with its template version date), one row per variant;
- <product-slug>/anh-1.jpg … (square, ≥ 800 px, JPEG < 2 MB, EXIF applied, centred on white),
  <product-slug>/bia-facebook-zalo.jpg (with a price badge: only for Facebook/Zalo posts),
  <product-slug>/<channel>.txt (the listing text per channel);
- HUONG-DAN.txt: what the seller still does in each marketplace (pick the category, upload images).
`zip_package(out_dir) -> bytes` for a download button. The CLI and the page both call these.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

import yaml
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from tools.listing import images as imgs
from tools.listing.model import Listing
from tools.money import format_vnd
from tools.product import Product, Variant
from tools.video import product_slug as slug

LAYOUT_DIR = Path(__file__).resolve().parent / "upload_layouts"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}
MAX_IMAGES = 9


@lru_cache(maxsize=None)
def layout(name: str) -> dict:
    """A column layout (upload_layouts/<name>.yaml), checked: every column has a key and a known value."""
    data = yaml.safe_load((LAYOUT_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    for col in data["columns"]:
        if col["value"] not in VALUES:
            raise ValueError(f"{name}.yaml: unknown value {col['value']!r}")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(data["version_date"])):
        raise ValueError(f"{name}.yaml: version_date must be YYYY-MM-DD")
    return data


_UNITS = {"g": 1, "gr": 1, "gram": 1, "kg": 1000, "ml": 1, "l": 1000, "lít": 1000, "lit": 1000}


def grams(weight: str) -> int | None:
    """"250g" -> 250, "1,5 kg" -> 1500, "500ml" -> 500 (water-like); None when not a weight."""
    m = re.search(r"(\d+(?:[.,]\d+)?)\s*(kg|gram|gr|g|ml|lít|lit|l)(?!\w)", weight.lower())
    if not m:
        return None
    return round(float(m.group(1).replace(",", ".")) * _UNITS[m.group(2)])


def dimensions_cm(text: str) -> tuple[int, int, int] | None:
    """"20x15x10cm" -> (20, 15, 10); None for anything else ("đường kính 40cm")."""
    m = re.search(r"(\d+(?:[.,]\d+)?)\s*[x×*]\s*(\d+(?:[.,]\d+)?)\s*[x×*]\s*(\d+(?:[.,]\d+)?)\s*cm", text.lower())
    if not m:
        return None
    return tuple(round(float(g.replace(",", "."))) for g in m.groups())  # type: ignore[return-value]


@dataclass
class PackageItem:
    product: Product
    listings: list[Listing]
    photos: list = field(default_factory=list)   # files, bytes, PIL images (edited on the page), or URLs


@dataclass
class PackageReport:
    out_dir: Path
    products: int = 0
    images: int = 0
    skipped: list[str] = field(default_factory=list)      # Vietnamese, one line per product/channel left out
    problems: list[str] = field(default_factory=list)     # photos that could not be used
    files: list[str] = field(default_factory=list)


@dataclass
class _Row:
    product: Product
    listing: Listing | None
    variant: Variant
    index: int
    count: int
    images: list[str]
    group_sku: str


def _variants(product: Product) -> list[Variant]:
    return list(product.variants) or [Variant("", product.price)]


def _value(kind: str, row: _Row, shop) -> object:
    p, v = row.product, row.variant
    many = row.count > 1
    if kind == "empty":
        return ""
    if kind == "title":
        return row.listing.title if row.listing else p.name
    if kind == "description":
        return row.listing.description if row.listing else ""
    if kind == "plain_description":  # a catalog text: no hashtags, no phone numbers or links
        text = row.listing.description if row.listing else ""
        body, sep, tags = text.rpartition("\n\n#")
        text = body if sep else text
        for line in (shop.contact_lines() if shop else []):
            text = text.replace("\n" + line, "")
        return text.strip()
    if kind in ("parent_sku", "group_sku"):
        return row.group_sku
    if kind == "group_no":
        return row.group_sku if many else ""
    if kind == "variation_name":
        return "Phân loại" if many else ""
    if kind == "variant_name":
        return v.name if many else ""
    if kind == "variant_image":
        return row.images[0] if many and row.images else ""
    if kind == "price":
        return v.price
    if kind == "meta_price":
        return f"{v.price} VND"
    if kind == "stock":  # one stock for the product: split by variant only by the seller
        return p.stock if p.stock is not None and not many else ""
    if kind == "variant_sku":
        return f"{row.group_sku}-{row.index}" if many else row.group_sku
    if kind == "cover_image":
        return row.images[0] if row.images else ""
    if kind.startswith("image_"):
        i = int(kind.split("_")[1]) - 1
        return row.images[i] if i < len(row.images) else ""
    if kind == "more_images":
        return ",".join(row.images[1:MAX_IMAGES])
    if kind == "weight_g":
        return grams(p.weight) or grams(v.name) or ""
    if kind in ("length_cm", "width_cm", "height_cm"):
        dims = dimensions_cm(p.dimensions)
        return dims[("length_cm", "width_cm", "height_cm").index(kind)] if dims else ""
    if kind == "brand":
        return p.brand
    if kind == "brand_or_shop":
        return p.brand or (shop.shop_name if shop else "")
    if kind == "availability":
        return "out of stock" if p.stock == 0 else "in stock"
    if kind == "condition":
        return "new"
    if kind == "link":
        return (shop.facebook or (shop.zalo if shop.zalo.startswith("http") else "")) if shop else ""
    if kind == "variant_attribute":
        return f"Phân loại:{v.name}" if many else ""
    raise KeyError(kind)


VALUES = ("empty", "title", "description", "plain_description", "parent_sku", "group_sku", "group_no", "variation_name", "variant_name",
          "variant_image", "price", "meta_price", "stock", "variant_sku", "cover_image", "more_images", "weight_g",
          "length_cm", "width_cm", "height_cm", "brand", "brand_or_shop", "availability", "condition", "link",
          "variant_attribute", *(f"image_{i}" for i in range(2, MAX_IMAGES + 1)))


def _rows(items: list[PackageItem], channel: str | None, image_refs: dict[int, list[str]]) -> list[_Row]:
    rows = []
    for n, item in enumerate(items):
        listing = next((x for x in item.listings if x.channel == channel), None) if channel else None
        if channel and (listing is None or listing.status != "ok"):
            continue
        if channel is None:  # Meta: the Facebook text, else any lawful one
            listing = next((x for x in item.listings if x.channel == "facebook" and x.status == "ok"), None)
            if listing is None:
                continue
        variants = _variants(item.product)
        group = item.product.sku or slug(item.product.name).upper()[:30]
        for i, v in enumerate(variants, 1):
            rows.append(_Row(item.product, listing, v, i, len(variants), image_refs.get(n, []), group))
    return rows


def write_xlsx(path: Path, name: str, rows: list[_Row], shop) -> None:
    spec = layout(name)
    wb = Workbook()
    ws = wb.active
    ws.title = spec.get("sheet", "Template")
    cols = spec["columns"]
    ws.append([c["key"] for c in cols])
    ws.append([c.get("label", c["key"]) for c in cols])
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FFF2CC")
    for row in rows:
        ws.append([_value(c["value"], row, shop) for c in cols])
    for i, c in enumerate(cols, 1):
        letter = ws.cell(row=1, column=i).column_letter
        ws.column_dimensions[letter].width = 60 if c["value"] == "description" else 28 if c["value"] == "title" else 16
    for r in ws.iter_rows(min_row=3):
        for cell in r:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    info = wb.create_sheet("Mẫu")
    info.append(["Mẫu", spec["template"]])
    info.append(["Phiên bản mẫu (ngày)", str(spec["version_date"])])
    info.append(["Nguồn", spec["source"]])
    info.append(["Người bán còn phải làm", spec["seller_still_does"]])
    wb.save(path)


def write_meta_csv(path: Path, rows: list[_Row], shop) -> None:
    cols = layout("meta_catalog")["columns"]
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([c["key"] for c in cols])
    for row in rows:
        writer.writerow([_value(c["value"], row, shop) for c in cols])
    path.write_text(buf.getvalue(), encoding="utf-8")


def _is_url(ref: str | Path) -> bool:
    return isinstance(ref, str) and ref.startswith(("http://", "https://"))


def build_package(items: list[PackageItem], out_dir: str | Path, shop=None,
                  progress: Callable[[int, int], None] | None = None) -> PackageReport:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    report = PackageReport(out)
    refs: dict[int, list[str]] = {}
    used_slugs: set[str] = set()
    for n, item in enumerate(items):
        p = item.product
        base = slug(p.name)
        folder_name, k = base, 2
        while folder_name in used_slugs:  # two products with the same name keep separate folders
            folder_name, k = f"{base}-{k}", k + 1
        used_slugs.add(folder_name)
        folder = out / folder_name
        folder.mkdir(exist_ok=True)
        ok = [x for x in item.listings if x.status == "ok"]
        if not ok:
            report.skipped.append(f"{p.name}: không đưa vào tệp tải lên ({item.listings[0].warnings[0] if item.listings and item.listings[0].warnings else 'bị chặn'})")
        for x in item.listings:
            if x.status == "ok":
                (folder / f"{x.channel}.txt").write_text(x.post_text + "\n", encoding="utf-8")
            elif ok:
                report.skipped.append(f"{p.name} ({x.channel}): không tạo tin đăng theo luật.")
        refs[n] = []
        squares = []
        for src in item.photos[:MAX_IMAGES]:
            if _is_url(src):
                refs[n].append(str(src))
                continue
            try:
                square = imgs.square_image(src if isinstance(src, imgs.Image.Image) else imgs.load(src))
            except imgs.ImageProblem as exc:
                report.problems.append(f"{p.name}: {exc}")
                continue
            name = f"anh-{len(squares) + 1}.jpg"
            (folder / name).write_bytes(imgs.jpeg_bytes(square))
            refs[n].append(f"{folder_name}/{name}")
            squares.append(square)
            report.images += 1
        if squares and ok:
            (folder / "bia-facebook-zalo.jpg").write_bytes(imgs.jpeg_bytes(imgs.badge_cover(squares[0],
                                                                                            format_vnd(p.price))))
        report.products += 1
        if progress:
            progress(n + 1, len(items))
    write_meta_csv(out / layout("meta_catalog")["file"], _rows(items, None, refs), shop)
    write_xlsx(out / layout("shopee_mass_upload")["file"], "shopee_mass_upload", _rows(items, "shopee", refs), shop)
    write_xlsx(out / layout("tiktok_shop_batch")["file"], "tiktok_shop_batch", _rows(items, "tiktok", refs), shop)
    (out / "HUONG-DAN.txt").write_text(guide(report), encoding="utf-8")
    report.files = sorted(str(f.relative_to(out)) for f in out.rglob("*") if f.is_file())
    return report


def guide(report: PackageReport) -> str:
    lines = ["Gói tải lên sàn và mạng xã hội", ""]
    for name in ("meta_catalog", "shopee_mass_upload", "tiktok_shop_batch"):
        spec = layout(name)
        lines.append(f"- {spec['file']}: {spec['template']} (mẫu ngày {spec['version_date']}). "
                     f"Bạn còn phải: {spec['seller_still_does']}.")
    lines += ["- Mỗi thư mục sản phẩm: ảnh vuông anh-1.jpg… (nền trắng, từ 800×800 điểm ảnh) dùng cho sàn; "
              "bia-facebook-zalo.jpg có ghi giá, chỉ dùng cho Facebook và Zalo; nội dung tin từng kênh (.txt).",
              "- Sản phẩm nhiều phân loại: hãy điền tồn kho cho từng phân loại trên sàn (tệp chỉ có tồn kho chung).", ""]
    lines += [f"Bỏ qua: {s}" for s in report.skipped]
    lines += [f"Ảnh không dùng được: {s}" for s in report.problems]
    return "\n".join(lines) + "\n"


def package_zip(items: list[PackageItem], shop=None) -> bytes:
    """The whole package as ZIP bytes (what the page's download button offers)."""
    import tempfile
    with tempfile.TemporaryDirectory(prefix="goi-tai-len-") as tmp:
        build_package(items, tmp, shop)
        return zip_package(tmp)


def zip_package(out_dir: str | Path) -> bytes:
    """The package folder as a ZIP (for a download button)."""
    out = Path(out_dir)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(out.rglob("*")):
            if f.is_file():
                zf.write(f, f.relative_to(out).as_posix())
    return buf.getvalue()


def find_photos(product: Product, folder: Path | None, base_dir: Path | None = None,
                only_product: bool = False) -> list[Path | str]:
    """The product's photos: its `photos` column (files relative to base_dir or folder, or URLs), then
    files in `folder` named after the product, written with or without accents ("Mật ong rừng 1.jpg",
    "mat-ong-rung-2.jpg") or in a sub-folder of that name; with only one product, every image in folder."""
    out: list[Path | str] = []
    for ref in product.photos:
        if _is_url(ref):
            out.append(ref)
            continue
        for root in (base_dir, folder, Path.cwd()):
            if root is not None and (root / ref).is_file():
                out.append(root / ref)
                break
        else:
            out.append(Path(ref))  # reported as missing when the package is built
    if folder is None or not folder.is_dir():
        return out
    from tools.video.batch import photos_for
    for path in photos_for(product, folder, only_product):
        if path not in out:
            out.append(path)
    return out
