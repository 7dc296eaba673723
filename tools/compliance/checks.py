"""Checks of one text against the rules: claims, superlatives, facts the seller did not give, other
prices, text addressed to a model, contact details and other platforms, marketplace title rules."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tools.compliance.kinds import product_types
from tools.compliance.matching import Hit, PhraseSet, law, phrase_set, rules
from tools.money import find_amounts, format_vnd
from tools.product import Product
from tools.textnorm import accent_pattern, clean_text, fold, has_diacritics, joined_view, modern_tones, nfc


@dataclass(frozen=True)
class Violation:
    code: str       # banned_claim, superlative, certification, award, discount, origin, number, price, title,
    #                 injection, contact, platform
    fragment: str
    message: str

    def __str__(self) -> str:
        return self.message


def haystack(text: str) -> str:
    return modern_tones(clean_text(text)).lower()


# --- statements the law mandates (never counted as claims) -------------------------------------------

def all_statement_texts(kinds) -> list[str]:
    out: list[str] = []
    for kind, spec in rules()["statements"].items():
        if kind in kinds:
            out += [item["text"] for item in spec["items"]]
    return out


def _mask(text: str, phrases: list[str]) -> str:
    for p in sorted(phrases, key=len, reverse=True):
        text = re.sub(re.escape(p), lambda m: " " * len(m.group(0)), text, flags=re.IGNORECASE)
    return text


# --- text addressed to a model ------------------------------------------------------------------------

_ROLE = re.compile(r"(?<!\w)(?:system|assistant|developer|hệ thống|he thong|trợ lý|tro ly)\s*:", re.IGNORECASE)
_CONTROL_TAG = re.compile(r"<\|[^<>|]{0,40}\|>|\[/?\s*(?:inst|sys|system|user|assistant)\s*\]|<<\s*/?\s*sys\s*>>|```"
                          r"|\{\{.{0,80}?\}\}|\{%.{0,80}?%\}", re.IGNORECASE)
_TAG = re.compile(r"</?\s*([a-zA-Z][\w:-]{0,30})(?:\s[^<>]{0,200})?/?>")
_FORMAT_TAGS = {"b", "i", "u", "em", "strong", "br", "p", "span", "div", "small", "sup", "sub", "mark", "li", "ul", "ol"}


def model_text(text: str) -> list[Hit]:
    """Text addressed to a model: role prefixes ("SYSTEM:"), control tags ("</system>", "<|im_start|>",
    "[INST]"), markup and instruction phrases ("bỏ qua hướng dẫn", "ignore previous instructions")."""
    t = clean_text(text)
    hits = [Hit(m.start(), m.end(), m.group(0), "role") for m in _ROLE.finditer(t)]
    hits += [Hit(m.start(), m.end(), m.group(0), "tag") for m in _CONTROL_TAG.finditer(t)]
    for m in _TAG.finditer(t):
        kind = "markup" if m.group(1).lower() in _FORMAT_TAGS else "tag"
        hits.append(Hit(m.start(), m.end(), m.group(0), kind))
    hits += phrase_set("injection").find(t)
    return sorted(hits, key=lambda h: h.start)


def remove_model_text(text: str) -> tuple[str, list[str]]:
    """The text without what is addressed to a model: formatting markup is dropped, and from the first
    instruction, role prefix or control tag on, the rest of the text (it is all aimed at the model)."""
    t = clean_text(text)
    removed: list[str] = []
    hits = model_text(t)
    for h in reversed([h for h in hits if h.phrase == "markup"]):
        removed.append(h.fragment)
        t = t[:h.start] + " " + t[h.end:]
    hits = [h for h in model_text(t) if h.phrase != "markup"]
    if hits:
        cut = hits[0].start
        removed.append(t[cut:].strip())
        t = t[:cut]
        t = re.sub(r"[(\[{<\"“'‘]+\s*$", "", t.rstrip())
    return nfc(t).strip(" ,.;:-–|/"), [r for r in reversed(removed) if r]


# --- contact details and other platforms ----------------------------------------------------------------

_URL = re.compile(r"(?:https?://|www\.)\S+|(?<![\w@.])[a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9-]{1,62})*\.(?:vn|com|net|org|"
                  r"info|biz|shop|store|online|site|xyz|me|io|co|ly|gl|link|top|asia|app)(?:/\S*)?(?!\w)",
                  re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\d)(?:\+?84|0)(?:[\s.\-]?\d){8,10}(?!\d)")


def _digits(s: str) -> str:
    d = re.sub(r"\D", "", s)
    return "0" + d[2:] if d.startswith("84") else d


def contacts_in(text: str) -> list[Hit]:
    """Links, e-mail addresses and phone numbers in the text."""
    t = clean_text(text)
    hits = [Hit(m.start(), m.end(), m.group(0), "email") for m in _EMAIL.finditer(t)]
    hits += [Hit(m.start(), m.end(), m.group(0), "url") for m in _URL.finditer(t)
             if not any(h.start <= m.start() < h.end for h in hits)]
    hits += [Hit(m.start(), m.end(), m.group(0), "phone") for m in _PHONE.finditer(t)]
    return sorted(hits, key=lambda h: h.start)


def contact_allowed(hit: Hit, allowed: tuple[str, ...]) -> bool:
    """The shop profile's own phone or link (compared digits to digits, link without scheme)."""
    for a in allowed:
        if not a:
            continue
        if hit.phrase == "phone" and _digits(a) and _digits(a) == _digits(hit.fragment):
            return True
        norm = lambda s: re.sub(r"^(?:https?://)?(?:www\.)?", "", s.strip().lower()).rstrip("/")  # noqa: E731
        if hit.phrase in ("url", "email") and norm(a) and norm(a) == norm(hit.fragment):
            return True
    return False


