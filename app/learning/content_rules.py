"""Content rules the schema alone cannot express, checked by `binhdan courses check` and the tests.

The rules for the course: at least 6 modules and 24 lessons; each lesson 300–900 words with headings, a
worked example (a heading that starts with "Ví dụ") and only images that exist; each quiz at least 8
questions using single, multiple and true/false kinds, an explanation for every option and a pass mark
of 80 %.

Rules of the full course (size_rules=True; the small test course is exempt):
  * quizzes measure understanding: a bank at least twice the questions shown per attempt (`draw`, at
    least 6), at least 3 scenario questions, at least two wrong options in every single and multiple
    question, no confusing "Đúng là sai" explanations, the right option the longest in at most half the
    single questions (length gives no answer away), and every written answer's model answer meets its
    own rubric;
  * a lesson that states a law (a number such as 16/2012/QH13, or "Luật …", "Nghị định …") lists its
    `sources` (number and date) and an `updated` date; every number it cites is among its sources;
    a legal lesson checked more than 12 months ago is a WARNING (the law may have changed);
  * every glossary term is linked from a lesson, every area of the QĐ 757 framework is covered.

The QĐ 757 mapping (every course): courses/framework_757.yaml lists the framework's areas and, where
they were copied from the annex, their numbered skills ("2.1" under area "2", each code once); a module
that maps to an area whose numbered skills are listed names one (`skill`), checked against the list;
areas whose skills are not listed yet are a WARNING while any area has them (the mapping is incomplete).
Where the decision's codes are not confirmed, an area may list DigComp 2.2's numbered competences
(`digcomp_2_2`, each with its English name); a module mapped to such an area names one (`digcomp`), never
both codes; an area with neither is a WARNING of its own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from app.learning.catalog import (
    GLOSSARY_LINK, Catalog, CourseError, Lesson, Module, _read_yaml, digcomp_skills, framework_areas, framework_skills,
    load_catalog_from,
)

MIN_MODULES = 6
MIN_LESSONS = 24
MIN_WORDS, MAX_WORDS = 300, 900
MIN_HEADINGS = 2
MIN_QUESTIONS = 8
PASS_MARK = 0.8
QUESTION_KINDS = ("single", "multiple", "true_false")
BANK_FACTOR = 2          # bank >= 2 x the questions shown per attempt
MIN_SHOWN = 6
MIN_SCENARIOS = 3
MIN_WRONG_OPTIONS = 2
MAX_LONGEST_RIGHT = 0.5  # at most half the single questions may have the longest option as the right one
LEGAL_MAX_AGE = timedelta(days=365)

LAW_NUMBER_RE = re.compile(r"\b\d{1,4}/(?:\d{4}/)?(?:QH\d+|NĐ-CP|NQ-CP|TT-[A-ZĐ]+|QĐ-[A-ZĐ]+)\b")
LAW_NAME_RE = re.compile(r"\b(?:Luật|Nghị định|Thông tư|Nghị quyết)\s+(?:số\s+)?[0-9A-ZĐÂ]")

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
    warnings: list[str] = field(default_factory=list)  # reported, but the course is still valid

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


def states_law(lesson: Lesson) -> bool:
    return bool(LAW_NUMBER_RE.search(lesson.body) or LAW_NAME_RE.search(lesson.body))


def legal_problems(lesson: Lesson) -> list[str]:
    """A lesson that states a law carries its sources (number, date) and an "updated" date."""
    if not states_law(lesson):
        return []
    where = lesson.path
    problems = []
    if not lesson.sources:
        problems.append(f"{where}: bài nêu văn bản pháp luật nhưng thiếu “sources” (số hiệu, ngày ban hành)")
    if lesson.updated is None:
        problems.append(f"{where}: bài nêu văn bản pháp luật nhưng thiếu ngày cập nhật (“updated”)")
    listed = {src.number for src in lesson.sources}
    cited = sorted(set(LAW_NUMBER_RE.findall(lesson.body)) - listed)
    if cited:
        problems.append(f"{where}: văn bản được nêu trong bài mà chưa có trong “sources”: {', '.join(cited)}")
    return problems


def legal_warnings(lesson: Lesson, today: date | None = None) -> list[str]:
    today = today or date.today()
    if lesson.updated is not None and today - lesson.updated > LEGAL_MAX_AGE:
        return [f"{lesson.path}: nội dung pháp luật cập nhật lần cuối ngày {lesson.updated:%d/%m/%Y}, "
                "đã quá 12 tháng: hãy đối chiếu lại với văn bản đang có hiệu lực"]
    return []


def quiz_quality_problems(module: Module) -> list[str]:
    """The rules that make a quiz measure understanding rather than recall."""
    from app.learning.quiz import forbidden_words, rubric_points
    quiz_file = module.path / "quiz.yaml"
    quiz = module.quiz
    problems = []
    if quiz.draw is None or quiz.draw < MIN_SHOWN:
        problems.append(f"{quiz_file}: cần “draw” (số câu mỗi lần làm) từ {MIN_SHOWN} trở lên")
    if len(quiz.questions) < BANK_FACTOR * quiz.shown:
        problems.append(f"{quiz_file}: ngân hàng câu hỏi cần ít nhất {BANK_FACTOR} lần số câu mỗi lần làm "
                        f"({BANK_FACTOR * quiz.shown}), đang có {len(quiz.questions)}")
    singles = [q for q in quiz.questions if q.kind == "single"]
    giveaway = [q.id for q in singles if all(len(next(o for o in q.options if o.correct).text) > len(o.text)
                                             for o in q.options if not o.correct)]
    if singles and len(giveaway) > MAX_LONGEST_RIGHT * len(singles):
        problems.append(f"{quiz_file}: đáp án đúng là phương án dài nhất ở {len(giveaway)}/{len(singles)} câu một lựa "
                        f"chọn ({', '.join(giveaway)}): người làm đoán được mà không cần hiểu; viết phương án sai "
                        "cụ thể hơn")
    n_scenarios = sum(q.scenario for q in quiz.questions)
    if n_scenarios < MIN_SCENARIOS:
        problems.append(f"{quiz_file}: cần ít nhất {MIN_SCENARIOS} câu tình huống (scenario: true), đang có {n_scenarios}")
    for q in quiz.questions:
        wrong = sum(not o.correct for o in q.options)
        if q.kind in ("single", "multiple") and wrong < MIN_WRONG_OPTIONS:
            problems.append(f"{quiz_file}: câu {q.id} cần ít nhất {MIN_WRONG_OPTIONS} phương án sai, đang có {wrong}")
        for o in q.options:
            if o.explanation.strip().lower().startswith("đúng là sai"):
                problems.append(f"{quiz_file}: câu {q.id}, phương án {o.id}: tránh lời giải thích “Đúng là sai” dễ gây nhầm")
        if q.kind == "short_answer" and (len(rubric_points(q, q.model_answer)) < q.min_points
                                         or forbidden_words(q, q.model_answer)):
            problems.append(f"{quiz_file}: câu {q.id}: câu trả lời mẫu không đạt chính tiêu chí chấm của nó")
    return problems


def module_problems(module: Module, size_rules: bool = True) -> list[str]:
    quiz_file = module.path / "quiz.yaml"
    problems = [p for lesson in module.lessons for p in lesson_problems(lesson, size_rules)]
    problems += [p for lesson in module.lessons for p in legal_problems(lesson)]
    if size_rules:
        problems += quiz_quality_problems(module)
    quiz = module.quiz
    if len(quiz.questions) < MIN_QUESTIONS:
        problems.append(f"{quiz_file}: cần ít nhất {MIN_QUESTIONS} câu hỏi, đang có {len(quiz.questions)}")
    if abs(quiz.pass_mark - PASS_MARK) > 1e-9:
        problems.append(f"{quiz_file}: điểm đạt phải là {PASS_MARK} (80%), đang là {quiz.pass_mark}")
    missing_kinds = [k for k in QUESTION_KINDS if k not in {q.kind for q in quiz.questions}]  # short_answer optional
    if missing_kinds:
        problems.append(f"{quiz_file}: bài kiểm tra cần có đủ loại câu hỏi, còn thiếu: {', '.join(missing_kinds)}")
    for q in quiz.questions:
        for o in q.options:
            if not o.explanation.strip():
                problems.append(f"{quiz_file}: câu {q.id}, phương án {o.id} thiếu lời giải thích")
    if module.exercise.tool == "checklist" and not module.exercise.checklist:
        problems.append(f"{module.path / 'exercise.yaml'}: bài thực hành dạng checklist cần ít nhất một mục")
    return problems


def _framework_file(catalog: Catalog) -> Path | None:
    path = catalog.modules[0].path.parent / "framework_757.yaml" if catalog.modules else None
    return path if path is not None and path.exists() else None


def framework_problems(catalog: Catalog) -> list[str]:
    """The QĐ 757 list itself (codes under their area, each once) and the modules' numbered skills."""
    path = _framework_file(catalog)
    if path is None:
        return []
    problems = []
    seen: set[str] = set()
    for area in _read_yaml(path).get("areas", []):
        for comp in area.get("competencies", []) or []:
            code = str(comp.get("code", ""))
            if not re.fullmatch(rf"{re.escape(str(area.get('code')))}\.[0-9]+", code):
                problems.append(f"{path}: mã kỹ năng “{code}” không thuộc nhóm {area.get('code')}")
            if code in seen:
                problems.append(f"{path}: mã kỹ năng “{code}” bị trùng")
            seen.add(code)
        digcomp = area.get("digcomp_2_2") or {}
        if digcomp and (area.get("competencies") or not str(digcomp.get("area", "")).isdigit()):
            problems.append(f"{path}: nhóm {area.get('code')}: chỉ ghi năng lực DigComp khi chưa có mã của khung 757, "
                            "và phải nêu nhóm DigComp (area)")
        for comp in digcomp.get("competencies", []) or []:
            code = str(comp.get("code", ""))
            if not re.fullmatch(rf"{re.escape(str(digcomp.get('area')))}\.[0-9]+", code) or not comp.get("name_en"):
                problems.append(f"{path}: năng lực DigComp “{code}” không thuộc nhóm DigComp {digcomp.get('area')} "
                                "hoặc thiếu tên gốc (name_en)")
            if f"digcomp {code}" in seen:
                problems.append(f"{path}: năng lực DigComp “{code}” bị trùng")
            seen.add(f"digcomp {code}")
    numbered_areas = {area for _, area in framework_skills(path.parent).values()}
    digcomp_areas = {area for _, area in digcomp_skills(path.parent).values()}
    for m in catalog.modules:
        for ref in m.framework_757:
            if ref.area in numbered_areas and ref.skill is None:
                problems.append(f"{m.path / 'module.yaml'}: nhóm “{ref.area}” cần nêu mã kỹ năng đánh số (skill) "
                                "theo khung 757")
            if ref.area in digcomp_areas and ref.digcomp is None:
                problems.append(f"{m.path / 'module.yaml'}: nhóm “{ref.area}” cần nêu năng lực DigComp 2.2 tương ứng "
                                "(digcomp), vì mã của khung 757 cho nhóm này chưa được đối chiếu")
            if ref.skill is not None and ref.digcomp is not None:
                problems.append(f"{m.path / 'module.yaml'}: nhóm “{ref.area}” chỉ nêu một mã: skill (khung 757) "
                                "hoặc digcomp")
        problems += lesson_skill_problems(m, {**digcomp_skills(path.parent), **framework_skills(path.parent)})
    return problems


