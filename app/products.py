"""A business user's saved products ("Sản phẩm của tôi"): list, add, edit, delete, and as listing input."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Product as ProductRow
from tools.product import Product, ProductError


class NotFound(LookupError):
    """The product does not exist or belongs to someone else."""


def list_products(session: Session, owner_id: int) -> list[ProductRow]:
    return list(session.scalars(select(ProductRow).where(ProductRow.owner_id == owner_id)
                                .order_by(ProductRow.created_at.desc(), ProductRow.id.desc())))


def get_product(session: Session, owner_id: int, product_id: int) -> ProductRow:
    row = session.get(ProductRow, product_id)
    if row is None or row.owner_id != owner_id:
        raise NotFound("Không tìm thấy sản phẩm này.")
    return row


def save_product(session: Session, owner_id: int, *, name, category="", price=None, features="", audience="",
                 product_id: int | None = None) -> ProductRow:
    """Add (product_id None) or update a product; raises ProductError with a Vietnamese message."""
    clean = Product.from_fields(name, category, price, features, audience)
    if len(clean.category) > 120 or len(clean.audience) > 300:
        raise ProductError("Loại sản phẩm tối đa 120 ký tự, đối tượng khách tối đa 300 ký tự.")
    row = get_product(session, owner_id, product_id) if product_id else ProductRow(owner_id=owner_id)
    row.name, row.category, row.price = clean.name, clean.category, clean.price
    row.features, row.audience = clean.features_text, clean.audience
    session.add(row)
    session.flush()
    return row


def delete_product(session: Session, owner_id: int, product_id: int) -> None:
    session.delete(get_product(session, owner_id, product_id))
    session.flush()


def to_listing_product(row: ProductRow) -> Product:
    return Product.from_fields(row.name, row.category, row.price, row.features, row.audience)