def platforms_in(text: str) -> list[Hit]:
    return phrase_set("platforms").find(clean_text(text))


def is_marketplace(channel: str | None) -> bool:
    return bool(channel) and channel in rules()["marketplaces"]


# --- money, also spelled with letters spaced or dotted apart -----------------------------------------

_NUM_WORDS = ("một|mốt|hai|ba|bốn|tư|năm|lăm|sáu|bảy|tám|chín|mười|mươi|chục|trăm|linh|lẻ|rưỡi|"
              "mot|bon|tu|nam|lam|sau|bay|tam|chin|muoi|chuc|tram|le|ruoi")
_SQUASHED_MONEY = re.compile(r"(\d+)(?:đồng|dong|vnđ|vnd|đ|₫|d|k|nghìn|ngàn|nghin|ngan|triệu|trieu|tr)"
                             r"|(?:" + _NUM_WORDS + r")+(?:nghìn|ngàn|nghin|ngan|triệu|trieu|đồng|dong)")


def money_in(text: str) -> list:
    """Amounts of money (tools.money.find_amounts), plus those hidden in spaced or dotted letters
    ("3 0 . 0 0 0 đ", "b.a m.ư.ơ.i n.g.h.ì.n"), whose value is read from the digits when there are any."""
    from tools.money import Amount
    low = clean_text(text).lower()
    runs = joined_view(low)[2]
    found = [a for a in find_amounts(low) if not any(rs < a.end and a.start < re_ for rs, re_ in runs)]
    for rs, re_ in runs:
        squashed = "".join(ch for ch in low[rs:re_] if ch.isalnum())
        m = _SQUASHED_MONEY.search(squashed)
        if m and not any(a.start < re_ and rs < a.end for a in found):
            value = None
            if m.group(1):
                amounts = find_amounts(squashed[m.start():m.end()])
                value = amounts[0].value if amounts else None
            found.append(Amount(rs, re_, text[rs:re_] if len(text) == len(low) else low[rs:re_], value))
    return sorted(found, key=lambda a: a.start)


# --- claims and facts -----------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _before_nhat() -> PhraseSet:
    return PhraseSet(rules()["superlatives"].get("before_nhat") or [])


def _is_title_case(fragment: str) -> bool:
    words = fragment.split()
    return bool(words) and all(w[:1].isupper() for w in words) and not fragment.isupper()


