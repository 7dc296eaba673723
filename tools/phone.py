"""Vietnamese phone numbers in one canonical form, shared by accounts, enrolment, shops and orders."""
from __future__ import annotations

import re
import unicodedata


def canonical_phone(raw: str | None) -> str | None:
    """One form for a Vietnamese phone number: '0983 888 001', '0983.888.001', '+84 983 888 001',
    '84983888001' and '983888001' (leading 0 lost in Excel) all give '0983888001'. None if not a phone."""
    text = unicodedata.normalize("NFKC", str(raw or "")).strip()
    if not text:
        return None
    if not re.fullmatch(r"[\d\s.\-()+/]+", text):
        return None
    digits = re.sub(r"\D", "", text)
    if text.lstrip("(").startswith("+") and not digits.startswith("84"):
        return None  # another country
    if digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    elif len(digits) in (9, 10) and not digits.startswith("0"):
        digits = "0" + digits
    return digits if re.fullmatch(r"0[1-9]\d{8,9}", digits) else None
