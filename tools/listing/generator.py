"""Make listings: the one function the CLI and the pages call.

product -> pre-check (blocked: explain, no copy) -> the seller's lawful features -> model sentences
(optional, each validated) -> composer -> final check -> model sentences dropped if the check fails.
"""
from __future__ import annotations

import logging
from typing import Callable, Iterable

from tools.channels import get_channel, parse_channels
from tools.compliance import Assessment, assess, judge_sentence
from tools.listing.composer import Sentences, compose
from tools.listing.model import Listing
from tools.listing.validate import listing_problems
from tools.money import format_vnd
from tools.product import Product

log = logging.getLogger(__name__)


def lawful_features(product: Product) -> tuple[list[str], list[str]]:
    """The seller's features that may be printed (normalised), and a Vietnamese warning for each one dropped."""
    a = assess(product)
    return list(a.features), [c.message for c in a.changes if c.field.startswith("features") and not c.channels]


def _blocked(product: Product, channel: str, message: str) -> Listing:
    return Listing(name=product.name, channel=channel, status="blocked", title="", description="", hashtags=[],
                   price_text=format_vnd(product.price), warnings=[message], backend="rules")


def model_sentences(assessment: Assessment, features: list[str], writer) -> tuple[Sentences, str]:
    """Sentences from the writer that pass the sentence policy, and the backend that wrote them."""
    if not assessment.model_wording:
        return Sentences(), "rules"

    def judge(s):
        return judge_sentence(s, assessment, features=features).text
    product = assessment.printable_product   # the model never sees what the rules removed
    while writer is not None:  # the writer, then its fallback (remote -> embedded)
        try:
            raw = writer.write(product, features, accept=judge)
        except Exception as exc:  # a provider must never break a listing
            log.warning("writer %s failed: %s", getattr(writer, "name", writer), exc)
            raw = None
        if raw is not None:
            hook, intro = judge(raw.hook), judge(raw.intro)
            if hook or intro:
                return Sentences(hook=hook, intro=intro), raw.backend
        writer = getattr(writer, "fallback", None)
    return Sentences(), "rules"


def make_listings(product: Product, channels: Iterable[str] | None = None, writer=None,
                  contacts: tuple[str, ...] = ()) -> list[Listing]:
    """One listing per channel (the product's own channel when it names one). `contacts`: the shop
    profile's own phone and link, the only ones a Facebook or Zalo post may carry."""
    chans = [product.channel] if product.channel else list(channels or parse_channels(None))
    profiles = [get_channel(c) for c in chans]
    a = assess(product, tuple(contacts))
    if a.blocked:
        return [_blocked(product, p.id, a.block.message) for p in profiles]
    shown = {"category": a.category, "audience": a.audience}
    sentences, backend = model_sentences(a, list(a.features), writer)
    out = []
    for profile in profiles:
        features = a.features_for(profile.id)
        warnings = a.warnings_for(profile.id)
        ch_sentences = sentences
        if sentences.hook or sentences.intro:  # a model sentence must also pass on this channel
            ch_sentences = Sentences(*(judge_sentence(x, a, features=features, channel=profile.id).text if x else None
                                       for x in (sentences.hook, sentences.intro)))
        composed, used = compose(a.product, features, profile, ch_sentences, assessment=a, **shown), backend
        problems = listing_problems(a.product, features, profile, composed.title, composed.description,
                                    composed.hashtags, composed.price_text, assessment=a)
        if problems and used != "rules":
            composed, used = compose(a.product, features, profile, Sentences(), assessment=a, **shown), "rules"
            problems = listing_problems(a.product, features, profile, composed.title, composed.description,
                                        composed.hashtags, composed.price_text, assessment=a)
        if any(p.startswith(("Tiêu đề: ", "Mô tả: ")) for p in problems):  # never print unlawful text
            out.append(Listing(name=product.name, channel=profile.id, status="blocked", title="", description="",
                               hashtags=[], price_text=composed.price_text, backend="rules",
                               warnings=["Không tạo được tin đăng đúng luật từ thông tin này; hãy sửa lại: "
                                         + " ".join(problems)]))
            continue
        out.append(Listing(name=product.name, channel=profile.id, status="ok", title=composed.title,
                           description=composed.description, hashtags=composed.hashtags,
                           price_text=composed.price_text, warnings=warnings + [f"Cần xem lại: {p}" for p in problems],
                           backend=used if (ch_sentences.hook or ch_sentences.intro) else "rules"))
    return out


def make_batch(products: list[Product], channels: Iterable[str] | None = None, writer=None,
               progress: Callable[[int, int], None] | None = None) -> list[Listing]:
    """Listings for many products; one product's failure never stops the others."""
    chans = list(channels or parse_channels(None))
    out: list[Listing] = []
    for i, product in enumerate(products, 1):
        out += make_listings(product, chans, writer)
        if progress:
            progress(i, len(products))
    return out
