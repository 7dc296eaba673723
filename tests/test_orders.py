"""The sales book on SQLite and PostgreSQL: orders, status flow with times, search, stock, revenue, book."""
import io
from datetime import date, datetime, timezone

import pytest
from openpyxl import load_workbook

from app.auth import create_user
from app.models import Product as ProductRow
from app.orders.revenue import month_range, revenue_book_xlsx, revenue_report
from app.orders.service import (
    ItemInput, OrderError, OrderInput, create_order, find_order, low_stock, search_orders, set_status,
)
from app.products import save_product

AT = datetime(2026, 11, 20, 3, 0, tzinfo=timezone.utc)  # 10:00 in Vietnam


@pytest.fixture
def shop(session):
    a = create_user(session, "shop_a", "matkhau123", "Cửa hàng A", "business")
    b = create_user(session, "shop_b", "matkhau123", "Cửa hàng B", "business")
    session.flush()
    honey = save_product(session, a.id, name="Mật ong rừng", price="250000")
    longan = save_product(session, a.id, name="Long nhãn Hưng Yên", price="95000")
    for row in (honey, longan):
        if hasattr(row, "stock"):
            row.stock = 10
    session.flush()
    return a.id, b.id, honey, longan


def _order(owner, honey, qty=2, **kw):
    data = OrderInput(customer_name="Nguyễn Thị Hường", customer_phone="0912 345 678",
                      customer_address="12 Nguyễn Văn Linh", channel="zalo", payment="transfer",
                      items=[ItemInput(honey.name, honey.price, qty, product_id=honey.id)], **kw)
    return data


def test_create_totals_code_and_history(session, shop):
    a, b, honey, longan = shop
    data = _order(a, honey, discount=20000, shipping_fee=30000)
    data.items.append(ItemInput(longan.name, 180000, 1, variant="Túi 500g", product_id=longan.id))
    order = create_order(session, a, data, at=AT)
    assert (order.subtotal, order.discount, order.shipping_fee, order.total) == (680000, 20000, 30000, 690000)
    assert order.customer_phone == "0912345678" and order.seq == 1
    assert [h["status"] for h in order.history] == ["new"]
    second = create_order(session, a, _order(a, honey))
    assert second.seq == 2 and find_order(session, a, "DH000002").id == second.id
    other = create_order(session, b, OrderInput(items=[ItemInput("Trà", 1000, 1)], channel="stall", payment="cash"))
    assert other.seq == 1  # each seller counts from 1
    with pytest.raises(OrderError) as err:
        find_order(session, b, "DH000002")
    assert err.value.code == "not_found"


@pytest.mark.parametrize("change,code", [
    ({"channel": "fax"}, "channel"), ({"payment": "gold"}, "payment"), ({"customer_phone": "123"}, "phone"),
    ({"discount": -5}, "amount"),
])
def test_bad_input_has_codes(session, shop, change, code):
    a, _, honey, _ = shop
    data = _order(a, honey)
    for k, v in change.items():
        setattr(data, k, v)
    with pytest.raises(OrderError) as err:
        create_order(session, a, data)
    assert err.value.code == code


def test_foreign_product_is_refused(session, shop):
    a, b, honey, _ = shop
    with pytest.raises(OrderError) as err:
        create_order(session, b, _order(b, honey))
    assert err.value.code == "product"


def test_status_flow_times_and_stock(session, shop):
    a, _, honey, _ = shop
    order = create_order(session, a, _order(a, honey, qty=3), at=AT)
    with pytest.raises(OrderError) as err:
        set_status(session, a, order.id, "delivered")
    assert err.value.code == "status_flow"
    set_status(session, a, order.id, "confirmed", at=AT.replace(hour=4))
    assert order.stock_taken
    if hasattr(ProductRow, "stock"):
        assert session.get(ProductRow, honey.id).stock == 7
        assert [(r.name, r.stock) for r in low_stock(session, a, level=7)] == [("Mật ong rừng", 7)]
    set_status(session, a, order.id, "shipping")
    set_status(session, a, order.id, "cancelled")
    assert not order.stock_taken
    if hasattr(ProductRow, "stock"):
        assert session.get(ProductRow, honey.id).stock == 10
    assert [h["status"] for h in order.history] == ["new", "confirmed", "shipping", "cancelled"]
    assert order.history[1]["at"].startswith("2026-11-20T04:00")
    with pytest.raises(OrderError):
        set_status(session, a, order.id, "confirmed")


