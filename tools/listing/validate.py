"""The final check a listing passes before anyone sees it (channel limits + advertising rules)."""
from __future__ import annotations

import re

from tools.channels import ChannelProfile
from tools.compliance import Assessment, assess, find_violations, statement_problems
from tools.money import format_vnd
from tools.product import TEXT_SHEET_FIELDS, Product


def seller_prices_masked(text: str, product: Product) -> str:
    """The text with each variant's own price read as the seller's price (every variant price is the
    seller's fact; the rule layer only knows the main price)."""
    main = format_vnd(product.price)
    for v in product.variants:
        if v.price != product.price:
            text = text.replace(format_vnd(v.price), main)
    return text


def _parts(value: str) -> list[str]:
    return [p.strip(" .") for p in re.split(r"[;\n]", value) if p.strip(" .")]


def listing_problems(product: Product, features: list[str], profile: ChannelProfile, title: str,
                     description: str, hashtags: list[str], price_text: str,
                     assessment: Assessment | None = None, sheet: dict[str, str] | None = None) -> list[str]:
    """Vietnamese descriptions of every rule the listing breaks (empty: it may be posted).
    `sheet`: the sheet fields that may be printed (each must reach every channel but Zalo)."""
    sheet = product.sheet_values() if sheet is None else sheet
    problems: list[str] = []
    if not (profile.title.min <= len(title) <= profile.title.max):
        problems.append(f"Tiêu đề dài {len(title)} ký tự, kênh {profile.label} cần {profile.title.min}–"
                        f"{profile.title.max} ký tự.")
    a = assessment or assess(product)
    contacts = a.contacts
    problems += [f"Tiêu đề: {v.message}" for v in find_violations(title, product, title=profile.marketplace,
                                                                   channel=profile.id, contacts=contacts)]
    problems += [f"Mô tả: {v.message}" for v in find_violations(seller_prices_masked(description, product), product,
                                                                 channel=profile.id, contacts=contacts)]
    if not (profile.description.min_chars <= len(description) <= profile.description.max_chars):
        problems.append(f"Mô tả dài {len(description)} ký tự, kênh {profile.label} cần {profile.description.min_chars}–"
                        f"{profile.description.max_chars} ký tự.")
    if len(re.findall(r"\w+", description)) < profile.description.min_words:
        problems.append(f"Mô tả cần ít nhất {profile.description.min_words} từ trên kênh {profile.label}.")
    if not (profile.hashtags.min <= len(hashtags) <= profile.hashtags.max):
        problems.append(f"Cần {profile.hashtags.min}–{profile.hashtags.max} hashtag, đang có {len(hashtags)}.")
    if any(not re.fullmatch(r"#\w+", h) for h in hashtags):
        problems.append("Hashtag phải bắt đầu bằng # và không có khoảng trắng.")
    price = format_vnd(product.price)
    if price_text != price or price not in description:
        problems.append(f"Mô tả phải ghi đúng giá {price}.")
    low = description.lower()
    for f in features:
        if f.lower() not in low:
            problems.append(f"Thiếu đặc điểm người bán đưa ra: “{f}”.")
    if profile.layout != "compact":  # Zalo keeps to about 600 characters: what does not fit is left out
        for key, value in sheet.items():
            if key in TEXT_SHEET_FIELDS and (key != "sku" or profile.layout == "lines") and value \
                    and not all(part.lower() in low for part in _parts(value)):
                problems.append(f"Thiếu thông tin người bán đưa ra: “{value}”.")
        for v in product.variants:
            if v.name.lower() not in low or format_vnd(v.price) not in description:
                problems.append(f"Thiếu phân loại “{v.name}” và giá của nó.")
    problems += statement_problems(description, a)
    return problems
