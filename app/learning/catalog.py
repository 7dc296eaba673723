"""The course as data: modules discovered from courses/, validated by a schema.

Layout (docs/COURSE_FORMAT.md):
  courses/<NN-slug>/module.yaml     module metadata (id, order, title, summary, framework_757)
  courses/<NN-slug>/lessons/*.md    lessons: YAML front matter (id, order, title, minutes) + Markdown
  courses/<NN-slug>/quiz.yaml       pass_mark and questions (single, multiple, true_false)
  courses/<NN-slug>/exercise.yaml   the hands-on exercise that uses a platform tool
  courses/glossary.yaml             terms lessons link to with [chữ](tu-dien:<id>)
"""
from __future__ import annotations

import os
import re
import unicodedata
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from app.config import PROJECT_ROOT

COURSES_DIR = PROJECT_ROOT / "courses"  # default; BINHDAN_COURSES_DIR points elsewhere (tests, a trainer's copy)
ID_RE = r"^[a-z0-9][a-z0-9-]*$"
FRONT_MATTER = re.compile(r"^---\s*\n(.*?)\n---\s*\n(.*)$", re.S)


class CourseError(ValueError):
    """An invalid course file; the message names the file and the problem (Vietnamese)."""


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class Strict(BaseModel):
    model_config = {"extra": "forbid", "frozen": True}


class FrameworkRef(Strict):
    """A competency of the basic digital-skills framework (Quyết định 757/QĐ-BKHCN, 2025): `skill` is the
    framework's numbered competency (e.g. "1.2"), `digcomp` the DigComp 2.2 competency the area lists where
    the decision's own codes are not confirmed (courses/framework_757.yaml), `competency` what the module
    does with it (free text)."""
    area: str
    skill: str | None = Field(default=None, pattern=r"^[0-9]+\.[0-9]+$")
    digcomp: str | None = Field(default=None, pattern=r"^[0-9]+\.[0-9]+$")
    competency: str


class LegalSource(Strict):
    """A legal text a lesson states: its number, the date it was issued and (optionally) in force."""
    title: str = Field(min_length=5)          # "Luật Quảng cáo"
    number: str = Field(min_length=5)         # "16/2012/QH13"
    issued: date | None = None                # ngày ban hành / thông qua
    in_force: date | None = None              # ngày có hiệu lực
    articles: str | None = None               # "Điều 8" when the lesson cites one

    @model_validator(mode="after")
    def _dated(self):
        if self.issued is None and self.in_force is None:
            raise ValueError(f"{self.number}: cần ngày ban hành (issued) hoặc ngày có hiệu lực (in_force)")
        return self


class RubricPoint(Strict):
    """One point a short written answer should make: right when any keyword appears (accents ignored)."""
    id: str = Field(pattern=r"^[a-z0-9]+$")
    text: str = Field(min_length=3)
    keywords: tuple[str, ...] = Field(min_length=1)


class Option(Strict):
    id: str = Field(pattern=r"^[a-z0-9]+$")
    text: str = Field(min_length=1)
    correct: bool = False
    explanation: str = Field(min_length=5)


class Question(Strict):
    id: str = Field(pattern=ID_RE)
    kind: Literal["single", "multiple", "true_false", "short_answer"]
    text: str = Field(min_length=5)
    options: tuple[Option, ...] = ()
    scenario: bool = False                    # a situation from the learners' lives
    rubric: tuple[RubricPoint, ...] = ()      # short_answer: the points a good answer makes
    min_points: int = Field(default=1, ge=1)  # short_answer: points needed to count as right
    model_answer: str = ""                    # short_answer: shown after grading
    forbidden: tuple[str, ...] = ()           # short_answer: an answer containing one of these is wrong

    @model_validator(mode="after")
    def _check_options(self):
        if self.kind == "short_answer":
            if self.options:
                raise ValueError(f"câu {self.id}: câu trả lời ngắn không có phương án chọn")
            if not self.rubric or self.min_points > len(self.rubric) or len(self.model_answer.strip()) < 10:
                raise ValueError(f"câu {self.id}: câu trả lời ngắn cần tiêu chí chấm (rubric), min_points "
                                 "không quá số tiêu chí và một câu trả lời mẫu (model_answer)")
            return self
        if self.rubric:
            raise ValueError(f"câu {self.id}: chỉ câu trả lời ngắn mới có tiêu chí chấm")
        n_correct = sum(o.correct for o in self.options)
        ids = [o.id for o in self.options]
        if len(set(ids)) != len(ids):
            raise ValueError(f"câu {self.id}: mã phương án bị trùng")
        if self.kind == "true_false" and len(self.options) != 2:
            raise ValueError(f"câu {self.id}: câu đúng/sai cần đúng 2 phương án")
        if self.kind in ("single", "multiple") and len(self.options) < 3:
            raise ValueError(f"câu {self.id}: cần ít nhất 3 phương án")
        if self.kind in ("single", "true_false") and n_correct != 1:
            raise ValueError(f"câu {self.id}: cần đúng 1 phương án đúng")
        if self.kind == "multiple" and n_correct < 2:
            raise ValueError(f"câu {self.id}: câu nhiều lựa chọn cần ít nhất 2 phương án đúng")
        return self

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(o.id for o in self.options if o.correct)