def superlatives_in(text: str) -> list[Hit]:
    """Superlative hits, without brand names written in capitals ("Giày Vô Địch", "Nhất Hương")."""
    t = clean_text(text)
    brand_ok = {p.lower() for p in rules()["superlatives"].get("brand_ok") or []}
    out = []
    for h in phrase_set("superlatives").find(t):
        phrase = h.fragment.lower()
        if phrase in brand_ok and _is_title_case(h.fragment):
            if phrase != "nhất":
                continue
            after = t[h.end:].lstrip()
            before = t[:h.start].rstrip()
            before_ok = not any(b.end == len(before) for b in _before_nhat().find(before))
            if after[:1].isupper() and before_ok:
                continue
        if phrase == "nhất" and not t[:h.start].strip():
            continue  # a name or sentence that starts with "Nhất" is not comparing anything
        out.append(h)
    return out


def banned_claims_in(text: str) -> list[Hit]:
    return phrase_set("banned_claims").find(clean_text(text))


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SYMBOLS = re.compile(r"[^\w\s.,;:!?()\-–/&'\"%+“”‘’]")


def canonical_number(token: str) -> str:
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", token):
        return str(int(re.sub(r"[.,]", "", token)))
    return token.replace(",", ".").lstrip("0") or "0"


@lru_cache(maxsize=4096)
def seller_facts(product: Product) -> tuple[str, frozenset[str]]:
    text = haystack(product.seller_text())
    numbers = {canonical_number(t) for t in _NUMBER.findall(text)}
    numbers.add(str(product.price))
    numbers.update(canonical_number(t) for t in _NUMBER.findall(format_vnd(product.price)))
    return text, frozenset(numbers)


def _said_by_seller(phrase: str, seller: str) -> bool:
    if re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", seller):
        return True
    return not has_diacritics(phrase) and bool(re.search(r"(?<!\w)" + re.escape(fold(phrase)) + r"(?!\w)", fold(seller)))


_UNSUPPORTED_MESSAGES = {
    "certification": "Không được nêu chứng nhận/tiêu chuẩn “{f}” khi người bán không cung cấp.",
    "award": "Không được nêu giải thưởng hay lời khuyên dùng “{f}” khi người bán không cung cấp.",
    "discount": "Không được nêu khuyến mãi, quà tặng, giao hàng hay bảo hành “{f}” khi người bán không cung cấp.",
    "origin": "Không được nêu xuất xứ “{f}” khi người bán không cung cấp.",
}


def claim_message(fragment: str) -> str:
    return f"Không được quảng cáo công dụng chữa bệnh hay tác dụng như thuốc: “{fragment}” ({law('claims')})."


def superlative_message(fragment: str) -> str:
    return (f"Không được dùng từ ngữ so sánh tuyệt đối “{fragment}” khi không có giấy tờ chứng minh "
            f"({law('ads_art8')}).")


def price_message(fragment: str, product: Product) -> str:
    return f"Giá “{fragment}” khác giá người bán đưa ra ({format_vnd(product.price)})."


@lru_cache(maxsize=1)
def _quantity_rx() -> re.Pattern[str]:
    """Numbers written as words before a unit ("hai năm", "hàng nghìn khách"): facts the seller must give."""
    words = rules()["unsupported"]
    return re.compile(r"(?<!\w)(?:" + "|".join(accent_pattern(w) for w in words["time_and_quantity_words"]) + r")\s+(?:"
                      + "|".join(accent_pattern(u) for u in words["quantity_units"]) + r")(?!\w)")


