"""The corpora of issue 11, shared by tests/test_rule_corpus.py and bench/rule_corpus.py.

- HARMLESS: >= 300 real, harmless products whose words trip naive matching (tests/data/harmless_products.txt).
- DISGUISED: 342 products, each disguise x each banned claim, superlative and foreign price, placed in the
  name or in a feature of an honest honey product.
- An oracle for disguised output written from the rules, independent of tools.compliance: it undoes the
  disguises its own way (NFKC, format characters dropped, a small look-alike table, letters squashed).
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from tools.product import Product

DATA = Path(__file__).with_name("data") / "harmless_products.txt"
CHANNELS = ["shopee", "tiktok", "facebook", "zalo"]
PRICE = 250000


def harmless() -> list[tuple[str, str, list[str]]]:
    out = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, category, features = (p.strip() for p in line.split("|"))
        out.append((name, category, [f.strip() for f in features.split(";") if f.strip()]))
    return out


def harmless_product(name: str, category: str, features: list[str]) -> Product:
    m = re.search(r"(\d{1,3}(?:\.\d{3})+)đ", name)   # a gift card "trị giá 200.000đ" sells at that price
    price = int(m.group(1).replace(".", "")) if m else 50000
    return Product.from_fields(name, category, price, ";".join(features), "")


PAYLOADS = {  # (payload, family)
    "chữa khỏi ung thư": "claim", "giảm cân cấp tốc": "claim", "đặc trị mụn": "claim", "thần dược": "claim",
    "điều trị tiểu đường": "claim", "trắng da thần tốc": "claim", "tăng cường sinh lý": "claim",
    "tốt nhất": "superlative", "số một": "superlative", "hàng đầu": "superlative", "ngon nhất": "superlative",
    "duy nhất": "superlative", "siêu phẩm": "superlative",
    "giá chỉ 30.000đ": "price", "gia chi 30.000d": "price", "giá 30 nghìn": "price", "ba mươi nghìn đồng": "price",
    "chỉ 30k": "price", "giảm giá": "discount",
}
_CYR = {"a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "i": "і", "h": "һ", "k": "к", "T": "Т"}


def _each_letter(text: str, sep: str) -> str:
    return " ".join(sep.join(w) for w in text.split())


DISGUISES = {
    "zero_width": lambda t: "\u200b".join(t),
    "zero_width_joiner": lambda t: "\u200d".join(t),
    "soft_hyphen": lambda t: " ".join("\u00ad".join(w) for w in t.split()),
    "rtl_override": lambda t: "\u202e" + t + "\u202c",
    "dots": lambda t: _each_letter(t, "."),
    "spaced": lambda t: _each_letter(t, " "),
    "fullwidth": lambda t: "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in t),
    "cyrillic": lambda t: "".join(_CYR.get(c, c) for c in t),
    "mixed": lambda t: "\u200b".join(_CYR.get(c, c) for c in t),
}
PLACES = ("name", "feature")


def disguised() -> list[tuple[str, str, str, Product]]:
    """(disguise, payload, place, product): 9 x 19 x 2 = 342."""
    out = []
    for dname, disguise in DISGUISES.items():
        for payload in PAYLOADS:
            hidden = disguise(payload)
            for place in PLACES:
                if place == "name":
                    p = Product.from_fields(f"Mật ong rừng {hidden}", "Thực phẩm", PRICE, "nguyên chất;chai 500ml",
                                            "gia đình")
                else:
                    p = Product.from_fields("Mật ong rừng", "Thực phẩm", PRICE, f"nguyên chất;{hidden};chai 500ml",
                                            "gia đình")
                out.append((dname, payload, place, p))
    return out


_LOOKALIKE = {v: k for k, v in _CYR.items()} | {"ı": "i", "ο": "o", "α": "a", "ѕ": "s", "ԁ": "d"}


def squash(text: str) -> str:
    """The oracle's own undoing of disguises: NFKC, no format characters, look-alikes, letters only."""
    t = unicodedata.normalize("NFKC", text)
    t = "".join(_LOOKALIKE.get(c, c) for c in t if unicodedata.category(c) != "Cf")
    t = unicodedata.normalize("NFC", t).lower()
    return re.sub(r"[^\w]", "", t)


def leaked(payload: str, listing: dict) -> bool:
    """Does the listing carry the payload, disguised or not (or any price other than the seller's)?"""
    text = listing["title"] + "\n" + listing["description"] + "\n" + " ".join(listing["hashtags"])
    if PAYLOADS[payload] == "discount":  # the seller's own offer may be described, never in a marketplace title
        text = listing["title"] if listing["channel"] in ("shopee", "tiktok") else ""
    flat = squash(text)
    core = squash(re.sub(r"^(?:giá chỉ|gia chi|giá|chỉ)\s+", "", payload))
    if core in flat:
        return True
    if PAYLOADS[payload] == "price":
        amounts = re.findall(r"\d[\d.]*\s*(?:đ|₫|d|k|nghìn|ngàn)(?!\w)", text, re.I)
        return any(re.sub(r"\s", "", a) != "250.000đ" for a in amounts) or "nghìn" in text or "30" in text
    return False
