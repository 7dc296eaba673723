"""A seller's product as the listing and video tools take it, and the CSV reader that makes them.

Public API (other tools depend on it):
- `Product(name, category, price, features, audience, channel=None)`: frozen, NFC-normalised.
  `Product.from_fields(...)` builds one from raw form/CSV values and raises `ProductError`
  (a Vietnamese message) when the name or the price is unusable.
- `parse_price(value) -> int`: "45000", "45.000đ", "45.000 ₫", "45000 VND", "45k" -> 45000.
- `split_features(text) -> tuple[str, ...]`: the ";"-separated features, cleaned.
- `read_products_csv(source) -> CsvResult`: rows that parsed (`CsvRow(line, product)`) and rows
  that did not (`RowError(line, message)`); a file that cannot be read at all raises `CsvError`.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from tools.tabular import TableError, check_size, read_table
from tools.textnorm import decode_spreadsheet_text, fold, nfc


class ProductError(ValueError):
    """A product field the seller has to fix (message in Vietnamese)."""


class CsvError(ValueError):
    """The whole file cannot be read (message in Vietnamese)."""


MAX_PRICE = 10_000_000_000
MAX_CATEGORY, MAX_FEATURES, MAX_AUDIENCE = 100, 2000, 200  # characters (docs/DEPLOY.md "Limits")
_PRICE_UNITS = re.compile(r"(?:vn[dđ]|đồng|dong|đ|₫|d)$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*$")


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
        text = nfc(value).lower().replace("\u00a0", " ")
        if not text:
            raise ProductError("Thiếu giá bán. Hãy ghi giá bằng đồng, ví dụ 45000 hoặc 45.000đ.")
        original = text
        text = _PRICE_UNITS.sub("", text).strip()
        multiplier = 1
        if re.search(r"(?:k|nghìn|ngàn|ngan|nghin)$", text):
            multiplier = 1000
            text = re.sub(r"(?:k|nghìn|ngàn|ngan|nghin)$", "", text).strip()
        if re.fullmatch(r"\d+", text):
            amount = int(text) * multiplier
        elif _THOUSANDS.match(text):
            amount = int(re.sub(r"[.,\s]", "", text)) * multiplier
        elif multiplier == 1000 and re.fullmatch(r"\d+[.,]\d{1,2}", text):
            amount = round(float(text.replace(",", ".")) * 1000)
        else:
            raise ProductError(f"Không hiểu giá “{original}”. Hãy ghi giá bằng đồng, ví dụ 45000 hoặc 45.000đ.")
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


@dataclass(frozen=True)
class Product:
    name: str
    category: str
    price: int
    features: tuple[str, ...] = ()
    audience: str = ""
    channel: str | None = None

    @classmethod
    def from_fields(cls, name: object, category: object = "", price: object = None, features: object = "",
                    audience: object = "", channel: object = None) -> "Product":
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
        return cls(name=clean_name, category=nfc(category), price=parse_price(price),
                   features=split_features(features), audience=nfc(audience), channel=chan)

    @property
    def features_text(self) -> str:
        return ";".join(self.features)

    def seller_text(self) -> str:
        """Everything the seller wrote, one string (what the rules accept facts from)."""
        return " \n ".join([self.name, self.category, *self.features, self.audience])


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


COLUMNS = ("name", "category", "price", "features", "audience", "channel")
REQUIRED = ("name", "price")
_HEADER_ALIASES = {
    "name": ("name", "ten", "ten san pham", "san pham", "product"),
    "category": ("category", "danh muc", "loai", "nhom", "nganh hang"),
    "price": ("price", "gia", "gia ban", "gia (vnd)", "gia (d)"),
    "features": ("features", "dac diem", "tinh nang", "mo ta", "dac diem noi bat"),
    "audience": ("audience", "doi tuong", "khach hang", "danh cho"),
    "channel": ("channel", "kenh", "kenh ban"),
}
_ALIAS_TO_COLUMN = {alias: col for col, aliases in _HEADER_ALIASES.items() for alias in aliases}


def _decode(raw: bytes) -> tuple[str, str]:
    try:
        return decode_spreadsheet_text(raw)
    except UnicodeError:
        raise CsvError("Không đọc được tệp: tệp không phải văn bản UTF-8. Trong Excel hãy chọn "
                       "“Lưu thành” → “CSV UTF-8 (phân cách bằng dấu phẩy)” rồi tải lên lại.") from None


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
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    try:
        table = read_table(text, _delimiter(first))
    except TableError as exc:
        raise CsvError(str(exc)) from None
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
