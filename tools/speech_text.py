"""Vietnamese text normalised for a speech engine: what a listener expects to hear.

Public API (stable, shared with the course narration):

    normalize_for_speech(text: str) -> str

It spells out prices ("45.000đ", "250k", "1,2 triệu"), units ("5kg", "1,5 lít", "500ml"),
percentages, times ("8h30"), ranges ("3-5 ngày"), phone numbers (read digit by digit in groups)
and plain numbers, in Vietnamese words; drops hashtags' "#", emoji and decorative symbols.
The result is NFC text that an engine such as espeak-ng reads correctly.
"""
from __future__ import annotations

import re
import unicodedata

from vietnam_number import n2w

from tools.money import scaled_value

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")

# unit as written -> as read (longest first in the regex)
UNITS = {
    "kg": "ki lô gam", "ký": "ký", "kí": "ký", "g": "gam", "gr": "gam", "gram": "gam", "mg": "mi li gam",
    "l": "lít", "lít": "lít", "ml": "mi li lít", "cc": "xê xê",
    "km": "ki lô mét", "m": "mét", "cm": "xăng ti mét", "mm": "mi li mét",
    "m2": "mét vuông", "m²": "mét vuông", "m3": "mét khối", "m³": "mét khối",
    "w": "oát", "kw": "ki lô oát", "v": "vôn", "mah": "mi li am pe giờ",
    "h": "giờ", "p": "phút", "s": "giây",
}
CURRENCY = r"(?:đồng|đ|₫|vnđ|vnd)"
_NUM = r"\d+(?:[.,]\d+)*"
_UNIT_RE = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))
_WORD_END = r"(?![\wÀ-ỹ])"

_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D\u2B50\u2B06\u2194-\u21FF]")


def number_words(raw: str) -> str:
    """'45.000' -> 'bốn mươi lăm nghìn'; '1,5' -> 'một phẩy năm'; '007' -> 'không không bảy'."""
    raw = raw.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):          # thousands separators
        raw = raw.replace(".", "")
    sep = re.search(r"[.,]", raw)
    if sep:                                                  # decimal: "1,5" / "1.5"
        whole, frac = raw[:sep.start()], raw[sep.end():].replace(".", "").replace(",", "")
        frac_words = " ".join(DIGITS[int(d)] for d in frac) if frac.startswith("0") else _int_words(frac)
        return f"{_int_words(whole)} phẩy {frac_words}"
    if len(raw) > 1 and raw.startswith("0"):
        return digits_words(raw)
    return _int_words(raw)


def _int_words(digits: str) -> str:
    # vietnam-number writes "lẽ" where Vietnamese spells "lẻ" (105: một trăm lẻ năm)
    return re.sub(r"\blẽ\b", "lẻ", n2w(str(int(digits))))


def digits_words(digits: str) -> str:
    return " ".join(DIGITS[int(d)] for d in digits if d.isdigit())


def phone_words(phone: str) -> str:
    """Read a phone number digit by digit in groups (4-3-3), with commas for short pauses."""
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("84") and phone.strip().startswith("+"):
        digits = "0" + digits[2:]
    groups = [digits[:4], digits[4:7], digits[7:]] if len(digits) == 10 else \
        [digits[i:i + 3] for i in range(0, len(digits), 3)]
    return ", ".join(digits_words(g) for g in groups if g)


def _amount(num: str, scale: str | None) -> str:
    """A price amount with an optional scale word: ('1,5', 'triệu') -> 'một triệu năm trăm nghìn'."""
    try:
        value = scaled_value(num, scale)  # the one reading of written money (tools.money)
    except ValueError:
        return number_words(num)
    if value == int(value):
        return _int_words(str(int(value)))
    return number_words(num) + (" " + _SCALE_WORDS[scale.lower()] if scale else "")


_SCALE_WORDS = {"k": "nghìn", "nghìn": "nghìn", "ngàn": "nghìn", "tr": "triệu", "triệu": "triệu"}

