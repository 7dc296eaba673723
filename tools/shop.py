"""The seller's shop profile: who sells, how to reach them, where they deliver, how they are paid.

Public API (listings, the video end card and the sales book use it; names are stable):
- `ShopProfile(shop_name, phone, address, zalo, facebook, delivery_area, return_policy,
  bank_bin, bank_account, account_holder)`: frozen, every field text ("" = not given).
  `ShopProfile.from_fields(**raw)` cleans and checks raw form/YAML values and raises `ShopError`
  (Vietnamese message); `.to_dict()`; `.is_empty`; `.contact_lines()` for Facebook/Zalo posts.
- `load_shop(path) -> ShopProfile`: a `shop.yaml` (English keys or Vietnamese ones such as
  `tên shop`, `số điện thoại`, `địa chỉ`); raises ShopError.

Shopee and TikTok Shop texts never carry the phone number or links (marketplace rules); only the
Facebook and Zalo posts print `contact_lines()`.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from tools import phone as tools_phone
from tools.sales.vietqr import banks
from tools.textnorm import fold, nfc


class ShopError(ValueError):
    """A shop profile field the seller has to fix (message in Vietnamese)."""


LABELS = {
    "shop_name": "Tên cửa hàng",
    "phone": "Số điện thoại",
    "address": "Địa chỉ",
    "zalo": "Zalo",
    "facebook": "Facebook",
    "delivery_area": "Khu vực giao hàng",
    "return_policy": "Đổi trả",
    "bank_bin": "Mã ngân hàng (BIN)",
    "bank_account": "Số tài khoản",
    "account_holder": "Chủ tài khoản",
}
LIMITS = {"shop_name": 120, "phone": 20, "address": 300, "zalo": 200, "facebook": 300, "delivery_area": 200,
          "return_policy": 500, "bank_bin": 6, "bank_account": 19, "account_holder": 100}
_ALIASES = {
    "shop_name": ("shop_name", "shop", "ten shop", "ten cua hang", "cua hang"),
    "phone": ("phone", "so dien thoai", "dien thoai", "sdt"),
    "address": ("address", "dia chi"),
    "zalo": ("zalo",),
    "facebook": ("facebook", "fanpage", "trang facebook"),
    "delivery_area": ("delivery_area", "giao hang", "khu vuc giao hang", "noi giao hang"),
    "return_policy": ("return_policy", "doi tra", "chinh sach doi tra"),
    "bank_bin": ("bank_bin", "bin", "ma ngan hang"),
    "bank_account": ("bank_account", "so tai khoan", "stk"),
    "account_holder": ("account_holder", "chu tai khoan", "ten tai khoan"),
}
_KEY = {alias: key for key, aliases in _ALIASES.items() for alias in aliases}


def canonical_phone(text: str) -> str:
    """"0912 345 678" / "+84 912.345.678" -> "0912345678"; raises ShopError for anything else."""
    phone = tools_phone.canonical_phone(text)
    if phone is None:
        raise ShopError(f"Số điện thoại “{text}” chưa đúng: cần 10 số bắt đầu bằng 0, ví dụ 0912 345 678.")
    return phone


def _link(text: str, label: str) -> str:
    if re.search(r"\s", text):
        raise ShopError(f"{label}: hãy ghi một đường dẫn hoặc số điện thoại, không có khoảng trắng.")
    return text


def napas_bin(text: str) -> str:
    """The BIN of a bank in the NAPAS list, given as its 6 digits or its short name ("Vietcombank");
    ShopError for anything else (a mistyped BIN would make every VietQR code unpayable)."""
    key = fold(text).replace(" ", "")
    for bank in banks():
        if key in (bank.bin, fold(bank.short).replace(" ", "")):
            return bank.bin
    raise ShopError("Ngân hàng không có trong danh sách NAPAS (VietQR); hãy chọn ngân hàng trong danh sách, "
                    "ví dụ 970436 (Vietcombank).")


@dataclass(frozen=True)
class ShopProfile:
    shop_name: str = ""
    phone: str = ""
    address: str = ""
    zalo: str = ""
    facebook: str = ""
    delivery_area: str = ""
    return_policy: str = ""
    bank_bin: str = ""
    bank_account: str = ""
    account_holder: str = ""

    @classmethod
    def from_fields(cls, **raw: object) -> "ShopProfile":
        unknown = set(raw) - set(LABELS)
        if unknown:
            raise TypeError(f"unknown shop fields: {sorted(unknown)}")
        values = {k: nfc(raw.get(k)) for k in LABELS}
        for key, text in values.items():
            if len(text) > LIMITS[key] and key not in ("phone", "bank_account", "bank_bin"):
                raise ShopError(f"{LABELS[key]} dài quá {LIMITS[key]} ký tự.")
        if values["phone"]:
            values["phone"] = canonical_phone(values["phone"])
        if values["zalo"]:
            zalo = values["zalo"]
            values["zalo"] = canonical_phone(zalo) if re.fullmatch(r"[+\d\s.\-()]+", zalo) else _link(zalo, "Zalo")
        if values["facebook"]:
            values["facebook"] = _link(values["facebook"], "Facebook")
        if values["bank_bin"]:
            values["bank_bin"] = napas_bin(values["bank_bin"])
        account = re.sub(r"[\s.\-]", "", values["bank_account"])
        if account and not re.fullmatch(r"[0-9A-Za-z]{4,19}", account):
            raise ShopError("Số tài khoản chỉ gồm chữ số (hoặc chữ không dấu), tối đa 19 ký tự.")
        values["bank_account"] = account
        if bool(values["bank_bin"]) != bool(account):
            raise ShopError("Hãy ghi cả mã ngân hàng (BIN) và số tài khoản, hoặc bỏ trống cả hai.")
        return cls(**values)

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))

    def contact_lines(self) -> list[str]:
        """What a Facebook or Zalo post may print about the shop (Vietnamese, filled fields only)."""
        lines = []
        if self.shop_name:
            lines.append(f"{self.shop_name}")
        if self.phone:
            lines.append(f"Điện thoại/Zalo: {self.phone}" if self.zalo == self.phone else f"Điện thoại: {self.phone}")
        if self.zalo and self.zalo != self.phone:
            lines.append(f"Zalo: {self.zalo}")
        if self.facebook:
            lines.append(f"Facebook: {self.facebook}")
        if self.address:
            lines.append(f"Địa chỉ: {self.address}")
        if self.delivery_area:
            lines.append(f"Giao hàng: {self.delivery_area}")
        if self.return_policy:
            lines.append(f"Đổi trả: {self.return_policy}")
        return lines


def shop_from_mapping(data: object) -> ShopProfile:
    """A profile from a YAML/JSON mapping with English or Vietnamese keys."""
    if not isinstance(data, dict):
        raise ShopError("Tệp thông tin cửa hàng phải là các dòng “khóa: giá trị”, ví dụ “shop_name: Nhà Lan”.")
    values: dict[str, object] = {}
    for raw_key, value in data.items():
        key = _KEY.get(re.sub(r"\s+", " ", fold(nfc(raw_key)).replace("_", " ")).strip()) \
            or _KEY.get(str(raw_key).strip())
        if key is None:
            raise ShopError(f"Không hiểu mục “{raw_key}” trong thông tin cửa hàng. Các mục: "
                            + ", ".join(LABELS) + ".")
        values[key] = "" if value is None else str(value)
    return ShopProfile.from_fields(**values)


def load_shop(path: str | Path) -> ShopProfile:
    import yaml
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ShopError(f"Không mở được tệp thông tin cửa hàng “{path}”: {exc.strerror or exc}.") from None
    except UnicodeDecodeError:
        raise ShopError(f"Tệp “{path}” phải lưu bằng UTF-8.") from None
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError:
        raise ShopError(f"Tệp “{path}” không đúng dạng YAML (mỗi dòng “khóa: giá trị”).") from None
    return shop_from_mapping(data)
