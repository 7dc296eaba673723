"""The upload package: Meta CSV, Shopee and TikTok workbooks in their template column order (layouts
as data with version dates), square images, covers, texts per channel; CLI and the photo-name bug."""
import csv
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from PIL import Image

from tools.listing.generator import make_listings
from tools.listing.images import MIN_SIDE, jpeg_bytes, square_image, whiten_background
from tools.listing.package import PackageItem, build_package, dimensions_cm, grams, layout, zip_package
from tools.product import Product
from tools.shop import ShopProfile

ROOT = Path(__file__).resolve().parent.parent


def photo(path: Path, size=(1600, 1200), orientation: int = 1) -> Path:
    im = Image.new("RGB", size, (205, 198, 186))
    im.paste((60, 150, 60), (500, 250, 1100, 1000))
    exif = Image.Exif()
    exif[0x0112] = orientation
    im.save(path, quality=92, exif=exif)
    return path


@pytest.fixture
def product():
    return Product.from_fields("Long nhãn Hưng Yên", "Đặc sản", "95000", "cùi dày", "gia đình", brand="Nhà Lan",
                               origin="Hưng Yên", weight="250g", variants="Túi 250g=95000 | Túi 500g=180000",
                               sku="LN", stock="40")


def test_layouts_are_data_with_dates():
    for name in ("meta_catalog", "shopee_mass_upload", "tiktok_shop_batch"):
        spec = layout(name)
        assert spec["version_date"] and spec["source"] and spec["seller_still_does"]
        assert len({c["key"] for c in spec["columns"]}) == len(spec["columns"])


def test_package_files(tmp_path, product):
    shop = ShopProfile.from_fields(shop_name="Nhà Lan", phone="0912345678", facebook="https://fb.com/nhalan")
    pics = [photo(tmp_path / "a.jpg", orientation=6), photo(tmp_path / "b.jpg", (500, 400))]
    single = Product.from_fields("Chổi đót", "Đồ gia dụng", "40000", "cán tre", "", stock="7")
    items = [PackageItem(product, make_listings(product, shop=shop), pics),
             PackageItem(single, make_listings(single, shop=shop), ["https://x.vn/choi.jpg"])]
    report = build_package(items, tmp_path / "out", shop)
    out = tmp_path / "out"
    meta = list(csv.DictReader((out / "meta_catalog.csv").open(encoding="utf-8")))
    assert [c["key"] for c in layout("meta_catalog")["columns"]] == list(meta[0])
    assert [(r["id"], r["item_group_id"], r["price"]) for r in meta] == [
        ("LN-1", "LN", "95000 VND"), ("LN-2", "LN", "180000 VND"), ("CHOI-DOT", "CHOI-DOT", "40000 VND")]
    assert meta[0]["additional_variant_attribute"] == "Phân loại:Túi 250g" and meta[0]["link"] == "https://fb.com/nhalan"
    assert "0912345678" not in meta[0]["description"] and "#" not in meta[0]["description"]
    assert meta[2]["image_link"] == "https://x.vn/choi.jpg" and meta[2]["quantity_to_sell_on_facebook"] == "7"
    for name in ("shopee_mass_upload", "tiktok_shop_batch"):
        spec = layout(name)
        ws = openpyxl.load_workbook(out / spec["file"])["Template"]
        keys = [c.value for c in ws[1]]
        assert keys == [c["key"] for c in spec["columns"]]
        rows = [dict(zip(keys, r)) for r in ws.iter_rows(min_row=spec["first_data_row"], values_only=True)]
        assert len(rows) == 3
        price = next(c["key"] for c in spec["columns"] if c["value"] == "price")
        assert [r[price] for r in rows] == [95000, 180000, 40000]
        desc = next(c["key"] for c in spec["columns"] if c["value"] == "description")
        assert all("0912345678" not in r[desc] for r in rows)
        weight = next(c["key"] for c in spec["columns"] if c["value"] == "weight_g")
        assert rows[0][weight] == 250
    folder = out / "long-nhan-hung-yen"
    for name in ("anh-1.jpg", "anh-2.jpg", "bia-facebook-zalo.jpg"):
        data = (folder / name).read_bytes()
        im = Image.open(io.BytesIO(data))
        assert im.format == "JPEG" and im.width == im.height >= MIN_SIDE and len(data) < 2 * 1024 * 1024
    assert {p.name for p in folder.glob("*.txt")} == {"shopee.txt", "tiktok.txt", "facebook.txt", "zalo.txt"}
    assert report.images == 2 and not report.problems
    names = zipfile.ZipFile(io.BytesIO(zip_package(out))).namelist()
    assert "shopee_mass_upload.xlsx" in names and "long-nhan-hung-yen/anh-1.jpg" in names


