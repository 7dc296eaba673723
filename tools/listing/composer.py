"""The deterministic composer: a complete, lawful listing from the seller's fields alone.

Wording comes from phrases.yaml and is picked with a seed made from the product and channel, so a
product always reads the same while different products read differently. Model sentences, when
given (already validated), take the place of the opening line.
"""
from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml

from tools.channels import ChannelProfile
from tools.compliance import Assessment, Statement, assess, clean_title_text, find_violations
from tools.money import format_vnd
from tools.product import Product
from tools.textnorm import fold, nfc, words_regex

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


class Picker:
    """Deterministic choices seeded by the product and channel."""

    def __init__(self, product: Product, channel: str):
        seed = hashlib.sha256(f"{product.name}|{product.category}|{channel}".encode()).hexdigest()
        self.rng = random.Random(int(seed[:16], 16))

    def pick(self, options: list[str]) -> str:
        return options[self.rng.randrange(len(options))]


def _by_kind(section: str, kind: str) -> list[str]:
    table = phrases()[section]
    return table.get(kind) or table["default"]


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


# --- title -----------------------------------------------------------------------------------

def title_attributes(product: Product, features: list[str], marketplace: bool, channel: str | None = None) -> list[str]:
    """Short seller features that may go in a title (no promotion words on marketplaces)."""
    out = []
    for f in features:
        if len(f) > 45:
            continue
        if find_violations(f, product, title=marketplace, channel=channel):
            continue
        if fold(f) in fold(product.name):
            continue
        out.append(f)
    return out


def compose_title(product: Product, features: list[str], profile: ChannelProfile, pick: Picker, name: str) -> str:
    if profile.marketplace:
        name = clean_title_text(name) or name
    limit = profile.title.soft_max or profile.title.max
    attrs = title_attributes(product, features, profile.marketplace, profile.id)
    sep = pick.pick([" – ", " - ", ", "]) if profile.marketplace else pick.pick([": ", " – "])
    title = name
    added = 0
    for attr in attrs:
        candidate = f"{title}{sep if added == 0 else ', '}{attr}"
        if len(candidate) > limit:
            break
        title, added = candidate, added + 1
        if added == (3 if profile.marketplace else 2):
            break
    if len(title) < profile.title.min:
        extra = [product.category] if product.category and fold(product.category) not in fold(title) else []
        if product.audience and len(product.audience) < 40:
            extra.append(f"cho {product.audience}")
        for part in extra:
            candidate = f"{title} {lower_first(part)}" if part.startswith("cho ") else f"{title} – {lower_first(part)}"
            if len(candidate) <= limit and not find_violations(candidate, product, title=profile.marketplace,
                                                               channel=profile.id):
                title = candidate
            if len(title) >= profile.title.min:
                break
    if len(title) > profile.title.max:
        title = title[: profile.title.max].rsplit(" ", 1)[0].rstrip(" ,–-:")
    return title


# --- hashtags --------------------------------------------------------------------------------

def _tag(text: str) -> str | None:
    if re.search(r"\d[^a-z0-9]+\d", fold(text).lower()):  # "6–24 tháng" would become the invented number 624
        return None
    letters = re.sub(r"[^a-z0-9]", "", fold(text))
    if len(letters) < 3 or len(letters) > 28 or letters.isdigit():
        return None
    return "#" + letters


def compose_hashtags(product: Product, features: list[str], profile: ChannelProfile, kind: str, name: str) -> list[str]:
    candidates = [name, product.category]
    candidates += [f for f in features if len(f.split()) <= 3 and not re.search(r"\d", f)]
    candidates += [product.audience] if len(product.audience.split()) <= 3 else []
    tags: list[str] = []
    for c in candidates:
        tag = _tag(c) if c else None
        if tag and tag not in tags and not find_violations(c, product, channel=profile.id):
            tags.append(tag)
    for tag in phrases()["hashtag_fallback"].get(kind, []) + phrases()["hashtag_fallback"]["default"]:
        if len(tags) >= max(profile.hashtags.min, 3):
            break
        if tag not in tags:
            tags.append(tag)
    wanted = min(profile.hashtags.max, 8)
    return tags[:wanted]


