"""The real course in courses/: every file loads and follows the issue's content rules."""
import pytest

from app.learning.catalog import COURSES_DIR, framework_areas, load_catalog_from, load_module
from app.learning.content_rules import check_course, lesson_images, module_problems
from app.learning.narration import markdown_to_speech
from app.learning.quiz import correct_answers, grade, present

MODULE_DIRS = sorted(p for p in COURSES_DIR.iterdir() if (p / "module.yaml").exists())


def test_course_passes_every_rule():
    report = check_course(COURSES_DIR)
    assert report.ok, "\n".join(report.problems)
    assert len(report.rows) >= 6 and report.totals.lessons >= 24


@pytest.mark.parametrize("folder", MODULE_DIRS, ids=[p.name for p in MODULE_DIRS])
def test_module_files(folder):
    module = load_module(folder)
    assert module_problems(module) == []
    areas = framework_areas(COURSES_DIR)
    assert all(ref.area in areas and ref.competency.strip() for ref in module.framework_757)
    for lesson in module.lessons:
        assert len(markdown_to_speech(lesson.body).split()) >= 200  # narration reads the whole lesson
        assert all(path.is_file() for _, path in lesson_images(lesson))
    quiz = module.quiz
    assert grade(quiz, correct_answers(quiz)).passed  # the answer key itself scores 100 %
    assert {q.id for q in present(quiz, 1)} == {q.id for q in quiz.questions}


def test_lesson_order_numbers_are_distinct():
    for module in load_catalog_from(COURSES_DIR).modules:
        orders = [lesson.order for lesson in module.lessons]
        assert len(set(orders)) == len(orders), f"{module.path}: hai bài trùng số thứ tự"
