"""Saved products on SQLite and PostgreSQL: add, edit, delete, owner isolation, bad input."""
import pytest

from app.auth import create_user
from app.products import NotFound, delete_product, list_products, save_product, to_listing_product
from tools.product import ProductError


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
