"""What a seller can sell: the saved products expanded into their variants, with stock."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Product as ProductRow
from tools.product import parse_variants
from tools.textnorm import fold


@dataclass(frozen=True)
class CatalogItem:
    product_id: int
    name: str
    variant: str
    price: int
    stock: int | None
    sku: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} — {self.variant}" if self.variant else self.name

    @property
    def folded(self) -> str:
        return fold(f"{self.name} {self.variant}")


def _variants(row: ProductRow) -> list[tuple[str, int]]:
    text = row.variants or ""
    if not text:
        return []
    try:
        return [(v.name, v.price) for v in parse_variants(text, row.price)]
    except ValueError:
        return []


def catalog(session: Session, owner_id: int) -> list[CatalogItem]:
    rows = session.scalars(select(ProductRow).where(ProductRow.owner_id == owner_id).order_by(ProductRow.name))
    out: list[CatalogItem] = []
    for row in rows:
        stock, sku = row.stock, row.sku or ""
        variants = _variants(row)
        if not variants:
            out.append(CatalogItem(row.id, row.name, "", row.price, stock, sku))
        for name, price in variants:
            out.append(CatalogItem(row.id, row.name, name, price, stock, sku))
    return out
