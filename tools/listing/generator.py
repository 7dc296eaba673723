"""Make listings: the one function the CLI and the pages call.

product -> pre-check (blocked: explain, no copy) -> the seller's lawful features -> model sentences
(optional, each validated) -> composer -> final check -> model sentences dropped if the check fails.
"""
from __future__ import annotations

import logging
from typing import Callable, Iterable

from tools.channels import get_channel, parse_channels
from tools.compliance import Assessment, assess, judge_sentence, lesson_for_assessment
from tools.listing.composer import Sentences, compose
from tools.listing.model import Listing
from tools.listing.validate import listing_problems
from tools.money import format_vnd
from tools.product import TEXT_SHEET_FIELDS, Product
from tools.providers.types import Writer, writer_chain
from tools.shop import ShopProfile

log = logging.getLogger(__name__)


def lawful_features(product: Product) -> tuple[list[str], list[str]]:
    """The seller's features that may be printed (normalised), and a Vietnamese warning for each one dropped."""
    a = assess(product)
    return list(a.features), [c.message for c in a.changes if c.field.startswith("features") and not c.channels]


def with_contact(description: str, profile, shop: ShopProfile | None) -> str:
    """The shop's contact lines before the hashtags of a Facebook or Zalo post; marketplaces never carry
    phone numbers or links."""
    lines = shop.contact_lines() if shop is not None and not profile.marketplace else []
    if not lines:
        return description
    body, sep, tags = description.rpartition("\n\n#")
    if not sep:
        body, tags = description, ""
    return body + "\n\n" + "\n".join(lines) + (sep + tags if sep else "")


def shop_contacts(shop: ShopProfile | None) -> tuple[str, ...]:
    return tuple(c for c in (shop.phone, shop.zalo, shop.facebook) if c) if shop else ()


def _blocked(product: Product, channel: str, message: str, lesson: str = "") -> Listing:
    return Listing(name=product.name, channel=channel, status="blocked", title="", description="", hashtags=[],
                   price_text=format_vnd(product.price), warnings=[message], backend="rules", lesson=lesson)


def sheet_words(assessment: Assessment) -> list[str]:
    """The printable sheet texts a section sentence may draw on (the seller's own words)."""
    return [v for k, v in assessment.extra if k in ("ingredients", "usage", "storage") and v]


def model_sentences(assessment: Assessment, features: list[str], writer: Writer | None) -> tuple[Sentences, str]:
    """Sentences from the writer that pass the sentence policy, and the backend that wrote them."""
    if not assessment.model_wording:
        return Sentences(), "rules"

    def judge(s):
        return judge_sentence(s, assessment, features=features).text
    product = assessment.printable_product   # the model never sees what the rules removed
    for writer in writer_chain(writer):  # the writer, then its fallback (remote -> embedded)
        try:
            raw = writer.write(product, features, accept=judge)
        except Exception as exc:  # a provider must never break a listing
            log.warning("writer %s failed: %s", writer.name, exc)
            raw = None
        if raw is not None:
            hook, intro = judge(raw.hook), judge(raw.intro)
            sections = tuple((part, ok) for part, text in raw.sections
                             if (ok := judge_sentence(text, assessment, features=features + sheet_words(assessment)).text))
            if hook or intro or sections:
                return Sentences(hook=hook, intro=intro, sections=sections), raw.backend
    return Sentences(), "rules"


def make_listings(product: Product, channels: Iterable[str] | None = None, writer=None,
                  contacts: tuple[str, ...] = (), shop: ShopProfile | None = None) -> list[Listing]:
    """One listing per channel (the product's own channel when it names one). `shop`: the shop profile,
    whose contact lines end Facebook and Zalo posts; `contacts`: other phones/links those posts may carry."""
    chans = [product.channel] if product.channel else list(channels or parse_channels(None))
    profiles = [get_channel(c) for c in chans]
    a = assess(product, tuple(contacts) + shop_contacts(shop))
    if a.blocked:
        return [_blocked(product, p.id, a.block.message, lesson_for_assessment(a)) for p in profiles]
    sheet = {k: v for k, v in a.extra if k in TEXT_SHEET_FIELDS}   # "" where the rules dropped a field
    shown = {"category": a.category, "audience": a.audience, "sheet": sheet}
    sentences, backend = model_sentences(a, list(a.features), writer)
    out = []
    for profile in profiles:
        features = a.features_for(profile.id)
        warnings = a.warnings_for(profile.id)
        ch_sentences = sentences
        if sentences.hook or sentences.intro or sentences.sections:  # a model sentence must also pass here
            ch_sentences = Sentences(*(judge_sentence(x, a, features=features, channel=profile.id).text if x else None
                                       for x in (sentences.hook, sentences.intro)),
                                     sections=tuple((p, ok) for p, t in sentences.sections if (ok := judge_sentence(
                                         t, a, features=features + sheet_words(a), channel=profile.id).text)))
        reserve = len(with_contact("", profile, shop))
        composed, used = compose(a.product, features, profile, ch_sentences, assessment=a, reserve=reserve,
                                 **shown), backend
        problems = listing_problems(a.product, features, profile, composed.title, composed.description,
                                    composed.hashtags, composed.price_text, assessment=a, sheet=sheet)
        if problems and used != "rules":
            composed, used = compose(a.product, features, profile, Sentences(), assessment=a, reserve=reserve,
                                     **shown), "rules"
            problems = listing_problems(a.product, features, profile, composed.title, composed.description,
                                        composed.hashtags, composed.price_text, assessment=a, sheet=sheet)
        if any(p.startswith(("Tiêu đề: ", "Mô tả: ")) for p in problems):  # never print unlawful text
            out.append(Listing(name=product.name, channel=profile.id, status="blocked", title="", description="",
                               hashtags=[], price_text=composed.price_text, backend="rules",
                               warnings=["Không tạo được tin đăng đúng luật từ thông tin này; hãy sửa lại: "
                                         + " ".join(problems)]))
            continue
        out.append(Listing(name=product.name, channel=profile.id, status="ok", title=composed.title,
                           description=with_contact(composed.description, profile, shop), hashtags=composed.hashtags,
                           price_text=composed.price_text, warnings=warnings + [f"Cần xem lại: {p}" for p in problems],
                           backend=used if (ch_sentences.hook or ch_sentences.intro or ch_sentences.sections)
                           else "rules", lesson=lesson_for_assessment(a, profile.id)))
    return out


def make_batch(products: list[Product], channels: Iterable[str] | None = None, writer=None,
               progress: Callable[[int, int], None] | None = None, shop: ShopProfile | None = None) -> list[Listing]:
    """Listings for many products; one product's failure never stops the others."""
    chans = list(channels or parse_channels(None))
    out: list[Listing] = []
    for i, product in enumerate(products, 1):
        out += make_listings(product, chans, writer, shop=shop)
        if progress:
            progress(i, len(products))
    return out
