"""The two business pages in Streamlit's AppTest: save a product, make listings from the form."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from app.db import session_scope
from app.products import list_products, save_product
from tests.helpers import PAGES, by_label, fill_and_press, run_page, shop_user


@pytest.fixture
def shop(sqlite_url):
    return shop_user("shop_test", "Cửa hàng Test")


def test_products_page_adds_a_product(shop):
    at = run_page("biz_products.py", shop)
    assert not at.exception
    fill_and_press(at, {"Tên sản phẩm *": "Nón lá Huế", "Giá bán (đồng) *": "120.000đ",
                        "Đặc điểm (mỗi dòng một ý)": "lá cọ\nvành rộng"}, "Thêm sản phẩm")
    assert not at.exception
    with session_scope() as s:
        rows = list_products(s, shop.id)
        assert [(r.name, r.price, r.features) for r in rows] == [("Nón lá Huế", 120000, "lá cọ;vành rộng")]
    assert "Nón lá Huế" in at.dataframe[0].value["Tên sản phẩm"].tolist()


def test_products_page_refuses_bad_price(shop):
    at = run_page("biz_products.py", shop)
    fill_and_press(at, {"Tên sản phẩm *": "Trà", "Giá bán (đồng) *": "miễn phí"}, "Thêm sản phẩm")
    assert at.error and "giá" in at.error[0].value.lower()
    with session_scope() as s:
        assert list_products(s, shop.id) == []


def test_listings_page_makes_lawful_listings_from_a_saved_product(shop):
    with session_scope() as s:
        pid = save_product(s, shop.id, name="Viên uống canxi", category="Thực phẩm bảo vệ sức khỏe",
                           price="300000", features="hộp 60 viên;chữa loãng xương", audience="người lớn").id
    at = run_page("biz_listings.py", shop, listing_backend="rules", listing_product_id=pid)
    assert not at.exception
    assert by_label(at.text_input, "Tên sản phẩm *").value == "Viên uống canxi"
    by_label(at.button, "Tạo tin đăng").click()
    at.run()
    assert not at.exception
    codes = [c.value for c in at.code]
    assert len(codes) == 8  # title and post for four channels
    posts = codes[1::2]
    assert all("300.000đ" in p and "hộp 60 viên" in p.lower() for p in posts)
    assert all("Thực phẩm này không phải là thuốc và không có tác dụng thay thế thuốc chữa bệnh" in p for p in posts)
    assert not any("loãng xương" in p for p in posts)
    assert any("chữa loãng xương" in w.value for w in at.warning)


def test_listings_page_blocks_strong_alcohol(shop):
    at = run_page("biz_listings.py", shop, listing_backend="rules")
    fill_and_press(at, {"Tên sản phẩm *": "Rượu nếp cái hoa vàng", "Giá bán (đồng) *": "150000",
                        "Đặc điểm (mỗi dòng một ý, chỉ ghi điều đúng sự thật)": "29 độ"}, "Tạo tin đăng")
    assert not at.code
    assert len(at.error) == 4 and all("44/2019/QH14" in e.value for e in at.error)


def test_edited_price_then_make_listing_opens_the_filled_form(shop):
    """Regression: after editing a saved product's price, "Tạo tin đăng cho sản phẩm này" opened an empty form."""
    with session_scope() as s:
        row = save_product(s, shop.id, name="Trà xanh", category="Đồ uống", price="50000", features="gói 200g",
                           origin="Thái Nguyên")
        pid = row.id
    at = run_page("biz_products.py", shop, product_choice=pid)
    by_label(at.text_input, "Giá bán (đồng) *").input("60000")
    by_label(at.button, "Lưu thay đổi").click()
    at.run()
    assert not at.exception and at.session_state["product_choice"] == pid
    assert by_label(at.text_input, "Giá bán (đồng) *").value == "60000"
    by_label(at.button, "Tạo tin đăng cho sản phẩm này").click()
    at.run()
    assert at.session_state["listing_product_id"] == pid
    listing = run_page("biz_listings.py", shop, listing_product_id=pid)
    assert not listing.exception
    assert by_label(listing.text_input, "Tên sản phẩm *").value == "Trà xanh"
    assert by_label(listing.text_input, "Giá bán (đồng) *").value == "60000"
    assert by_label(listing.text_input, "Xuất xứ").value == "Thái Nguyên"


