"""A pasted Zalo/Facebook message -> a draft order the seller confirms.

Rules first: phone numbers, quantities, products and variants matched to the seller's saved sheet with
accent-insensitive fuzzy matching, the delivery address after "ship về / giao về / địa chỉ". Every value
carries how it was found; anything not read literally from the message is a guess (`guess=True`) and the
page shows it as one. A configured OpenAI-compatible server may fill the name and address the rules missed
(`model_helper`), under its timeout, and its answers are guesses too. Nothing here saves anything.
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Callable, Iterable, Protocol

from tools import phone as tools_phone
from tools.textnorm import fold, nfc

log = logging.getLogger(__name__)

# Written with their accents only: without them "ba" is also "bà" and "nam" also "Nam".
NUMBER_WORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7, "bẩy": 7,
                "tám": 8, "chín": 9, "mười": 10, "chục": 10}
UNITS = {"hop", "tui", "chai", "cai", "goi", "hu", "lo", "bich", "thung", "kg", "can", "lang", "qua", "bo",
         "cuon", "hu", "set", "combo", "phan", "suat", "ly", "coc", "chiec", "doi", "vi", "loc", "bao", "lon"}
STOP = {"va", "voi", "cho", "em", "chi", "anh", "lay", "mua", "dat", "ship", "giao", "ve", "nhe", "nha", "a",
        "oi", "con", "khong", "ko", "gui", "ban", "loai", "them", "nua", "san", "pham"}
ADDRESS_KEYS = r"(?:ship\s+(?:ve|toi|den|qua)|giao\s+(?:ve|toi|den|qua|hang\s+(?:ve|toi|den))|gui\s+(?:ve|toi|den)|" \
               r"dia\s+chi(?:\s+nhan)?|d/c|dc|đc|nha\s+o|o\s+tai)"
NAME_KEYS = r"(?:ten(?:\s+nguoi\s+nhan)?(?:\s+la)?|nguoi\s+nhan|nhan\s+hang)"
PHONE_RE = re.compile(r"(?<!\d)(?:\+?84|0)(?:[\s.\-]?\d){9,10}(?!\d)")
PHONE_KEYS = r"(?:sdt|so\s+dien\s+thoai|dt|dien\s+thoai|phone|lh|lien\s+he)"


class SaleItem(Protocol):
    product_id: int
    name: str
    variant: str
    price: int


@dataclass
class Field:
    value: object
    guess: bool
    how: str            # "rule" (read from the message), "match" (fuzzy match), "default", "model"
    note: str = ""      # what the page shows next to a guess


@dataclass
class DraftLine:
    product_id: int | None
    name: str
    variant: str
    unit_price: int
    qty: Field
    match: Field        # value: score 0..1; guess unless the whole name was found as written
    heard: str = ""     # the words in the message this line came from
    other_variants: list[str] = field(default_factory=list)


@dataclass
class Draft:
    text: str
    phone: Field
    name: Field
    address: Field
    lines: list[DraftLine]
    unmatched: list[str] = field(default_factory=list)   # quantities with no product found next to them
    helper_used: bool = False

    @property
    def guesses(self) -> list[str]:
        out = [k for k in ("phone", "name", "address") if getattr(self, k).guess and getattr(self, k).value]
        out += [f"line{i}" for i, line in enumerate(self.lines) if line.match.guess or line.qty.guess]
        return out


def canonical_phone(raw: str) -> str:
    """The phone's one canonical form, else its digits (a guess the seller confirms)."""
    return tools_phone.canonical_phone(raw) or re.sub(r"\D", "", raw)


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """Folded words with their spans in the original text."""
    folded = fold(text)
    return [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[a-z0-9]+", folded)]


def _similar(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if a.isdigit() or b.isdigit():
        return 0.0
    return SequenceMatcher(None, a, b).ratio()


def _find_name(product_words: list[str], words: list[str]) -> tuple[float, int, int]:
    """Best window of the message matching the product's name: (score, first word, last word + 1).

    Score: share of the name's words found in order within a short window, each at least 80 % similar
    (typos, missing accents). A name of one word needs an exact (accent-free) match. Buyers shorten
    names ("long nhãn" for "Long nhãn Hưng Yên"): the first two words found count as 0.6 at least."""
    best = (0.0, -1, -1)
    key = [w for w in product_words if w not in STOP] or product_words
    if not key:
        return best
    for start, word in enumerate(words):
        if _similar(key[0], word) < 0.8 and not (len(key) > 1 and _similar(key[1], word) >= 0.8):
            continue
        found, pos, last = 0.0, start, start
        for kw in key:
            for j in range(pos, min(pos + 3, len(words))):
                sim = _similar(kw, words[j])
                if sim >= 0.8:
                    found += sim
                    pos, last = j + 1, j
                    break
        score = found / len(key)
        if len(key) > 2 and last >= start + 1 and _similar(key[0], words[start]) >= 0.8 \
                and _similar(key[1], words[start + 1]) >= 0.8:
            score = max(score, 0.6)
        if len(key) == 1 and score < 1.0:
            continue
        if score > best[0]:
            best = (score, start, last + 1)
    return best


def _qty_before(words: list[str], plain: list[str], start: int) -> tuple[int | None, int]:
    """A quantity just before a product: "2 hộp", "hai túi", "x3"; returns (qty, index of the number).
    `plain` holds the same words as written (lower case, accents kept)."""
    j = start - 1
    if j >= 0 and words[j] in UNITS:
        j -= 1
    if j >= 0:
        w = words[j]
        if w.isdigit() and 0 < int(w) <= 999:
            return int(w), j
        if plain[j] in NUMBER_WORDS:
            return NUMBER_WORDS[plain[j]], j
        m = re.fullmatch(r"x(\d{1,3})", w)
        if m:
            return int(m.group(1)), j
    return None, -1


def _qty_after(words: list[str], end: int) -> tuple[int | None, int]:
    """"long nhãn x2", "mật ong sl 3", "mật ong: 2 hũ"; returns (qty, index of the number)."""
    for j in range(end, min(end + 4, len(words))):
        w = words[j]
        m = re.fullmatch(r"x(\d{1,3})", w)
        if m:
            return int(m.group(1)), j
        if w in ("x", "sl", "so", "luong") and j + 1 < len(words) and words[j + 1].isdigit():
            return int(words[j + 1]), j + 1
        if w.isdigit() and j + 1 < len(words) and words[j + 1] in UNITS:
            return int(w), j
    return None, -1


def _variant(item_variants: list[SaleItem], words: list[str], lo: int, hi: int) -> tuple[SaleItem, bool]:
    """The variant named near the product ("500g", "túi 500g"); (choice, guessed)."""
    window = words[max(0, lo - 3): hi + 4]
    scored = []
    for item in item_variants:
        vwords = [w for w, _, _ in _tokens(item.variant)]
        if not vwords:
            continue
        hits = sum(1 for vw in vwords if any(_similar(vw, w) >= (1.0 if any(c.isdigit() for c in vw) else 0.8)
                                             for w in window))
        must = [vw for vw in vwords if any(c.isdigit() for c in vw)]  # sizes decide: 250g vs 500g
        if must and not all(vw in window for vw in must):
            hits = 0
        scored.append((hits / len(vwords), item))
    scored.sort(key=lambda s: -s[0])
    if scored and scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1], False
    return item_variants[0], True


def _address(text: str) -> tuple[str, bool]:
    folded = fold(text)
    m = re.search(r"(?<![a-z])" + ADDRESS_KEYS + r"(?![a-z])\s*[:\-]?\s*", folded)
    if not m:
        return "", True
    start = m.end()
    stop = len(text)
    for pat in (PHONE_RE.pattern, r"(?<![a-z])" + PHONE_KEYS + r"(?![a-z])\s*[:\-]?\s*[+\d]",
                r"\n", r"(?<![a-z])" + NAME_KEYS + r"(?![a-z])", r"(?<![a-z])(?:nhe|nha|a|em oi|cam on)[\s.!]*$"):
        n = re.compile(pat).search(folded, start)
        if n:
            stop = min(stop, n.start())
    value = text[start:stop].strip(" ,.;:-\n")
    value = re.sub(r"\s*,\s*$", "", value)
    return nfc(value), False


def _name(text: str) -> str:
    folded = fold(text)
    m = re.search(r"(?<![a-z])" + NAME_KEYS + r"(?![a-z])\s*[:\-]?\s*", folded)
    if not m:
        return ""
    rest = text[m.end():]
    words = re.split(r"[,;\n.]|\s(?=(?:sđt|sdt|ship|giao|đc|địa chỉ))", rest, maxsplit=1)[0].split()
    return nfc(" ".join(words[:5])) if words and words[0][:1].isupper() else ""


def draft_order(text: str, catalog: Iterable[SaleItem],
                model_helper: Callable[[str], dict] | None = None) -> Draft:
    """Rules first; `model_helper(text)` (optional) may suggest {"name", "address"} the rules missed."""
    text = nfc(text)[:5000]
    phones = [canonical_phone(m.group(0)) for m in PHONE_RE.finditer(text)]
    phone = Field(phones[0], False, "rule") if phones else Field("", True, "default")
    if len(set(phones)) > 1:
        phone.guess, phone.note = True, "Tin nhắn có nhiều số điện thoại: " + ", ".join(dict.fromkeys(phones))
    # Phone digits must not be read as quantities or sizes.
    scrubbed = PHONE_RE.sub(lambda m: " " * len(m.group(0)), text)
    toks = _tokens(scrubbed)
    words = [w for w, _, _ in toks]
    plain = [scrubbed[a:b].lower() for _, a, b in toks]

    by_product: dict[int, list[SaleItem]] = {}
    for item in catalog:
        by_product.setdefault(item.product_id, []).append(item)
    found: list[tuple[int, DraftLine]] = []
    taken: set[int] = set()
    candidates = []
    for pid, variants in by_product.items():
        pwords = [w for w, _, _ in _tokens(variants[0].name)]
        score, lo, hi = _find_name(pwords, words)
        if score >= 0.6:
            candidates.append((score, lo, hi, pid, variants))
    candidates.sort(key=lambda c: (-c[0], c[1]))
    chosen = []
    for score, lo, hi, pid, variants in candidates:
        if any(i in taken for i in range(lo, hi)):
            continue  # these words already matched a better product
        taken.update(range(lo, hi))
        chosen.append((lo, hi, score, pid, variants))
    chosen.sort()
    used_numbers: set[int] = set()
    for k, (lo, hi, score, pid, variants) in enumerate(chosen):
        choice, variant_guess = _variant(variants, words, lo, hi) if variants[0].variant else (variants[0], False)
        next_lo = chosen[k + 1][0] if k + 1 < len(chosen) else len(words)
        qty, at = _qty_before(words, plain, lo)
        if qty is not None and at in used_numbers:  # "mật ong 1 chai + trà": that 1 belongs to the honey
            qty = None
        after, at_after = _qty_after(words[:next_lo], hi)
        if qty is None and after is not None:
            qty, at = after, at_after
        how = "rule"
        if qty is None:
            qty, how = 1, "default"
        else:
            used_numbers.add(at)
        exact = score >= 0.999
        heard = scrubbed[toks[lo][1]:toks[hi - 1][2]]
        note = "" if exact and not variant_guess else (
            "Đoán theo tên gần giống" if not exact else "Chưa rõ loại, hãy chọn lại")
        found.append((lo, DraftLine(pid, choice.name, choice.variant, choice.price,
                                    Field(qty, how != "rule", how, "" if how == "rule" else "Không thấy số lượng, tạm để 1"),
                                    Field(round(score, 2), not exact or variant_guess, "match", note), heard,
                                    [v.variant for v in variants if v.variant and v.variant != choice.variant])))
        taken.update(i for i in (at,) if i >= 0)
    found.sort(key=lambda f: f[0])
    # Quantities with a unit but no product we know ("3 hộp bánh gai" when no such product is saved).
    unmatched = []
    for i, w in enumerate(words):
        if i in taken or not (w.isdigit() and 0 < int(w) <= 999):
            continue
        if i + 1 < len(words) and words[i + 1] in UNITS and i + 2 not in taken and i + 2 < len(words):
            unmatched.append(scrubbed[toks[i][1]:toks[min(i + 4, len(toks) - 1)][2]])

    address, _ = _address(text)
    name = _name(text)
    draft = Draft(text=text, phone=phone,
                  name=Field(name, True, "rule" if name else "default"),
                  address=Field(address, True, "rule" if address else "default",
                                "Đọc theo chữ “ship về/giao về/địa chỉ”, hãy kiểm tra" if address else ""),
                  lines=[line for _, line in found], unmatched=unmatched)
    if model_helper and (not address or not name):
        try:
            extra = model_helper(text) or {}
        except Exception as exc:  # a helper is optional: any failure leaves the rules' draft as it is
            log.warning("chat order helper failed: %s", exc)
            extra = {}
        for key in ("name", "address"):
            value = nfc(extra.get(key, ""))[:300]
            if value and not getattr(draft, key).value and fold(value) in fold(text):
                # only words that really are in the message: the model may not invent an address
                setattr(draft, key, Field(value, True, "model", "Máy gợi ý, hãy kiểm tra"))
                draft.helper_used = True
    return draft


def openai_helper(settings=None) -> Callable[[str], dict] | None:
    """A helper backed by the configured OpenAI-compatible server, or None when none is configured.
    Each call has the server's total deadline (BINHDAN_OPENAI_TIMEOUT) and its circuit breaker; any failure
    leaves the rules' draft as it is (draft_order catches it)."""
    from tools.providers.openai_compat import OpenAISettings, chat_model, invoke
    settings = settings or OpenAISettings.from_env()
    if not settings.configured:
        return None

    model = chat_model(settings, max_tokens=120, temperature=0)

    def helper(text: str) -> dict:
        prompt = ("Trích từ tin nhắn đặt hàng dưới đây tên người nhận và địa chỉ giao hàng, chép nguyên văn từ "
                  "tin nhắn, không thêm gì. Trả lời đúng một dòng JSON {\"name\": \"...\", \"address\": \"...\"}, "
                  "để chuỗi rỗng nếu không có.\n\nTin nhắn:\n" + text)
        reply = invoke(settings, model, prompt).content  # total deadline + circuit breaker
        m = re.search(r"\{.*\}", str(reply), re.S)
        return json.loads(m.group(0)) if m else {}

    return helper
