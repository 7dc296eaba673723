"""Saved products on SQLite and PostgreSQL: add, edit, delete, owner isolation, bad input."""
import pytest

from app.auth import create_user
from app.products import NotFound, delete_product, get_product, list_products, save_product, to_listing_product
from app.shop_profile import get_shop_profile, save_shop_profile
from tools.product import ProductError
from tools.shop import ShopError, ShopProfile


@pytest.fixture
def owners(session):
    a = create_user(session, "shop_a", "matkhau123", "Cửa hàng A", "business")
    b = create_user(session, "shop_b", "matkhau123", "Cửa hàng B", "business")
    session.flush()
    return a.id, b.id


def test_add_edit_delete(session, owners):
    a, b = owners
    row = save_product(session, a, name=" Mật ong rừng ", category="Thực phẩm", price="250.000đ",
                       features="nguyên chất\nchai 500ml", audience="gia đình")
    assert (row.name, row.price, row.features) == ("Mật ong rừng", 250000, "nguyên chất;chai 500ml")
    save_product(session, a, product_id=row.id, name="Mật ong hoa nhãn", price="200k", features="chai 500ml")
    assert [(p.name, p.price) for p in list_products(session, a)] == [("Mật ong hoa nhãn", 200000)]
    assert to_listing_product(list_products(session, a)[0]).features == ("chai 500ml",)
    assert list_products(session, b) == []
    with pytest.raises(NotFound):
        delete_product(session, b, row.id)
    delete_product(session, a, row.id)
    assert list_products(session, a) == []


def test_bad_input_is_refused_and_nothing_saved(session, owners):
    a, _ = owners
    with pytest.raises(ProductError):
        save_product(session, a, name="Trà", price="không rõ")
    with pytest.raises(ProductError):
        save_product(session, a, name="  ", price="1000")
    assert list_products(session, a) == []


def test_the_whole_sheet_is_saved_and_comes_back(session, owners):
    a, _ = owners
    row = save_product(session, a, name="Long nhãn Hưng Yên", category="Đặc sản", price="95000",
                       features="sấy khô", brand="Nhà Lan", origin="Hưng Yên", weight="250g",
                       variants="Túi 250g=95000 | Túi 500g=180000 | Hộp quà", ingredients="100% nhãn lồng",
                       usage="ăn trực tiếp", storage="nơi khô ráo", shelf_life="6 tháng", sku="LN-250",
                       stock="1.200", photos="a.jpg|b.jpg")
    product = to_listing_product(get_product(session, a, row.id))
    assert [(v.name, v.price) for v in product.variants] == [("Túi 250g", 95000), ("Túi 500g", 180000),
                                                             ("Hộp quà", 95000)]
    assert (product.brand, product.origin, product.weight, product.sku, product.stock) == \
        ("Nhà Lan", "Hưng Yên", "250g", "LN-250", 1200)
    assert product.photos == ("a.jpg", "b.jpg")
    # an edit that does not touch the sheet keeps it; an emptied field stays empty
    save_product(session, a, product_id=row.id, name="Long nhãn Hưng Yên", price="99000", brand="")
    again = to_listing_product(get_product(session, a, row.id))
    assert again.price == 99000 and again.brand == "" and again.stock == 1200 and again.weight == "250g"
    assert "brand" not in again.sheet_values()


def test_a_bad_sheet_field_saves_nothing(session, owners):
    a, _ = owners
    with pytest.raises(ProductError):
        save_product(session, a, name="Trà", price="1000", variants="Gói lớn=abc")
    with pytest.raises(ProductError):
        save_product(session, a, name="Trà", price="1000", stock="nhiều")
    assert list_products(session, a) == []


def test_shop_profile_is_saved_once_per_account(session, owners):
    a, b = owners
    assert get_shop_profile(session, a).is_empty
    save_shop_profile(session, a, shop_name="Nhà Lan", phone="+84 912.345.678", zalo="0912 345 678",
                      bank_bin="970436", bank_account="0123 456 789", account_holder="NGUYEN THI LAN")
    save_shop_profile(session, a, ShopProfile(shop_name="Nhà Lan", phone="0912345678", address="Hưng Yên"))
    profile = get_shop_profile(session, a)
    assert (profile.shop_name, profile.address, profile.bank_bin) == ("Nhà Lan", "Hưng Yên", "")
    assert get_shop_profile(session, b).is_empty
    with pytest.raises(ShopError):
        save_shop_profile(session, b, bank_bin="97", bank_account="123456")
    assert get_shop_profile(session, b).is_empty


def test_picker_labels_are_unique_and_do_not_change_with_the_price(session, owners):
    """Root of two page bugs: Streamlit keeps a select box's choice by its label."""
    from app.products import choice_labels
    a, _ = owners
    one = save_product(session, a, name="Bánh chưng", category="Đặc sản", price="50000")
    two = save_product(session, a, name="Bánh chưng", category="Đặc sản", price="80000")
    before = choice_labels(list_products(session, a))
    assert len(set(before.values())) == 2
    save_product(session, a, product_id=one.id, name="Bánh chưng", category="Đặc sản", price="55000")
    assert choice_labels(list_products(session, a)) == before
    assert before[two.id] != before[one.id]
