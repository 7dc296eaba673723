"""Paste a chat message, get a draft order against the seller's saved products. Nothing is saved here:
the page (or the CLI) shows the draft, the seller corrects it, and only `create_order` saves."""
from __future__ import annotations

import os

from sqlalchemy.orm import Session

from app.orders.catalog import catalog
from app.orders.service import ItemInput, OrderInput
from tools.sales.chat_order import Draft, draft_order, openai_helper


def draft_from_message(session: Session, owner_id: int, text: str, use_model: bool | None = None) -> Draft:
    """Rules first; when an OpenAI-compatible server is configured (BINHDAN_OPENAI_BASE_URL) and
    BINHDAN_ORDER_HELPER is not "off", it may fill a missing name or address within its timeout."""
    if use_model is None:
        use_model = os.environ.get("BINHDAN_ORDER_HELPER", "on").lower() != "off"
    helper = openai_helper() if use_model else None
    return draft_order(text, catalog(session, owner_id), helper)


def draft_to_input(draft: Draft, channel: str = "zalo", payment: str = "transfer") -> OrderInput:
    return OrderInput(customer_name=str(draft.name.value or ""), customer_phone=str(draft.phone.value or ""),
                      customer_address=str(draft.address.value or ""), channel=channel, payment=payment,
                      items=[ItemInput(line.name, line.unit_price, int(line.qty.value), line.variant, line.product_id)
                             for line in draft.lines],
                      note=draft.text[:2000])
