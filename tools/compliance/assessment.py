"""One assessment per product: everything the rules decide about it, computed once.

`assess(product, contacts=()) -> Assessment` is what listings, videos, the CLI and the practice exercises
use: the product's legal kinds; blocked or not and why; the statements the law mandates (which one opens
the advert, which are read aloud, how large on screen); the fields as they may be printed (normalised,
without what the rules removed); the audiences the advert may not aim at; and one `Change` (a warning in
Vietnamese naming what was removed or added and why) for every change the rules made.
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from tools.compliance.checks import (
    Violation, banned_claims_in, claim_message, contacts_in, cut_claims, is_marketplace, money_in,
    platform_message, platforms_in, price_message, remove_model_text, superlatives_in, superlative_message,
)
from tools.compliance.kinds import alcohol_strength, min_age_months, product_types
from tools.compliance.matching import PhraseSet, law, rules
from tools.product import Product
from tools.textnorm import clean_text, nfc


@dataclass(frozen=True)
class Block:
    code: str
    message: str
    law: str


@dataclass(frozen=True)
class Statement:
    """A sentence the law mandates, word for word."""
    text: str
    kind: str                       # the product kind that needs it (supplement, complementary_food, beer_wine)
    role: str                       # label (heads the product name) | notice | warning
    law: str
    opens: bool = False             # opens the advert: first line of a listing, first scene of a video
    read_aloud: bool = True         # a video with a voice reads it aloud, at the speed of the rest
    min_frame_fraction: float = 0.0  # on-screen text covers at least this share of the picture (0: readable)
    contrast: bool = False          # shown in a colour contrasting with its background


@dataclass(frozen=True)
class Change:
    """One change the rules made, as the user reads it (`message`, Vietnamese, names what and why)."""
    code: str       # removed_model_text | removed_claim | removed_superlative | removed_price | removed_contact |
    #                 removed_platform | removed_audience | cut_name | normalised | added_statement | no_model_wording
    field: str      # which field: "name", "category", "audience", "features[2]", or another product field
    removed: str    # the text removed ("" for an addition)
    message: str
    law: str = ""
    channels: tuple[str, ...] = ()   # only on these channels (empty: on every channel)

    def __str__(self) -> str:
        return self.message


FIELD_LABELS = {"name": "tên sản phẩm", "category": "loại sản phẩm", "audience": "đối tượng khách",
                "features": "đặc điểm", "brand": "thương hiệu", "origin": "xuất xứ", "ingredients": "thành phần",
                "usage": "cách dùng", "storage": "bảo quản", "shelf_life": "hạn dùng", "weight": "khối lượng",
                "dimensions": "kích thước", "sku": "mã hàng", "description": "mô tả", "variants": "phân loại"}
_NOT_CHECKED = {"channel", "photos", "sku", "price"}


def field_label(name: str) -> str:
    base = name.split("[", 1)[0]
    return FIELD_LABELS.get(base, base)


@dataclass(frozen=True)
class Assessment:
    product: Product                 # the product as normalised (clean_text on every text field)
    kinds: frozenset[str]
    block: Block | None
    statements: tuple[Statement, ...]
    name: str                        # printable name (every channel)
    category: str                    # printable ("" when dropped)
    audience: str                    # printable ("" when dropped)
    features: tuple[str, ...]        # printable on every channel
    forbidden_audiences: tuple[str, ...]
    model_wording: bool              # may model-written sentences be used at all
    changes: tuple[Change, ...]
    contacts: tuple[str, ...] = ()   # the shop profile's own phone and link (Facebook/Zalo may carry them)
    extra: tuple[tuple[str, str], ...] = ()      # other printable text fields (brand, origin...) by name
    channel_features: tuple[tuple[str, tuple[str, ...]], ...] = ()  # features left out on some channels

    @property
    def blocked(self) -> bool:
        return self.block is not None

    @property
    def opening(self) -> Statement | None:
        return next((s for s in self.statements if s.opens), None)

    @property
    def label(self) -> Statement | None:
        return next((s for s in self.statements if s.role == "label"), None)

    @property
    def notices(self) -> tuple[Statement, ...]:
        """Statements printed as notes (not the opening, not the label heading the name)."""
        return tuple(s for s in self.statements if not s.opens and s.role != "label")

    @property
    def statement_texts(self) -> list[str]:
        return [s.text for s in self.statements]

    def features_for(self, channel: str | None) -> list[str]:
        """The features printable on this channel (one naming another platform is left out on Shopee/TikTok)."""
        left_out = dict(self.channel_features).get(channel or "", ())
        return [f for f in self.features if f not in left_out]

    def name_for(self, channel: str | None) -> str:
        if not is_marketplace(channel):
            return self.name
        name = self.name
        for h in sorted(platforms_in(name), key=lambda h: h.start, reverse=True):
            name = name[:h.start] + " " + name[h.end:]
        return nfc(name).strip(" ,.;:-–") or self.name

    def warnings_for(self, channel: str | None = None) -> list[str]:
        return [c.message for c in self.changes if not c.channels or channel in c.channels]

    @property
    def warnings(self) -> list[str]:
        return [c.message for c in self.changes if not c.channels]

    def field(self, name: str) -> str:
        return dict(self.extra).get(name, "")

    @property
    def printable_product(self) -> Product:
        """The product with only its printable fields (what a model may be shown in a prompt)."""
        extra = {k: v for k, v in self.extra if hasattr(self.product, k)}
        return dataclasses.replace(self.product, name=self.name, category=self.category, audience=self.audience,
                                   features=tuple(self.features), **extra)


# --- statements -----------------------------------------------------------------------------------------

def _statements(kinds: frozenset[str], name: str) -> tuple[Statement, ...]:
    out: list[Statement] = []
    for kind in ("complementary_food", "supplement", "beer_wine"):
        spec = rules()["statements"].get(kind)
        if kind not in kinds or not spec:
            continue
        items = spec["items"]
        if spec.get("choose_one"):
            idx = int(hashlib.sha256(name.lower().encode("utf-8")).hexdigest(), 16) % len(items)
            items = [items[idx]]
        for item in items:
            out.append(Statement(text=item["text"], kind=kind, role=item.get("role", "notice"), law=law(spec["law"]),
                                 opens=bool(item.get("opens")), read_aloud=bool(spec.get("read_aloud", True)),
                                 min_frame_fraction=float(spec.get("min_frame_fraction", 0.0)),
                                 contrast=bool(spec.get("contrast", False))))
    return tuple(out)


def _block(product: Product, kinds: frozenset[str]) -> Block | None:
    msgs, laws = rules()["blocked_messages"], rules()["laws"]

    def block(code: str, key: str, law_text: str) -> Block:
        return Block(code, msgs[key].format(**laws), law_text)

    if "tobacco" in kinds:
        return block("tobacco", "tobacco", laws["ads_art7"])
    if "prescription_drug" in kinds:
        return block("prescription_drug", "prescription_drug", laws["ads_art7"])
    if "spirits" in kinds:
        key = "spirits" if alcohol_strength(product) is not None else "spirits_unknown"
        return block("spirits", key, laws["alcohol"])
    if "feeding_bottle" in kinds:
        return block("feeding_bottle", "feeding_bottle", laws["infant"])
    age = min_age_months(product)
    if "infant_milk" in kinds and (age is None or age < 24):
        return block("infant_milk", "infant_milk", laws["infant"])
    if "complementary_food" in kinds and age is not None and age < 6:
        return block("complementary_food", "complementary_food_under_6m", laws["infant"])
    return None


# --- one field ------------------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _audience_words(kind: str) -> PhraseSet:
    return PhraseSet(rules()["forbidden_audiences"][kind]["words"])


def _forbidden_audience_hits(text: str, kinds: frozenset[str]):
    for kind in kinds:
        if kind in rules()["forbidden_audiences"]:
            hits = _audience_words(kind).find(text)
            if hits:
                return hits, law(rules()["forbidden_audiences"][kind]["law"])
    return [], ""


def field_problems(text: str, product: Product, kinds: frozenset[str]) -> list[Violation]:
    """Why a seller's field (a feature, the category, the audience) cannot be printed as written."""
    out = [Violation("banned_claim", h.fragment, claim_message(h.fragment)) for h in banned_claims_in(text)]
    out += [Violation("superlative", h.fragment, superlative_message(h.fragment)) for h in superlatives_in(text)]
    out += [Violation("price", a.text, price_message(a.text, product)) for a in money_in(text)
            if a.value != product.price]
    out += [Violation("contact", h.fragment, f"số điện thoại, e-mail hay đường link “{h.fragment}” (thông tin liên hệ "
                      "lấy từ hồ sơ cửa hàng)") for h in contacts_in(text)]
    hits, audience_law = _forbidden_audience_hits(text, kinds)
    out += [Violation("audience", h.fragment, f"quảng cáo rượu, bia không được nhắm tới “{h.fragment}” ({audience_law})")
            for h in hits]
    return out


