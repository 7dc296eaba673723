"""Revenue from the sales book: today / this week / this month, by channel, by product, per day, and the
revenue book (sổ doanh thu, mẫu S1a-HKD) as XLSX.

What counts: orders that are confirmed, being delivered or delivered (not new, not cancelled), on the day the
order was taken (Vietnam time). Revenue is the goods' price after the seller's discount; the shipping fee the
buyer pays is shown apart and is not revenue from goods.
"""
from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Order, OrderItem
from app.orders.service import day_bounds
from tools.sales.orders import CHANNELS, SOLD_STATUSES, local_time, order_code

try:
    from tools.safe_text import cell as safe_cell  # the one export escaping helper (hardening)
except ImportError:  # pragma: no cover - until it lands on main
    def safe_cell(value):
        return "'" + value if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") else value

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


def revenue_report(session: Session, owner_id: int, start: date | None = None, end: date | None = None,
                   today: date | None = None) -> RevenueReport:
    """The revenue page's one call. Without a range: this month up to today."""
    today = today or local_time(datetime.now().astimezone()).date()
    month_start = today.replace(day=1)
    week_start = today - timedelta(days=today.weekday())
    start = start or month_start
    end = end or today
    lo = min(start, week_start, month_start)
    hi = max(end, today)
    rows = _sold_rows(session, owner_id, lo, hi)
    t = {"today": [0, 0], "week": [0, 0], "month": [0, 0]}
    per_channel: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_day: dict[date, int] = defaultdict(int)
    shipping = 0
    in_range: list[int] = []
    for oid, _seq, created, channel, subtotal, discount, ship in rows:
        day = local_time(created).date()
        money = subtotal - discount
        for key, first in (("today", today), ("week", week_start), ("month", month_start)):
            if first <= day <= today:
                t[key][0] += 1
                t[key][1] += money
        if start <= day <= end:
            per_channel[channel][0] += 1
            per_channel[channel][1] += money
            per_day[day] += money
            shipping += ship
            in_range.append(oid)
    per_product: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    if in_range:
        items = session.execute(
            select(OrderItem.name, OrderItem.qty, OrderItem.line_total, Order.subtotal, Order.discount)
            .join(Order, Order.id == OrderItem.order_id)
            .where(Order.owner_id == owner_id, Order.status.in_(SOLD_STATUSES),
                   Order.created_at >= day_bounds(start)[0], Order.created_at < day_bounds(end)[1]))
        for name, qty, line_total, subtotal, discount in items:
            share = line_total - (discount * line_total // subtotal if subtotal else 0)  # discount spread by value
            per_product[name][0] += qty
            per_product[name][1] += share
    days = [(start + timedelta(days=i), per_day.get(start + timedelta(days=i), 0))
            for i in range((end - start).days + 1)]
    return RevenueReport(
        start=start, end=end,
        today=PeriodTotal("Hôm nay", *t["today"]), week=PeriodTotal("Tuần này", *t["week"]),
        month=PeriodTotal("Tháng này", *t["month"]),
        by_channel=sorted(((CHANNELS.get(c, c), n, m) for c, (n, m) in per_channel.items()), key=lambda r: -r[2]),
        by_product=sorted(((p, q, m) for p, (q, m) in per_product.items()), key=lambda r: -r[2]),
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
    """The revenue book for [start, end] in the layout of tools/sales/revenue_book.yaml: one line per sale."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    layout = book_layout()
    rows = _sold_rows(session, owner_id, start, end)
    ids = [r[0] for r in rows]
    names: dict[int, list[str]] = defaultdict(list)
    for lo in range(0, len(ids), 900):
        for oid, name, variant, qty in session.execute(
                select(OrderItem.order_id, OrderItem.name, OrderItem.variant, OrderItem.qty)
                .where(OrderItem.order_id.in_(ids[lo:lo + 900])).order_by(OrderItem.id)):
            names[oid].append(f"{name}{' ' + variant if variant else ''} x{qty}")
    wb = Workbook()
    ws = wb.active
    ws.title = layout["form"]
    head = layout["heading"]
    period = f"từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"
    fill = {"shop_name": shop_name or "……………", "address": address or "……………",
            "tax_code": tax_code or "……………", "period": period}
    bold, italic = Font(bold=True), Font(italic=True)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.append([safe_cell(head["business"].format(**fill)), None, layout["form_label"]])
    ws["A1"].font, ws["C1"].font = bold, bold
    for i, basis in enumerate(layout["legal_basis"]):
        left = [head["address"], head["tax_code"], None][i] if i < 3 else None
        ws.append([safe_cell(left.format(**fill)) if left else None, None, basis])
        ws.cell(ws.max_row, 3).font = italic
    ws.append([])
    for key, style in (("title", Font(bold=True, size=14)),):
        ws.append([layout[key]])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=3)
        ws.cell(ws.max_row, 1).font, ws.cell(ws.max_row, 1).alignment = style, center
    for key in ("place", "period"):
        ws.append([safe_cell(head[key].format(**fill))])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=3)
        ws.cell(ws.max_row, 1).alignment = center
    ws.append([None, None, head["unit"]])
    ws.cell(ws.max_row, 3).font = italic
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    cols = layout["columns"]
    header_row = ws.max_row + 1
    ws.append([c["header"] for c in cols])
    ws.append([c["code"] for c in cols])
    for r in (header_row, header_row + 1):
        for c in range(1, len(cols) + 1):
            cell = ws.cell(r, c)
            cell.font, cell.alignment, cell.border = bold, center, box
    total = 0
    if not rows:
        ws.append([None, layout["empty_label"], 0])
    for oid, seq, created, _channel, subtotal, discount, _ship in rows:
        money = subtotal - discount
        total += money
        what = ", ".join(names.get(oid, []))
        ws.append([local_time(created).date(), safe_cell(f"Bán hàng theo đơn {order_code(seq)}: {what}"[:500]), money])
    first_data = header_row + 2
    ws.append([None, layout["total_label"], total])
    last = ws.max_row
    for r in range(first_data, last + 1):
        ws.cell(r, 1).number_format = "dd/mm/yyyy"
        ws.cell(r, 3).number_format = "#,##0"
        for c in range(1, len(cols) + 1):
            ws.cell(r, c).border = box
    ws.cell(last, 2).font = ws.cell(last, 3).font = bold
    made_on = made_on or date.today()
    ws.append([])
    ws.append([None, layout["signature"]["date"].format(day=made_on.day, month=made_on.month, year=made_on.year)])
    ws.cell(ws.max_row, 2).font = italic
    for line in layout["signature"]["lines"]:
        ws.append([None, line])
        ws.cell(ws.max_row, 2).alignment = center
    for i, c in enumerate(cols, start=1):
        ws.column_dimensions[get_column_letter(i)].width = c["width"]
    ws.print_title_rows = f"{header_row}:{header_row + 1}"
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