def test_exif_rotation_is_applied(tmp_path):
    from tools.listing.images import load
    upright = load(photo(tmp_path / "r.jpg", (1600, 1200), orientation=6))
    assert upright.size == (1200, 1600)


def test_square_trims_and_centres():
    im = Image.new("RGB", (1600, 1000), (230, 230, 230))
    im.paste((200, 30, 30), (100, 100, 500, 900))  # product at the left edge
    sq = square_image(im)
    assert sq.width == sq.height >= MIN_SIDE
    px = sq.load()
    assert px[sq.width // 2, sq.height // 2][0] > 150  # the product is in the centre now


def test_jpeg_stays_under_two_megabytes():
    import random
    random.seed(0)
    noisy = Image.frombytes("RGB", (1200, 1200), bytes(random.getrandbits(8) for _ in range(1200 * 1200 * 3)))
    assert len(jpeg_bytes(noisy)) < 2 * 1024 * 1024


def test_grabcut_whitens_a_plain_background():
    im = Image.new("RGB", (600, 600), (120, 160, 200))
    im.paste((200, 40, 40), (200, 150, 400, 450))
    white = whiten_background(im)
    assert white.getpixel((20, 20)) == (255, 255, 255)
    assert white.getpixel((300, 300))[0] > 150


def test_weights_and_sizes():
    assert (grams("250g"), grams("1,5 kg"), grams("chai 500ml"), grams("to")) == (250, 1500, 500, None)
    assert dimensions_cm("20x15x10 cm") == (20, 15, 10) and dimensions_cm("đường kính 40cm") is None


def test_cli_package_finds_photos_named_in_vietnamese(tmp_path):
    """Regression: --photos ignored "Mật ong rừng 1.jpg" although the help says to name files so."""
    photos = tmp_path / "anh"
    photos.mkdir()
    photo(photos / "Mật ong rừng 1.jpg")
    photo(photos / "mat-ong-rung-2.jpg")
    photo(photos / "Tương Bần.jpg")
    csv_path = tmp_path / "sp.csv"
    csv_path.write_text("name,price,features\nMật ong rừng,250000,chai 500ml\nTương Bần,45000,chai 500ml\n",
                        encoding="utf-8")
    out = tmp_path / "goi"
    proc = subprocess.run([sys.executable, "-m", "tools.cli", "listings", str(csv_path), "--out", str(out), "--package",
                           "--photos", str(photos), "--backend", "rules"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (out / "mat-ong-rung").glob("anh-*.jpg")) == ["anh-1.jpg", "anh-2.jpg"]
    assert [p.name for p in (out / "tuong-ban").glob("anh-*.jpg")] == ["anh-1.jpg"]
    assert (out / "meta_catalog.csv").exists() and (out / "tin-dang.xlsx").exists()


# The order of the keys each marketplace's importer reads (checked against real templates; see the
# comments in tools/listing/upload_layouts/*.yaml for the sources).
TEMPLATE_ORDER = {
    "shopee_mass_upload": ["ps_category", "ps_product_name", "ps_product_description", "ps_sku_parent_short",
                           "et_title_variation_integration_no", "et_title_variation_1",
                           "et_title_option_for_variation_1", "et_title_image_per_variation", "et_title_variation_2",
                           "et_title_option_for_variation_2", "ps_price", "ps_stock", "ps_sku_short",
                           "ps_new_size_chart", "ps_item_cover_image", *(f"ps_item_image_{i}" for i in range(1, 9)),
                           "ps_weight", "ps_length", "ps_width", "ps_height"],
    "tiktok_shop_batch": ["category", "brand", "product_name", "product_description", "main_image",
                          "parcel_weight", "parcel_length", "parcel_width", "parcel_height", "price", "quantity",
                          "seller_sku"],
}


@pytest.mark.parametrize("name", sorted(TEMPLATE_ORDER))
def test_layout_follows_the_marketplace_template_order(name):
    keys = [c["key"] for c in layout(name)["columns"]]
    assert [k for k in keys if k in TEMPLATE_ORDER[name]] == TEMPLATE_ORDER[name]
    assert keys[0] == TEMPLATE_ORDER[name][0]


def test_shopee_image_and_weight_columns_sit_after_the_size_chart_columns():
    keys = [c["key"] for c in layout("shopee_mass_upload")["columns"]]
    assert keys.index("ps_sku_short") + 4 == keys.index("ps_item_cover_image")   # size chart, chart image, GTIN
    assert keys[keys.index("ps_item_image_8") + 1] == "ps_weight"
