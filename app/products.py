"""A business user's saved products ("Sản phẩm của tôi"): list, add, edit, delete, and as listing input."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Product as ProductRow, utcnow
from tools.product import SHEET_FIELDS, Product, ProductError, features_for_form


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
                 product_id: int | None = None, **sheet) -> ProductRow:
    """Add (product_id None) or update a product with its sheet (tools.product.SHEET_FIELDS: brand, origin,
    weight, dimensions, variants, ingredients, usage, storage, shelf_life, sku, stock, photos).

    On update, a sheet field not passed keeps its saved value. Raises ProductError (Vietnamese message).
    """
    row = get_product(session, owner_id, product_id) if product_id else ProductRow(owner_id=owner_id)
    if product_id:
        sheet = {**sheet_of(row), **sheet}
    clean = Product.from_fields(name, category, price, features, audience, **sheet)
    if len(clean.category) > 120 or len(clean.audience) > 300:
        raise ProductError("Loại sản phẩm tối đa 120 ký tự, đối tượng khách tối đa 300 ký tự.")
    row.name, row.category, row.price = clean.name, clean.category, clean.price
    row.features, row.audience = clean.features_text, clean.audience
    values = clean.sheet_values()
    for key in SHEET_FIELDS:
        if key != "stock":
            setattr(row, key, values.get(key, ""))
    row.stock = clean.stock
    if product_id:
        row.updated_at = utcnow()
    session.add(row)
    session.flush()
    return row


def sheet_of(row: ProductRow) -> dict[str, object]:
    """The saved sheet fields of a row, as from_fields takes them."""
    return {key: getattr(row, key) for key in SHEET_FIELDS}


@dataclass(frozen=True)
class ProductForm:
    """A saved product as its edit form shows it: features one per line, every sheet field as text ("" when empty)."""
    id: int
    name: str
    category: str
    price: int
    features: str
    audience: str
    sheet: dict[str, str]

    @classmethod
    def of(cls, row: ProductRow) -> "ProductForm":
        return cls(id=row.id, name=row.name, category=row.category, price=row.price,
                   features=features_for_form(row.features), audience=row.audience,
                   sheet={k: ("" if v is None else str(v)) for k, v in sheet_of(row).items()})


def delete_product(session: Session, owner_id: int, product_id: int) -> None:
    session.delete(get_product(session, owner_id, product_id))
    session.flush()


def to_listing_product(row: ProductRow) -> Product:
    """The saved product with its whole sheet, as listings, videos and orders take it."""
    return Product.from_fields(row.name, row.category, row.price, row.features, row.audience, **sheet_of(row))


def choice_labels(rows: list[ProductRow]) -> dict[int, str]:
    """A label per product for a picker, unique even when two products share a name and not depending
    on the price (a select box keeps its choice by label: a label that changes on save loses it)."""
    seen: dict[str, int] = {}
    labels: dict[int, str] = {}
    for row in sorted(rows, key=lambda r: r.id):
        base = row.name + (f" — {row.category}" if row.category else "")
        seen[base.lower()] = seen.get(base.lower(), 0) + 1
        labels[row.id] = base if seen[base.lower()] == 1 else f"{base} ({seen[base.lower()]})"
    return {row.id: labels[row.id] for row in rows}
