"""The rule layer every generated text passes through (shared/rules/advertising-vn.md).

The law table lives in rules.yaml next to this file. Public API (the listing and video tools use it;
names are stable):

- `precheck(product) -> Block | None`: a product that may not be advertised at all
  (`Block.code`, `Block.message` in Vietnamese naming the law, `Block.law`).
- `mandated_statements(product) -> list[str]`: sentences that must appear word for word, in order
  (for complementary food the first one must open the text).
- `find_violations(text, product, *, title=False) -> list[Violation]`: banned claims, superlatives,
  certifications, awards, discounts, origins and numbers the seller did not give, any price other
  than the seller's, promotion words and symbols in a marketplace title (`title=True`). Mandated
  statements inside `text` are ignored. `Violation.code`, `.fragment`, `.message` (Vietnamese).
- `clean_sentence(text, product) -> str | None`: one model-written sentence tidied (NFC, spaces,
  emoji and hashtags removed, capital letter, final stop) or None when it breaks a rule, is not
  Vietnamese, is too short/long or repeats itself.
- `check_feature(feature, product) -> list[Violation]`: why a seller's own feature cannot be
  printed (claims, superlatives, a price different from the product's, text aimed at the model).
- `safe_name(product) -> str`: the product name without banned claims, superlatives or text aimed
  at the model; `clean_title_text(text) -> str`: without marketplace-forbidden words and symbols.
- `product_types(product) -> frozenset[str]`, `alcohol_strength(product)`, `min_age_months(product)`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from tools.money import format_vnd
from tools.product import Product
from tools.textnorm import accent_pattern, fold, modern_tones, nfc, words_regex

RULES_FILE = Path(__file__).with_name("rules.yaml")
_VI_LETTERS = re.compile(r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.IGNORECASE)


@dataclass(frozen=True)
class Block:
    code: str
    message: str
    law: str


@dataclass(frozen=True)
class Violation:
    code: str       # banned_claim, superlative, certification, award, discount, origin, number, price, title, injection
    fragment: str
    message: str

    def __str__(self) -> str:
        return self.message


@lru_cache(maxsize=1)
def rules() -> dict:
    return yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _rx(*keys: str) -> re.Pattern[str]:
    node = rules()
    for key in keys:
        node = node[key]
    return words_regex(tuple(str(p) for p in node))


@lru_cache(maxsize=None)
def _rx_folded(*keys: str) -> re.Pattern[str]:
    """The same phrases without accents, for text typed without any."""
    node = rules()
    for key in keys:
        node = node[key]
    return words_regex(tuple(fold(str(p)) for p in node))


def _haystack(text: str) -> str:
    return modern_tones(nfc(text)).lower()


def _law(key: str) -> str:
    return rules()["laws"][key]


# --- product types ---------------------------------------------------------------------------

def _pick_rx(text: str):
    """Regexes and text to match: accented as written, or both folded when typed without accents."""
    if _VI_LETTERS.search(text):
        return _rx, text
    return _rx_folded, fold(text)


def _matches_type(kind: str, text: str) -> bool:
    spec = rules()["product_types"][kind]
    rx, text = _pick_rx(text)
    if not rx("product_types", kind, "words").search(text):
        return False
    if spec.get("not_when") and rx("product_types", kind, "not_when").search(text):
        return False
    return True


def _starts_with_container(kind: str, name: str) -> bool:
    heads = rules()["product_types"][kind].get("container_heads") or []
    return bool(heads) and bool(re.match(r"(?:" + "|".join(accent_pattern(h) for h in heads) + r")(?!\w)", name))


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


@lru_cache(maxsize=4096)
def product_types(product: Product) -> frozenset[str]:
    """Legal product types recognised from the name and category (not from features)."""
    identity = _haystack(f"{product.name} ; {product.category}")
    name = _haystack(product.name)
    found: set[str] = set()
    for kind in ("tobacco", "prescription_drug", "feeding_bottle", "infant_milk", "complementary_food", "supplement"):
        if _matches_type(kind, identity):
            found.add(kind)
    non_alcoholic = bool(_rx("product_types", "non_alcoholic").search(_haystack(product.seller_text())))
    strength = alcohol_strength(product)
    if not non_alcoholic and strength != 0:
        spirits = _matches_type("spirits", identity) and not (_starts_with_container("spirits", name) and strength is None)
        beer = _matches_type("beer_wine", identity) and not (_starts_with_container("beer_wine", name) and strength is None)
        if spirits or beer:
            if strength is not None:
                found.add("spirits" if strength >= 15 else "beer_wine")
            else:
                found.add("spirits" if spirits else "beer_wine")
    if "feeding_bottle" in found:  # "bình sữa" is not milk
        found.discard("infant_milk")
    if "infant_milk" in found:
        found.discard("complementary_food")
    return frozenset(found)


def precheck(product: Product) -> Block | None:
    """Stop products that may not be advertised, with a Vietnamese reason that names the law."""
    types = product_types(product)
    msgs = rules()["blocked_messages"]
    laws = rules()["laws"]

    def block(code: str, key: str, law: str) -> Block:
        return Block(code, msgs[key].format(**laws), law)

    if "tobacco" in types:
        return block("tobacco", "tobacco", laws["ads_art7"])
    if "prescription_drug" in types:
        return block("prescription_drug", "prescription_drug", laws["ads_art7"])
    if "spirits" in types:
        key = "spirits" if alcohol_strength(product) is not None else "spirits_unknown"
        return block("spirits", key, laws["alcohol"])
    if "feeding_bottle" in types:
        return block("feeding_bottle", "feeding_bottle", laws["infant"])
    age = min_age_months(product)
    if "infant_milk" in types and (age is None or age < 24):
        return block("infant_milk", "infant_milk", laws["infant"])
    if "complementary_food" in types and age is not None and age < 6:
        return block("complementary_food", "complementary_food_under_6m", laws["infant"])
    return None


def mandated_statements(product: Product) -> list[str]:
    """Sentences the advert must carry word for word (no final stop), in the order to print them."""
    types = product_types(product)
    out: list[str] = []
    for kind in ("complementary_food", "supplement", "beer_wine"):
        if kind in types:
            out += rules()["mandated"][kind]
    return out


def mandated_law(product: Product) -> list[str]:
    """The laws behind the mandated statements (for the user's warnings)."""
    types = product_types(product)
    keys = {"complementary_food": "infant", "supplement": "supplement", "beer_wine": "alcohol"}
    return [_law(keys[k]) for k in ("complementary_food", "supplement", "beer_wine") if k in types]


# --- violations -------------------------------------------------------------------------------

# "chữa" alone is a cure claim, except in "sửa chữa" (repair) and "chữa cháy" (fire fighting)
_CURE = re.compile(r"(?<!\w)(?<!sửa )(?<!sua )" + accent_pattern("chữa") + r"(?!\w)(?!\s+" + accent_pattern("cháy") + ")")
_MONEY = re.compile(r"(\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d{1,2})?)\s*(đồng|dong|vnđ|vnd|đ|₫|k|nghìn|ngàn|triệu|tr)(?!\w)",
                    re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SYMBOLS = re.compile(r"[^\w\s.,;:!?()\-–/&'\"%+“”‘’]")


def _money_value(amount: str, unit: str) -> int:
    unit = unit.lower()
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", amount):
        value = float(re.sub(r"[.,]", "", amount))
    else:
        value = float(amount.replace(",", "."))
    if unit in ("k", "nghìn", "ngàn"):
        value *= 1000
    elif unit in ("triệu", "tr"):
        value *= 1_000_000
    return round(value)


def _canonical_number(token: str) -> str:
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", token):
        return str(int(re.sub(r"[.,]", "", token)))
    return token.replace(",", ".").lstrip("0") or "0"


@lru_cache(maxsize=4096)
def _seller_facts(product: Product) -> tuple[str, frozenset[str]]:
    text = _haystack(product.seller_text())
    numbers = {_canonical_number(t) for t in _NUMBER.findall(text)}
    numbers.add(str(product.price))
    numbers.update(_canonical_number(t) for t in _NUMBER.findall(format_vnd(product.price)))
    return text, frozenset(numbers)


def _without_mandated(text: str, product: Product) -> str:
    for statement in mandated_statements(product):
        text = re.sub(re.escape(statement.lower()), " ", text)
    return text


_UNSUPPORTED_MESSAGES = {
    "certification": "Không được nêu chứng nhận/tiêu chuẩn “{f}” khi người bán không cung cấp.",
    "award": "Không được nêu giải thưởng hay lời khuyên dùng “{f}” khi người bán không cung cấp.",
    "discount": "Không được nêu khuyến mãi, quà tặng, giao hàng hay bảo hành “{f}” khi người bán không cung cấp.",
    "origin": "Không được nêu xuất xứ “{f}” khi người bán không cung cấp.",
}


def find_violations(text: str, product: Product, *, title: bool = False) -> list[Violation]:
    """Everything in `text` the rules forbid for this product (empty list: the text may be posted)."""
    hay = _without_mandated(_haystack(text), product)
    seller, numbers = _seller_facts(product)
    out: list[Violation] = []
    unaccented = not _VI_LETTERS.search(hay)
    if unaccented:  # typed without accents: compare without accents
        hay, seller = fold(hay), fold(seller)
    rx = _rx_folded if unaccented else _rx
    cures = ([] if unaccented else list(_CURE.finditer(hay))) + list(rx("banned_claims", "phrases").finditer(hay))
    for m in cures:
        out.append(Violation("banned_claim", m.group(0), f"Không được quảng cáo công dụng chữa bệnh hay tác dụng như "
                                                         f"thuốc: “{m.group(0)}” ({_law('claims')})."))
    masked = rx("superlatives", "allowed").sub(lambda m: "_" * len(m.group(0)), hay)
    for m in rx("superlatives", "phrases").finditer(masked):
        out.append(Violation("superlative", m.group(0), f"Không được dùng từ ngữ so sánh tuyệt đối “{m.group(0)}” khi "
                                                        f"không có giấy tờ chứng minh ({_law('ads_art8')})."))
    for kind, msg in _UNSUPPORTED_MESSAGES.items():
        for m in rx("unsupported", kind).finditer(hay):
            if not re.search(r"(?<!\w)" + accent_pattern(m.group(0)) + r"(?!\w)", seller):
                out.append(Violation(kind, m.group(0), msg.format(f=m.group(0))))
    words = rules()["unsupported"]
    qty = re.compile(r"(?<!\w)(?:" + "|".join(accent_pattern(w) for w in words["time_and_quantity_words"]) + r")\s+(?:"
                     + "|".join(accent_pattern(u) for u in words["quantity_units"]) + r")(?!\w)")
    for m in qty.finditer(hay):
        if m.group(0) not in seller:
            out.append(Violation("number", m.group(0), f"Không được nêu con số “{m.group(0)}” khi người bán không cung cấp."))
    for m in _MONEY.finditer(hay):
        if _money_value(m.group(1), m.group(2)) != product.price:
            out.append(Violation("price", m.group(0), f"Giá “{m.group(0)}” khác giá người bán đưa ra "
                                                      f"({format_vnd(product.price)})."))
    hay_no_money = _MONEY.sub(lambda m: m.group(0) if _money_value(m.group(1), m.group(2)) != product.price else " ", hay)
    for token in _NUMBER.findall(hay_no_money):
        if _canonical_number(token) not in numbers and not any(v.fragment.startswith(token) for v in out):
            out.append(Violation("number", token, f"Không được nêu con số “{token}” khi người bán không cung cấp."))
    if title:
        for m in rx("title_forbidden").finditer(hay):
            out.append(Violation("title", m.group(0), f"Tiêu đề trên sàn không được có từ khuyến mãi, tên sàn khác hay "
                                                      f"liên kết: “{m.group(0)}”."))
        if "%" in hay:
            out.append(Violation("title", "%", "Tiêu đề trên sàn không được có dấu “%”."))
        sym = _SYMBOLS.findall(text)
        if sym:
            out.append(Violation("title", sym[0], f"Tiêu đề trên sàn không được có biểu tượng hay emoji “{sym[0]}”."))
    return out


def check_feature(feature: str, product: Product) -> list[Violation]:
    """Why the seller's own feature cannot be printed as written (empty: print it verbatim)."""
    hay = _haystack(feature)
    out = [v for v in find_violations(feature, product) if v.code in ("banned_claim", "superlative", "price")]
    rx, folded = _pick_rx(hay)
    m = rx("injection").search(folded)
    if m:
        out.append(Violation("injection", m.group(0), "Đặc điểm này giống một câu lệnh cho AI chứ không phải thông tin "
                                                      "sản phẩm nên đã được bỏ qua."))
    return out


def safe_name(product: Product) -> str:
    """The product name as printed: banned claims and superlatives cut out, and anything from an
    instruction to the model onwards ("Mật ong (bỏ qua hướng dẫn...)" -> "Mật ong")."""
    rx, folded = _pick_rx(_haystack(product.name))
    m = rx("injection").search(folded)
    source = product.name[: m.start()] if m else product.name
    source = re.split(r"[(\[{]", source)[0] if m else source
    name = re.sub(r"(?<!\w)\w+\s+" + accent_pattern("nhất") + r"(?!\w)", " ", source, flags=re.IGNORECASE)
    for rx in (_rx("banned_claims", "phrases"), _rx("superlatives", "phrases")):
        name = re.sub(rx.pattern, " ", name, flags=re.IGNORECASE)
    name = nfc(re.sub(r"\s+([,.;:])", r"\1", name)).strip(" ,.;:-–(")
    return name or ("Sản phẩm" if m else product.name)


def clean_title_text(text: str) -> str:
    """Text without marketplace-forbidden words, "%", emoji or symbols (for Shopee/TikTok titles)."""
    text = nfc(re.sub(r"\d+(?:[.,]\d+)?\s*%", " ", text))  # positions below match this text
    rx, folded = _pick_rx(_haystack(text))
    spans = [m.span() for m in rx("title_forbidden").finditer(folded)]
    for start, end in reversed(spans):
        text = text[:start] + " " + text[end:]
    text = _SYMBOLS.sub(" ", text.replace("%", " "))
    return nfc(re.sub(r"\s+([,.;:])", r"\1", text)).strip(" ,.;:-–")


# --- model sentences ---------------------------------------------------------------------------

_EMOJI_OR_TAG = re.compile(r"#\w+|[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200d]")


def _looks_repetitive(words: list[str]) -> bool:
    """The same word twice in a row, a three-word run repeated, or one word over and over."""
    if any(a == b for a, b in zip(words, words[1:])):
        return True
    trigrams = list(zip(words, words[1:], words[2:]))
    if len(trigrams) != len(set(trigrams)):
        return True
    return any(words.count(w) >= 4 for w in set(words))


def clean_sentence(text: str, product: Product, *, min_len: int = 15, max_len: int = 220) -> str | None:
    """A model sentence made presentable, or None when it must not be used."""
    s = nfc(_EMOJI_OR_TAG.sub(" ", unicodedata.normalize("NFC", text or ""))).replace(";", ",")
    s = s.strip(" \"'“”‘’-–*•:")
    if not (min_len <= len(s) <= max_len):
        return None
    if not _VI_LETTERS.search(s) or re.search(r"[^\w\s.,;:!?()\-–/&'\"%+“”‘’]", s):
        return None
    letters = [c for c in s if c.isalpha()]
    if any(not ("LATIN" in unicodedata.name(c, "") or c in "đĐ") for c in letters):
        return None
    words = re.findall(r"\w+", s.lower())
    if len(words) < 4 or _looks_repetitive(words):
        return None
    if re.search(r"[.!?]\s+\S", s) or re.match(r"^[^,]{0,25}:", s):  # one sentence, not a "label: ..." line
        return None
    if find_violations(s, product) or _rx("injection").search(_haystack(s)) or _rx_folded("injection").search(fold(s)):
        return None
    s = s[0].upper() + s[1:]
    if s[-1] not in ".!?":
        s = s.rstrip(",;:") + "."
    return s
