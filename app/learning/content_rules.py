"""Content rules the schema alone cannot express, checked by `binhdan courses check` and the tests.

The issue's rules for the course: at least 6 modules and 24 lessons; each lesson 300–900 words with
headings, a worked example (a heading that starts with "Ví dụ") and only images that exist; each quiz
at least 8 questions using single, multiple and true/false kinds, an explanation for every option
and a pass mark of 80 %.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from app.learning.catalog import Catalog, CourseError, Lesson, Module, load_catalog_from

MIN_MODULES = 6
MIN_LESSONS = 24
MIN_WORDS, MAX_WORDS = 300, 900
MIN_HEADINGS = 2
MIN_QUESTIONS = 8
PASS_MARK = 0.8
QUESTION_KINDS = ("single", "multiple", "true_false")

HEADING_RE = re.compile(r"^#{2,4}\s+(.+?)\s*$", re.M)
EXAMPLE_RE = re.compile(r"^ví dụ", re.I)
IMAGE_RE = re.compile(r"!\[([^\]]*)\]\(\s*([^)\s]+)(?:\s+\"[^\"]*\")?\s*\)")


@dataclass(frozen=True)
class ModuleRow:
    module_id: str
    title: str
    lessons: int
    words: int
    questions: int


@dataclass
class CourseReport:
    rows: list[ModuleRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def totals(self) -> ModuleRow:
        return ModuleRow("", "Tổng", sum(r.lessons for r in self.rows), sum(r.words for r in self.rows),
                         sum(r.questions for r in self.rows))


def lesson_images(lesson: Lesson) -> list[tuple[str, Path]]:
    """(alt text, resolved file) for every image the lesson references by a relative path."""
    return [(alt, (lesson.path.parent / src).resolve()) for alt, src in IMAGE_RE.findall(lesson.body)
            if not re.match(r"^[a-z]+://", src)]


def lesson_problems(lesson: Lesson, size_rules: bool = True) -> list[str]:
    where = lesson.path
    problems = []
    headings = HEADING_RE.findall(lesson.body)
    if len(headings) < MIN_HEADINGS:
        problems.append(f"{where}: cần ít nhất {MIN_HEADINGS} tiêu đề mục (## ...), đang có {len(headings)}")
    if not any(EXAMPLE_RE.match(h) for h in headings):
        problems.append(f"{where}: thiếu mục ví dụ minh họa (tiêu đề bắt đầu bằng “## Ví dụ”)")
    if size_rules and not MIN_WORDS <= lesson.word_count <= MAX_WORDS:
        problems.append(f"{where}: bài dài {lesson.word_count} từ, cần từ {MIN_WORDS} đến {MAX_WORDS} từ")
    for alt, image in lesson_images(lesson):
        if not image.is_file():
            problems.append(f"{where}: không tìm thấy ảnh “{alt}” ({image})")
        elif not alt.strip():
            problems.append(f"{where}: ảnh {image.name} cần chú thích (chữ trong ![...])")
    return problems


def module_problems(module: Module, size_rules: bool = True) -> list[str]:
    quiz_file = module.path / "quiz.yaml"
    problems = [p for lesson in module.lessons for p in lesson_problems(lesson, size_rules)]
    quiz = module.quiz
    if len(quiz.questions) < MIN_QUESTIONS:
        problems.append(f"{quiz_file}: cần ít nhất {MIN_QUESTIONS} câu hỏi, đang có {len(quiz.questions)}")
    if abs(quiz.pass_mark - PASS_MARK) > 1e-9:
        problems.append(f"{quiz_file}: điểm đạt phải là {PASS_MARK} (80%), đang là {quiz.pass_mark}")
    missing_kinds = [k for k in QUESTION_KINDS if k not in {q.kind for q in quiz.questions}]
    if missing_kinds:
        problems.append(f"{quiz_file}: bài kiểm tra cần có đủ loại câu hỏi, còn thiếu: {', '.join(missing_kinds)}")
    for q in quiz.questions:
        for o in q.options:
            if not o.explanation.strip():
                problems.append(f"{quiz_file}: câu {q.id}, phương án {o.id} thiếu lời giải thích")
    if module.exercise.tool == "checklist" and not module.exercise.checklist:
        problems.append(f"{module.path / 'exercise.yaml'}: bài thực hành dạng checklist cần ít nhất một mục")
    return problems


def catalog_problems(catalog: Catalog, size_rules: bool = True) -> list[str]:
    """Every broken content rule, each message naming the file. size_rules=False: a small test course."""
    problems = [p for m in catalog.modules for p in module_problems(m, size_rules)]
    if size_rules:
        n_lessons = len(catalog.lessons())
        if len(catalog.modules) < MIN_MODULES:
            problems.append(f"khóa học cần ít nhất {MIN_MODULES} học phần, đang có {len(catalog.modules)}")
        if n_lessons < MIN_LESSONS:
            problems.append(f"khóa học cần ít nhất {MIN_LESSONS} bài học, đang có {n_lessons}")
    return problems


def check_course(root: Path, size_rules: bool = True) -> CourseReport:
    """Load the course folder and check every file: the report the CLI prints."""
    try:
        catalog = load_catalog_from(root)
    except CourseError as exc:
        return CourseReport(problems=[str(exc)])
    rows = [ModuleRow(m.id, m.title, len(m.lessons), sum(lesson.word_count for lesson in m.lessons),
                      len(m.quiz.questions)) for m in catalog.modules]
    return CourseReport(rows=rows, problems=catalog_problems(catalog, size_rules))