class Quiz(Strict):
    pass_mark: float = Field(ge=0.5, le=1.0)
    draw: int | None = Field(default=None, ge=1)  # questions shown per attempt (None: all of them)
    questions: tuple[Question, ...] = Field(min_length=8)

    @property
    def shown(self) -> int:
        return min(self.draw or len(self.questions), len(self.questions))

    @field_validator("questions")
    @classmethod
    def _unique(cls, questions):
        ids = [q.id for q in questions]
        if len(set(ids)) != len(ids):
            raise ValueError("mã câu hỏi bị trùng")
        return questions


VERDICTS = {"that": "Thật", "lua_dao": "Lừa đảo", "can_kiem_tra": "Cần kiểm tra"}
SCAM_CHANNELS = {"call": "Cuộc gọi", "zalo": "Tin nhắn Zalo", "sms": "Tin nhắn SMS", "link": "Đường link",
                 "qr": "Mã QR", "video": "Video"}


class ScamItem(Strict):
    """One simulated call, message, link or QR code the learner sorts (tool == scam_sort)."""
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    channel: Literal["call", "zalo", "sms", "link", "qr", "video"]
    sender: str = Field(min_length=2)        # who it seems to come from
    content: str = Field(min_length=10)      # what the learner sees or hears
    answer: Literal["that", "lua_dao", "can_kiem_tra"]
    feedback: str = Field(min_length=20)     # why, and what to do


class ReportChoice(Strict):
    """A place to report a scam (tool == scam_sort): the learner picks the right ones."""
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    text: str = Field(min_length=3)
    correct: bool
    explanation: str = Field(min_length=10)


class FormField(Strict):
    """Something an exercise's form takes besides what its tool asks: notes, a photo or a screenshot."""
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    label: str = Field(min_length=3)
    kind: Literal["text", "long_text", "photo"]
    required: bool = True
    help: str = ""


class Exercise(Strict):
    id: str = Field(pattern=ID_RE)
    title: str
    tool: Literal["prompt_compare", "listing", "video", "checklist", "scam_sort"]
    instructions: str = Field(min_length=20)
    checklist: tuple[str, ...] = ()  # for tool == checklist: items the learner ticks
    review_required: bool = False  # True: counts only once the trainer marks it "Đạt" (else: unless "Làm lại")
    fields: tuple[FormField, ...] = ()           # what the form takes beyond the tool (notes, evidence)
    items: tuple[ScamItem, ...] = ()             # for tool == scam_sort
    report_choices: tuple[ReportChoice, ...] = ()  # for tool == scam_sort
    pass_share: float = Field(default=0.8, ge=0.5, le=1.0)  # scam_sort: share of items sorted right

    @model_validator(mode="after")
    def _check_kind(self):
        ids = [f.id for f in self.fields]
        if len(set(ids)) != len(ids):
            raise ValueError("mã trường (fields) bị trùng")
        if self.tool == "scam_sort":
            item_ids = [i.id for i in self.items]
            if len(self.items) < 6 or len(set(item_ids)) != len(item_ids):
                raise ValueError("bài phân loại lừa đảo cần ít nhất 6 tình huống, mã không trùng")
            missing = set(VERDICTS) - {i.answer for i in self.items}
            if missing:
                raise ValueError(f"bài phân loại cần tình huống cho mỗi kết luận, còn thiếu: {', '.join(sorted(missing))}")
            if not {"call", "zalo", "link", "qr"} <= {i.channel for i in self.items}:
                raise ValueError("bài phân loại cần có cuộc gọi, tin nhắn Zalo, đường link và mã QR")
            if sum(c.correct for c in self.report_choices) < 2 or sum(not c.correct for c in self.report_choices) < 1:
                raise ValueError("bài phân loại cần ít nhất 2 nơi báo đúng và 1 phương án sai (report_choices)")
        elif self.items or self.report_choices:
            raise ValueError("items và report_choices chỉ dùng cho bài dạng scam_sort")
        return self


