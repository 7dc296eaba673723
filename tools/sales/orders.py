"""The sales book's vocabulary and arithmetic, free of any database: channels, payments, status flow,
order totals and the amount in Vietnamese words. The order slip, the CLI and the pages all use these."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from tools.channels import channel_labels
from tools.speech_text import number_words

VN_TZ = timezone(timedelta(hours=7))  # Vietnam keeps UTC+7 all year

CHANNELS = {**{c: channel_labels()[c] for c in ("zalo", "facebook", "shopee", "tiktok")},
            "phone": "Điện thoại", "stall": "Tại quầy"}   # where an order came from: the sales channels, and more
PAYMENTS = {"cash": "Tiền mặt", "transfer": "Chuyển khoản", "cod": "COD (thu hộ khi giao)"}
STATUSES = {"new": "Mới", "confirmed": "Đã xác nhận", "shipping": "Đang giao", "delivered": "Đã giao",
            "cancelled": "Đã hủy"}
# Which status may follow which: the happy path one step at a time; cancel from anything not yet delivered.
NEXT_STATUS = {"new": ("confirmed", "cancelled"), "confirmed": ("shipping", "delivered", "cancelled"),
               "shipping": ("delivered", "cancelled"), "delivered": (), "cancelled": ()}
# Orders that count as sales (revenue, the revenue book) and that hold stock.
SOLD_STATUSES = ("confirmed", "shipping", "delivered")

MAX_QTY = 10_000
MAX_AMOUNT = 10_000_000_000


def order_code(seq: int) -> str:
    return f"DH{seq:06d}"


def local_time(at: datetime) -> datetime:
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    return at.astimezone(VN_TZ)


def format_time(at: datetime) -> str:
    return local_time(at).strftime("%H:%M %d/%m/%Y")


@dataclass(frozen=True)
class Line:
    name: str
    variant: str
    unit_price: int
    qty: int

    @property
    def total(self) -> int:
        return self.unit_price * self.qty

    @property
    def label(self) -> str:
        return f"{self.name} ({self.variant})" if self.variant else self.name


@dataclass(frozen=True)
class Totals:
    subtotal: int
    discount: int
    shipping_fee: int
    total: int


def totals(lines: list[Line] | tuple[Line, ...], discount: int = 0, shipping_fee: int = 0) -> Totals:
    subtotal = sum(line.total for line in lines)
    discount = max(0, min(int(discount or 0), subtotal))
    shipping_fee = max(0, int(shipping_fee or 0))
    return Totals(subtotal, discount, shipping_fee, subtotal - discount + shipping_fee)


def amount_words(amount: int) -> str:
    """275000 -> "Hai trăm bảy mươi lăm nghìn đồng" (as written under a total)."""
    words = number_words(str(int(amount)))
    return words[:1].upper() + words[1:] + " đồng"


@dataclass
class SlipData:
    """Everything the order slip prints; the caller fills it from the order and the shop profile."""
    code: str
    created_at: datetime
    customer_name: str
    customer_phone: str
    customer_address: str
    channel: str
    payment: str
    paid: bool
    status: str
    lines: list[Line]
    totals: Totals
    note: str = ""
    shop_name: str = ""
    shop_phone: str = ""
    shop_address: str = ""
    bank_label: str = ""
    bank_account: str = ""
    account_holder: str = ""
    qr_payload: str | None = None
    extra: dict = field(default_factory=dict)
