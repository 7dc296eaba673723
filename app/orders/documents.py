"""What an order gives the seller to hand out: its VietQR payment code and its slip (PDF); the shop's
general payment code (no amount) for posts and the video end card."""
from __future__ import annotations

from sqlalchemy.orm import Session

from app.models import Order
from app.orders.service import get_order
from app.shop_profile import get_shop_profile
from tools.shop import ShopProfile
from tools.sales.orders import Line, SlipData, Totals, order_code
from tools.sales.slip import slip_pdf, thermal_slip_pdf
from tools.sales.vietqr import VietQRError, bank_by_bin, build_payload, order_note


def shop_profile(session: Session, owner_id: int) -> ShopProfile:
    """The seller's shop profile (an empty one when none is saved yet)."""
    return get_shop_profile(session, owner_id)


def _bank(profile: ShopProfile) -> tuple[str, str, str]:
    return profile.bank_bin, profile.bank_account, profile.account_holder


def order_qr(session: Session, owner_id: int, order: Order) -> tuple[str | None, str]:
    """(VietQR payload with the exact amount and the order code in the note, or None; why not, in Vietnamese)."""
    if order.paid or order.status == "cancelled":
        return None, ""
    if order.payment != "transfer":
        return None, ""
    bin_code, account, holder = _bank(shop_profile(session, owner_id))
    if not bin_code or not account:
        return None, "Thêm ngân hàng và số tài khoản trong hồ sơ cửa hàng để in mã VietQR."
    try:
        return build_payload(bin_code, account, order.total, order_note(order_code(order.seq)), holder), ""
    except VietQRError as exc:
        return None, str(exc)


def general_qr(session: Session, owner_id: int) -> str:
    """The shop's payment code without an amount; raises VietQRError (with a message) when not set up."""
    bin_code, account, holder = _bank(shop_profile(session, owner_id))
    return build_payload(bin_code, account, None, "", holder)


def slip_data(session: Session, owner_id: int, order_id: int) -> SlipData:
    order = get_order(session, owner_id, order_id)
    profile = shop_profile(session, owner_id)
    bin_code, account, holder = _bank(profile)
    payload, _ = order_qr(session, owner_id, order)
    bank = bank_by_bin(bin_code)
    code = order_code(order.seq)
    return SlipData(
        code=code, created_at=order.created_at, customer_name=order.customer_name,
        customer_phone=order.customer_phone, customer_address=order.customer_address, channel=order.channel,
        payment=order.payment, paid=order.paid, status=order.status,
        lines=[Line(i.name, i.variant, i.unit_price, i.qty) for i in order.items],
        totals=Totals(order.subtotal, order.discount, order.shipping_fee, order.total), note=order.note,
        shop_name=profile.shop_name, shop_phone=profile.phone, shop_address=profile.address,
        bank_label=bank.short if bank else "", bank_account=account, account_holder=holder, qr_payload=payload,
        extra={"note": order_note(code)})


PAPERS = {"a5": "A5", "80mm": "giấy in nhiệt 80 mm"}


def order_slip_pdf(session: Session, owner_id: int, order_id: int, paper: str = "a5") -> bytes:
    """The order slip on A5 paper or an 80 mm thermal roll."""
    data = slip_data(session, owner_id, order_id)
    return thermal_slip_pdf(data) if paper == "80mm" else slip_pdf(data)
