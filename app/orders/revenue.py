"""Revenue from the sales book: today / this week / this month, by channel, by product, per day, and the
revenue book (sổ doanh thu, mẫu S1a-HKD) as XLSX.

What counts: orders that are confirmed, being delivered or delivered (not new, not cancelled), on the day the
order was taken (Vietnam time). Revenue is the goods' price after the seller's discount; the shipping fee the
buyer pays is shown apart and is not revenue from goods.
"""
from __future__ import annotations

import io
from copy import copy
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import yaml
from sqlalchemy import Float, cast, func, select
from sqlalchemy.orm import Session

from app.models import Order, OrderItem
from app.orders.service import day_bounds
from tools.safe_text import cell as safe_cell
from tools.sales.orders import CHANNELS, SOLD_STATUSES, VN_TZ, local_time, order_code

BOOK_LAYOUT = Path(__file__).resolve().parents[2] / "tools" / "sales" / "revenue_book.yaml"


@dataclass(frozen=True)
class PeriodTotal:
    label: str
    orders: int
    revenue: int


@dataclass(frozen=True)
class RevenueReport:
    start: date
    end: date                   # inclusive
    today: PeriodTotal
    week: PeriodTotal
    month: PeriodTotal
    by_channel: list[tuple[str, int, int]]   # (channel label, orders, revenue), largest first
    by_product: list[tuple[str, int, int]]   # (product, quantity, revenue), largest first
    daily: list[tuple[date, int]]            # every day of the range, 0 where nothing sold
    shipping: int


def _sold_rows(session: Session, owner_id: int, start: date, end: date):
    lo, hi = day_bounds(start)[0], day_bounds(end)[1]
    return session.execute(
        select(Order.id, Order.seq, Order.created_at, Order.channel, Order.subtotal, Order.discount,
               Order.shipping_fee)
        .where(Order.owner_id == owner_id, Order.status.in_(SOLD_STATUSES), Order.created_at >= lo,
               Order.created_at < hi)
        .order_by(Order.created_at, Order.id)).all()


