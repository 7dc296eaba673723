"""The rule layer every generated text passes through (shared/rules/advertising-vn.md).

The law lives in rules.yaml next to this file; no code outside this package matches legal wording.

Main API:
- `assess(product, contacts=()) -> Assessment`: everything the rules decide about a product, once
  (kinds, `block`, `statements` with `opening`/`label`/`notices`, each with `read_aloud`,
  `min_frame_fraction`, `contrast`; printable `name`/`category`/`audience`/`features`,
  `features_for(channel)`, `name_for(channel)`; `forbidden_audiences`; `model_wording`; `changes`, one
  `Change` per removal or addition, `warnings_for(channel)`).
- `judge_sentence(sentence, assessment, features=None, channel=None) -> Verdict` (`.ok`, `.text`,
  `.reasons`): the one sentence policy for listings, video scripts and every model writer.
- `find_violations(text, product, title=False, channel=None, contacts=()) -> list[Violation]`: the final
  check of any text about the product.
- `statement_problems(text, assessment)`: mandated statements missing or out of place.
- `lesson_for_assessment(assessment, channel=None) -> str`: the course lesson explaining what the rules did
  (lessons.yaml), `lesson_label(lesson_id)` its link text.

Older helpers kept for callers: `precheck`, `mandated_statements`, `mandated_law`, `safe_name`,
`check_feature`, `clean_title_text`, `clean_sentence`, `product_types`, `alcohol_strength`, `min_age_months`.
"""
from __future__ import annotations

from tools.compliance.assessment import (
    Assessment, Block, Change, Statement, assess, field_problems, normalise_product, statement_problems,
)
from tools.compliance.checks import (
    Violation, clean_title_text, contacts_in, find_violations, model_text, platforms_in, remove_model_text,
)
from tools.compliance.lessons import lesson_for, lesson_for_assessment, lesson_label, reference_lessons
from tools.compliance.kinds import alcohol_strength, min_age_months, product_types
from tools.compliance.matching import RULES_FILE, rules
from tools.compliance.policy import Verdict, accept_sentence, clean_sentence, judge_sentence
from tools.product import Product


def precheck(product: Product) -> Block | None:
    """A product that may not be advertised at all (code, Vietnamese message naming the law), or None."""
    return assess(product).block


def mandated_statements(product: Product) -> list[str]:
    """Sentences the advert must carry word for word, in the order to print them."""
    return assess(product).statement_texts


def mandated_law(product: Product) -> list[str]:
    """The laws behind the mandated statements."""
    seen: list[str] = []
    for s in assess(product).statements:
        if s.law not in seen:
            seen.append(s.law)
    return seen


def safe_name(product: Product) -> str:
    """The product name as printed (normalised; claims, superlatives and text aimed at a model removed)."""
    return assess(product).name


def check_feature(feature: str, product: Product) -> list[Violation]:
    """Why the seller's own feature cannot be printed as written (empty: print it as normalised)."""
    a = assess(product)
    _, removed = remove_model_text(feature)
    out = [Violation("injection", r, "Đặc điểm này giống một câu lệnh cho AI chứ không phải thông tin sản phẩm "
                                     "nên đã được bỏ qua.") for r in removed]
    return out + field_problems(feature, a.product, a.kinds)


__all__ = [
    "Assessment", "Block", "Change", "RULES_FILE", "Statement", "Verdict", "Violation", "accept_sentence", "alcohol_strength",
    "assess", "check_feature", "clean_sentence", "clean_title_text", "contacts_in", "find_violations",
    "judge_sentence", "mandated_law", "mandated_statements", "min_age_months", "model_text", "platforms_in",
    "precheck", "product_types", "remove_model_text", "rules", "safe_name", "statement_problems",
]