def lesson_skill_problems(module: Module, codes: dict[str, tuple[str, str]]) -> list[str]:
    """Each lesson's `skills`: codes of the framework file, under an area its module maps to; when any of
    the module's areas has codes, every lesson names at least one."""
    areas = {ref.area for ref in module.framework_757}
    coded = any(area in areas for _, area in codes.values())
    problems = []
    for lesson in module.lessons:
        for code in lesson.skills:
            if code not in codes:
                problems.append(f"{lesson.path}: kỹ năng {code} không có trong framework_757.yaml")
            elif codes[code][1] not in areas:
                problems.append(f"{lesson.path}: kỹ năng {code} thuộc nhóm “{codes[code][1]}”, học phần chưa gắn "
                                "với nhóm này")
        if coded and not lesson.skills:
            problems.append(f"{lesson.path}: bài học cần nêu kỹ năng đánh số (skills) theo khung trong "
                            "framework_757.yaml")
    return problems


def framework_warnings(catalog: Catalog) -> list[str]:
    """Areas whose numbered skills are not yet copied from the annex, while others are (mapping incomplete)."""
    path = _framework_file(catalog)
    if path is None:
        return []
    numbered_areas = {area for _, area in framework_skills(path.parent).values()}
    if not numbered_areas:
        return []
    pending = [name for name in framework_areas(path.parent) if name not in numbered_areas]
    digcomp_areas = {area for _, area in digcomp_skills(path.parent).values()}
    no_code = [name for name in pending if name not in digcomp_areas]
    out = [f"{path}: chưa ghi các kỹ năng đánh số của nhóm: {', '.join(pending)} (chưa đối chiếu phụ lục I "
           "Quyết định 757/QĐ-BKHCN)"] if pending else []
    if no_code and digcomp_areas:
        out.append(f"{path}: nhóm chưa có mã nào, kể cả mã DigComp 2.2 tương ứng: {', '.join(no_code)}")
    return out