def _local_day(session: Session):
    """SQL for the Vietnam calendar day of Order.created_at, as text YYYY-MM-DD on every database."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("Asia/Ho_Chi_Minh", Order.created_at), "YYYY-MM-DD")
    return func.date(Order.created_at, "+7 hours")  # SQLite keeps UTC wall time; Vietnam has no DST


def revenue_report(session: Session, owner_id: int, start: date | None = None, end: date | None = None,
                   today: date | None = None) -> RevenueReport:
    """The revenue page's one call. Without a range: this month up to today. Sums are done in SQL
    (per day and channel, per product), so 10,000 orders cost a few hundred grouped rows."""
    today = today or local_time(datetime.now().astimezone()).date()
    month_start = today.replace(day=1)
    week_start = today - timedelta(days=today.weekday())
    start = start or month_start
    end = end or today
    lo, hi = day_bounds(min(start, week_start, month_start))[0], day_bounds(max(end, today))[1]
    day_sql = _local_day(session).label("day")
    sold = [Order.owner_id == owner_id, Order.status.in_(SOLD_STATUSES), Order.created_at >= lo, Order.created_at < hi]
    groups = session.execute(
        select(day_sql, Order.channel, func.count(), func.sum(Order.subtotal - Order.discount),
               func.sum(Order.shipping_fee)).where(*sold).group_by(day_sql, Order.channel)).all()
    t = {"today": [0, 0], "week": [0, 0], "month": [0, 0]}
    per_channel: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_day: dict[date, int] = defaultdict(int)
    shipping = 0
    for day_text, channel, n, money, ship in groups:
        day = date.fromisoformat(str(day_text)[:10])
        money, ship = int(money or 0), int(ship or 0)
        for key, first in (("today", today), ("week", week_start), ("month", month_start)):
            if first <= day <= today:
                t[key][0] += n
                t[key][1] += money
        if start <= day <= end:
            per_channel[channel][0] += n
            per_channel[channel][1] += money
            per_day[day] += money
            shipping += ship
    # Per product: the order's discount is spread over its lines by value.
    share = OrderItem.line_total - cast(Order.discount, Float) * OrderItem.line_total / func.nullif(Order.subtotal, 0)
    products = session.execute(
        select(OrderItem.name, func.sum(OrderItem.qty), func.sum(func.coalesce(share, OrderItem.line_total)))
        .join(Order, Order.id == OrderItem.order_id)
        .where(Order.owner_id == owner_id, Order.status.in_(SOLD_STATUSES),
               Order.created_at >= day_bounds(start)[0], Order.created_at < day_bounds(end)[1])
        .group_by(OrderItem.name)).all()
    days = [(start + timedelta(days=i), per_day.get(start + timedelta(days=i), 0))
            for i in range((end - start).days + 1)]
    return RevenueReport(
        start=start, end=end,
        today=PeriodTotal("Hôm nay", *t["today"]), week=PeriodTotal("Tuần này", *t["week"]),
        month=PeriodTotal("Tháng này", *t["month"]),
        by_channel=sorted(((CHANNELS.get(c, c), n, m) for c, (n, m) in per_channel.items()), key=lambda r: -r[2]),
        by_product=sorted(((p, int(q), int(round(m or 0))) for p, q, m in products), key=lambda r: -r[2]),
        daily=days, shipping=shipping)


@lru_cache(maxsize=1)
def book_layout() -> dict:
    return yaml.safe_load(BOOK_LAYOUT.read_text(encoding="utf-8"))


def month_range(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def revenue_book_xlsx(session: Session, owner_id: int, start: date, end: date, *, shop_name: str = "",
                      address: str = "", tax_code: str = "", made_on: date | None = None) -> bytes:
    """The revenue book for [start, end] in the layout of tools/sales/revenue_book.yaml: one line per sale.

    Written in openpyxl's write-only mode with named styles (a month of 10,000 orders in about a second);
    that mode has no merged cells, so the centred heading lines sit in the wide column B."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side

    layout = book_layout()
    rows = _sold_rows(session, owner_id, start, end)
    ids = [r[0] for r in rows]
    names: dict[int, list[str]] = defaultdict(list)
    for lo in range(0, len(ids), 900):
        for oid, name, variant, qty in session.execute(
                select(OrderItem.order_id, OrderItem.name, OrderItem.variant, OrderItem.qty)
                .where(OrderItem.order_id.in_(ids[lo:lo + 900])).order_by(OrderItem.id)):
            names[oid].append(f"{name}{' ' + variant if variant else ''} x{qty}")

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(layout["form"])
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    styles = {
        "bold": NamedStyle("b_bold", font=Font(bold=True)),
        "italic": NamedStyle("b_italic", font=Font(italic=True)),
        "title": NamedStyle("b_title", font=Font(bold=True, size=14), alignment=center),
        "center": NamedStyle("b_center", alignment=center),
        "th": NamedStyle("b_th", font=Font(bold=True), alignment=center, border=box),
        "date": NamedStyle("b_date", border=box, number_format="dd/mm/yyyy", alignment=Alignment(horizontal="center")),
        "text": NamedStyle("b_text", border=box),
        "money": NamedStyle("b_money", border=box, number_format="#,##0"),
        "total": NamedStyle("b_total", border=box, font=Font(bold=True)),
        "total_money": NamedStyle("b_total_money", border=box, font=Font(bold=True), number_format="#,##0"),
    }
    for style in styles.values():
        wb.add_named_style(style)

    arrays: dict[str, object] = {}
    for key, style in styles.items():  # resolve each named style once, then copy its style array per cell
        probe = WriteOnlyCell(ws)
        probe.style = style.name
        arrays[key] = probe._style

    def cell(value, style: str | None = None):
        c = WriteOnlyCell(ws, safe_cell(value) if isinstance(value, str) else value)
        if style:
            c._style = copy(arrays[style])
        return c

    cols = layout["columns"]
    for i, c in enumerate(cols):
        ws.column_dimensions["ABC"[i]].width = c["width"]
    head = layout["heading"]
    fill = {"shop_name": shop_name or "……………", "address": address or "……………",
            "tax_code": tax_code or "……………", "period": f"từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"}
    left = [head["business"], head["address"], head["tax_code"]]
    basis = [layout["form_label"], *layout["legal_basis"]]
    for i in range(max(len(left), len(basis))):
        ws.append([cell(left[i].format(**fill), "bold" if i == 0 else None) if i < len(left) else None, None,
                   cell(basis[i], "bold" if i == 0 else "italic") if i < len(basis) else None])
    ws.append([])
    ws.append([None, cell(layout["title"], "title")])
    for key in ("place", "period"):
        ws.append([None, cell(head[key].format(**fill), "center")])
    ws.append([None, None, cell(head["unit"], "italic")])
    ws.append([cell(c["header"], "th") for c in cols])
    ws.append([cell(c["code"], "th") for c in cols])
    total = 0
    if not rows:
        ws.append([cell(None, "text"), cell(layout["empty_label"], "text"), cell(0, "money")])
    for oid, seq, created, _channel, subtotal, discount, _ship in rows:
        money = subtotal - discount
        total += money
        what = ", ".join(names.get(oid, []))
        ws.append([cell(local_time(created).date(), "date"),
                   cell(f"Bán hàng theo đơn {order_code(seq)}: {what}"[:500], "text"), cell(money, "money")])
    ws.append([cell(None, "total"), cell(layout["total_label"], "total"), cell(total, "total_money")])
    made_on = made_on or datetime.now(VN_TZ).date()
    ws.append([])
    sig = layout["signature"]
    ws.append([None, cell(sig["date"].format(day=made_on.day, month=made_on.month, year=made_on.year), "italic")])
    for line in sig["lines"]:
        ws.append([None, cell(line, "center")])
    header_row = max(len(left), len(basis)) + 6
    ws.print_title_rows = f"{header_row}:{header_row + 1}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def month_book(session: Session, owner_id: int, year: int, month: int, owner_name: str = "") -> tuple[str, bytes]:
    """(file name, XLSX) of one month's revenue book, headed with the shop profile's name and address."""
    from app.shop_profile import get_shop_profile
    profile = get_shop_profile(session, owner_id)
    first, last = month_range(year, month)
    data = revenue_book_xlsx(session, owner_id, first, last, shop_name=profile.shop_name or owner_name,
                             address=profile.address)
    return f"so_doanh_thu_{year}_{month:02d}.xlsx", data
