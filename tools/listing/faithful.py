"""Is a model sentence faithful to the seller? Only the seller's words and neutral phrasing pass.

A small model invents features ("sánh đặc", "không đường") that no regular expression can list in
advance; so a sentence is accepted only when every syllable is the seller's own or in
neutral_words.txt, on top of every rule in tools.compliance.clean_sentence.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from tools.compliance import clean_sentence, safe_name
from tools.product import Product
from tools.textnorm import fold

NEUTRAL_FILE = Path(__file__).with_name("neutral_words.txt")


@lru_cache(maxsize=1)
def neutral_words() -> frozenset[str]:
    words = set()
    for line in NEUTRAL_FILE.read_text(encoding="utf-8").splitlines():
        words.update(line.split("#", 1)[0].lower().split())
    return frozenset(words)


def _syllables(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def unknown_words(sentence: str, product: Product, features: list[str]) -> list[str]:
    """Syllables of `sentence` that neither the seller nor the neutral list provides."""
    seller = " ".join([product.name, product.category, product.audience, *features])
    own = _syllables(seller)
    allowed = set(own) | neutral_words()
    typed_without_accents = {w for w in own if w == fold(w)}
    return [w for w in _syllables(sentence) if w not in allowed and fold(w) not in typed_without_accents]


_QUESTION_WORDS = re.compile(r"(?<!\w)(chưa|không|gì|nào|sao|đâu|ai|à|nhỉ|hả)(?!\w)")


def reads_naturally(sentence: str) -> bool:
    """Cheap grammar checks for patterns the small model gets wrong ("Bạn đã thử X, 60 viên.")."""
    low = sentence.lower()
    if low.endswith("?") and not _QUESTION_WORDS.search(low):
        return False
    if "đã thử" in low and not low.endswith("chưa?"):
        return False
    if low.startswith("bạn đang tìm") and not (low.endswith("?") or "hãy" in low or "mời" in low):
        return False
    return True


def accept_sentence(text: str | None, product: Product, features: list[str]) -> str | None:
    """The sentence cleaned, or None when it breaks a rule or says something the seller did not."""
    if not text:
        return None
    cleaned = clean_sentence(text, product)
    if cleaned is None or unknown_words(cleaned, product, features) or not reads_naturally(cleaned):
        return None
    own = set(_syllables(" ".join([product.name, product.category, product.audience, *features])))
    if sum(1 for w in _syllables(cleaned) if w not in own) < 2:  # a bare list of the seller's words
        return None
    name = fold(safe_name(product))
    if fold(cleaned).count(name) != 1:  # about this product, and naming it once
        return None
    rest = fold(cleaned)
    for quoted in sorted([name, *(fold(f) for f in features)], key=len, reverse=True):
        rest = rest.replace(quoted, " ")
    if re.search(r"\d", rest):  # a seller's number outside its own phrase ("lớp 8" from "8 buổi tối")
        return None
    return cleaned
