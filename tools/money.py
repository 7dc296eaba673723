"""Vietnamese đồng amounts as the advertising rules want them: "45.000đ" (Babel's vi_VN grouping)."""
from __future__ import annotations

from babel.numbers import format_decimal


def format_vnd(amount: int) -> str:
    """45000 -> "45.000đ" (thousands grouped the vi_VN way, no decimals)."""
    return format_decimal(int(amount), format="#,##0", locale="vi_VN") + "đ"
