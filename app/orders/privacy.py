"""Customers' personal data in the sales book (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15): used only for their
orders; exported or erased on the customer's request; erased from orders older than the seller's period.

Erasing keeps the order's money and items (the revenue book needs them) and removes name, phone, address
and notes (a note may hold personal details too).
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import Order, utcnow
from app.orders.service import OrderError, canonical_phone, settings
from tools.sales.orders import CHANNELS, PAYMENTS, STATUSES, format_time, order_code

ERASED_NAME = "(đã xóa thông tin)"


def _customer_orders(session: Session, owner_id: int, phone: str) -> list[Order]:
    digits = canonical_phone(phone)
    if not digits:
        raise OrderError("phone", "Nhập số điện thoại của khách.")
    return list(session.scalars(select(Order).where(Order.owner_id == owner_id, Order.customer_phone == digits)
                                .order_by(Order.created_at)))


def export_customer(session: Session, owner_id: int, phone: str) -> bytes:
    """Everything the seller holds about one customer (by phone), as JSON the customer can read."""
    orders = _customer_orders(session, owner_id, phone)
    if not orders:
        raise OrderError("not_found", "Không có đơn hàng nào của số điện thoại này.")
    data = {
        "so_dien_thoai": orders[0].customer_phone,
        "muc_dich": "Giao các đơn hàng dưới đây",
        "don_hang": [{
            "ma_don": order_code(o.seq), "ngay": format_time(o.created_at), "ten": o.customer_name,
            "dia_chi": o.customer_address, "kenh": CHANNELS.get(o.channel, o.channel),
            "thanh_toan": PAYMENTS.get(o.payment, o.payment), "trang_thai": STATUSES.get(o.status, o.status),
            "ghi_chu": o.note, "tong_tien": o.total,
            "hang": [{"ten": i.name, "loai": i.variant, "so_luong": i.qty, "don_gia": i.unit_price} for i in o.items],
        } for o in orders],
    }
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def _erase(session: Session, where, at: datetime) -> int:
    result = session.execute(update(Order).where(*where).values(
        customer_name=ERASED_NAME, customer_phone="", customer_address="", note="", anonymised_at=at))
    session.flush()
    return result.rowcount or 0


def erase_customer(session: Session, owner_id: int, phone: str) -> int:
    """Remove one customer's personal data from all the seller's orders; returns how many orders changed."""
    digits = canonical_phone(phone)
    if not _customer_orders(session, owner_id, digits):
        raise OrderError("not_found", "Không có đơn hàng nào của số điện thoại này.")
    return _erase(session, [Order.owner_id == owner_id, Order.customer_phone == digits], utcnow())


def anonymise_old_orders(session: Session, owner_id: int, now: datetime | None = None) -> int:
    """Apply the seller's period: orders older than it lose the customer's personal data. 0 when no period set."""
    days = settings(session, owner_id).anonymise_after_days
    if not days:
        return 0
    now = now or utcnow()
    return _erase(session, [Order.owner_id == owner_id, Order.created_at < now - timedelta(days=days),
                            Order.anonymised_at.is_(None), Order.status.in_(("delivered", "cancelled"))], now)