class Lesson(Strict):
    id: str = Field(pattern=ID_RE)
    order: int
    title: str
    minutes: int = Field(ge=1, le=60)
    sources: tuple[LegalSource, ...] = ()  # the laws the lesson states (number and date)
    updated: date | None = None           # "cập nhật": when the legal content was last checked
    # the numbered skills the lesson teaches: QĐ 757 codes or, where the framework file lists them instead,
    # DigComp 2.2 codes (courses/framework_757.yaml), each under an area its module maps to
    skills: tuple[Annotated[str, Field(pattern=r"^[0-9]+\.[0-9]+$")], ...] = ()
    body: str  # Markdown without front matter
    module_id: str
    path: Path

    @property
    def word_count(self) -> int:
        return len(re.findall(r"\w+", re.sub(r"[#*_>`\-|]", " ", self.body)))


class Module(Strict):
    id: str = Field(pattern=ID_RE)
    order: int
    title: str
    summary: str
    framework_757: tuple[FrameworkRef, ...] = Field(min_length=1)
    tracks: tuple[str, ...] = ()  # empty: the shared core (everyone); else only these tracks
    lessons: tuple[Lesson, ...] = Field(min_length=1)
    quiz: Quiz
    exercise: Exercise
    path: Path


class Term(Strict):
    """A glossary entry (courses/glossary.yaml); lessons link to it with [chữ](tu-dien:<id>)."""
    id: str = Field(pattern=ID_RE)
    term: str = Field(min_length=2)
    definition: str = Field(min_length=20)


class Track(Strict):
    """A learning path (courses/tracks.yaml): the shared core plus the modules tagged with this track."""
    id: str = Field(pattern=ID_RE)
    title: str = Field(min_length=3)
    summary: str = ""
    default: bool = False  # followed by a learner who has chosen no track (the course before tracks)


GLOSSARY_LINK = re.compile(r"\[([^\]]+)\]\(tu-dien:([a-z0-9-]+)\)")


class Catalog(Strict):
    modules: tuple[Module, ...]
    glossary: tuple[Term, ...] = ()
    tracks: tuple[Track, ...] = ()

    def term(self, term_id: str) -> Term:
        for t in self.glossary:
            if t.id == term_id:
                return t
        raise KeyError(term_id)

    def lesson_terms(self, lesson: "Lesson") -> list[Term]:
        """The glossary terms a lesson links to, in the order they first appear."""
        wanted = dict.fromkeys(term_id for _, term_id in GLOSSARY_LINK.findall(lesson.body))
        known = {t.id: t for t in self.glossary}
        return [known[t] for t in wanted if t in known]

    def for_track(self, track: str | None) -> "Catalog":
        """The course a learner on `track` follows: the shared core and that track's modules. No track (or
        one the course no longer has): the core and the default tracks' modules, the course before tracks."""
        known = {t.id for t in self.tracks}
        if not known:
            return self
        wanted = {track} if track in known else {t.id for t in self.tracks if t.default}
        return self.model_copy(update={"modules": tuple(m for m in self.modules
                                                        if not m.tracks or wanted & set(m.tracks))})

    def module(self, module_id: str) -> Module:
        for m in self.modules:
            if m.id == module_id:
                return m
        raise KeyError(module_id)

    def lessons(self) -> list[Lesson]:
        """Every lesson in study order (module order, then lesson order)."""
        return [lesson for m in self.modules for lesson in m.lessons]

    def lesson(self, lesson_id: str) -> Lesson:
        for lesson in self.lessons():
            if lesson.id == lesson_id:
                return lesson
        raise KeyError(lesson_id)

    def question(self, module_id: str, question_id: str) -> Question:
        for q in self.module(module_id).quiz.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)


