"""What a product is in the eyes of the law: its legal kinds, alcohol strength and the youngest age it aims at.

Kinds come from the head of the product's name (a Vietnamese name starts with what the thing is: "Bánh
Rum Raisin" is a cake, "Túi giữ lạnh bút insulin" a bag), of each part of a name joined by "," "+" "và"
":", and from the category; never from features. A strength the seller wrote ("40 độ") makes an alcohol
word anywhere in the name count.
"""
from __future__ import annotations

import re
from functools import lru_cache

from tools.compliance.matching import PhraseSet, phrase_set, rules
from tools.product import Product
from tools.textnorm import accent_pattern, clean_text, fold, has_diacritics, modern_tones

TYPE_ORDER = ("tobacco", "prescription_drug", "feeding_bottle", "infant_milk", "complementary_food", "supplement")
_SEGMENT_SPLIT = re.compile(r"\s*(?:[,;:+&|/()\[\]–—]|\s-\s|(?<!\w)(?:và|kèm|tặng|cùng|with|and)(?!\w))\s*",
                            re.IGNORECASE)


def _haystack(text: str) -> str:
    return modern_tones(clean_text(text)).lower()


@lru_cache(maxsize=1)
def _package_heads() -> re.Pattern[str]:
    heads = sorted((str(h) for h in rules()["package_heads"]), key=len, reverse=True)
    return re.compile(r"^(?:\d+\s*)?(?:" + "|".join(re.escape(h) for h in heads) + r")(?:\s+\d+\s*\w*)?\s+")


def _heads(text: str) -> list[str]:
    """The start of every part of a name, with leading package words ("Thùng 24 lon", "Combo") removed."""
    out = []
    for part in _SEGMENT_SPLIT.split(_haystack(text)):
        part = part.strip()
        if not part:
            continue
        out.append(part)
        stripped = part
        for _ in range(3):
            new = _package_heads().sub("", stripped, count=1)
            if new == stripped:
                break
            stripped = new
            out.append(stripped)
    return out


def _at_head(ps: PhraseSet, head: str) -> bool:
    return any(h.start == 0 for h in ps.find(head))


def _type_at_head(kind: str, text: str) -> bool:
    words, not_when = phrase_set("product_types", kind), _not_when(kind)
    if not_when.find(_haystack(text)):
        return False
    return any(_at_head(words, h) for h in _heads(text))


@lru_cache(maxsize=None)
def _not_when(kind: str) -> PhraseSet:
    return PhraseSet(rules()["product_types"][kind].get("not_when") or [])


def _type_anywhere(kind: str, text: str) -> bool:
    hay = _haystack(text)
    return bool(phrase_set("product_types", kind).find(hay)) and not _not_when(kind).find(hay)


_NUM = r"(\d+(?:[.,]\d+)?)"
_STRENGTH_RES = (
    re.compile(_NUM + r"\s*(?:" + accent_pattern("độ") + r"|°)(?!\s*(?:" + accent_pattern("đạm") + r"|c\b|f\b|brix))"),
    re.compile(_NUM + r"\s*%\s*(?:vol|abv|alc|" + accent_pattern("cồn") + r")"),
    re.compile(r"(?:" + accent_pattern("độ cồn") + r"|abv|alc\.?|" + accent_pattern("cồn") + r")\s*:?\s*" + _NUM
               + r"\s*(?:%|" + accent_pattern("độ") + r"|°)?"),
)


def alcohol_strength(product: Product) -> float | None:
    """Alcohol by volume the seller wrote ("29 độ", "5% vol", "độ cồn 12"), or None."""
    text = _haystack(product.seller_text())
    for rx in _STRENGTH_RES:
        m = rx.search(text)
        if m:
            return float(m.group(1).replace(",", "."))
    return None


_AGE_RANGE = re.compile(r"(\d+)\s*(?:-|–|đến|den|tới|toi)\s*(\d+)\s*(tháng|thang|tuổi|tuoi)")
_AGE_FROM = re.compile(r"(?:từ|tu|trên|tren|>=|>|hơn)\s*(\d+)\s*(tháng|thang|tuổi|tuoi)")
_AGE_UNDER = re.compile(r"(?:dưới|duoi|<)\s*(\d+)\s*(tháng|thang|tuổi|tuoi)")
_AGE_ONE = re.compile(r"(\d+)\s*(tháng|thang|tuổi|tuoi)(?:\s*tuổi)?")


def min_age_months(product: Product) -> int | None:
    """The youngest age (in months) the seller's text aims at, or None when no age is given."""
    text = _haystack(" ".join([product.name, product.category, *product.features, product.audience]))

    def months(n: str, unit: str) -> int:
        return int(n) * (12 if unit.startswith("tu") else 1)

    ages: list[int] = []
    if re.search(accent_pattern("sơ sinh"), text) or _AGE_UNDER.search(text):
        ages.append(0)
    for m in _AGE_RANGE.finditer(text):
        ages.append(months(m.group(1), fold(m.group(3))))
    for m in _AGE_FROM.finditer(text):
        ages.append(months(m.group(1), fold(m.group(2))))
    if not ages:
        ages += [months(m.group(1), fold(m.group(2))) for m in _AGE_ONE.finditer(text)]
    return min(ages) if ages else None


def _identity(product: Product) -> list[str]:
    return [t for t in (product.name, product.category) if t]


@lru_cache(maxsize=4096)
def product_types(product: Product) -> frozenset[str]:
    """Legal kinds of the product: tobacco, prescription_drug, feeding_bottle, infant_milk,
    complementary_food, supplement, spirits (>= 15 độ or strength unknown), beer_wine (< 15 độ)."""
    found: set[str] = set()
    texts = _identity(product)
    for kind in TYPE_ORDER:
        if any(_type_at_head(kind, t) for t in texts):
            found.add(kind)
    non_alcoholic = bool(phrase_set("product_types", "non_alcoholic").find(_haystack(product.seller_text())))
    strength = alcohol_strength(product)
    if not non_alcoholic and strength != 0:
        spirits = any(_type_at_head("spirits", t) for t in texts)
        beer = any(_type_at_head("beer_wine", t) for t in texts)
        if strength is not None and not (spirits or beer):  # "Hộp quà Tết kèm rượu 40 độ"
            spirits = any(_type_anywhere("spirits", t) for t in texts)
            beer = any(_type_anywhere("beer_wine", t) for t in texts)
        if spirits or beer:
            if strength is not None:
                found.add("spirits" if strength >= 15 else "beer_wine")
            else:
                found.add("beer_wine" if beer else "spirits")
    if "feeding_bottle" in found:  # "bình sữa" is not milk
        found.discard("infant_milk")
    if "infant_milk" in found:
        found.discard("complementary_food")
    return frozenset(found)


def typed_without_accents(text: str) -> bool:
    return not has_diacritics(text)
