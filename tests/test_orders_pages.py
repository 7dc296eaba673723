"""The Orders and Revenue pages in Streamlit's AppTest: pasted message -> saved order; revenue and its book."""
from __future__ import annotations

import pytest

from app.db import session_scope
from app.orders.service import search_orders
from tests.helpers import by_label, run_page, shop_user


@pytest.fixture
def shop(sqlite_url):
    return shop_user("shop_orders", "Cửa hàng Hoa", (("Long nhãn Hưng Yên", "180000"), ("Mật ong rừng", "250000")))


def _by_label(widgets, label):
    return by_label(widgets, label, prefix=True)


def test_message_to_saved_order_in_three_taps(shop):
    at = run_page("biz_orders.py", shop)
    assert not at.exception
    at.text_area[0].input("chị lấy 2 hộp long nhãn, ship về 12 Nguyễn Văn Linh, sđt 0912 345 678")
    _by_label(at.button, "Đọc tin nhắn").click()
    at.run()
    assert not at.exception
    assert "⚠️" in _by_label(at.selectbox, "Sản phẩm 1").label  # partial name: shown as a guess
    assert _by_label(at.text_input, "Số điện thoại").value == "0912345678"
    _by_label(at.button, "Lưu đơn").click()
    at.run()
    assert not at.exception
    with session_scope() as s:
        orders = search_orders(s, shop.id)
        assert [(o.customer_phone, o.customer_address, o.status, o.total) for o in orders] == [
            ("0912345678", "12 Nguyễn Văn Linh", "confirmed", 360000)]
        assert [(i.name, i.qty) for i in orders[0].items] == [("Long nhãn Hưng Yên", 2)]
    assert any("DH000001" in m.value for m in at.success)


def test_nothing_is_saved_before_confirming(shop):
    at = run_page("biz_orders.py", shop)
    at.text_area[0].input("lấy 1 mật ong rừng")
    _by_label(at.button, "Đọc tin nhắn").click()
    at.run()
    with session_scope() as s:
        assert search_orders(s, shop.id) == []


def test_revenue_page_shows_totals_and_makes_the_book(shop):
    at = run_page("biz_orders.py", shop)
    at.text_area[0].input("lấy 1 mật ong rừng, sđt 0987654321")
    _by_label(at.button, "Đọc tin nhắn").click()
    at.run()
    _by_label(at.button, "Lưu đơn").click()
    at.run()
    rev = run_page("biz_revenue.py", shop)
    assert not rev.exception
    assert rev.metric[0].value == "250.000đ"
    _by_label(rev.button, "Tạo sổ doanh thu").click()
    rev.run()
    assert not rev.exception
    assert rev.session_state["revenue_book"][1][:2] == b"PK"


def test_manual_order_without_a_message(shop):
    at = run_page("biz_orders.py", shop)
    _by_label(at.button, "Nhập tay").click()
    at.run()
    _by_label(at.selectbox, "Sản phẩm 1").set_value(1)  # the second saved product
    _by_label(at.selectbox, "Thanh toán").set_value("cash")
    _by_label(at.button, "Lưu đơn").click()
    at.run()
    assert not at.exception
    with session_scope() as s:
        [order] = search_orders(s, shop.id)
        assert (order.payment, order.customer_phone, len(order.items)) == ("cash", "", 1)


def test_customer_data_erased_on_request_from_the_page(shop):
    from app.orders.service import ItemInput, OrderInput, create_order
    with session_scope() as s:
        create_order(s, shop.id, OrderInput(customer_name="Lê Thị Lan", customer_phone="0912345678",
                                            customer_address="5 Lê Lợi", items=[ItemInput("Mật ong rừng", 250000, 1)]))
    at = run_page("biz_orders.py", shop)
    _by_label(at.text_input, "Số điện thoại của khách yêu cầu").input("0912 345 678")
    at.run()
    _by_label(at.button, "Xóa thông tin của khách").click()
    at.run()
    assert not at.exception and at.success
    with session_scope() as s:
        [order] = search_orders(s, shop.id)
        assert (order.customer_phone, order.customer_address, order.total) == ("", "", 250000)
