"""A seller's product as the listing and video tools take it, and the CSV reader that makes them.

Public API (other tools depend on it):
- `Product(name, category, price, features, audience, channel=None, **sheet)`: frozen, NFC-normalised.
  The optional sheet fields (`SHEET_FIELDS`): brand, origin, weight, dimensions, variants (a tuple of
  `Variant(name, price)`), ingredients, usage, storage, shelf_life, sku, stock (int or None), photos
  (a tuple of file names or URLs). An empty field stays empty and is never printed.
  `Product.from_fields(...)` builds one from raw form/CSV values and raises `ProductError`
  (a Vietnamese message) when a field is unusable; `Product.sheet_values()` gives the filled sheet
  fields as text (the form a CSV cell, a form field and a saved product hold).
- `parse_variants("Túi 250g=95000 | Túi 500g=180000", main_price)`: a variant without "=price" takes
  the main price; `variants_text(variants)` writes them back in that form.
- `parse_price(value) -> int`: "45000", "45.000đ", "45.000 ₫", "45000 VND", "45k" -> 45000 (the text is read
  by `tools.money.parse_amount`, the one reader of a typed price; this adds the range and the messages).
- `split_features(text) -> tuple[str, ...]`: the ";"-separated features, cleaned.
- `read_products_csv(source) -> CsvResult`: rows that parsed (`CsvRow(line, product)`) and rows
  that did not (`RowError(line, message)`); a file that cannot be read at all (including one whose
  Vietnamese letters Excel already turned into "?") raises `CsvError`.
"""
from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from tools.money import parse_amount
from tools.tabular import TableError, check_size, read_table
from tools.textnorm import decode_spreadsheet_text, fold, nfc


class ProductError(ValueError):
    """A product field the seller has to fix (message in Vietnamese)."""


class CsvError(ValueError):
    """The whole file cannot be read (message in Vietnamese)."""


MAX_PRICE = 10_000_000_000
DEFAULT_MAX_ROWS = 5000


def max_rows() -> int:
    """Most product rows one CSV may have (BINHDAN_MAX_CSV_ROWS, default 5,000)."""
    try:
        return max(1, int(os.environ.get("BINHDAN_MAX_CSV_ROWS", DEFAULT_MAX_ROWS)))
    except ValueError:
        return DEFAULT_MAX_ROWS
MAX_CATEGORY, MAX_FEATURES, MAX_AUDIENCE = 100, 2000, 200  # characters (docs/DEPLOY.md "Limits")


def parse_price(value: object) -> int:
    """A price in whole đồng from what a seller types; raises ProductError when it is not one."""
    if isinstance(value, bool):
        raise ProductError("Giá phải là một số tiền, ví dụ 45000 hoặc 45.000đ.")
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ProductError(f"Giá “{value}” phải là số đồng tròn, ví dụ 45000.")
        amount = int(value)
    else:
        text = nfc(value).replace("\u00a0", " ").strip()
        if not text:
            raise ProductError("Thiếu giá bán. Hãy ghi giá bằng đồng, ví dụ 45000 hoặc 45.000đ.")
        amount = parse_amount(text)
        if amount is None:
            raise ProductError(f"Không hiểu giá “{text.lower()}”. Hãy ghi giá bằng đồng, ví dụ 45000 hoặc 45.000đ.")
    if amount <= 0:
        raise ProductError("Giá bán phải lớn hơn 0 đồng.")
    if amount >= MAX_PRICE:
        raise ProductError("Giá bán quá lớn, hãy kiểm tra lại số tiền.")
    return amount


def split_features(value: object) -> tuple[str, ...]:
    """';'-separated (or one per line) features, trimmed, without empty items or repeats."""
    if isinstance(value, (list, tuple)):
        items = [nfc(v) for v in value]
    else:
        items = [nfc(v) for v in re.split(r"[;\n]", str(value or ""))]
    seen, out = set(), []
    for item in items:
        item = item.strip(" -•*+.,")
        if item and item.lower() not in seen:
            seen.add(item.lower())
            out.append(item)
    return tuple(out)


def features_for_form(value: object) -> str:
    """Stored features ("a;b") as a form's text area shows them: one per line (split_features reads it back)."""
    return "\n".join(split_features(value))


@dataclass(frozen=True)
class Variant:
    name: str
    price: int