_REASON = {"banned_claim": "removed_claim", "superlative": "removed_superlative", "price": "removed_price",
           "contact": "removed_contact", "audience": "removed_audience"}


def _why(v: Violation) -> str:
    msg = v.message.rstrip(".")
    return msg[:1].lower() + msg[1:]


def _drop_change(fld: str, value: str, v: Violation) -> Change:
    what = f"{field_label(fld)} “{value}”"
    return Change(_REASON.get(v.code, "removed_claim"), fld, value, f"Đã bỏ {what}: {_why(v)}.")


def _split_parts(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\s*(?:[,;/]|(?<!\w)(?:và|hoặc)(?!\w))\s*", text) if p.strip()]


# --- the assessment -------------------------------------------------------------------------------------

def normalise_product(product: Product) -> Product:
    """Every text field through clean_text (what the rules check is what gets printed)."""
    changes = {}
    for f in dataclasses.fields(product):
        value = getattr(product, f.name)
        if isinstance(value, str) and f.name != "channel":
            changes[f.name] = clean_text(value)
        elif isinstance(value, tuple) and all(isinstance(v, str) for v in value) and f.name != "photos":
            changes[f.name] = tuple(c for c in (clean_text(v) for v in value) if c)
    return dataclasses.replace(product, **changes)


def assess(product: Product, contacts: tuple[str, ...] | list[str] = ()) -> Assessment:
    """Everything the rules decide about `product` (see the module docstring)."""
    contacts = tuple(c for c in (contacts or ()) if c)
    try:
        return _assess(product, contacts)
    except TypeError:  # an unhashable product (a list field): assess without the cache
        return _assess.__wrapped__(product, contacts)


@lru_cache(maxsize=2048)
def _assess(product: Product, contacts: tuple[str, ...]) -> Assessment:
    raw = product
    product = normalise_product(raw)
    changes: list[Change] = []
    for f in dataclasses.fields(raw):
        before, after = getattr(raw, f.name), getattr(product, f.name)
        if isinstance(before, str) and f.name != "channel" and nfc(before) != after:
            changes.append(Change("normalised", f.name, "", f"Đã bỏ ký tự ẩn, ký tự đảo chiều hoặc chữ giả dạng trong "
                                  f"{field_label(f.name)}; tin đăng dùng “{after}”."))
        elif isinstance(before, tuple) and f.name == "features":
            for b, a in zip(before, after):
                if nfc(b) != a:
                    changes.append(Change("normalised", "features", "", f"Đã bỏ ký tự ẩn, ký tự đảo chiều hoặc chữ "
                                          f"giả dạng trong đặc điểm; tin đăng dùng “{a}”."))
    kinds = product_types(product)
    block = _block(product, kinds)
    statements = () if block else _statements(kinds, product.name)
    forbidden = tuple(w for k in kinds if k in rules()["forbidden_audiences"]
                      for w in rules()["forbidden_audiences"][k]["words"])

    # the name: text aimed at a model cut off, claims and superlatives cut out, contacts removed
    name, removed = remove_model_text(product.name)
    for r in removed:
        changes.append(Change("removed_model_text", "name", r, f"Đã bỏ phần lời nhắn cho AI trong tên sản phẩm: “{r}”."))
    cut, hits = cut_claims(name)
    for h in hits:
        changes.append(Change("cut_name", "name", h.fragment, f"Đã bỏ “{h.fragment}” khỏi tên sản phẩm: "
                              f"{_why(Violation('x', h.fragment, claim_message(h.fragment) if h in banned_claims_in(name) else superlative_message(h.fragment)))}."))
    name = cut
    for amount in sorted(money_in(name), key=lambda x: x.start, reverse=True):
        if amount.value == product.price:
            continue
        lead = re.search(r"(?:(?<!\w)(?:giá|gia|price|chỉ|chi|còn|con|only|từ|tu)\s*:?\s*)+$", name[:amount.start],
                         re.IGNORECASE)
        start = lead.start() if lead else amount.start
        changes.append(Change("removed_price", "name", name[start:amount.end], f"Đã bỏ “{name[start:amount.end]}” khỏi "
                              f"tên sản phẩm: {price_message(amount.text, product)[0].lower()}"
                              f"{price_message(amount.text, product)[1:]}"))
        name = nfc(name[:start] + " " + name[amount.end:]).strip(" ,.;:-–")
    for h in sorted(contacts_in(name), key=lambda h: h.start, reverse=True):
        changes.append(Change("removed_contact", "name", h.fragment, f"Đã bỏ “{h.fragment}” khỏi tên sản phẩm: thông tin "
                              "liên hệ lấy từ hồ sơ cửa hàng."))
        name = nfc(name[:h.start] + " " + name[h.end:]).strip(" ,.;:-–")
    aud_hits, aud_law = _forbidden_audience_hits(name, kinds)
    for h in sorted(aud_hits, key=lambda h: h.start, reverse=True):
        before = re.sub(r"(?:(?<!\w)dành\s+cho|(?<!\w)cho)\s*$", "", name[:h.start], flags=re.IGNORECASE)
        changes.append(Change("removed_audience", "name", h.fragment, f"Đã bỏ “{h.fragment}” khỏi tên sản phẩm: quảng "
                              f"cáo rượu, bia không được nhắm tới nhóm này ({aud_law}).", law=aud_law))
        name = nfc(before + " " + name[h.end:]).strip(" ,.;:-–")
    if not name:
        name = "Sản phẩm"
    for p in platforms_in(name):
        changes.append(Change("removed_platform", "name", p.fragment, f"Trên Shopee và TikTok Shop tên sản phẩm bỏ “"
                              f"{p.fragment}”: {platform_message(p.fragment)[0].lower()}{platform_message(p.fragment)[1:]}",
                              channels=tuple(rules()["marketplaces"])))

    def one_field(fld: str, value: str) -> str:
        """A short field (category, audience, brand...): printed whole, or dropped whole with a warning."""
        if not value:
            return ""
        kept, removed = remove_model_text(value)
        if removed:
            changes.append(Change("removed_model_text", fld, value, f"Đã bỏ {field_label(fld)} “{value}”: có lời nhắn "
                                  "cho AI, không phải thông tin sản phẩm."))
            return ""
        problems = [v for v in field_problems(kept, product, kinds) if v.code != "audience"]
        if problems:
            changes.append(_drop_change(fld, kept, problems[0]))
            return ""
        return kept

    category = one_field("category", product.category)
    audience = one_field("audience", product.audience)
    if audience and forbidden:   # alcohol: the forbidden groups are dropped, the rest of the audience kept
        parts = _split_parts(audience)
        keep = [p for p in parts if not _forbidden_audience_hits(p, kinds)[0]]
        if len(keep) != len(parts):
            dropped = [p for p in parts if p not in keep]
            _, audience_law = _forbidden_audience_hits(audience, kinds)
            changes.append(Change("removed_audience", "audience", ", ".join(dropped),
                                  f"Đã bỏ đối tượng khách “{', '.join(dropped)}”: quảng cáo rượu, bia không được nhắm "
                                  f"tới trẻ em, học sinh, sinh viên, thanh niên hay phụ nữ mang thai ({audience_law}).",
                                  law=audience_law))
            audience = ", ".join(keep)
    extra = []
    for f in dataclasses.fields(product):
        value = getattr(product, f.name)
        if f.name in ("name", "category", "audience", "features") or f.name in _NOT_CHECKED or not isinstance(value, str):
            continue
        extra.append((f.name, one_field(f.name, value)))

    features: list[str] = []
    marketplace_out: list[str] = []
    for i, feature in enumerate(product.features):
        fld = f"features[{i}]"
        kept, removed = remove_model_text(feature)
        if removed:
            changes.append(Change("removed_model_text", fld, feature, f"Đã bỏ đặc điểm “{feature}”: có lời nhắn cho AI, "
                                  "không phải thông tin sản phẩm."))
            continue
        problems = field_problems(kept, product, kinds)
        if problems:
            changes.append(_drop_change(fld, kept, problems[0]))
            continue
        if platforms_in(kept):
            marketplace_out.append(kept)
            p = platforms_in(kept)[0].fragment
            changes.append(Change("removed_platform", fld, kept, f"Trên Shopee và TikTok Shop đã bỏ đặc điểm “{kept}”: "
                                  f"tin trên sàn không được nhắc tên sàn hay mạng khác (“{p}”).",
                                  channels=tuple(rules()["marketplaces"])))
        features.append(kept)

    if statements:
        by_law: dict[str, list[str]] = {}
        for s in statements:
            by_law.setdefault(s.law, []).append(s.text)
        for law_text, texts in by_law.items():
            changes.append(Change("added_statement", "statements", "", "Đã thêm nguyên văn câu bắt buộc theo quy định ("
                                  + law_text + "): " + " / ".join(f"“{t}”" for t in texts) + "."))
    model_wording = not (kinds & set(rules().get("no_model_wording") or []))
    if not model_wording and not block:
        changes.append(Change("no_model_wording", "statements", "", "Tin về rượu, bia chỉ dùng câu chữ của người bán và "
                              f"câu bắt buộc, không dùng câu do AI viết ({law('alcohol')})."))
    channel_features = tuple((m, tuple(marketplace_out)) for m in rules()["marketplaces"]) if marketplace_out else ()
    return Assessment(product=product, kinds=kinds, block=block, statements=statements, name=name, category=category,
                      audience=audience, features=tuple(features), forbidden_audiences=forbidden,
                      model_wording=model_wording, changes=tuple(changes), contacts=contacts, extra=tuple(extra),
                      channel_features=channel_features)


def statement_problems(text: str, assessment: Assessment) -> list[str]:
    """Mandated statements missing from a listing text or out of place (Vietnamese)."""
    out = [f"Thiếu câu bắt buộc: “{s.text}”." for s in assessment.statements if s.text not in text]
    opening = assessment.opening
    if opening and not text.startswith(opening.text):
        out.append(f"Quảng cáo phải mở đầu bằng câu bắt buộc “{opening.text}”.")
    return out