_RULES: list[tuple[re.Pattern, object]] = []


def _rule(pattern: str, flags: int = re.IGNORECASE):
    def deco(fn):
        _RULES.append((re.compile(pattern, flags), fn))
        return fn
    return deco


@_rule(r"(?<![\d\w])(?:\+84[\s.]?|0)\d(?:[\s.]?\d){8,9}(?!\d)")
def _phone(m: re.Match) -> str:
    digits = re.sub(r"\D", "", m.group(0))
    if not (10 <= len(digits) <= 11):
        return m.group(0)
    return phone_words(m.group(0))


@_rule(r"(\d{1,2})[:h](\d{2})" + _WORD_END)
def _time(m: re.Match) -> str:
    minutes = int(m.group(2))
    return f"{_int_words(m.group(1))} giờ" + (f" {_int_words(m.group(2))}" if minutes else "")


@_rule(rf"({_NUM})\s*(k|tr|triệu|nghìn|ngàn)?\s*{CURRENCY}{_WORD_END}")
def _price(m: re.Match) -> str:
    return _amount(m.group(1), m.group(2)) + " đồng"


@_rule(rf"({_NUM})\s*(k|tr){_WORD_END}")
def _price_short(m: re.Match) -> str:  # "250k", "2tr" are prices in shop talk
    return _amount(m.group(1), m.group(2)) + " đồng"


@_rule(rf"({_NUM})\s*(triệu|nghìn|ngàn){_WORD_END}")
def _scaled(m: re.Match) -> str:
    return _amount(m.group(1), m.group(2))


@_rule(rf"({_NUM})\s*%")
def _percent(m: re.Match) -> str:
    return f"{number_words(m.group(1))} phần trăm"


@_rule(rf"({_NUM})\s*({_UNIT_RE}){_WORD_END}")
def _unit(m: re.Match) -> str:
    return f"{number_words(m.group(1))} {UNITS[m.group(2).lower()]}"


@_rule(rf"/\s*({_UNIT_RE}|chai|hộp|gói|cái|túi|lọ|hũ|bó|con|kg){_WORD_END}")
def _per(m: re.Match) -> str:  # "45.000đ/chai" -> "... một chai"
    unit = m.group(1).lower()
    return " một " + ("ký" if unit == "kg" else UNITS.get(unit, unit))


@_rule(rf"({_NUM})\s*[-–]\s*({_NUM})")
def _range(m: re.Match) -> str:
    return f"{number_words(m.group(1))} đến {number_words(m.group(2))}"


@_rule(_NUM)
def _plain(m: re.Match) -> str:
    return number_words(m.group(0))


_ABBREVIATIONS = {
    r"\bsđt\b": "số điện thoại", r"\bđt\b": "điện thoại", r"\btp\.?(?=\s)": "thành phố",
    r"\bship\b": "giao hàng", r"\bfreeship\b": "miễn phí giao hàng", r"\bok\b": "ô kê",
    r"&": " và ", r"\+": " cộng ",
}


def normalize_for_speech(text: str) -> str:
    """Vietnamese text as it should be read aloud (see the module docstring)."""
    text = unicodedata.normalize("NFC", text or "")
    text = _EMOJI.sub(" ", text)
    text = re.sub(r"#(\w)", r"\1", text)
    text = re.sub(r"https?://\S+", " ", text)
    for pattern, fn in _RULES:  # padded with spaces: "ST25" -> "ST hai mươi lăm"
        text = pattern.sub(lambda m, fn=fn: f" {fn(m)} ", text)
    for pattern, spoken in _ABBREVIATIONS.items():
        text = re.sub(pattern, spoken, text, flags=re.IGNORECASE)
    text = re.sub(r"[*_~|<>\[\]{}\"“”«»•▪►✓✔]", " ", text)
    text = re.sub(r"\s+([,.!?;:])", r"\1", text)
    return re.sub(r"\s{2,}", " ", text).strip()