def catalog_problems(catalog: Catalog, size_rules: bool = True) -> list[str]:
    """Every broken content rule, each message naming the file. size_rules=False: a small test course."""
    problems = [p for m in catalog.modules for p in module_problems(m, size_rules)]
    problems += framework_problems(catalog)
    if size_rules:
        n_lessons = len(catalog.lessons())
        if len(catalog.modules) < MIN_MODULES:
            problems.append(f"khóa học cần ít nhất {MIN_MODULES} học phần, đang có {len(catalog.modules)}")
        if n_lessons < MIN_LESSONS:
            problems.append(f"khóa học cần ít nhất {MIN_LESSONS} bài học, đang có {n_lessons}")
        linked = {t for lesson in catalog.lessons() for _, t in GLOSSARY_LINK.findall(lesson.body)}
        unlinked = [t.id for t in catalog.glossary if t.id not in linked]
        if unlinked:
            problems.append(f"từ điển có mục chưa bài nào dẫn tới: {', '.join(unlinked)}")
        if catalog.modules:
            root = catalog.modules[0].path.parent
            if (root / "framework_757.yaml").exists():
                covered = {ref.area for m in catalog.modules for ref in m.framework_757}
                missing = [a for a in framework_areas(root) if a not in covered]
                if missing:
                    problems.append(f"chưa học phần nào thuộc nhóm kỹ năng của khung 757: {', '.join(missing)}")
    return problems


def catalog_warnings(catalog: Catalog, today: date | None = None) -> list[str]:
    return [w for lesson in catalog.lessons() for w in legal_warnings(lesson, today)] + framework_warnings(catalog)


def check_course(root: Path, size_rules: bool = True, today: date | None = None) -> CourseReport:
    """Load the course folder and check every file: the report the CLI prints."""
    try:
        catalog = load_catalog_from(root)
    except CourseError as exc:
        return CourseReport(problems=[str(exc)])
    rows = [ModuleRow(m.id, m.title, len(m.lessons), sum(lesson.word_count for lesson in m.lessons),
                      len(m.quiz.questions)) for m in catalog.modules]
    return CourseReport(rows=rows, problems=catalog_problems(catalog, size_rules),
                        warnings=catalog_warnings(catalog, today))
