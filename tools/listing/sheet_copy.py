"""Listing copy built from the whole product sheet: search titles, search hashtags and descriptions
with sections chosen by the kind of product.

Every fact printed comes from the seller's sheet (tools/product.py); every phrase comes from data:
sections.yaml (which sections a kind of product gets and what they are called), wording/<channel>.yaml
(openings, price and variant lines, closings per kind) and search_words.yaml (product nouns, places,
qualifiers and kind words for titles and hashtags).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from tools.channels import ChannelProfile
from tools.money import format_vnd
from tools.product import Product, Variant
from tools.textnorm import fold, words_regex

HERE = Path(__file__).resolve().parent
WORDING_DIR = HERE / "wording"
SPEC_FIELDS = ("category", "brand", "origin", "weight", "dimensions", "shelf_life", "sku")
TEXT_PARTS = ("ingredients", "usage", "storage")
MAX_TAG_LETTERS = 20


@lru_cache(maxsize=1)
def sections_data() -> dict:
    return yaml.safe_load((HERE / "sections.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def search_words() -> dict:
    return yaml.safe_load((HERE / "search_words.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def wording(channel: str) -> dict:
    """The wording file of a channel (wording/<channel>.yaml; a channel without one uses shopee's)."""
    path = WORDING_DIR / f"{channel}.yaml"
    if not path.exists():
        path = WORDING_DIR / "shopee.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def by_kind(table: dict, kind: str) -> list[str]:
    value = table.get(kind)
    return list(value) if value is not None else list(table.get("default") or [])


@lru_cache(maxsize=None)
def _list_regex(key: str):
    return words_regex(tuple(str(w) for w in search_words()[key]))


def headings(kind: str) -> dict[str, str]:
    table = sections_data()["headings"]
    return {**table["default"], **table.get(kind, {})}


def _items(text: str) -> list[str]:
    """A sheet text as items: one per ";" or line ("ăn trực tiếp; pha trà" -> two)."""
    return [p.strip(" .") for p in re.split(r"[;\n]", text) if p.strip(" .")]


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…:" else text + "."


@dataclass(frozen=True)
class Section:
    part: str            # specs, features, ingredients, usage, storage, audience
    heading: str
    items: list[str]


def spec_labels(kind: str) -> dict[str, str]:
    data = sections_data()
    return {**data["spec_labels"], **data.get("spec_labels_by_kind", {}).get(kind, {})}


def spec_items(product: Product, kind: str = "other") -> list[str]:
    labels = spec_labels(kind)
    return [f"{labels[key]}: {getattr(product, key)}" for key in SPEC_FIELDS if getattr(product, key)]


def spec_sentence(product: Product, kind: str = "other") -> str:
    """The specs as one sentence for a post: "Thương hiệu Nhà Lan, xuất xứ Hưng Yên, khối lượng 250g."."""
    labels = spec_labels(kind)
    keys = [k for k in SPEC_FIELDS if k not in ("category", "sku") and getattr(product, k)]
    if len(keys) == 1:  # "Nơi dạy: Bếp Nhà Mai." reads right where "Nơi dạy Bếp Nhà Mai." does not
        return _sentence(f"{labels[keys[0]]}: {getattr(product, keys[0])}")
    return _sentence(", ".join(f"{labels[k].lower()} {getattr(product, k)}" for k in keys)) if keys else ""


def build_sections(product: Product, features: list[str], kind: str) -> list[Section]:
    """The sections this product's sheet fills, in reading order (empty fields give none)."""
    names = headings(kind)
    out = []
    for part in sections_data()["order"]:
        if part == "specs":
            items = spec_items(product, kind)
        elif part == "features":
            items = list(features)
        elif part == "audience":
            items = [product.audience] if product.audience else []
        else:
            items = _items(getattr(product, part))
        if items:
            out.append(Section(part, names[part], items))
    return out


# --- variants ------------------------------------------------------------------------------------

def variant_lines(variants: tuple[Variant, ...], template: str) -> list[str]:
    return [template.format(variant=v.name, price=format_vnd(v.price)) for v in variants]


def compact_variants(variants: tuple[Variant, ...]) -> str:
    """Variant names for a title: "Túi 250g, Túi 500g" -> "Túi 250g/500g" when they share a first word."""
    names = [v.name[0].lower() + v.name[1:] if v.name[1:2].islower() else v.name for v in variants]
    if not names:
        return ""
    heads = {n.split(" ", 1)[0].lower() for n in names}
    if len(heads) == 1 and all(" " in n for n in names):
        return names[0].split(" ", 1)[0] + " " + "/".join(n.split(" ", 1)[1] for n in names)
    return "/".join(names)


# --- titles --------------------------------------------------------------------------------------

def title_parts(product: Product, features: list[str], name: str, allowed) -> tuple[list[str], list[str]]:
    """What a search title adds to the name: the noun phrase (origin, weight, variants) and attributes."""
    have = fold(name)
    phrase, attrs = [], []

    def fresh(text: str) -> bool:
        return bool(text) and fold(text) not in have

    variants = compact_variants(product.variants)
    origin = product.origin
    while origin and " " in origin and fold(origin.split(" ", 1)[0]) in have.split():  # "Tây Hồ Hà Nội" after "Tây Hồ"
        origin = origin.split(" ", 1)[1]
    for text in (origin, product.weight or product.dimensions):
        if fresh(text) and fold(text) not in fold(variants) and allowed(text):
            phrase.append(text)
            have += " " + fold(text)
    if product.variants and len(product.variants) > 1 and len(variants) <= 40 and fresh(variants) and allowed(variants):
        phrase.append(variants[0].lower() + variants[1:] if variants[1:2].islower() else variants)
        have += " " + fold(variants)
    for f in features:
        if len(f) <= 40 and fresh(f) and allowed(f):
            attrs.append(f)
            have += " " + fold(f)
    if product.brand and fresh(product.brand) and allowed(product.brand):
        attrs.append(product.brand)
    return phrase, attrs


def search_title(product: Product, features: list[str], profile: ChannelProfile, name: str, allowed,
                 separator: str = " – ") -> str:
    """Front-loaded title: the name, then origin, weight/size and variants, then the seller's attributes,
    as far as the channel's room allows."""
    limit = profile.title.soft_max or profile.title.max
    phrase, attrs = title_parts(product, features, name, allowed)
    if not profile.marketplace:  # a post's headline: the name, where it is from, two of its features
        limit = min(limit, 90)
        phrase = [p for p in phrase if p == product.origin]
        attrs = [a for a in attrs if a != product.brand][:2]
    title = name
    for part in phrase:
        candidate = f"{title} {part}"
        if len(candidate) <= limit:
            title = candidate
    first = True
    for attr in attrs:
        candidate = f"{title}{separator if first else ', '}{attr}"
        if len(candidate) <= limit:
            title, first = candidate, False
    if len(title) < profile.title.min and product.category and fresh_category(product.category, title):
        candidate = f"{title}{separator}{product.category}"
        if len(candidate) <= limit and allowed(product.category):
            title = candidate
    if len(title) > profile.title.max:
        title = title[: profile.title.max].rsplit(" ", 1)[0].rstrip(" ,–-:")
    return title


def fresh_category(category: str, title: str) -> bool:
    return fold(category) not in fold(title)


# --- hashtags ------------------------------------------------------------------------------------

def tag_of(text: str) -> str | None:
    """"#" and the letters of a short search phrase ("Hưng Yên" -> #hungyen); None when too long or odd."""
    if re.search(r"\d[^a-z0-9]+\d", fold(text)):
        return None
    letters = re.sub(r"[^a-z0-9]", "", fold(text))
    if len(letters) < 3 or len(letters) > MAX_TAG_LETTERS or letters.isdigit():
        return None
    return "#" + letters


def _found(key: str, text: str) -> list[str]:
    """Words of a search list found in text, longest first, without overlaps, in reading order."""
    hits = sorted(_list_regex(key).finditer(text), key=lambda m: (m.start(), -len(m.group(0))))
    out, end = [], -1
    for m in hits:
        if m.start() >= end:
            out.append(m.group(0))
            end = m.end()
    return out


def search_hashtags(product: Product, profile: ChannelProfile, kind: str, name: str, allowed) -> list[str]:
    """Search tags (≤ 20 letters) from the word lists: product noun, noun + qualifier from the name,
    place, "đặc sản" + place when the seller says so, brand, then the kind's category words."""
    nouns = _found("nouns", name)
    places = [p for p in _found("places", " ; ".join([name, product.origin])) if len(fold(p).replace(" ", "")) >= 5]
    text = fold(" ".join([name, product.category]))
    candidates: list[str] = []
    for noun in nouns[:1] + [n for n in nouns[1:2] if " " in n]:
        candidates.append(noun)
        rest = name[name.lower().find(noun.lower()) + len(noun):]
        qualifier = next(iter(_found("qualifiers", rest[:20])), None)
        if qualifier:
            candidates.append(f"{noun} {qualifier}")
    if len(name.split()) <= 4:  # a short name is itself what buyers type ("Mật ong rừng")
        candidates.append(name)
    for place in places[:2]:
        candidates.append(place)
        if "dac san" in text:
            candidates.append(f"đặc sản {place}")
        if nouns and fold(place) not in fold(nouns[0]):
            candidates.append(f"{nouns[0]} {place}")
    if product.brand and fold(product.brand) != fold(name):
        candidates.append(product.brand)
    # from features and the category only phrases of two words or more ("thay dầu", not "túi" of "túi 500g")
    candidates += [n for f in product.features if len(f.split()) <= 4 for n in _found("nouns", f) if " " in n]
    kind_words = list(search_words()["kind_tags"].get(kind, []))
    candidates += [n for n in _found("nouns", product.category) if " " in n] + [w for w in kind_words if fold(w) in text]
    candidates.append(product.category)  # the seller's own category word, when short enough
    candidates += sections_data()["kind_labels"].get(kind, [])
    tags: list[str] = []
    for c in candidates:
        tag = tag_of(c) if c else None
        if tag and tag not in tags and allowed(c):
            tags.append(tag)
    return tags[: min(profile.hashtags.max, 8)]


# --- descriptions --------------------------------------------------------------------------------

def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def describe(product: Product, features: list[str], profile: ChannelProfile, pick, kind: str, ctx: dict,
             opening: str, notices: list[str], first: list[str], hashtags: list[str], reserve: int = 0,
             lead: dict[str, str] | None = None) -> str:
    """The description of one channel from the sheet's sections, variants, price and a closing."""
    words = wording(profile.id)
    sections = build_sections(product, features, kind)
    price_line = pick.pick(words["price"]).format(**ctx)
    has_main_price = any(v.price == product.price for v in product.variants)
    variants = variant_lines(product.variants, words["variants_line"]) if len(product.variants) > 0 else []
    choices = ""
    if variants and all(v.price == product.price for v in product.variants) and profile.layout != "lines":
        choices = _sentence("Phân loại: " + ", ".join(v.name for v in product.variants))  # one price for all
        variants = []
    closing = pick.pick(by_kind(words["closing"], kind) or [""])
    box = by_kind(words.get("box", {}), kind)
    fill = (lambda t: _cap(t.format(**ctx)))
    layout = profile.layout
    blocks: list[str] = list(first)

    if layout in ("lines", "benefits"):
        blocks.append(opening)
        blocks += ["\n".join(notices)] if notices else []
        compact_lines = []
        for s in sections:
            head = words["heading"].format(heading=s.heading)
            if s.part == "audience":  # one line reads better: "Phù hợp với: gia đình."
                compact_lines.append(_sentence(f"{s.heading}: " + "; ".join(s.items)))
            elif layout == "benefits" and s.part == "specs":
                compact_lines += [spec_sentence(product, kind)] if spec_sentence(product, kind) else []
            elif layout == "benefits" and s.part != "features":
                compact_lines.append(_sentence(f"{s.heading}: " + "; ".join(s.items)))
            else:  # a checked model sentence may open the section
                opener = (lead or {}).get(s.part)
                blocks.append(head + "\n" + (opener + "\n" if opener else "")
                              + "\n".join(words["bullet"].format(text=_cap(i)) for i in s.items))
        if compact_lines:
            blocks.append("\n".join(compact_lines))
        if variants:
            blocks.append(pick.pick(words["variants_heading"]) + "\n" + "\n".join(variants)
                          + ("" if has_main_price else "\n" + price_line)
                          + ("\n" + pick.pick(words["variants_note"]) if words.get("variants_note") else ""))
        else:
            blocks.append((choices + "\n" if choices else "") + price_line)
        if box:
            blocks.append(fill(pick.pick(box)))
        if words.get("before_ordering"):
            choose = "phân loại và số lượng" if product.variants else "số lượng"
            blocks.append("\n".join(_cap(t.format(**ctx, choose=choose)) for t in by_kind(words["before_ordering"], kind)))
        blocks.append(closing)
    elif layout == "short_sentences":
        blocks.append(opening)
        lines = []
        for s in sections:
            if s.part == "features":
                lines += [_sentence(i) for i in s.items]
            elif s.part == "specs":
                lines += [spec_sentence(product, kind)] if spec_sentence(product, kind) else []
            else:
                lines.append(_sentence(f"{s.heading}: " + "; ".join(s.items)))
        if variants:
            lines.append(pick.pick(words["variants_heading"]) + " " + ", ".join(variants) + ".")
            if not has_main_price:
                lines.append(price_line)
        else:
            lines += [choices] if choices else []
            lines.append(price_line)
        blocks.append("\n".join(lines))
        blocks += ["\n".join(notices)] if notices else []
        blocks.append(closing)
    else:  # compact (Zalo): as much of the sheet as fits, most useful first
        budget = profile.description.max_chars - reserve - sum(len(t) + 1 for t in hashtags) - 2
        fixed_head = [opening] + (["\n".join(notices)] if notices else [])
        price = (pick.pick(words["variants_heading"]) + " " + ", ".join(variants) + "."
                 + ("" if has_main_price else " " + price_line)) if variants else (choices + " " + price_line).strip()
        fixed_tail = [price + " " + closing]
        optional = []
        for s in sections:
            if s.part == "features":
                optional.append(_sentence(", ".join(s.items)))
            elif s.part == "specs" and spec_sentence(product, kind):
                optional.append(spec_sentence(product, kind))
            else:
                optional.append(_sentence(f"{s.heading}: " + "; ".join(s.items)))
        middle: list[str] = []
        for text in optional:
            trial = "\n\n".join(first + fixed_head + ["\n".join(middle + [text])] + fixed_tail)
            if len(trial) <= budget:
                middle.append(text)
        blocks += fixed_head + (["\n".join(middle)] if middle else []) + fixed_tail

    blocks = [b for b in blocks if b]
    padding, extra = list(ctx["padding"]), []
    while padding and (len("\n\n".join(blocks + extra)) < profile.description.min_chars
                       or _words("\n\n".join(blocks + extra)) < profile.description.min_words):
        extra.append(padding.pop(pick.rng.randrange(len(padding))))
    if extra:  # before the closing, which stays last
        blocks.insert(len(blocks) - 1, " ".join(extra))
    body = "\n\n".join(blocks)
    if profile.hashtags_in_description and hashtags:
        body += "\n\n" + " ".join(hashtags)
    return body


def _cap(text: str) -> str:
    return text[0].upper() + text[1:] if text else text
