"""Make listings: the one function the CLI and the pages call.

product -> pre-check (blocked: explain, no copy) -> the seller's lawful features -> model sentences
(optional, each validated) -> composer -> final check -> model sentences dropped if the check fails.
"""
from __future__ import annotations

import logging
from typing import Callable, Iterable

from tools.channels import get_channel, parse_channels
from tools.compliance import (
    check_feature, mandated_law, mandated_statements, precheck, product_types, safe_name,
)
from tools.listing.composer import Sentences, compose
from tools.listing.faithful import accept_sentence
from tools.listing.model import Listing
from tools.listing.validate import listing_problems
from tools.money import format_vnd
from tools.product import SHEET_FIELDS, TEXT_SHEET_FIELDS, Product
from tools.shop import ShopProfile

log = logging.getLogger(__name__)


def lawful_features(product: Product) -> tuple[list[str], list[str]]:
    """The seller's features that may be printed, and a Vietnamese warning for each one dropped."""
    keep, warnings = [], []
    for feature in product.features:
        problems = check_feature(feature, product)
        if problems:
            warnings.append(f"Đã bỏ đặc điểm “{feature}”: {problems[0].message}")
        else:
            keep.append(feature)
    return keep, warnings


def printable_field(label: str, value: str, product: Product) -> tuple[str, list[str]]:
    """The category or audience as it may be printed ("" when it breaks a rule), with a warning."""
    problems = check_feature(value, product) if value else []
    if not problems:
        return value, []
    return "", [f"Đã bỏ {label} “{value}”: {problems[0].message}"]


def with_contact(description: str, profile, shop: ShopProfile | None) -> str:
    """The shop's contact lines (the seller's own data, so outside the rule check) before the hashtags of
    a Facebook or Zalo post; marketplaces never carry phone numbers or links."""
    lines = shop.contact_lines() if shop is not None and not profile.marketplace else []
    if not lines:
        return description
    body, sep, tags = description.rpartition("\n\n#")
    if not sep:
        body, tags = description, ""
    return body + "\n\n" + "\n".join(lines) + (sep + tags if sep else "")


def printable_sheet(product: Product) -> tuple[dict[str, str], list[str]]:
    """The sheet's text fields that may be printed (a field that breaks a rule becomes ""), with warnings."""
    shown, warnings = {}, []
    for key in TEXT_SHEET_FIELDS:
        value = getattr(product, key)
        if not value:
            continue
        kept, dropped = printable_field(SHEET_FIELDS[key][0].lower(), value, product)
        shown[key] = kept
        warnings += dropped
    return shown, warnings


def _blocked(product: Product, channel: str, message: str) -> Listing:
    return Listing(name=product.name, channel=channel, status="blocked", title="", description="", hashtags=[],
                   price_text=format_vnd(product.price), warnings=[message], backend="rules")


def model_sentences(product: Product, features: list[str], writer) -> tuple[Sentences, str]:
    """Sentences from the writer that pass every check, and the backend that wrote them."""
    while writer is not None:  # the writer, then its fallback (remote -> embedded)
        try:
            raw = writer.write(product, features, accept=lambda s: accept_sentence(s, product, features))
        except Exception as exc:  # a provider must never break a listing
            log.warning("writer %s failed: %s", getattr(writer, "name", writer), exc)
            raw = None
        if raw is not None:
            hook = accept_sentence(raw.hook, product, features)
            intro = accept_sentence(raw.intro, product, features)
            if hook or intro:
                return Sentences(hook=hook, intro=intro), raw.backend
        writer = getattr(writer, "fallback", None)
    return Sentences(), "rules"


def make_listings(product: Product, channels: Iterable[str] | None = None, writer=None,
                  shop: ShopProfile | None = None) -> list[Listing]:
    """One listing per channel (the product's own channel when it names one). The shop profile's contact
    lines go into Facebook and Zalo posts only."""
    chans = [product.channel] if product.channel else list(channels or parse_channels(None))
    profiles = [get_channel(c) for c in chans]
    block = precheck(product)
    if block:
        return [_blocked(product, p.id, block.message) for p in profiles]
    features, warnings = lawful_features(product)
    name = safe_name(product)
    if name != product.name:
        warnings.append(f"Đã bỏ một phần tên sản phẩm: tin đăng dùng tên “{name}” vì tên gốc có từ ngữ quảng cáo "
                        "bị cấm hoặc câu lệnh cho AI.")
    statements = mandated_statements(product)
    if statements:
        laws = "; ".join(mandated_law(product))
        warnings.append("Đã thêm nguyên văn câu bắt buộc theo quy định (" + laws + "): " +
                        " / ".join(f"“{s}”" for s in statements) + ".")
    # no model wording for alcohol: the law forbids copy that encourages drinking (Luật 44/2019/QH14)
    category, dropped_category = printable_field("loại sản phẩm", product.category, product)
    audience, dropped_audience = printable_field("đối tượng khách", product.audience, product)
    warnings += dropped_category + dropped_audience
    sheet, dropped_sheet = printable_sheet(product)
    warnings += dropped_sheet
    shown = {"category": category, "audience": audience, "sheet": sheet}
    sentences, backend = model_sentences(product, features, None if "beer_wine" in product_types(product) else writer)
    out = []
    for profile in profiles:
        reserve = len(with_contact("", profile, shop))
        composed, used = compose(product, features, profile, sentences, reserve=reserve, **shown), backend
        problems = listing_problems(product, features, profile, composed.title, composed.description,
                                    composed.hashtags, composed.price_text, sheet)
        if problems and used != "rules":
            composed, used = compose(product, features, profile, Sentences(), reserve=reserve, **shown), "rules"
            problems = listing_problems(product, features, profile, composed.title, composed.description,
                                        composed.hashtags, composed.price_text, sheet)
        if any(p.startswith(("Tiêu đề: ", "Mô tả: ")) for p in problems):  # never print unlawful text
            out.append(Listing(name=product.name, channel=profile.id, status="blocked", title="", description="",
                               hashtags=[], price_text=composed.price_text, backend="rules",
                               warnings=["Không tạo được tin đăng đúng luật từ thông tin này; hãy sửa lại: "
                                         + " ".join(problems)]))
            continue
        out.append(Listing(name=product.name, channel=profile.id, status="ok", title=composed.title,
                           description=with_contact(composed.description, profile, shop), hashtags=composed.hashtags,
                           price_text=composed.price_text, warnings=warnings + [f"Cần xem lại: {p}" for p in problems],
                           backend=used))
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
