"""Shared helpers for the learning tests: the small fixture course and a learner account."""
from __future__ import annotations

from pathlib import Path

from app.auth import create_user
from app.learning.catalog import Catalog, load_catalog_from
from app.learning.progress import complete_lesson
from app.learning.quiz import correct_answers, submit_quiz

FIXTURE_COURSES = Path(__file__).resolve().parent / "fixtures" / "courses"


def fixture_catalog() -> Catalog:
    return load_catalog_from(FIXTURE_COURSES)


def make_learner(session, username: str = "hocvien", full_name: str = "Nguyễn Văn Bình"):
    return create_user(session, username, "matkhau123", full_name, "learner")


def finish_module(session, user_id: int, catalog: Catalog, module) -> None:
    """Complete every lesson and pass the quiz (not the exercise)."""
    for lesson in module.lessons:
        complete_lesson(session, user_id, catalog, lesson)
    submit_quiz(session, user_id, catalog, module, correct_answers(module.quiz))
