"""An independent check of a listing against shared/rules (written from the rules, not from the code).

It uses its own small tables on purpose, so a mistake in tools/compliance cannot hide itself.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("data") / "listing_products.yaml"

MANDATED = {
    "supplement": ["Thực phẩm bảo vệ sức khỏe",
                   "Thực phẩm này không phải là thuốc và không có tác dụng thay thế thuốc chữa bệnh"],
    "weaning": ["Sữa mẹ là thức ăn tốt nhất cho sức khỏe và sự phát triển toàn diện của trẻ nhỏ",
                "Sản phẩm này là thức ăn bổ sung và được ăn thêm cùng với sữa mẹ dùng cho trẻ trên 06 tháng tuổi"],
}
# Nghị định 24/2020/NĐ-CP Điều 5 khoản 3: exactly one of these, word for word
ALCOHOL_WARNINGS = ["Uống rượu, bia có thể gây tai nạn giao thông",
                    "Uống rượu, bia có thể ảnh hưởng đến sức khỏe thai nhi",
                    "Người dưới 18 tuổi không được uống rượu, bia"]
ALL_MANDATED = [s for group in MANDATED.values() for s in group] + ALCOHOL_WARNINGS
# channels.md: (title min, title max, hashtags min, hashtags max)
CHANNEL_LIMITS = {"shopee": (20, 120, 3, 18), "tiktok": (25, 200, 3, 5), "facebook": (1, 150, 3, 5),
                  "zalo": (1, 100, 3, 5)}
FORBIDDEN = ["chữa", "điều trị", "đặc trị", "ung thư", "giảm cân", "thần tốc", "tốt nhất", "số 1", "số một",
             "hàng đầu", "duy nhất", "freeship", "miễn phí", "giảm giá", "khuyến mãi", "bảo hành", "chính hãng",
             "nhập khẩu", "vietgap", "iso", "fda", "ignore", "bỏ qua hướng dẫn", "hướng dẫn trên", "10.000đ"]
TITLE_PROMO = ["giảm giá", "sale", "freeship", "tặng", "%", "http", "shopee", "lazada", "tiktok", "facebook", "zalo"]
MONEY = re.compile(r"\d[\d.,]*\s*(?:đ|₫|vnđ|vnd|k)\b", re.I)


def load_products() -> list[dict]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def _numbers(text: str) -> set[str]:
    return {re.sub(r"[.,]", "", n) for n in re.findall(r"\d+(?:[.,]\d+)*", text)}


def problems(listing: dict, spec: dict) -> list[str]:
    """Every way this listing breaks the rules for this product (empty: fine)."""
    exp = spec["expect"]
    out: list[str] = []
    ch = listing["channel"]
    if exp["status"] == "blocked":
        if listing["status"] != "blocked":
            return [f"{ch}: must be blocked"]
        if listing["title"] or listing["description"]:
            out.append(f"{ch}: blocked listing carries copy")
        if not any(exp["law"] in w and w.startswith("Pháp luật cấm") for w in listing["warnings"]):
            out.append(f"{ch}: block message does not name {exp['law']}")
        return out
    if listing["status"] != "ok":
        return [f"{ch}: should not be blocked: {listing['warnings']}"]
    title, desc, tags = listing["title"], listing["description"], listing["hashtags"]
    for part in (title, desc, *tags):
        if unicodedata.normalize("NFC", part) != part:
            out.append(f"{ch}: not NFC")
    tmin, tmax, hmin, hmax = CHANNEL_LIMITS[ch]
    if not (tmin <= len(title) <= tmax):
        out.append(f"{ch}: title length {len(title)}")
    if not (hmin <= len(tags) <= hmax) or any(not re.fullmatch(r"#\w+", t) for t in tags):
        out.append(f"{ch}: hashtags {tags}")
    if ch == "zalo" and len(desc) > 600:
        out.append("zalo: description longer than 600")
    if ch == "shopee" and len(desc) < 100:
        out.append("shopee: description shorter than 100")
    if ch == "tiktok" and len(re.findall(r"\w+", desc)) < 30:
        out.append("tiktok: fewer than 30 words")
    if listing["price_text"] != exp["price_text"] or exp["price_text"] not in desc:
        out.append(f"{ch}: price {listing['price_text']} / expected {exp['price_text']} in description")
    for amount in MONEY.findall(title + "\n" + desc):
        if re.sub(r"\s", "", amount) != exp["price_text"]:
            out.append(f"{ch}: other price {amount}")
    if ch in ("shopee", "tiktok"):
        low_title = title.lower()
        out += [f"{ch}: promotion word in title: {w}" for w in TITLE_PROMO if w in low_title]
        if re.search(r"[^\w\s.,:;()\-–/&'\"]", title):
            out.append(f"{ch}: symbol in title {title!r}")
    stripped = desc
    for sentence in ALL_MANDATED:
        stripped = stripped.replace(sentence, " ")
    text = (title + "\n" + stripped + "\n" + " ".join(tags)).lower()
    seller = " ".join([spec["name"], spec["category"], spec["features"], spec["audience"]]).lower()
    for word in FORBIDDEN:
        rx = r"(?<![\w.])" + re.escape(word) + r"(?!\w)"
        if re.search(rx, text) and not re.search(rx, seller.replace(";", " ")):
            out.append(f"{ch}: forbidden {word!r}")
    allowed_numbers = _numbers(seller) | _numbers(exp["price_text"]) | {re.sub(r"\D", "", exp["price_text"])}
    extra = _numbers(title + " " + stripped) - allowed_numbers
    if extra:
        out.append(f"{ch}: numbers the seller did not give: {sorted(extra)}")
    if exp.get("mandated") == "under18" and sum(w in desc for w in ALCOHOL_WARNINGS) != 1:
        out.append(f"{ch}: needs exactly one alcohol warning of Nghị định 24/2020 Điều 5 khoản 3")
    for sentence in MANDATED.get(exp.get("mandated"), []):
        if sentence not in desc:
            out.append(f"{ch}: missing mandated {sentence!r}")
    if exp.get("mandated") == "weaning" and not desc.startswith(MANDATED["weaning"][0]):
        out.append(f"{ch}: weaning text must open with the breast-milk sentence")
    if not exp.get("mandated") and any(s in desc for s in ALL_MANDATED):
        out.append(f"{ch}: mandated statement on a product that does not need it")
    dropped = exp.get("dropped", [])
    for feature in [f.strip() for f in spec["features"].split(";") if f.strip()]:
        present = feature.lower() in desc.lower()
        if feature in dropped and present:
            out.append(f"{ch}: printed a forbidden feature {feature!r}")
        if feature not in dropped and not present:
            out.append(f"{ch}: missing feature {feature!r}")
    return out
