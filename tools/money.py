"""Vietnamese đồng amounts as the advertising rules want them: "45.000đ" (Babel's vi_VN grouping)."""
from __future__ import annotations

from babel.numbers import format_decimal


def format_vnd(amount: int) -> str:
    """45000 -> "45.000đ" (thousands grouped the vi_VN way, no decimals)."""
    return format_decimal(int(amount), format="#,##0", locale="vi_VN") + "đ"


# --- amounts of money in any spelling a seller or a model uses -------------------------------------
import re  # noqa: E402  (kept next to the code that needs it)
from dataclasses import dataclass  # noqa: E402

from tools.textnorm import nfc  # noqa: E402


@dataclass(frozen=True)
class Amount:
    start: int
    end: int
    text: str
    value: int | None   # None: clearly money, but the value could not be read


_UNIT = r"(?:đồng|dong|vnđ|vnd|đ|₫|d|k|nghìn|ngàn|nghin|ngan|triệu|trieu|tr|củ|cu|tỷ|tỉ|ty)"
_DIGITS = r"(\d{1,3}(?:[.,\s]\d{3})+(?!\d)|\d+(?:[.,]\d{1,3})?)"
_DIGIT_MONEY = re.compile(_DIGITS + r"\s*(" + _UNIT + r")(?:(\d{1,3})(?!\d))?(?:\s*(?:đồng|dong|đ|₫|vnđ|vnd))?(?!\w)",
                          re.IGNORECASE)
_PREFIX_MONEY = re.compile(r"(?:vnđ|vnd|₫)\s*" + _DIGITS + r"(?!\w)", re.IGNORECASE)
_PRICE_WORD = re.compile(r"(?<!\w)(?<!giảm )(?<!giam )(?<!trị )(?<!tri )(?:giá|gia|price)(?:\s+(?:bán|ban|chỉ|chi|còn|con|có|co|từ|tu|only))*\s*:?\s*"
                         + _DIGITS + r"(?![\w,%]|\.\d)", re.IGNORECASE)
_SCALES = {"k": 1000, "nghìn": 1000, "ngàn": 1000, "nghin": 1000, "ngan": 1000, "triệu": 10**6, "trieu": 10**6,
           "tr": 10**6, "củ": 10**6, "cu": 10**6, "tỷ": 10**9, "tỉ": 10**9, "ty": 10**9}
_NUMBER_WORDS = ("không một mốt hai ba bốn tư năm lăm nhăm sáu bảy tám chín mười mươi chục trăm linh lẻ rưỡi "
                 "mot hai ba bon tu nam lam sau bay tam chin muoi chuc tram linh le ruoi").split()
_SCALE_WORDS = ("nghìn ngàn triệu tỷ tỉ nghin ngan trieu ty").split()
_WORD_MONEY = re.compile(r"(?<!\w)((?:(?:" + "|".join(sorted(set(_NUMBER_WORDS + _SCALE_WORDS), key=len, reverse=True))
                         + r")\s+)+(?:" + "|".join(_SCALE_WORDS + ["đồng", "dong"]) + r"))(?:\s+(?:"
                         + "|".join(sorted(set(_NUMBER_WORDS), key=len, reverse=True)) + r"))?(?:\s+(?:đồng|dong))?(?!\w)",
                         re.IGNORECASE)
_UNACCENTED = {"mot": "một", "bon": "bốn", "tu": "tư", "nam": "năm", "lam": "lăm", "sau": "sáu", "bay": "bảy",
               "tam": "tám", "chin": "chín", "chuc": "chục", "tram": "trăm", "le": "lẻ", "ruoi": "rưỡi",
               "nghin": "nghìn", "ngan": "ngàn", "trieu": "triệu", "ty": "tỷ", "khong": "không"}


def _digits_value(amount: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:[.,\s]\d{3})+", amount):
        return float(re.sub(r"[.,\s]", "", amount))
    return float(amount.replace(",", "."))


def scaled_value(digits: str, unit: str | None = None) -> float:
    """The value of written digits times a scale word: ("45.000", None) -> 45000, ("1,5", "triệu") -> 1500000,
    ("45", "k") -> 45000. Groups of three after "." "," or a space are thousands; otherwise "," or "." is the
    decimal point. A currency word (or none) scales by 1. Raises ValueError when `digits` is not a number."""
    return _digits_value(digits) * _SCALES.get((unit or "").lower(), 1)


