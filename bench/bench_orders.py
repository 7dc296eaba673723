"""Time the sales book at 10,000 orders: the revenue page and the month's revenue book (S1a-HKD) export.

    python bench/bench_orders.py                  # SQLite (temp file) and, if set, BINHDAN_TEST_PG_URL
    python bench/bench_orders.py --orders 20000

All orders of one seller fall in one month (the hardest case for both goals), 1–3 items each, seeded
random, bulk-inserted. Prints wall seconds, this process's CPU seconds (what the wall time would be on an
idle machine for this single-threaded work; the build machines here are often shared by many jobs) and the
ratio of the wall time to each goal (<= 1.0 meets it):
- revenue page: the page's one domain call (revenue_report) and the whole page in Streamlit's AppTest;
- revenue book: revenue_book_xlsx for that month, and the rows it wrote.
"""
from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app.auth import create_user  # noqa: E402
from app.db import dispose_engine, migrate, session_scope  # noqa: E402
from app.models import Order, OrderItem, Product  # noqa: E402
from app.orders.revenue import month_range, revenue_book_xlsx, revenue_report  # noqa: E402
from tools.sales.orders import CHANNELS, PAYMENTS, VN_TZ  # noqa: E402

PAGE_GOAL_S, BOOK_GOAL_S = 1.0, 3.0


def seed(url: str, n_orders: int) -> tuple[int, date]:
    rng = random.Random(16)
    today = datetime.now(VN_TZ).date()
    first, _ = month_range(today.year, today.month)
    with session_scope(url) as s:
        user = create_user(s, f"bench_{uuid.uuid4().hex[:6]}", "matkhau123", "Cửa hàng bench", "business")
        s.flush()
        products = []
        for i in range(30):
            p = Product(owner_id=user.id, name=f"Sản phẩm {i + 1}", category="Thực phẩm",
                        price=rng.randrange(20, 500) * 1000, features="", audience="")
            s.add(p)
            products.append(p)
        s.flush()
        owner, catalog = user.id, [(p.id, p.name, p.price) for p in products]
    span = max(1, (today - first).days + 1) * 86400
    start = datetime.combine(first, datetime.min.time(), tzinfo=VN_TZ).astimezone(timezone.utc)
    statuses = ["confirmed"] * 3 + ["delivered"] * 5 + ["shipping", "new", "cancelled"]
    engine = create_engine(url)
    with engine.begin() as conn:
        orders, items = [], []
        for seq in range(1, n_orders + 1):
            at = start + timedelta(seconds=rng.randrange(span))
            lines = [rng.choice(catalog) for _ in range(rng.randint(1, 3))]
            qtys = [rng.randint(1, 4) for _ in lines]
            subtotal = sum(p[2] * q for p, q in zip(lines, qtys))
            discount = rng.choice([0, 0, 0, 10000])
            ship = rng.choice([0, 20000, 30000])
            status = rng.choice(statuses)
            orders.append(dict(owner_id=owner, seq=seq, created_at=at, customer_name=f"Khách {seq % 900}",
                               customer_phone=f"09{seq % 100000000:08d}", customer_address="Mỹ Hào, Hưng Yên",
                               channel=rng.choice(list(CHANNELS)), payment=rng.choice(list(PAYMENTS)),
                               paid=rng.random() < 0.7, status=status, history=[{"status": status, "at": at.isoformat()}],
                               subtotal=subtotal, discount=min(discount, subtotal), shipping_fee=ship,
                               total=subtotal - min(discount, subtotal) + ship, note="", stock_taken=False))
            items.append([(p, q) for p, q in zip(lines, qtys)])
        conn.execute(insert(Order), orders)
        ids = dict(conn.execute(select(Order.seq, Order.id).where(Order.owner_id == owner)).all())
        rows = [dict(order_id=ids[seq], product_id=p[0], name=p[1], variant="", unit_price=p[2], qty=q,
                     line_total=p[2] * q)
                for seq, lines in enumerate(items, start=1) for p, q in lines]
        conn.execute(insert(OrderItem), rows)
    engine.dispose()
    return owner, today


def page_seconds(url: str, owner: int) -> tuple[float, float]:
    """The whole revenue page (query, charts, table) rerun in AppTest, best of 3 reruns. The first run is
    left out: AppTest then scans every installed package for Streamlit components (about 2 s here), which a
    real server does once at start, not per page view."""
    from streamlit.testing.v1 import AppTest

    from app.ui.session import CurrentUser
    page = str(Path(__file__).resolve().parent.parent / "app" / "views" / "biz_revenue.py")
    os.environ["BINHDAN_DATABASE_URL"] = url
    at = AppTest.from_file(page, default_timeout=60)
    at.session_state["user"] = CurrentUser(owner, "bench", "Cửa hàng bench", "business")
    at.run()
    best = None
    for _ in range(3):
        t, c = time.perf_counter(), time.process_time()
        at.run()
        took = (time.perf_counter() - t, time.process_time() - c)
        if at.exception:
            raise RuntimeError(at.exception[0].message)
        best = took if best is None else min(best, took)
    return best


def bench(url: str, n_orders: int, label: str) -> None:
    migrate(url)
    t = time.perf_counter()
    owner, today = seed(url, n_orders)
    print(f"[{label}] {n_orders:,} orders inserted in {time.perf_counter() - t:.1f} s")
    with session_scope(url) as s:
        t, c = time.perf_counter(), time.process_time()
        report = revenue_report(s, owner, today=today)
        call, cpu = time.perf_counter() - t, time.process_time() - c
    print(f"[{label}] revenue_report (this month, {report.month.orders:,} sold orders): {call:.3f} s (cpu {cpu:.3f} s)  "
          f"ratio {call / PAGE_GOAL_S:.2f} of {PAGE_GOAL_S:.0f} s")
    page, page_cpu = page_seconds(url, owner)
    print(f"[{label}] revenue page in AppTest:            {page:.3f} s (cpu {page_cpu:.3f} s)  "
          f"ratio {page / PAGE_GOAL_S:.2f} of {PAGE_GOAL_S:.0f} s")
    first, last = month_range(today.year, today.month)
    with session_scope(url) as s:
        t, c = time.perf_counter(), time.process_time()
        data = revenue_book_xlsx(s, owner, first, last, shop_name="Cửa hàng bench")
        book, book_cpu = time.perf_counter() - t, time.process_time() - c
    from openpyxl import load_workbook
    rows = sum(1 for _ in load_workbook(io.BytesIO(data), read_only=True).active.iter_rows())
    print(f"[{label}] revenue book {today:%m/%Y} ({rows:,} sheet rows, {len(data) / 1e6:.1f} MB): {book:.3f} s (cpu {book_cpu:.3f} s)  "
          f"ratio {book / BOOK_GOAL_S:.2f} of {BOOK_GOAL_S:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pg_url", nargs="?", default=os.environ.get("BINHDAN_TEST_PG_URL"))
    parser.add_argument("--orders", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        bench(url, args.orders, "sqlite")
        dispose_engine(url)
    if args.pg_url:
        name = "bench_" + uuid.uuid4().hex[:8]
        admin = create_engine(args.pg_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(args.pg_url).set(database=name).render_as_string(hide_password=False)
        try:
            bench(url, args.orders, "postgresql")
        finally:
            dispose_engine(url)
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