def _read_yaml(path: Path, raw: bytes | None = None) -> dict:
    """The mapping in a YAML file (raw: its bytes, when already read)."""
    try:
        data = yaml.safe_load(nfc((path.read_bytes() if raw is None else raw).decode("utf-8")))
    except FileNotFoundError:
        raise CourseError(f"{path}: thiếu tệp") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CourseError(f"{path}: không đọc được YAML ({exc})") from None
    if not isinstance(data, dict):
        raise CourseError(f"{path}: nội dung phải là một bảng khóa–giá trị")
    return data


def _validate(model, data: dict, path: Path):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or '(gốc)'}: {e['msg']}" for e in exc.errors())
        raise CourseError(f"{path}: {problems}") from None


def load_lesson(path: Path, module_id: str) -> Lesson:
    try:
        match = FRONT_MATTER.match(nfc(path.read_text(encoding="utf-8")))
    except UnicodeDecodeError as exc:
        raise CourseError(f"{path}: tệp không phải UTF-8 ({exc})") from None
    if not match:
        raise CourseError(f"{path}: thiếu phần đầu YAML (--- id, order, title, minutes ---)")
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise CourseError(f"{path}: phần đầu YAML không đọc được ({exc})") from None
    if not isinstance(meta, dict):
        raise CourseError(f"{path}: phần đầu YAML phải là một bảng khóa–giá trị")
    return _validate(Lesson, {**meta, "body": match.group(2).strip(), "module_id": module_id, "path": path}, path)


def load_module(folder: Path) -> Module:
    meta = _read_yaml(folder / "module.yaml")
    module_id = meta.get("id", folder.name)
    lessons = sorted((load_lesson(p, module_id) for p in sorted((folder / "lessons").glob("*.md"))),
                     key=lambda lesson: lesson.order)
    quiz = _validate(Quiz, _read_yaml(folder / "quiz.yaml"), folder / "quiz.yaml")
    exercise = _validate(Exercise, _read_yaml(folder / "exercise.yaml"), folder / "exercise.yaml")
    return _validate(Module, {**meta, "lessons": lessons, "quiz": quiz, "exercise": exercise, "path": folder},
                     folder / "module.yaml")


def _framework_yaml(root: Path) -> dict:
    """courses/framework_757.yaml, parsed once per content of the file (the course map labels every
    module's skills on each run: parsing it per label cost 0.25 s a page)."""
    path = root / "framework_757.yaml"
    try:
        raw = path.read_bytes()
    except OSError:
        return _read_yaml(path)  # its own message for a missing file
    return _parsed_framework(path, raw)


@lru_cache(maxsize=8)
def _parsed_framework(path: Path, raw: bytes) -> dict:
    return _read_yaml(path, raw)


def framework_areas(root: Path = COURSES_DIR) -> dict[str, str]:
    """Area name -> code of the Quyết định 757/QĐ-BKHCN framework (courses/framework_757.yaml)."""
    data = _framework_yaml(root)
    return {nfc(a["name"]): str(a["code"]) for a in data.get("areas", [])}


def framework_skills(root: Path = COURSES_DIR) -> dict[str, tuple[str, str]]:
    """Numbered competency ("2.1") -> (its name, its area name), from courses/framework_757.yaml."""
    data = _framework_yaml(root)
    return {str(c["code"]): (nfc(c["name"]), nfc(a["name"])) for a in data.get("areas", [])
            for c in a.get("competencies", []) or []}


def digcomp_skills(root: Path = COURSES_DIR) -> dict[str, tuple[str, str]]:
    """DigComp 2.2 competency ("2.4") -> (its Vietnamese name, the 757 area name listing it)."""
    data = _framework_yaml(root)
    return {str(c["code"]): (nfc(c["name"]), nfc(a["name"])) for a in data.get("areas", [])
            for c in (a.get("digcomp_2_2") or {}).get("competencies", []) or []}


