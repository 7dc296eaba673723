"""The course as data: modules discovered from courses/, validated by a schema.

Layout (docs/COURSE_FORMAT.md):
  courses/<NN-slug>/module.yaml     module metadata (id, order, title, summary, framework_757)
  courses/<NN-slug>/lessons/*.md    lessons: YAML front matter (id, order, title, minutes) + Markdown
  courses/<NN-slug>/quiz.yaml       pass_mark and questions (single, multiple, true_false)
  courses/<NN-slug>/exercise.yaml   the hands-on exercise that uses a platform tool
"""
from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Literal

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
    """A competency of the basic digital-skills framework (Quyết định 757/QĐ-BKHCN, 2025)."""
    area: str
    competency: str


class Option(Strict):
    id: str = Field(pattern=r"^[a-z0-9]+$")
    text: str = Field(min_length=1)
    correct: bool = False
    explanation: str = Field(min_length=5)


class Question(Strict):
    id: str = Field(pattern=ID_RE)
    kind: Literal["single", "multiple", "true_false"]
    text: str = Field(min_length=5)
    options: tuple[Option, ...]

    @model_validator(mode="after")
    def _check_options(self):
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
    questions: tuple[Question, ...] = Field(min_length=8)

    @field_validator("questions")
    @classmethod
    def _unique(cls, questions):
        ids = [q.id for q in questions]
        if len(set(ids)) != len(ids):
            raise ValueError("mã câu hỏi bị trùng")
        return questions


class Exercise(Strict):
    id: str = Field(pattern=ID_RE)
    title: str
    tool: Literal["prompt_compare", "listing", "video", "checklist"]
    instructions: str = Field(min_length=20)
    checklist: tuple[str, ...] = ()  # for tool == checklist: items the learner ticks
    review_required: bool = False  # True: counts only once the trainer marks it "Đạt" (else: unless "Làm lại")


class Lesson(Strict):
    id: str = Field(pattern=ID_RE)
    order: int
    title: str
    minutes: int = Field(ge=1, le=60)
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
    lessons: tuple[Lesson, ...] = Field(min_length=1)
    quiz: Quiz
    exercise: Exercise
    path: Path


class Catalog(Strict):
    modules: tuple[Module, ...]

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


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(nfc(path.read_text(encoding="utf-8")))
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


def framework_areas(root: Path = COURSES_DIR) -> dict[str, str]:
    """Area name -> code of the Quyết định 757/QĐ-BKHCN framework (courses/framework_757.yaml)."""
    data = _read_yaml(root / "framework_757.yaml")
    return {nfc(a["name"]): str(a["code"]) for a in data.get("areas", [])}


def load_catalog_from(root: Path) -> Catalog:
    areas = framework_areas(root) if (root / "framework_757.yaml").exists() else None
    folders = sorted(p for p in root.iterdir() if p.is_dir() and (p / "module.yaml").exists()) if root.exists() else []
    modules = sorted((load_module(f) for f in folders), key=lambda m: m.order)
    seen: dict[str, Path] = {}
    for m in modules:
        unknown = [ref.area for ref in m.framework_757 if areas is not None and ref.area not in areas]
        if unknown:
            raise CourseError(f"{m.path / 'module.yaml'}: nhóm kỹ năng không có trong khung 757: {', '.join(unknown)}")
        for item_id, where in [(m.id, m.path)] + [(lesson.id, lesson.path) for lesson in m.lessons]:
            if item_id in seen:
                raise CourseError(f"{where}: mã “{item_id}” trùng với {seen[item_id]}")
            seen[item_id] = where
    return Catalog(modules=tuple(modules))


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
