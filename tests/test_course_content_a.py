"""Modules 1–3 of the course meet the course-wide content requirements."""
from __future__ import annotations

import importlib.util
import re
import unicodedata

import pytest
from PIL import Image

from app.config import PROJECT_ROOT
from app.learning.catalog import COURSES_DIR, load_catalog_from

MODULES = {"m01-ai-la-gi": "checklist", "m02-tro-chuyen-voi-ai": "prompt_compare", "m03-ai-cho-ban-hang": "listing"}
IMAGE_LINK = re.compile(r"!\[([^\]]*)\]\(([^)]+)\)")


@pytest.fixture(scope="module")
def modules():
    catalog = load_catalog_from(COURSES_DIR)
    return {module_id: catalog.module(module_id) for module_id in MODULES}


@pytest.mark.parametrize("module_id", MODULES)
def test_lessons_are_long_enough_with_a_worked_example(modules, module_id):
    module = modules[module_id]
    prefix = module_id.split("-")[0] + "-"
    assert len(module.lessons) >= 4
    for lesson in module.lessons:
        assert lesson.id.startswith(prefix), lesson.id
        assert 300 <= lesson.word_count <= 900, (lesson.id, lesson.word_count)
        assert re.search(r"^## Ví dụ", lesson.body, re.M), f"{lesson.id}: thiếu mục “## Ví dụ …”"


@pytest.mark.parametrize("module_id", MODULES)
def test_quiz_mixes_question_kinds_and_explains_every_option(modules, module_id):
    quiz = modules[module_id].quiz
    assert quiz.pass_mark == 0.8
    assert len(quiz.questions) >= 8
    assert {q.kind for q in quiz.questions} == {"single", "multiple", "true_false"}
    for question in quiz.questions:
        assert all(len(option.explanation) >= 20 for option in question.options), question.id


@pytest.mark.parametrize("module_id", MODULES)
def test_exercise_uses_the_intended_tool(modules, module_id):
    exercise = modules[module_id].exercise
    assert exercise.tool == MODULES[module_id]
    if exercise.tool == "checklist":
        assert 4 <= len(exercise.checklist) <= 6


@pytest.mark.parametrize("module_id", MODULES)
def test_source_files_are_nfc(modules, module_id):
    for path in modules[module_id].path.rglob("*"):
        if path.suffix in {".md", ".yaml"}:
            raw = path.read_text(encoding="utf-8")
            assert unicodedata.is_normalized("NFC", raw), path


@pytest.mark.parametrize("module_id", MODULES)
def test_every_image_is_linked_exists_and_is_small(modules, module_id):
    module = modules[module_id]
    linked = set()
    for lesson in module.lessons:
        for alt, target in IMAGE_LINK.findall(lesson.body):
            image = (lesson.path.parent / target).resolve()
            assert alt.strip(), f"{lesson.id}: ảnh {target} thiếu mô tả"
            assert image.is_file(), f"{lesson.id}: không thấy ảnh {target}"
            assert image.stat().st_size < 150_000
            linked.add(image)
    on_disk = {p.resolve() for p in (module.path / "images").glob("*.png")}
    assert on_disk <= linked, f"ảnh không được bài nào dùng: {on_disk - linked}"


def test_diagram_script_draws_every_diagram(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("diagrams", PROJECT_ROOT / "scripts" / "make_course_diagrams_a.py")
    diagrams = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(diagrams)
    monkeypatch.setattr(diagrams, "COURSES", tmp_path)
    for make in diagrams.DIAGRAMS:
        path = make()
        committed = COURSES_DIR / path.relative_to(tmp_path)
        assert committed.is_file(), f"chưa chạy lại script cho {committed.name}"
        with Image.open(path) as image:
            assert image.size == (900, 500)
        assert path.stat().st_size < 150_000


def test_selling_module_teaches_the_mandated_statements_and_banned_claims(modules):
    text = "\n".join(lesson.body for lesson in modules["m03-ai-cho-ban-hang"].lessons)
    for phrase in (
        "Thực phẩm này không phải là thuốc và không có tác dụng thay thế thuốc chữa bệnh",
        "Không bán cho người dưới 18 tuổi",
        "chữa khỏi",
        "45.000đ",
        "Tạo tin đăng bán hàng",
        "Làm video quảng cáo",
    ):
        assert phrase in text, phrase