_CURRENCY = r"(?:đồng|dong|vnđ|vnd|đ|₫|d)"
_WHOLE_AMOUNT = re.compile(r"(?:(?:vnđ|vnd|₫)\s*)?" + _DIGITS + r"\s*(?:(k|nghìn|ngàn|nghin|ngan|triệu|trieu|tr|củ|cu|"
                           r"tỷ|tỉ|ty)(\d{1,3})?)?\s*" + _CURRENCY + "?", re.IGNORECASE)


def parse_amount(text: str) -> int | None:
    """One amount typed alone in a field, in whole đồng: "45000", "45.000đ", "45 000", "45.000 VND",
    "VND 45000", "45k", "45,5k", "1,2 triệu", "1tr2" -> the value; None when the text is anything else
    (words, two numbers, "45.5" without a scale word, "12.34.5"). The sign and the range are the caller's."""
    m = _WHOLE_AMOUNT.fullmatch(nfc(text))
    if not m:
        return None
    digits, unit, tail = m.group(1), m.group(2), m.group(3)
    if not unit and not re.fullmatch(r"\d+|\d{1,3}(?:[.,\s]\d{3})+", digits):
        return None  # "45.5đ": no such thing as half a đồng
    total = scaled_value(digits, unit)
    if tail:  # "1tr2" = 1.2 million, "30k5" = 30.500
        total += int(tail) * _SCALES[unit.lower()] / (10 ** len(tail))
    return round(total)


def _words_value(words: list[str]) -> int | None:
    from vietnam_number import w2n
    fixed: list[str] = []
    for i, w in enumerate(words):
        w = w.lower()
        if w == "muoi":
            w = "mươi" if i and fixed[-1] not in ("mười", "mươi") and fixed[-1] not in _SCALE_WORDS else "mười"
        fixed.append(_UNACCENTED.get(w, w))
    fixed = [w for w in fixed if w not in ("đồng", "dong")]
    if not fixed:
        return None
    try:
        return int(w2n(" ".join(fixed)))
    except Exception:  # noqa: BLE001 - an odd spelling is still money, of unknown value
        return None


def find_amounts(text: str) -> list[Amount]:
    """Every amount of money in `text`: "45.000đ", "45.000 ₫", "30.000d", "30k", "30 nghìn", "1tr5",
    "1,5 triệu", "VND 30.000", "giá 30000", "ba mươi nghìn (đồng)". Values in whole đồng."""
    found: list[Amount] = []

    def add(start: int, end: int, value: int | None) -> None:
        if any(a.start < end and start < a.end for a in found):
            return
        found.append(Amount(start, end, text[start:end], value))

    for m in _DIGIT_MONEY.finditer(text):
        unit = m.group(2).lower()
        value = _digits_value(m.group(1))
        scale = _SCALES.get(unit, 1)
        if scale == 1 and "." in m.group(1) and not re.fullmatch(r"\d{1,3}(?:[.,\s]\d{3})+", m.group(1)):
            continue  # "2.5 d" is not money
        if unit == "d" and scale == 1 and value < 1000:
            continue  # "5 d", "3d": not a price
        total = value * scale
        if m.group(3) and scale >= 1000:  # "1tr5" = 1.5 million, "30k5" = 30.500
            total += int(m.group(3)) * scale / (10 ** len(m.group(3)))
        add(m.start(), m.end(), round(total))
    for m in _PREFIX_MONEY.finditer(text):
        add(m.start(), m.end(), round(_digits_value(m.group(1))))
    for m in _PRICE_WORD.finditer(text):
        add(m.start(1), m.end(1), round(_digits_value(m.group(1))))
    for m in _WORD_MONEY.finditer(text):
        words = m.group(0).split()
        if len(words) < 2 and words[0].lower() not in _SCALE_WORDS:
            continue  # a bare "đồng" (copper, field) is not an amount
        if not any(w.lower() in _NUMBER_WORDS for w in words):
            continue  # "nghìn" alone, "triệu đồng" without a number
        add(m.start(), m.end(), _words_value(words))
    return sorted(found, key=lambda a: a.start)
