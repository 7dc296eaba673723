"""The one sentence policy: a sentence and a product's assessment in, a verdict with its reasons out.

Listings, video scripts and every model writer (embedded, OpenAI-compatible) judge a model-written
sentence here and nowhere else. A sentence passes when it is tidy Vietnamese (one sentence, no emoji,
no label), breaks no rule of tools.compliance (claims, superlatives, facts or prices the seller did not
give, text addressed to a model, contacts, other platforms on a marketplace), and is faithful: every
syllable is the seller's own or neutral phrasing (neutral_words.txt), it names the product once and is
more than a bare list of the seller's words.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from tools.compliance.assessment import Assessment, assess
from tools.compliance.checks import Violation, find_violations
from tools.product import Product
from tools.textnorm import clean_text, fold, has_diacritics, nfc

NEUTRAL_FILE = Path(__file__).with_name("neutral_words.txt")


@dataclass(frozen=True)
class Verdict:
    text: str | None                     # the sentence as it may be printed (tidied), None when refused
    reasons: tuple[Violation, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.text is not None

    def __bool__(self) -> bool:
        return self.ok


def _refuse(code: str, fragment: str, message: str) -> Verdict:
    return Verdict(None, (Violation(code, fragment, message),))


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


_EMOJI_OR_TAG = re.compile(r"#\w+|[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200d]")


def _looks_repetitive(words: list[str]) -> bool:
    """The same word twice in a row, a three-word run repeated, or one word over and over."""
    if any(a == b for a, b in zip(words, words[1:])):
        return True
    trigrams = list(zip(words, words[1:], words[2:]))
    if len(trigrams) != len(set(trigrams)):
        return True
    return any(words.count(w) >= 4 for w in set(words))


def tidy(text: str, product: Product, *, min_len: int = 15, max_len: int = 220,
         channel: str | None = None, contacts: tuple[str, ...] = ()) -> Verdict:
    """Form and rules only (no faithfulness): NFC, emoji and hashtags removed, capital, final stop."""
    s = clean_text(_EMOJI_OR_TAG.sub(" ", unicodedata.normalize("NFC", text or ""))).replace(";", ",")
    s = s.strip(" \"'“”‘’-–*•:")
    if not (min_len <= len(s) <= max_len):
        return _refuse("length", s, "Câu quá ngắn hoặc quá dài.")
    if not has_diacritics(s):
        return _refuse("language", s, "Câu không phải tiếng Việt có dấu.")
    if re.search(r"[^\w\s.,;:!?()\-–/&'\"%+“”‘’]", s):
        return _refuse("symbols", s, "Câu có ký hiệu lạ.")
    letters = [c for c in s if c.isalpha()]
    if any(not ("LATIN" in unicodedata.name(c, "") or c in "đĐ") for c in letters):
        return _refuse("language", s, "Câu có chữ không phải tiếng Việt.")
    words = re.findall(r"\w+", s.lower())
    if len(words) < 4 or _looks_repetitive(words):
        return _refuse("repetitive", s, "Câu quá ít từ hoặc lặp từ.")
    if re.search(r"[.!?]\s+\S", s) or re.match(r"^[^,]{0,25}:", s):  # one sentence, not a "label: ..." line
        return _refuse("form", s, "Câu phải là một câu, không phải nhãn hay nhiều câu.")
    violations = find_violations(s, product, channel=channel, contacts=contacts)
    if violations:
        return Verdict(None, tuple(violations))
    s = s[0].upper() + s[1:]
    if s[-1] not in ".!?":
        s = s.rstrip(",;:") + "."
    return Verdict(s)


def judge_sentence(sentence: str | None, assessment: Assessment | Product, *, features: list[str] | None = None,
                   channel: str | None = None, max_len: int = 220) -> Verdict:
    """The one sentence policy (see the module docstring). `features`: the printable features the
    sentence may draw on (default: the assessment's)."""
    a = assessment if isinstance(assessment, Assessment) else assess(assessment)
    if not sentence:
        return _refuse("empty", "", "Không có câu.")
    if a.blocked:
        return _refuse("blocked", "", a.block.message)
    if not a.model_wording:
        return _refuse("no_model_wording", "", "Sản phẩm này không dùng câu do AI viết.")
    product = a.product
    feats = list(a.features if features is None else features)
    verdict = tidy(sentence, product, channel=channel, contacts=a.contacts, max_len=max_len)
    if not verdict.ok:
        return verdict
    cleaned = verdict.text
    unknown = unknown_words(cleaned, product, feats)
    if unknown:
        return _refuse("unfaithful", unknown[0], f"Câu có từ người bán không nói: “{unknown[0]}”.")
    if not reads_naturally(cleaned):
        return _refuse("unnatural", cleaned, "Câu không tự nhiên.")
    own = set(_syllables(" ".join([product.name, product.category, product.audience, *feats])))
    if sum(1 for w in _syllables(cleaned) if w not in own) < 2:
        return _refuse("bare_list", cleaned, "Câu chỉ liệt kê lại lời người bán.")
    name = fold(a.name)
    if fold(cleaned).count(name) != 1:
        return _refuse("not_about_product", cleaned, "Câu phải nêu tên sản phẩm đúng một lần.")
    rest = fold(cleaned)
    for quoted in sorted([name, *(fold(f) for f in feats)], key=len, reverse=True):
        rest = rest.replace(quoted, " ")
    if re.search(r"\d", rest):
        return _refuse("number", cleaned, "Câu có con số tách khỏi lời người bán.")
    return Verdict(cleaned)


def accept_sentence(text: str | None, product: Product, features: list[str]) -> str | None:
    """The sentence cleaned, or None (judge_sentence for callers that only need the text)."""
    return judge_sentence(text, assess(product), features=features).text


def clean_sentence(text: str, product: Product, *, min_len: int = 15, max_len: int = 220) -> str | None:
    """A model sentence made presentable, or None when it must not be used (form and rules only)."""
    return tidy(text, product, min_len=min_len, max_len=max_len).text


__all__ = ["Verdict", "accept_sentence", "clean_sentence", "judge_sentence", "neutral_words", "reads_naturally",
           "tidy", "unknown_words", "nfc"]
