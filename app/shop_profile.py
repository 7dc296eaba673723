"""A business account's shop profile ("Thông tin cửa hàng"), saved once and reused by listings,
the video end card and the sales book."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ShopProfileRow
from tools.shop import LABELS, ShopProfile


def get_shop_profile(session: Session, user_id: int) -> ShopProfile:
    """The saved profile, or an empty one when the seller has not filled it in yet."""
    row = session.scalar(select(ShopProfileRow).where(ShopProfileRow.user_id == user_id))
    if row is None:
        return ShopProfile()
    return ShopProfile(**{key: getattr(row, key) or "" for key in LABELS})


def save_shop_profile(session: Session, user_id: int, profile: ShopProfile | None = None,
                      **fields: object) -> ShopProfile:
    """Save a profile (a ShopProfile, or raw fields checked by ShopProfile.from_fields; raises ShopError)."""
    clean = profile if profile is not None else ShopProfile.from_fields(**fields)
    row = session.scalar(select(ShopProfileRow).where(ShopProfileRow.user_id == user_id))
    if row is None:
        row = ShopProfileRow(user_id=user_id)
    for key, value in clean.to_dict().items():
        setattr(row, key, value)
    session.add(row)
    session.flush()
    return clean