def test_two_products_with_the_same_name_are_told_apart(shop):
    """Regression: picking the second of two products with the same name edited or deleted the first."""
    with session_scope() as s:
        first = save_product(s, shop.id, name="Bánh chưng", price="50000").id
        second = save_product(s, shop.id, name="Bánh chưng", price="80000").id
    at = run_page("biz_products.py", shop)
    box = by_label(at.selectbox, "Chọn sản phẩm để sửa, xóa hoặc tạo tin đăng")
    box.set_value(second)
    at.run()
    assert by_label(at.text_input, "Giá bán (đồng) *").value == "80000"
    by_label(at.button, "Xóa sản phẩm").click()
    at.run()
    by_label(at.button, "Đồng ý xóa").click()
    at.run()
    assert not at.exception
    with session_scope() as s:
        assert [r.id for r in list_products(s, shop.id)] == [first]


def test_shop_profile_is_saved_from_the_products_page(shop):
    from app.shop_profile import get_shop_profile
    at = run_page("biz_products.py", shop)
    fill_and_press(at, {"Tên cửa hàng": "Nhà Lan", "Số điện thoại": "0912 345 678"}, "Lưu thông tin cửa hàng")
    assert not at.exception and not at.error
    with session_scope() as s:
        assert get_shop_profile(s, shop.id).phone == "0912345678"


def test_shop_bank_is_picked_from_the_napas_list(shop):
    from app.shop_profile import get_shop_profile
    from tools.sales.vietqr import banks
    at = run_page("biz_products.py", shop)
    box = at.selectbox(key="shop_bank_bin")
    assert box.options[0] != "" and len(box.options) == len(banks()) + 1   # "not chosen", then every NAPAS bank
    box.set_value("970418")
    fill_and_press(at, {"Số tài khoản": "12 3456 7890"}, "Lưu thông tin cửa hàng")
    assert not at.exception and not at.error
    with session_scope() as s:
        saved = get_shop_profile(s, shop.id)
    assert (saved.bank_bin, saved.bank_account) == ("970418", "1234567890")


def test_warned_listing_links_to_the_advertising_law_lesson(shop):
    """Through the app's navigation (app/main.py): the rule warning carries a link to the merged lesson."""
    at = AppTest.from_file(str(PAGES.parent / "main.py"), default_timeout=60)
    at.session_state["user"] = shop
    at.session_state["listing_backend"] = "rules"
    at.switch_page("views/biz_listings.py")
    at.run()
    fill_and_press(at, {"Tên sản phẩm *": "Trà thảo mộc", "Giá bán (đồng) *": "90000",
                        "Đặc điểm (mỗi dòng một ý, chỉ ghi điều đúng sự thật)": "túi lọc 20 gói\nchữa khỏi tiểu đường"},
                   "Tạo tin đăng")
    assert not at.exception
    assert any("tiểu đường" in w.value for w in at.warning)
    links = [link for link in at.get("page_link") if link.proto.label == "Xem bài: Luật quảng cáo"]
    assert len(links) == 4   # one under each channel's warnings
    assert all(link.proto.page.endswith("learn_lesson") and "lesson=m03-l03-luat-quang-cao" in link.proto.query_string
               and "tra_cuu=1" in link.proto.query_string
               for link in links), links[0].proto


def test_plain_listing_has_no_lesson_link(shop):
    at = run_page("biz_listings.py", shop, listing_backend="rules")
    fill_and_press(at, {"Tên sản phẩm *": "Nón lá Huế", "Giá bán (đồng) *": "120000"}, "Tạo tin đăng")
    assert not at.exception and at.code
    assert not any("Luật quảng cáo" in m.value for m in at.markdown)
