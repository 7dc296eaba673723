"""Rule warnings link to the course lesson that explains them (tools/compliance/lessons.yaml)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.learning.catalog import load_catalog
from tools.compliance import assess, lesson_for, lesson_for_assessment, lesson_label
from tools.compliance.lessons import lesson_links
from tools.listing import make_listings
from tools.product import Product
from tools.video import make_video
from tools.video.script import ProductBlocked, write_script

LAW_LESSON = "m03-l03-luat-quang-cao"
ASSESSMENT = Path(__file__).resolve().parent.parent / "tools" / "compliance" / "assessment.py"


def _emitted_codes() -> tuple[set[str], set[str]]:
    """Change and Block codes the rule layer can emit, read from its source."""
    source = ASSESSMENT.read_text(encoding="utf-8")
    changes = set(re.findall(r'Change\("(\w+)"', source))
    changes |= set(re.findall(r'"(removed_\w+)"', source))
    blocks = set(re.findall(r'return block\("(\w+)"', source))
    return changes, blocks


def test_every_linked_lesson_exists_in_the_course_and_every_code_is_emitted():
    lesson_ids = {lesson.id for lesson in load_catalog().lessons()}
    changes, blocks = _emitted_codes()
    assert changes and blocks
    assert lesson_links(), "lessons.yaml names no lesson"
    for entry in lesson_links():
        assert entry["lesson"] in lesson_ids, entry["lesson"]
        assert entry["label"].startswith("Xem bài")
        assert set(entry["changes"]) <= changes, set(entry["changes"]) - changes
        assert set(entry["blocks"]) <= blocks, set(entry["blocks"]) - blocks
    assert LAW_LESSON in {e["lesson"] for e in lesson_links()}
    assert lesson_label(LAW_LESSON) == "Xem bài: Luật quảng cáo"


def test_lesson_for_codes():
    assert lesson_for(["removed_claim"]) == LAW_LESSON
    assert lesson_for([], block="spirits") == LAW_LESSON
    assert lesson_for(["normalised"]) == ""   # hidden characters removed: not a lesson of the law
    assert lesson_for([]) == ""


CLAIM = Product(name="Trà thảo mộc", price=90000, category="Đồ uống",
                features=("túi lọc 20 gói", "chữa khỏi tiểu đường"))
PLAIN = Product(name="Nón lá Huế", price=120000, category="Đồ thủ công", features=("lá cọ", "vành rộng"))


def test_listing_with_a_removed_claim_names_the_lesson_and_a_plain_one_does_not():
    warned = make_listings(CLAIM, ["shopee", "zalo"])
    assert warned and all(item.lesson == LAW_LESSON for item in warned)
    assert all(item.warnings for item in warned)
    assert "lesson" not in warned[0].to_dict()      # the exported sheet keeps its columns
    plain = make_listings(PLAIN, ["shopee"])
    assert plain[0].lesson == "" and not plain[0].warnings


def test_blocked_listing_and_video_name_the_lesson(tmp_path):
    spirits = Product(name="Rượu nếp cái hoa vàng", price=150000, category="Rượu", features=("29 độ",))
    assert all(item.status == "blocked" and item.lesson == LAW_LESSON for item in make_listings(spirits, ["zalo"]))
    with pytest.raises(ProductBlocked) as caught:
        write_script(spirits)
    assert caught.value.lesson == LAW_LESSON
    result = make_video(spirits, tmp_path)          # what the video job stores and the page reads back
    assert result.status == "blocked" and result.to_dict()["lesson"] == LAW_LESSON


def test_video_script_names_the_lesson_when_the_rules_changed_it():
    assert lesson_for_assessment(assess(CLAIM), "video") == LAW_LESSON
    assert write_script(CLAIM).lesson == LAW_LESSON
    assert write_script(PLAIN).lesson == ""