def parse_variants(value: object, main_price: int) -> tuple[Variant, ...]:
    """"Túi 250g=95000 | Túi 500g=180000" -> variants; one without "=price" takes `main_price`."""
    if isinstance(value, (list, tuple)):
        parts = [v if isinstance(v, Variant) else nfc(v) for v in value]
    else:
        parts = [nfc(v) for v in re.split(r"[|\n]", str(value or ""))]
    out: list[Variant] = []
    for part in parts:
        if isinstance(part, Variant):
            out.append(part)
            continue
        if not part.strip(" ;,"):
            continue
        name, sep, price = part.partition("=")
        name = name.strip(" ;,:")
        if not name:
            raise ProductError(f"Phân loại “{part}” thiếu tên, hãy viết như “Túi 250g=95000”.")
        try:
            amount = parse_price(price) if sep and price.strip() else main_price
        except ProductError as exc:
            raise ProductError(f"Phân loại “{name}”: {exc}") from None
        if len(name) > 60:
            raise ProductError(f"Tên phân loại “{name[:30]}…” dài quá 60 ký tự.")
        if any(fold(v.name) == fold(name) for v in out):
            raise ProductError(f"Phân loại “{name}” bị ghi hai lần.")
        out.append(Variant(name, amount))
    if len(out) > 50:
        raise ProductError("Tối đa 50 phân loại cho một sản phẩm.")
    return tuple(out)


def variants_text(variants: tuple[Variant, ...] | list[Variant]) -> str:
    return " | ".join(f"{v.name}={v.price}" for v in variants)


