"""Warnings read through their codes: which changes of the rules a listing told the seller about."""
from __future__ import annotations

from tools.compliance import assess
from tools.product import Product


def removals_shown(product: Product, listing, contacts: tuple[str, ...] = ()) -> list:
    """The rules' removals (a Change coded removed_* or cut_name) whose warning the listing carries."""
    shown = set(listing.warnings)
    return [c for c in assess(product, contacts).changes
            if (c.code.startswith("removed_") or c.code == "cut_name") and c.message in shown]
