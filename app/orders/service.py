"""The sales book: create orders, move them through their status flow, search them, keep stock in step.

Every function takes the seller's user id and only ever touches that seller's orders and products.
Errors are `OrderError(code, Vietnamese message)`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from app.models import Order, OrderItem, Product as ProductRow, SalesSettings, utcnow
from tools.sales.orders import (
    CHANNELS, MAX_AMOUNT, MAX_QTY, NEXT_STATUS, PAYMENTS, SOLD_STATUSES, STATUSES, VN_TZ, Line, order_code,
    totals,
)
from tools.shop import ShopError, canonical_phone as shop_phone
from tools.textnorm import fold, nfc


class OrderError(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass
class ItemInput:
    name: str
    unit_price: int
    qty: int
    variant: str = ""
    product_id: int | None = None


@dataclass
class OrderInput:
    customer_name: str = ""
    customer_phone: str = ""
    customer_address: str = ""
    items: list[ItemInput] = field(default_factory=list)
    discount: int = 0
    shipping_fee: int = 0
    channel: str = "zalo"
    payment: str = "transfer"
    paid: bool = False
    note: str = ""
    status: str = "new"


def canonical_phone(raw: str) -> str:
    """"0912 345 678" / "+84 912 345 678" -> "0912345678"; "" stays ""; anything else raises OrderError."""
    text = nfc(raw)
    if not text:
        return ""
    try:
        return shop_phone(text)
    except ShopError as exc:
        raise OrderError("phone", str(exc)) from None


def _money(value: object, what: str) -> int:
    try:
        amount = int(value or 0)
    except (TypeError, ValueError):
        raise OrderError("amount", f"{what} phải là số tiền (đồng).") from None
    if amount < 0 or amount > MAX_AMOUNT:
        raise OrderError("amount", f"{what} phải từ 0 đến 10 tỷ đồng.")
    return amount


def _clean(data: OrderInput, session: Session, owner_id: int) -> tuple[OrderInput, list[Line]]:
    if data.channel not in CHANNELS:
        raise OrderError("channel", "Chọn kênh bán: " + ", ".join(CHANNELS.values()) + ".")
    if data.payment not in PAYMENTS:
        raise OrderError("payment", "Chọn cách trả tiền: " + ", ".join(PAYMENTS.values()) + ".")
    if data.status not in ("new", "confirmed"):
        raise OrderError("status", "Đơn mới chỉ có thể ở trạng thái “Mới” hoặc “Đã xác nhận”.")
    if not data.items:
        raise OrderError("items", "Đơn hàng cần ít nhất một sản phẩm.")
    name, address, note = nfc(data.customer_name), nfc(data.customer_address), nfc(data.note)
    if len(name) > 200 or len(address) > 500 or len(note) > 2000:
        raise OrderError("too_long", "Tên khách tối đa 200 ký tự, địa chỉ 500, ghi chú 2000.")
    lines = []
    for item in data.items:
        label = nfc(item.name)
        if not label:
            raise OrderError("items", "Mỗi dòng hàng cần tên sản phẩm.")
        try:
            qty = int(item.qty)
        except (TypeError, ValueError):
            raise OrderError("qty", f"Số lượng của “{label}” phải là số nguyên.") from None
        if qty < 1 or qty > MAX_QTY:
            raise OrderError("qty", f"Số lượng của “{label}” phải từ 1 đến {MAX_QTY:,}.".replace(",", "."))
        if item.product_id is not None:
            row = session.get(ProductRow, item.product_id)
            if row is None or row.owner_id != owner_id:
                raise OrderError("product", f"Không tìm thấy sản phẩm “{label}” trong sản phẩm đã lưu.")
        lines.append(Line(label[:300], nfc(item.variant)[:120], _money(item.unit_price, f"Giá của “{label}”"), qty))
    clean = OrderInput(name, canonical_phone(data.customer_phone), address, list(data.items),
                       _money(data.discount, "Giảm giá"), _money(data.shipping_fee, "Phí giao hàng"),
                       data.channel, data.payment, bool(data.paid), note, data.status)
    return clean, lines


def _stamp(order: Order, status: str, at: datetime) -> None:
    order.status = status
    order.history = [*(order.history or []), {"status": status, "at": at.isoformat()}]


def _move_stock(session: Session, order: Order, sign: int) -> None:
    """sign -1 takes the order's quantities from stock, +1 gives them back. Products without a stock
    figure (the seller does not count it) are left alone."""
    for item in order.items:
        if item.product_id is None:
            continue
        row = session.get(ProductRow, item.product_id, with_for_update=True)
        if row is not None and getattr(row, "stock", None) is not None:
            row.stock = max(0, row.stock + sign * item.qty)
    order.stock_taken = sign < 0


def create_order(session: Session, owner_id: int, data: OrderInput, at: datetime | None = None) -> Order:
    clean, lines = _clean(data, session, owner_id)
    money = totals(lines, clean.discount, clean.shipping_fee)
    at = at or utcnow()
    for _attempt in range(3):  # two sellers' tabs may take the same next number: retry on the unique key
        seq = (session.scalar(select(func.max(Order.seq)).where(Order.owner_id == owner_id)) or 0) + 1
        order = Order(owner_id=owner_id, seq=seq, created_at=at, customer_name=clean.customer_name,
                      customer_phone=clean.customer_phone, customer_address=clean.customer_address,
                      channel=clean.channel, payment=clean.payment, paid=clean.paid, note=clean.note,
                      subtotal=money.subtotal, discount=money.discount, shipping_fee=money.shipping_fee,
                      total=money.total, history=[], status="new", stock_taken=False)
        order.items = [OrderItem(product_id=item.product_id, name=line.name, variant=line.variant,
                                 unit_price=line.unit_price, qty=line.qty, line_total=line.total)
                       for item, line in zip(clean.items, lines)]
        _stamp(order, "new", at)
        try:
            with session.begin_nested():
                session.add(order)
                session.flush()
        except IntegrityError:
            continue
        if clean.status == "confirmed":
            set_status(session, owner_id, order.id, "confirmed", at)
        return order
    raise OrderError("busy", "Không cấp được số đơn, hãy thử lại.")


def get_order(session: Session, owner_id: int, order_id: int) -> Order:
    order = session.get(Order, order_id)
    if order is None or order.owner_id != owner_id:
        raise OrderError("not_found", "Không tìm thấy đơn hàng này.")
    return order


def find_order(session: Session, owner_id: int, code: str) -> Order:
    """By code "DH000012" or number "12"."""
    digits = re.sub(r"\D", "", code or "")
    if not digits:
        raise OrderError("not_found", f"Mã đơn “{code}” không đúng, ví dụ DH000012.")
    order = session.scalar(select(Order).where(Order.owner_id == owner_id, Order.seq == int(digits)))
    if order is None:
        raise OrderError("not_found", f"Không có đơn {order_code(int(digits))}.")
    return order


def set_status(session: Session, owner_id: int, order_id: int, status: str, at: datetime | None = None) -> Order:
    order = get_order(session, owner_id, order_id)
    if status not in STATUSES:
        raise OrderError("status", "Trạng thái không đúng.")
    if status == order.status:
        return order
    if status not in NEXT_STATUS[order.status]:
        raise OrderError("status_flow", f"Đơn đang “{STATUSES[order.status]}” không chuyển sang "
                                        f"“{STATUSES[status]}” được.")
    if status in SOLD_STATUSES and not order.stock_taken:
        _move_stock(session, order, -1)
    elif status == "cancelled" and order.stock_taken:
        _move_stock(session, order, +1)
    _stamp(order, status, at or utcnow())
    session.flush()
    return order


def set_paid(session: Session, owner_id: int, order_id: int, paid: bool = True) -> Order:
    order = get_order(session, owner_id, order_id)
    order.paid = bool(paid)
    session.flush()
    return order


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """A Vietnam calendar day as [start, end) in UTC (SQLite compares stored UTC wall times as text)."""
    start = datetime.combine(day, time.min, tzinfo=VN_TZ).astimezone(timezone.utc)
    return start, start + timedelta(days=1)


def search_orders(session: Session, owner_id: int, *, day: date | None = None, date_from: date | None = None,
                  date_to: date | None = None, status: str | None = None, customer: str = "",
                  limit: int = 200) -> list[Order]:
    """Newest first. `customer` matches the phone digits or the name without accents."""
    conds = [Order.owner_id == owner_id]
    if day is not None:
        date_from = date_to = day
    if date_from is not None:
        conds.append(Order.created_at >= day_bounds(date_from)[0])
    if date_to is not None:
        conds.append(Order.created_at < day_bounds(date_to)[1])
    if status:
        if status not in STATUSES:
            raise OrderError("status", "Trạng thái không đúng.")
        conds.append(Order.status == status)
    needle = nfc(customer)
    if needle:  # accent-insensitive on the name ("huong" finds "Hường"), digits on the phone
        key, digits = fold(needle), re.sub(r"\D", "", needle)
        ids = [oid for oid, name, phone in session.execute(
                   select(Order.id, Order.customer_name, Order.customer_phone).where(*conds)
                   .order_by(Order.created_at.desc(), Order.id.desc()))
               if key in fold(name) or (len(digits) >= 3 and digits in phone)][:limit]
        conds = [Order.id.in_(ids)]
    q = select(Order).where(*conds).options(selectinload(Order.items))
    return list(session.scalars(q.order_by(Order.created_at.desc(), Order.id.desc()).limit(limit)))


def settings(session: Session, owner_id: int) -> SalesSettings:
    row = session.get(SalesSettings, owner_id)
    if row is None:
        row = SalesSettings(owner_id=owner_id, anonymise_after_days=None, low_stock_level=5)
        session.add(row)
        session.flush()
    return row


def save_settings(session: Session, owner_id: int, *, anonymise_after_days: int | None,
                  low_stock_level: int) -> SalesSettings:
    if anonymise_after_days is not None and not 30 <= int(anonymise_after_days) <= 3650:
        raise OrderError("period", "Thời hạn giữ thông tin khách phải từ 30 đến 3650 ngày.")
    if not 0 <= int(low_stock_level) <= 100_000:
        raise OrderError("level", "Mức báo sắp hết hàng phải từ 0 đến 100.000.")
    row = settings(session, owner_id)
    row.anonymise_after_days = None if anonymise_after_days is None else int(anonymise_after_days)
    row.low_stock_level = int(low_stock_level)
    session.flush()
    return row


@dataclass(frozen=True)
class LowStock:
    product_id: int
    name: str
    stock: int


def low_stock(session: Session, owner_id: int, level: int | None = None) -> list[LowStock]:
    """Saved products whose counted stock is at or below the seller's level, fewest first."""
    if not hasattr(ProductRow, "stock"):
        return []
    if level is None:
        level = settings(session, owner_id).low_stock_level
    rows = session.execute(select(ProductRow.id, ProductRow.name, ProductRow.stock)
                           .where(ProductRow.owner_id == owner_id, ProductRow.stock.is_not(None),
                                  ProductRow.stock <= level).order_by(ProductRow.stock, ProductRow.name))
    return [LowStock(*r) for r in rows]