def parse_stock(value: object) -> int | None:
    """Stock on hand: "" -> None (not given), "120" / "1.200" -> int; raises ProductError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ProductError("Tồn kho phải là một số nguyên, ví dụ 120.")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        amount = value
    else:
        text = re.sub(r"[.,\s]", "", nfc(value))
        if not text.isdigit():
            raise ProductError(f"Tồn kho “{nfc(value)}” phải là một số nguyên, ví dụ 120.")
        amount = int(text)
    if amount < 0 or amount > 10_000_000:
        raise ProductError("Tồn kho phải từ 0 đến 10.000.000.")
    return amount


def split_photos(value: object) -> tuple[str, ...]:
    """"a.jpg|b.jpg" (or one per line) -> ("a.jpg", "b.jpg")."""
    items = value if isinstance(value, (list, tuple)) else re.split(r"[|\n]", str(value or ""))
    return tuple(dict.fromkeys(nfc(v) for v in items if nfc(v)))


# The optional product sheet: field -> (Vietnamese label, longest text accepted)
SHEET_FIELDS: dict[str, tuple[str, int]] = {
    "brand": ("Thương hiệu", 120),
    "origin": ("Xuất xứ", 200),
    "weight": ("Khối lượng", 60),
    "dimensions": ("Kích thước", 120),
    "variants": ("Phân loại", 3000),
    "ingredients": ("Thành phần/chất liệu", 1500),
    "usage": ("Cách dùng", 1500),
    "storage": ("Bảo quản", 600),
    "shelf_life": ("Hạn sử dụng", 200),
    "sku": ("Mã sản phẩm (SKU)", 100),
    "stock": ("Tồn kho", 20),
    "photos": ("Ảnh", 3000),
}
TEXT_SHEET_FIELDS = ("brand", "origin", "weight", "dimensions", "ingredients", "usage", "storage", "shelf_life", "sku")


@dataclass(frozen=True)
class Product:
    name: str
    category: str
    price: int
    features: tuple[str, ...] = ()
    audience: str = ""
    channel: str | None = None
    brand: str = ""
    origin: str = ""
    weight: str = ""
    dimensions: str = ""
    variants: tuple[Variant, ...] = ()
    ingredients: str = ""
    usage: str = ""
    storage: str = ""
    shelf_life: str = ""
    sku: str = ""
    stock: int | None = None
    photos: tuple[str, ...] = ()

    @classmethod
    def from_fields(cls, name: object, category: object = "", price: object = None, features: object = "",
                    audience: object = "", channel: object = None, **sheet: object) -> "Product":
        unknown = set(sheet) - set(SHEET_FIELDS)
        if unknown:
            raise TypeError(f"unknown product fields: {sorted(unknown)}")
        clean_name = nfc(name)
        if not clean_name:
            raise ProductError("Thiếu tên sản phẩm.")
        if len(clean_name) > 200:
            raise ProductError("Tên sản phẩm dài quá 200 ký tự, hãy viết ngắn lại.")
        for label, value, limit in (("Loại sản phẩm", category, MAX_CATEGORY), ("Đặc điểm", features, MAX_FEATURES),
                                    ("Dành cho ai", audience, MAX_AUDIENCE)):
            size = len(value) if isinstance(value, str) else sum(len(str(v)) for v in value or ())
            if size > limit:  # long text stalls captions and video for every door (form, CSV, CLI)
                raise ProductError(f"{label} dài {size:,} ký tự; tối đa {limit:,} ký tự.".replace(",", "."))
        chan = nfc(channel).lower() or None
        main_price = parse_price(price)
        extra: dict[str, object] = {}
        for key in TEXT_SHEET_FIELDS:
            text = nfc(sheet.get(key))
            label, longest = SHEET_FIELDS[key]
            if len(text) > longest:
                raise ProductError(f"{label} dài quá {longest} ký tự, hãy viết ngắn lại.")
            extra[key] = text
        extra["variants"] = parse_variants(sheet.get("variants"), main_price)
        extra["stock"] = parse_stock(sheet.get("stock"))
        extra["photos"] = split_photos(sheet.get("photos"))
        if len(extra["photos"]) > 9:
            raise ProductError("Tối đa 9 ảnh cho một sản phẩm (sàn nhận tối đa 9 ảnh).")
        return cls(name=clean_name, category=nfc(category), price=main_price,
                   features=split_features(features), audience=nfc(audience), channel=chan, **extra)

    @property
    def features_text(self) -> str:
        return ";".join(self.features)

    @property
    def variants_text(self) -> str:
        return variants_text(self.variants)

    def sheet_values(self) -> dict[str, str]:
        """The filled sheet fields as text, in SHEET_FIELDS order (what a CSV cell or form field holds)."""
        out: dict[str, str] = {}
        for key in SHEET_FIELDS:
            value = getattr(self, key)
            if key == "variants":
                value = self.variants_text
            elif key == "photos":
                value = " | ".join(self.photos)
            elif key == "stock":
                value = "" if value is None else str(value)
            if value:
                out[key] = value
        return out

    def seller_text(self) -> str:
        """Everything the seller wrote, one string (what the rules accept facts from)."""
        sheet = [getattr(self, k) for k in TEXT_SHEET_FIELDS if getattr(self, k)]
        sheet += [v.name for v in self.variants]
        return " \n ".join([self.name, self.category, *self.features, self.audience, *sheet])


@dataclass(frozen=True)
class RowError:
    line: int       # line number in the file (header is line 1)
    message: str    # Vietnamese

    def __str__(self) -> str:
        return f"Dòng {self.line}: {self.message}"


@dataclass(frozen=True)
class CsvRow:
    line: int
    product: Product


@dataclass
class CsvResult:
    rows: list[CsvRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    encoding: str = "utf-8"

    @property
    def products(self) -> list[Product]:
        return [r.product for r in self.rows]


COLUMNS = ("name", "category", "price", "features", "audience", "channel", *SHEET_FIELDS)
REQUIRED = ("name", "price")
_HEADER_ALIASES = {
    "name": ("name", "ten", "ten san pham", "san pham", "product"),
    "category": ("category", "danh muc", "loai", "nhom", "nganh hang"),
    "price": ("price", "gia", "gia ban", "gia (vnd)", "gia (d)"),
    "features": ("features", "dac diem", "tinh nang", "mo ta", "dac diem noi bat"),
    "audience": ("audience", "doi tuong", "khach hang", "danh cho"),
    "channel": ("channel", "kenh", "kenh ban"),
    "brand": ("brand", "thuong hieu", "nhan hieu"),
    "origin": ("origin", "xuat xu", "noi san xuat", "nguon goc", "san xuat tai"),
    "weight": ("weight", "khoi luong", "trong luong", "can nang", "khoi luong tinh"),
    "dimensions": ("dimensions", "size", "kich thuoc", "kich co"),
    "variants": ("variants", "phan loai", "bien the", "lua chon", "variations"),
    "ingredients": ("ingredients", "material", "thanh phan", "nguyen lieu", "chat lieu"),
    "usage": ("usage", "cach dung", "huong dan su dung", "hdsd", "cach su dung"),
    "storage": ("storage", "bao quan", "cach bao quan"),
    "shelf_life": ("shelf_life", "shelf life", "han su dung", "hsd", "han dung", "thoi han su dung"),
    "sku": ("sku", "ma sku", "ma san pham", "ma hang"),
    "stock": ("stock", "ton kho", "so luong ton", "so luong"),
    "photos": ("photos", "images", "anh", "hinh anh", "anh san pham"),
}
_ALIAS_TO_COLUMN = {alias: col for col, aliases in _HEADER_ALIASES.items() for alias in aliases}


def _decode(raw: bytes) -> tuple[str, str]:
    try:
        return decode_spreadsheet_text(raw)
    except UnicodeError:
        raise CsvError("Không đọc được tệp: tệp không phải văn bản UTF-8. Trong Excel hãy chọn "
                       "“Lưu thành” → “CSV UTF-8 (phân cách bằng dấu phẩy)” rồi tải lên lại.") from None


_URL = re.compile(r"https?://\S+")
_LOST_LETTER = re.compile(r"(?<=[^\W\d_])\?(?=[^\W\d_])")  # "c?m": a letter became "?"


def lost_letters(text: str) -> int:
    """How many letters a legacy-code-page save turned into "?" (links are not counted)."""
    return len(_LOST_LETTER.findall(_URL.sub(" ", text)))


def _header_key(cell: str) -> str:
    return re.sub(r"\s+", " ", fold(nfc(cell)).strip().strip('"'))


def _delimiter(header_line: str) -> str:
    best, best_hits = ",", -1
    for delim in (",", ";", "\t"):
        hits = sum(1 for c in header_line.split(delim) if _header_key(c) in _ALIAS_TO_COLUMN)
        if hits > best_hits:
            best, best_hits = delim, hits
    return best


def read_products_csv(source: str | Path | bytes | io.IOBase) -> CsvResult:
    """Parse a products CSV; bad rows are reported in `errors` and the others still come back."""
    if isinstance(source, (str, Path)):
        try:
            raw = Path(source).read_bytes()
        except OSError as exc:
            raise CsvError(f"Không mở được tệp “{source}”: {exc.strerror or exc}.") from exc
    elif isinstance(source, bytes):
        raw = source
    else:
        raw = source.read()
        raw = raw.encode("utf-8") if isinstance(raw, str) else raw
    try:
        check_size(raw)
    except TableError as exc:
        raise CsvError(str(exc)) from None
    if not raw.strip():
        raise CsvError("Tệp trống: hãy thêm dòng tiêu đề name,category,price,features,audience và các sản phẩm.")
    text, encoding = _decode(raw)
    if lost_letters(text):
        raise CsvError("Tệp đã mất chữ có dấu (chữ Việt bị thay bằng dấu “?”, ví dụ “Bánh c?m”): Excel đã lưu "
                       "bằng bảng mã cũ. Trong Excel hãy chọn “Lưu thành” → “CSV UTF-8 (phân cách bằng dấu phẩy)” "
                       "rồi tải lên lại.")
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    try:
        table = read_table(text, _delimiter(first), max_rows=max_rows())
    except TableError as exc:
        how = " Người quản trị có thể nâng giới hạn bằng biến môi trường BINHDAN_MAX_CSV_ROWS." \
            if str(max_rows()) in str(exc) else ""
        raise CsvError(str(exc) + how) from None
    header = [_ALIAS_TO_COLUMN.get(_header_key(c), "") for c in table.header]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise CsvError("Thiếu cột bắt buộc: " + ", ".join(missing) + ". Dòng đầu tiên phải là tiêu đề "
                       "name,category,price,features,audience (cột channel không bắt buộc).")
    result = CsvResult(encoding=encoding)
    for record in table.records:
        if not record.ok:
            result.errors.append(RowError(record.line, record.problem))
            continue
        values: dict[str, str] = {}
        for col, cell in zip(header, record.cells):
            if col and col not in values:
                values[col] = cell
        try:
            product = Product.from_fields(**{c: values.get(c, "") for c in COLUMNS})
        except ProductError as exc:
            result.errors.append(RowError(record.line, str(exc)))
            continue
        result.rows.append(CsvRow(record.line, product))
    return result
