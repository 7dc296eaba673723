"""VietQR payment codes: the EMVCo merchant-presented payload as NAPAS publishes it (VietQR spec v1.5.2).

Written from the public spec rather than a PyPI package: the two candidates (vietqr-emvco 1.0.0, July 2026,
and napas-qr-python 0.2.0) are one-author packages without a track record, and the format is ~60 lines.

Payload = TLV fields (2-digit id, 2-digit length, value), ids in ascending order:
  00 "01" payload format · 01 "11" static (no amount) / "12" dynamic (one payment)
  38 VietQR merchant account: 00 GUID A000000727 · 01 beneficiary (00 bank BIN, 01 account) · 02 QRIBFTTA
  53 "704" (VND) · 54 amount · 58 "VN" · 59 account holder (optional) · 62/08 transfer note
  63 CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) over everything before it including "6304".
"""
from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from tools.textnorm import nfc

BANKS_FILE = Path(__file__).resolve().parent / "banks.yaml"
NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
NOTE_MAX = 25          # EMVCo: "purpose of transaction" is at most 25 characters
HOLDER_MAX = 25        # EMVCo field 59 merchant name, at most 25 characters


class VietQRError(ValueError):
    """Bad bank, account or amount; the message is Vietnamese and safe to show."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Bank:
    bin: str
    short: str
    name: str


@lru_cache(maxsize=1)
def banks() -> tuple[Bank, ...]:
    data = yaml.safe_load(BANKS_FILE.read_text(encoding="utf-8"))
    return tuple(Bank(str(b["bin"]), nfc(b["short"]), nfc(b["name"])) for b in data["banks"])


def bank_by_bin(bin_code: str) -> Bank | None:
    return next((b for b in banks() if b.bin == str(bin_code).strip()), None)


def crc16(text: str) -> str:
    """CRC-16/CCITT-FALSE as 4 upper-case hex digits."""
    crc = 0xFFFF
    for byte in text.encode("utf-8"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise VietQRError("too_long", "Thông tin trong mã QR quá dài.")
    return f"{tag}{len(value):02d}{value}"


def ascii_note(text: str, limit: int = NOTE_MAX) -> str:
    """Transfer notes travel as plain ASCII (banks drop or mangle accents): "Đơn #12" -> "Don 12"."""
    decomposed = unicodedata.normalize("NFD", nfc(text).replace("đ", "d").replace("Đ", "D"))
    plain = re.sub(r"[^A-Za-z0-9 ]+", " ", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))
    return re.sub(r"\s+", " ", plain).strip()[:limit].strip()


def build_payload(bank_bin: str, account: str, amount: int | None = None, note: str = "",
                  holder: str = "") -> str:
    """The VietQR string. No amount: a general (static) code the payer fills in."""
    bank_bin = str(bank_bin or "").strip()
    account = re.sub(r"\s+", "", str(account or ""))
    if bank_by_bin(bank_bin) is None:
        raise VietQRError("bank", "Chưa chọn ngân hàng (mã BIN) trong hồ sơ cửa hàng hoặc mã không có trong danh sách NAPAS.")
    if not re.fullmatch(r"[0-9A-Za-z]{4,19}", account):
        raise VietQRError("account", "Số tài khoản chỉ gồm chữ số (4–19 ký tự).")
    if amount is not None:
        amount = int(amount)
        if amount <= 0 or amount > 9_999_999_999_999:
            raise VietQRError("amount", "Số tiền trong mã QR phải lớn hơn 0.")
    beneficiary = _tlv("00", bank_bin) + _tlv("01", account)
    merchant = _tlv("00", NAPAS_GUID) + _tlv("01", beneficiary) + _tlv("02", SERVICE_TO_ACCOUNT)
    parts = [_tlv("00", "01"), _tlv("01", "12" if amount else "11"), _tlv("38", merchant), _tlv("53", "704")]
    if amount:
        parts.append(_tlv("54", str(amount)))
    parts.append(_tlv("58", "VN"))
    name = ascii_note(holder, HOLDER_MAX).upper()
    if name:
        parts.append(_tlv("59", name))
    clean_note = ascii_note(note)
    if clean_note:
        parts.append(_tlv("62", _tlv("08", clean_note)))
    body = "".join(parts) + "6304"
    return body + crc16(body)


def qr_png(payload: str, box_size: int = 8) -> bytes:
    """The code as a PNG (black on white, quiet zone of 4 modules so phone cameras find it)."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=4)
    code.add_data(payload)
    code.make(fit=True)
    buf = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buf, format="PNG")
    return buf.getvalue()


def order_note(order_code: str) -> str:
    """The transfer note for an order: its code, so the seller matches the bank's message to the order."""
    return ascii_note(f"TT {order_code}")