def test_search_by_day_status_customer(session, shop):
    a, _, honey, _ = shop
    first = create_order(session, a, _order(a, honey), at=AT)
    late = datetime(2026, 11, 20, 18, 30, tzinfo=timezone.utc)  # 01:30 on 21/11 in Vietnam
    second = create_order(session, a, _order(a, honey), at=late)
    second.customer_name, second.customer_phone = "Trần Văn Nam", "0987654321"
    set_status(session, a, second.id, "confirmed")
    session.flush()
    assert [o.id for o in search_orders(session, a, day=date(2026, 11, 20))] == [first.id]
    assert [o.id for o in search_orders(session, a, day=date(2026, 11, 21))] == [second.id]
    assert [o.id for o in search_orders(session, a, status="confirmed")] == [second.id]
    assert [o.id for o in search_orders(session, a, customer="huong")] == [first.id]
    assert [o.id for o in search_orders(session, a, customer="987 654")] == [second.id]
    assert search_orders(session, a + 1000) == []


def test_revenue_and_book(session, shop):
    a, _, honey, longan = shop
    today = date(2026, 11, 20)
    o1 = create_order(session, a, _order(a, honey, qty=2, discount=50000, shipping_fee=30000), at=AT)
    o1.channel = "facebook"
    set_status(session, a, o1.id, "confirmed")
    o2 = create_order(session, a, _order(a, honey, qty=1, status="confirmed"),
                      at=datetime(2026, 11, 2, 3, tzinfo=timezone.utc))
    create_order(session, a, _order(a, honey, qty=5), at=AT)  # still "new": not revenue
    cancelled = create_order(session, a, _order(a, honey, qty=1, status="confirmed"), at=AT)
    set_status(session, a, cancelled.id, "cancelled")
    report = revenue_report(session, a, today=today)
    assert (report.today.orders, report.today.revenue) == (1, 450000)
    assert (report.month.orders, report.month.revenue) == (2, 700000)
    assert report.week.orders == 1  # 2/11 is in an earlier week
    assert dict((c, m) for c, _, m in report.by_channel) == {"Facebook": 450000, "Zalo": 250000}
    assert report.by_product == [("Mật ong rừng", 3, 700000)]
    assert report.shipping == 30000 and len(report.daily) == 20 and report.daily[-1] == (today, 450000)

    start, end = month_range(2026, 11)
    data = revenue_book_xlsx(session, a, start, end, shop_name="Hoa Mỹ Hào", made_on=today)
    ws = load_workbook(io.BytesIO(data)).active
    values = [tuple(row) for row in ws.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(values) if r[:3] == ("Ngày tháng", "Diễn giải", "Số tiền"))
    assert values[header + 1][:3] == ("A", "B", "1")
    lines = values[header + 2: header + 4]
    assert [r[2] for r in lines] == [250000, 450000]
    assert lines[0][0].date() == date(2026, 11, 2) and "DH000002" in lines[0][1] and "Hường" not in lines[0][1]
    assert values[header + 4][1:3] == ("Tổng cộng", 700000)
    assert any("152/2025/TT-BTC" in str(r[2]) for r in values[:4])


def test_customer_data_export_erase_and_period(session, shop):
    import json

    from app.orders.privacy import anonymise_old_orders, erase_customer, export_customer
    from app.orders.service import save_settings
    a, b, honey, _ = shop
    old = create_order(session, a, _order(a, honey, status="confirmed"), at=datetime(2026, 1, 5, tzinfo=timezone.utc))
    set_status(session, a, old.id, "delivered")
    recent = create_order(session, a, _order(a, honey), at=AT)
    exported = json.loads(export_customer(session, a, "0912 345 678"))
    assert [o["ma_don"] for o in exported["don_hang"]] == ["DH000001", "DH000002"]
    with pytest.raises(OrderError):
        export_customer(session, b, "0912345678")  # another seller holds nothing about them
    assert anonymise_old_orders(session, a, now=datetime(2026, 11, 27, tzinfo=timezone.utc)) == 0  # no period set
    save_settings(session, a, anonymise_after_days=90, low_stock_level=5)
    assert anonymise_old_orders(session, a, now=datetime(2026, 11, 27, tzinfo=timezone.utc)) == 1
    session.refresh(old)
    session.refresh(recent)
    assert (old.customer_phone, old.customer_address, old.total) == ("", "", 500000)
    assert recent.customer_phone == "0912345678"
    assert erase_customer(session, a, "0912345678") == 1
    session.refresh(recent)
    assert recent.customer_phone == "" and recent.anonymised_at is not None
    with pytest.raises(OrderError):
        save_settings(session, a, anonymise_after_days=3, low_stock_level=5)
