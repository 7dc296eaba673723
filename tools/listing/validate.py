"""The final check a listing passes before anyone sees it (channel limits + advertising rules)."""
from __future__ import annotations

import re

from tools.channels import ChannelProfile
from tools.compliance import Assessment, assess, find_violations, statement_problems
from tools.money import format_vnd
from tools.product import Product


def listing_problems(product: Product, features: list[str], profile: ChannelProfile, title: str,
                     description: str, hashtags: list[str], price_text: str,
                     assessment: Assessment | None = None) -> list[str]:
    """Vietnamese descriptions of every rule the listing breaks (empty: it may be posted)."""
    problems: list[str] = []
    if not (profile.title.min <= len(title) <= profile.title.max):
        problems.append(f"Tiêu đề dài {len(title)} ký tự, kênh {profile.label} cần {profile.title.min}–"
                        f"{profile.title.max} ký tự.")
    a = assessment or assess(product)
    contacts = a.contacts
    problems += [f"Tiêu đề: {v.message}" for v in find_violations(title, product, title=profile.marketplace,
                                                                   channel=profile.id, contacts=contacts)]
    problems += [f"Mô tả: {v.message}" for v in find_violations(description, product, channel=profile.id,
                                                                 contacts=contacts)]
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
    problems += statement_problems(description, a)
    return problems
