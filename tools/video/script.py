"""The video script for a product: scenes (hook, features, price, mandated notices, call to action).

The model (the shared provider, tools.providers) drafts one sentence, the opening hook; it is kept
only when tools.compliance.judge_sentence accepts it (every rule, and no word the seller
did not give beyond neutral phrasing). Every other line is built from the seller's own words, and
every line is checked again at the end: a line that breaks a rule is rebuilt or dropped.
Products that may not be advertised raise ProductBlocked with the legal reason.
"""
from __future__ import annotations

import hashlib
import logging
import re
from typing import Callable

from tools.compliance import Assessment, Statement, assess, find_violations, judge_sentence, lesson_for_assessment
from tools.money import format_vnd
from tools.product import Product
from tools.textnorm import nfc
from tools.video.script_model import Scene, VideoScript

log = logging.getLogger(__name__)

MAX_FEATURES = 4
READ_CHARS_PER_S = 14.0   # an unhurried reader; mandated statements stay on screen at least this long

# (product, its printable features) -> one unvalidated opening sentence from a model, or None
Drafter = Callable[[Product, list[str]], "str | None"]
MAX_HOOK_CHARS = 140

CTA_BY_CHANNEL = {
    "zalo": "Nhắn Zalo cho shop để đặt hàng.",
    "facebook": "Bình luận hoặc nhắn tin cho trang để đặt hàng.",
    "tiktok": "Bấm vào giỏ hàng để đặt ngay.",
    "shopee": "Bấm vào giỏ hàng để đặt ngay.",
}


class ProductBlocked(Exception):
    """The product may not be advertised; str() is the Vietnamese reason naming the law, `lesson` the course
    lesson that explains it ("" if none)."""

    def __init__(self, message: str, lesson: str = ""):
        super().__init__(message)
        self.lesson = lesson


def _sentence(text: str) -> str:
    text = nfc(text).strip(" .;,")
    if not text:
        return ""
    return text[0].upper() + text[1:] + ("" if text[-1] in "!?" else ".")


def _heading(text: str) -> str:
    text = nfc(text).strip(" .;,")
    return text[:1].upper() + text[1:]


def _pick(options: list[str], seed: str) -> str:
    digest = int(hashlib.sha1(seed.encode("utf-8")).hexdigest(), 16)
    return options[digest % len(options)]


def reading_seconds(text: str) -> float:
    return max(4.0, len(text) / READ_CHARS_PER_S + 1.5)


def in_sentence(name: str) -> str:
    """The product name as it reads inside a sentence: a sentence-cased common name loses its capital
    ("Cà phê Đắk Lắk" -> "cà phê Đắk Lắk"); a brand or a Title Cased name is kept ("Vinamilk",
    "Mỹ Hào", "OCOP Trà Shan")."""
    words = name.split()
    if len(words) < 2:
        return name
    first, second = words[0], words[1]
    sentence_cased = first[:1].isupper() and first[1:] == first[1:].lower() and second[:1].islower()
    return first[:1].lower() + name[1:] if sentence_cased else name


def hook_lines(product: Product, name: str) -> list[str]:
    audience = nfc(product.audience).strip(" .")
    inner = in_sentence(name)
    options = [f"Mời bà con xem {inner}.", f"Giới thiệu đến bà con {inner}.", f"Bà con ơi, đây là {inner}."]
    if audience:
        options = [f"{name} dành cho {audience[:1].lower() + audience[1:]}."]
    return [_sentence(_pick(options, product.name))]


def _model_hook(drafter: Drafter | None, assessment: Assessment, features: list[str]) -> str | None:
    """The model's opening sentence when it passes the sentence policy (tools.compliance.judge_sentence)."""
    if drafter is None or not assessment.model_wording:
        return None
    product = assessment.printable_product   # the model never sees what the rules removed
    try:
        draft = drafter(product, features)
    except Exception as exc:  # noqa: BLE001 - the model is optional; the rules still write the line
        log.info("model draft failed: %r", exc)
        return None
    line = judge_sentence(draft, assessment, features=features, max_len=MAX_HOOK_CHARS).text
    if line is None:
        return None
    return line