def find_violations(text: str, product: Product, *, title: bool = False, channel: str | None = None,
                    contacts: tuple[str, ...] = ()) -> list[Violation]:
    """Everything in `text` the rules forbid for this product (empty list: the text may be posted).

    `channel`: a marketplace (Shopee, TikTok Shop) forbids other platforms' names and any link or phone;
    elsewhere only `contacts` (the shop profile's own phone and link) may appear."""
    t = _mask(clean_text(text), all_statement_texts(product_types(product)))
    low = modern_tones(t).lower()
    from tools.compliance.assessment import assess   # the printable name was judged once, as written
    name = assess(product).name
    judged = _mask(t, [name]) if len(name) >= 4 else t
    seller, numbers = seller_facts(product)
    out: list[Violation] = []
    for h in banned_claims_in(judged):
        out.append(Violation("banned_claim", h.fragment, claim_message(h.fragment)))
    for h in superlatives_in(judged):
        out.append(Violation("superlative", h.fragment, superlative_message(h.fragment)))
    for kind, msg in _UNSUPPORTED_MESSAGES.items():
        for h in phrase_set("unsupported", kind).find(t):
            if not _said_by_seller(h.fragment.lower(), seller):
                out.append(Violation(kind, h.fragment, msg.format(f=h.fragment)))
    qty = _quantity_rx()
    amounts = money_in(t)
    for m in qty.finditer(low):
        if m.group(0) not in seller and not any(a.start <= m.start() < a.end for a in amounts):
            out.append(Violation("number", m.group(0), f"Không được nêu con số “{m.group(0)}” khi người bán không cung cấp."))
    for a in amounts:
        if a.value != product.price:
            out.append(Violation("price", t[a.start:a.end], price_message(t[a.start:a.end], product)))
    no_money = list(low)
    for a in amounts:
        if a.value == product.price:
            no_money[a.start:a.end] = " " * (a.end - a.start)
    for h in contacts_in(t):   # a phone or link is judged as a contact below, not as a number
        no_money[h.start:h.end] = " " * (h.end - h.start)
    for token in _NUMBER.findall("".join(no_money)):
        if canonical_number(token) not in numbers and not any(token in v.fragment for v in out):
            out.append(Violation("number", token, f"Không được nêu con số “{token}” khi người bán không cung cấp."))
    for h in model_text(t):
        out.append(Violation("injection", h.fragment, "Câu này có lời nhắn cho AI (“" + h.fragment + "”), không phải "
                                                      "thông tin sản phẩm."))
    for h in contacts_in(t):
        if is_marketplace(channel) or not contact_allowed(h, contacts):
            out.append(Violation("contact", h.fragment, contact_message(h.fragment, channel)))
    if is_marketplace(channel):
        for h in platforms_in(t):
            out.append(Violation("platform", h.fragment, platform_message(h.fragment)))
    if title:
        for h in phrase_set("title_forbidden").find(t):
            out.append(Violation("title", h.fragment, f"Tiêu đề trên sàn không được có từ khuyến mãi, tên sàn khác hay "
                                                      f"liên kết: “{h.fragment}”."))
        if "%" in t:
            out.append(Violation("title", "%", "Tiêu đề trên sàn không được có dấu “%”."))
        sym = _SYMBOLS.findall(t)
        if sym:
            out.append(Violation("title", sym[0], f"Tiêu đề trên sàn không được có biểu tượng hay emoji “{sym[0]}”."))
    return out


def contact_message(fragment: str, channel: str | None) -> str:
    if is_marketplace(channel):
        return (f"Tin trên sàn không được có đường link hay số điện thoại (“{fragment}”) theo "
                f"{law('marketplace')}; khách liên hệ qua sàn.")
    return (f"Chỉ in số điện thoại và đường link của cửa hàng trong hồ sơ cửa hàng; “{fragment}” đã bị bỏ.")


def platform_message(fragment: str) -> str:
    return f"Tin trên sàn không được nhắc tên sàn hay mạng khác (“{fragment}”) theo {law('marketplace')}."


# --- names and titles -------------------------------------------------------------------------------------

def cut_claims(text: str) -> tuple[str, list[Hit]]:
    """The text with banned claims and superlatives cut out (a bare "nhất" takes its adjective with it)."""
    t = clean_text(text)
    hits = banned_claims_in(t) + superlatives_in(t)
    spans = []
    for h in hits:
        start = h.start
        if h.fragment.lower() == "nhất":
            m = re.search(r"\w+\s+$", t[:h.start])
            start = m.start() if m else start
        spans.append((start, h.end))
    for s, e in sorted(spans, reverse=True):
        t = t[:s] + " " + t[e:]
    return nfc(re.sub(r"\s+([,.;:])", r"\1", t)).strip(" ,.;:-–("), hits


def clean_title_text(text: str) -> str:
    """Text without marketplace-forbidden words, "%", emoji or symbols (for Shopee/TikTok titles)."""
    t = nfc(re.sub(r"\d+(?:[.,]\d+)?\s*%", " ", clean_text(text)))
    hits = phrase_set("title_forbidden").find(t) + platforms_in(t) + contacts_in(t)
    for h in sorted(hits, key=lambda h: h.start, reverse=True):
        t = t[:h.start] + " " + t[h.end:]
    t = _SYMBOLS.sub(" ", t.replace("%", " "))
    return nfc(re.sub(r"\s+([,.;:])", r"\1", t)).strip(" ,.;:-–")
