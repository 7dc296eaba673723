"""The deterministic composer: a complete, lawful listing from the seller's sheet alone.

Kinds of product and neutral padding come from phrases.yaml; titles, hashtags and the sections of a
description from sheet_copy.py and its data (sections.yaml, wording/<channel>.yaml, search_words.yaml).
Choices are seeded by the product and channel, so a product always reads the same while different
products read differently. Model sentences, when given (already validated), take the place of the opening.
"""
from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml

from tools.channels import ChannelProfile
from tools.listing import sheet_copy
from tools.compliance import Assessment, Statement, assess, clean_title_text, find_violations
from tools.money import format_vnd
from tools.product import Product
from tools.textnorm import nfc, words_regex

PHRASES_FILE = Path(__file__).with_name("phrases.yaml")


@lru_cache(maxsize=1)
def phrases() -> dict:
    return yaml.safe_load(PHRASES_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _kind_regex(kind: str):
    return words_regex(tuple(phrases()["kinds"][kind]["words"]))


def product_kind(product: Product, assessment: Assessment | None = None) -> str:
    """food, drink, alcohol, cosmetic, supplement, baby_food, service, course, handicraft, fashion, household, other."""
    types = (assessment or assess(product)).kinds
    if "supplement" in types:
        return "supplement"
    if "complementary_food" in types:
        return "baby_food"
    if "beer_wine" in types:
        return "alcohol"
    for text in (product.category, product.name):
        low = nfc(text).lower()
        for kind in phrases()["kinds"]:
            if phrases()["kinds"][kind]["words"] and _kind_regex(kind).search(low):
                return kind
    return "other"


def lower_first(text: str) -> str:
    """Lower the first letter unless the first word looks like a proper noun or code ("ST25", "Huế")."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        first = text.split(" ", 1)[0]
        if first.lower() in _COMMON_HEADS or len(text.split()) > 1:
            return text[0].lower() + text[1:]
    return text


_COMMON_HEADS = {"mật", "nón", "tương", "nhãn", "bánh", "kẹo", "trà", "cà", "gạo", "kem", "son", "dầu"}


@dataclass(frozen=True)
class Sentences:
    """Optional model-written sentences (each already validated); None: the composer writes its own."""
    hook: str | None = None
    intro: str | None = None
    sections: tuple[tuple[str, str], ...] = ()   # (sheet part, an opening sentence for that section)


class Picker:
    """Deterministic choices seeded by the product and channel."""

    def __init__(self, product: Product, channel: str):
        seed = hashlib.sha256(f"{product.name}|{product.category}|{channel}".encode()).hexdigest()
        self.rng = random.Random(int(seed[:16], 16))

    def pick(self, options: list[str]) -> str:
        return options[self.rng.randrange(len(options))]


def _fill(template: str, ctx: dict) -> str:
    text = template.format(**ctx)
    return text[0].upper() + text[1:] if text else text


def _context(product: Product, features: list[str], kind: str, name: str) -> dict:
    label = phrases()["kinds"][kind]["label"]
    name_lc = lower_first(name)
    if kind == "service" and name_lc.lower().startswith("dịch vụ "):  # "shop nhận sửa xe", not "nhận dịch vụ"
        name_lc = name_lc[len("dịch vụ "):]
    return {"name": name, "name_lc": name_lc, "label": label, "audience": product.audience,
            "price": format_vnd(product.price), "features": ", ".join(features),
            "feature1": features[0] if features else label}


def _cap(text: str) -> str:
    return text[0].upper() + text[1:] if text else text


def _notice(statement: Statement, name: str) -> str:
    """A mandated statement as printed: a label heads the name, others are a note."""
    text = statement.text
    if statement.role == "label":
        if name.lower().startswith(text.lower()):
            return text + name[len(text):] + "."
        return f"{text}: {name}."
    return f"Lưu ý: {text}."


@lru_cache(maxsize=8192)
def _allowed(text: str, product: Product, title: bool, channel: str) -> bool:
    """May this piece of the seller's text go in a title (title=True) or a hashtag? (asked once per product)"""
    return not find_violations(text, product, title=title, channel=channel)


@dataclass(frozen=True)
class Composed:
    title: str
    description: str
    hashtags: list[str]
    price_text: str


def compose(product: Product, features: list[str], profile: ChannelProfile,
            sentences: Sentences | None = None, *, category: str | None = None,
            audience: str | None = None, assessment: Assessment | None = None, sheet: dict | None = None,
            reserve: int = 0) -> Composed:
    """Title, description and hashtags for one channel from the seller's (lawful) features and sheet.

    The product decides the law (mandated statements, kind of wording); `category`, `audience` and
    `sheet` (sheet field -> value), when given, replace what is printed (the generator passes "" for a
    field the rules dropped). `reserve`: characters a compact (Zalo) text leaves for the shop's contacts.
    """
    pick = Picker(product, profile.id)
    assessment = assessment or assess(product)
    kind = product_kind(product, assessment)
    name = assessment.name_for(profile.id)
    sentences = sentences or Sentences()
    shown = replace(product, category=product.category if category is None else category,
                    audience=product.audience if audience is None else audience, **(sheet or {}))
    title_name = (clean_title_text(name) or name) if profile.marketplace else name

    def allowed(text: str) -> bool:
        return _allowed(text, product, profile.marketplace, profile.id)

    separator = pick.pick([" – ", " - ", ", "]) if profile.marketplace else pick.pick([": ", " – "])
    title = sheet_copy.search_title(shown, features, profile, title_name, allowed, separator)
    hashtags = sheet_copy.search_hashtags(shown, profile, kind, name, lambda t: _allowed(t, product, False, profile.id))
    ctx = {**_context(shown, features, kind, name), "padding": phrases()["padding"]}
    words = sheet_copy.wording(profile.id)
    model_line = sentences.intro if profile.layout == "lines" else sentences.hook
    opening = model_line or _fill(pick.pick(sheet_copy.by_kind(words["opening"], kind)), ctx)
    if profile.layout == "benefits" and sentences.intro and sentences.intro != sentences.hook:
        opening += "\n\n" + sentences.intro
    first = [s.text + "." for s in assessment.statements if s.opens]
    notices = [_notice(s, ctx["name"]) for s in assessment.statements if not s.opens]
    description = sheet_copy.describe(shown, features, profile, pick, kind, ctx, opening, notices, first, hashtags,
                                      reserve, dict(sentences.sections))
    return Composed(title, description, hashtags, format_vnd(product.price))