def _phone(contact: str) -> str | None:
    m = re.search(r"(?:\+84|0)(?:[\s.]?\d){9,10}", contact or "")
    return m.group(0).strip() if m else None


def cta_line(product: Product, contact: str, link: str) -> str:
    phone = _phone(contact)
    if link:
        return "Quét mã trên màn hình để đặt hàng."
    if phone:
        return f"Gọi {phone} để đặt hàng."
    return CTA_BY_CHANNEL.get(product.channel or "", "Nhắn tin cho shop để đặt hàng.")


def write_script(product: Product, *, contact: str = "", link: str = "", drafter: Drafter | None = None,
                 max_features: int = MAX_FEATURES) -> VideoScript:
    """A lawful script for product (see the module docstring). Raises ProductBlocked."""
    a = assess(product, tuple(c for c in (_phone(contact), (link or "").strip()) if c))
    if a.blocked:
        raise ProductBlocked(a.block.message, lesson_for_assessment(a))
    product = a.product
    warnings: list[str] = a.warnings_for("video")
    name = a.name
    price_text = format_vnd(product.price)

    scenes: list[Scene] = []
    if a.opening:   # the statement the law says opens the advert
        scenes.append(_notice_scene([a.opening]))

    kept = list(a.features)
    if len(kept) > max_features:
        left_out = "; ".join(kept[max_features:])
        warnings.append(f"Video nêu tối đa {max_features} đặc điểm; chưa nêu: {left_out}.")
        kept = kept[:max_features]
    hook = _model_hook(drafter, a, kept)
    scenes.append(Scene("hook", name, [hook] if hook else hook_lines(product, name),
                        source="model" if hook else "rules"))

    for feature in kept:
        scenes.append(Scene("feature", _heading(feature), [_sentence(feature)]))

    scenes.append(Scene("price", price_text, [f"Giá bán {price_text}."]))
    rest = [s for s in a.statements if not s.opens]
    if rest:   # one notice scene: all statements on screen together, each read aloud
        scenes.append(_notice_scene(rest))
    scenes.append(Scene("cta", "Đặt hàng ngay", [cta_line(product, contact, link)]))

    script = VideoScript(name=name, price=product.price, price_text=price_text, scenes=scenes,
                         contact=nfc(contact), link=(link or "").strip(), warnings=warnings,
                         channel=product.channel or "", lesson=lesson_for_assessment(a, "video"))
    return enforce_rules(script, product)


def _notice_scene(statements: list[Statement]) -> Scene:
    """Mandated statements on screen together, each read aloud, as large and contrasting as the law asks."""
    shown = "\n".join(_sentence(s.text) for s in statements)
    return Scene("notice", shown, [_sentence(s.text) for s in statements if s.read_aloud], reading_seconds(shown),
                 min_frame_fraction=max(s.min_frame_fraction for s in statements),
                 contrast=any(s.contrast for s in statements))


def enforce_rules(script: VideoScript, product: Product) -> VideoScript:
    """Last check of every line: a line that breaks a rule is rebuilt from the seller's words or dropped."""
    a = assess(product)
    product = a.product
    phone = _phone(script.contact)
    for scene in script.scenes:
        if scene.kind == "notice":
            continue
        texts = [scene.heading] + scene.narration
        checked = [t.replace(phone, " ") if phone else t for t in texts]   # the seller's own number
        bad = [t for t, c in zip(texts, checked) if find_violations(c, product)]
        if not bad:
            continue
        log.info("rule check replaced %s", bad)
        if scene.kind == "hook":
            scene.narration, scene.source = hook_lines(product, script.name), "rules"
        elif scene.kind == "feature":
            scene.narration, scene.source = [_sentence(scene.heading)], "rules"
    script.scenes = [s for s in script.scenes
                     if s.kind == "notice" or not any(find_violations(t, product)
                                                      for t in [s.heading] + s.narration
                                                      if not (phone and phone in t))]
    if not any(s.kind == "price" and s.heading == format_vnd(product.price) for s in script.scenes):
        raise AssertionError("the price scene must carry the seller's exact price")
    for statement in a.statement_texts:
        if not any(s.kind == "notice" and statement in s.heading for s in script.scenes):
            raise AssertionError(f"mandated statement missing: {statement}")
    return script