# --- description -----------------------------------------------------------------------------

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


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def compose_description(product: Product, features: list[str], profile: ChannelProfile, pick: Picker,
                        kind: str, sentences: Sentences, hashtags: list[str], assessment: Assessment,
                        name: str) -> str:
    ctx = _context(product, features, kind, name)
    notices = [_notice(s, ctx["name"]) for s in assessment.statements if not s.opens]
    blocks: list[str] = [s.text + "." for s in assessment.statements if s.opens]
    layout = profile.layout

    if layout == "lines":          # Shopee
        blocks.append(sentences.intro or _fill(pick.pick(_by_kind("intro", kind)), ctx))
        blocks += ["\n".join(notices)] if notices else []
        if features:
            heading_key = kind if kind in ("service", "course") else "lines"
            heading = _fill(pick.pick(phrases()["feature_heading"][heading_key]), ctx)
            blocks.append(heading + "\n" + "\n".join(f"- {_cap(f)}" for f in features))
        if product.audience:
            blocks.append(_fill(pick.pick(phrases()["audience"]), ctx))
        blocks.append(_fill(pick.pick(phrases()["price"]["lines"]), ctx))
        if kind not in ("service", "course"):
            blocks.append(_fill(pick.pick(phrases()["box"]), ctx))
    elif layout == "short_sentences":   # TikTok
        blocks.append(sentences.hook or _fill(pick.pick(_by_kind("hook", kind)), ctx))
        lines = [_cap(f) + ("" if f[-1] in ".!?" else ".") for f in features]
        if product.audience:
            lines.append(_fill(pick.pick(phrases()["audience"]), ctx))
        price_style = "compact" if kind == "alcohol" else "lively"  # no "only X" push for alcohol
        lines.append(_fill(pick.pick(phrases()["price"][price_style]), ctx))
        blocks.append("\n".join(lines))
        blocks += ["\n".join(notices)] if notices else []
        blocks.append(pick.pick(phrases()["cta"]["tiktok"]))
    elif layout == "benefits":     # Facebook
        blocks.append(sentences.hook or _fill(pick.pick(_by_kind("fb_hook", kind)), ctx))
        if sentences.intro and sentences.intro != sentences.hook:
            blocks.append(sentences.intro)
        blocks += ["\n".join(notices)] if notices else []
        if features:
            heading_key = kind if kind in ("service", "course") else "benefits"
            heading = _fill(pick.pick(phrases()["feature_heading"][heading_key]), ctx)
            blocks.append(heading + "\n" + "\n".join(f"- {_cap(f)}" for f in features))
        tail = []
        if product.audience:
            tail.append(_fill(pick.pick(phrases()["audience"]), ctx))
        tail.append(_fill(pick.pick(phrases()["price"]["friendly"]), ctx))
        blocks.append(" ".join(tail))
        blocks.append(pick.pick(phrases()["cta"]["facebook"]))
    else:                          # Zalo: compact
        greet = pick.pick(phrases()["zalo_greet"]["default"])
        line = pick.pick(_by_kind("zalo_line", kind)).format(**ctx) if features else f"shop có {ctx['name_lc']}."
        blocks.append(f"{greet} {line}")
        if sentences.hook:
            blocks.append(sentences.hook)
        tail = []
        if product.audience:
            tail.append(_fill(pick.pick(phrases()["audience"]), ctx))
        tail.append(_fill(pick.pick(phrases()["price"]["compact"]), ctx))
        tail.append(pick.pick(phrases()["cta"]["zalo"]))
        blocks.append(" ".join(tail))
        blocks += ["\n".join(notices)] if notices else []

    blocks = [b for b in blocks if b]
    padding, extra = list(phrases()["padding"]), []
    while padding and (len("\n\n".join(blocks + extra)) < profile.description.min_chars
                       or _word_count("\n\n".join(blocks + extra)) < profile.description.min_words):
        extra.append(padding.pop(pick.rng.randrange(len(padding))))
    if extra:  # before the call to action, which stays last
        at = len(blocks) - 1 if profile.cta != "none" else len(blocks)
        blocks.insert(at, " ".join(extra))
    body = "\n\n".join(blocks)
    if profile.hashtags_in_description and hashtags:
        body += "\n\n" + " ".join(hashtags)
    return body


@dataclass(frozen=True)
class Composed:
    title: str
    description: str
    hashtags: list[str]
    price_text: str


def compose(product: Product, features: list[str], profile: ChannelProfile,
            sentences: Sentences | None = None, *, category: str | None = None,
            audience: str | None = None, assessment: Assessment | None = None) -> Composed:
    """Title, description and hashtags for one channel from the seller's (lawful) features.

    The product decides the law (mandated statements, kind of wording); `category` and `audience`,
    when given, replace what is printed (the generator passes "" for a field it had to drop).
    """
    pick = Picker(product, profile.id)
    assessment = assessment or assess(product)
    kind = product_kind(product, assessment)
    name = assessment.name_for(profile.id)
    shown = replace(product, category=product.category if category is None else category,
                    audience=product.audience if audience is None else audience)
    title = compose_title(shown, features, profile, pick, name)
    hashtags = compose_hashtags(shown, features, profile, kind, name)
    description = compose_description(shown, features, profile, pick, kind, sentences or Sentences(), hashtags,
                                      assessment, name)
    return Composed(title, description, hashtags, format_vnd(product.price))