def skill_label(ref: FrameworkRef, root: Path | None = None) -> str:
    """The number a module's mapping carries, as the course map shows it ("" when the area has none yet);
    root: the course folder (default: the installed one)."""
    root = root or courses_dir()
    if ref.skill:
        name = framework_skills(root).get(ref.skill, ("", ""))[0]
        return f" (kỹ năng {ref.skill}: {name})" if name else f" (kỹ năng {ref.skill})"
    if ref.digcomp:
        name = digcomp_skills(root).get(ref.digcomp, ("", ""))[0]
        return f" (tương ứng năng lực {ref.digcomp} của khung châu Âu DigComp 2.2: {name})"
    return ""


def _load_list(path: Path, model, key: str) -> tuple:
    if not path.exists():
        return ()
    data = _read_yaml(path)
    items = tuple(_validate(model, item, path) for item in data.get(key) or [])
    ids = [i.id for i in items]
    if len(set(ids)) != len(ids):
        raise CourseError(f"{path}: mã bị trùng")
    return items


def load_catalog_from(root: Path) -> Catalog:
    areas = framework_areas(root) if (root / "framework_757.yaml").exists() else None
    skills = framework_skills(root) if areas is not None else {}
    digcomp = digcomp_skills(root) if areas is not None else {}
    glossary = _load_list(root / "glossary.yaml", Term, "terms")
    tracks = _load_list(root / "tracks.yaml", Track, "tracks")
    folders = sorted(p for p in root.iterdir() if p.is_dir() and (p / "module.yaml").exists()) if root.exists() else []
    modules = sorted((load_module(f) for f in folders), key=lambda m: m.order)
    seen: dict[str, Path] = {}
    for m in modules:
        unknown = [ref.area for ref in m.framework_757 if areas is not None and ref.area not in areas]
        if unknown:
            raise CourseError(f"{m.path / 'module.yaml'}: nhóm kỹ năng không có trong khung 757: {', '.join(unknown)}")
        for ref in m.framework_757:
            if ref.skill is not None and skills and (ref.skill not in skills or skills[ref.skill][1] != ref.area):
                raise CourseError(f"{m.path / 'module.yaml'}: kỹ năng {ref.skill} không có trong nhóm “{ref.area}” "
                                  "của khung 757")
            if ref.digcomp is not None and areas is not None and (ref.digcomp not in digcomp
                                                                  or digcomp[ref.digcomp][1] != ref.area):
                raise CourseError(f"{m.path / 'module.yaml'}: năng lực DigComp {ref.digcomp} không được ghi cho nhóm "
                                  f"“{ref.area}” trong framework_757.yaml")
        bad_tracks = [t for t in m.tracks if t not in {t.id for t in tracks}]
        if bad_tracks:
            raise CourseError(f"{m.path / 'module.yaml'}: lộ trình không có trong tracks.yaml: {', '.join(bad_tracks)}")
        term_ids = {t.id for t in glossary}
        for lesson in m.lessons:
            unknown_terms = sorted({t for _, t in GLOSSARY_LINK.findall(lesson.body)} - term_ids)
            if unknown_terms:
                raise CourseError(f"{lesson.path}: từ điển không có mục: {', '.join(unknown_terms)}")
        for item_id, where in [(m.id, m.path)] + [(lesson.id, lesson.path) for lesson in m.lessons]:
            if item_id in seen:
                raise CourseError(f"{where}: mã “{item_id}” trùng với {seen[item_id]}")
            seen[item_id] = where
    return Catalog(modules=tuple(modules), glossary=glossary, tracks=tracks)


def courses_dir() -> Path:
    """The installed course folder: BINHDAN_COURSES_DIR if set, else courses/ in the project."""
    env = os.environ.get("BINHDAN_COURSES_DIR", "").strip()
    return Path(env) if env else COURSES_DIR


@lru_cache(maxsize=4)
def _cached_catalog(root: Path) -> Catalog:
    return load_catalog_from(root)


def load_catalog() -> Catalog:
    """The installed course (cached per folder for the process)."""
    return _cached_catalog(courses_dir())


load_catalog.cache_clear = _cached_catalog.cache_clear  # type: ignore[attr-defined]
