"""Module quizzes: shuffled presentation, grading with per-option feedback, recorded attempts.

Grading: a single or true/false question is right when the one correct option is chosen; a multiple
question is right only when the chosen set equals the set of correct options exactly. The score is
the share of questions answered right; the attempt passes when score >= the quiz's pass_mark.
Retakes are unlimited; every attempt and every answer is stored (quiz_attempts, quiz_answers).
"""
from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Mapping

from sqlalchemy.orm import Session

from app.learning.catalog import Catalog, Module, Option, Question, Quiz
from app.learning.progress import LockedError, course_state, touch_user
from app.models import QuizAnswer, QuizAttempt, utcnow


class QuizError(ValueError):
    """An answer sheet that does not fit the quiz (message in Vietnamese)."""


def new_seed() -> int:
    return secrets.randbelow(2**31)


def present(quiz: Quiz, seed: int) -> list[Question]:
    """Questions in a shuffled order, options shuffled too (true/false keeps Đúng before Sai).

    The same seed gives the same order, so a page can redraw an attempt; a new seed reshuffles."""
    rng = random.Random(seed)
    questions = list(quiz.questions)
    rng.shuffle(questions)
    shown = []
    for q in questions:
        options = list(q.options)
        if q.kind != "true_false":
            rng.shuffle(options)
        shown.append(q.model_copy(update={"options": tuple(options)}))
    return shown


@dataclass(frozen=True)
class OptionFeedback:
    option: Option
    chosen: bool

    @property
    def verdict(self) -> str:
        """What the learner reads next to the option."""
        if self.option.correct:
            return "Bạn đã chọn — đúng" if self.chosen else "Đáp án đúng — bạn chưa chọn"
        return "Bạn đã chọn — chưa đúng" if self.chosen else "Không phải đáp án đúng"


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    chosen: frozenset[str]
    correct: bool

    @property
    def feedback(self) -> list[OptionFeedback]:
        return [OptionFeedback(o, o.id in self.chosen) for o in self.question.options]


@dataclass(frozen=True)
class QuizResult:
    results: tuple[QuestionResult, ...]
    pass_mark: float

    @property
    def n_correct(self) -> int:
        return sum(r.correct for r in self.results)

    @property
    def score(self) -> float:
        return self.n_correct / len(self.results) if self.results else 0.0

    @property
    def passed(self) -> bool:
        return self.score + 1e-9 >= self.pass_mark

    @property
    def summary(self) -> str:
        verdict = "Đạt" if self.passed else "Chưa đạt"
        return (f"{verdict}: đúng {self.n_correct}/{len(self.results)} câu ({self.score:.0%}); "
                f"cần {self.pass_mark:.0%} để qua.")


def _chosen_set(question: Question, raw) -> frozenset[str]:
    if raw is None or raw == "":
        return frozenset()
    chosen = frozenset([raw] if isinstance(raw, str) else raw)
    unknown = chosen - {o.id for o in question.options}
    if unknown:
        raise QuizError(f"Câu {question.id}: không có phương án {', '.join(sorted(unknown))}.")
    if question.kind != "multiple" and len(chosen) > 1:
        raise QuizError(f"Câu {question.id}: chỉ được chọn một phương án.")
    return chosen


def grade(quiz: Quiz, answers: Mapping[str, str | Iterable[str] | None]) -> QuizResult:
    """Grade an answer sheet {question id: option id or ids}. Unanswered questions count as wrong."""
    unknown = set(answers) - {q.id for q in quiz.questions}
    if unknown:
        raise QuizError(f"Bài kiểm tra không có câu: {', '.join(sorted(unknown))}.")
    results = []
    for q in quiz.questions:
        chosen = _chosen_set(q, answers.get(q.id))
        results.append(QuestionResult(q, chosen, chosen == q.correct_ids))
    return QuizResult(tuple(results), quiz.pass_mark)


def unanswered(quiz: Quiz, answers: Mapping[str, object]) -> list[Question]:
    return [q for q in quiz.questions if not answers.get(q.id)]


def submit_quiz(session: Session, user_id: int, catalog: Catalog, module: Module,
                answers: Mapping[str, str | Iterable[str] | None], now: datetime | None = None
                ) -> tuple[QuizAttempt, QuizResult]:
    """Grade and store one attempt with all its answers (the page and the demo data call this)."""
    if not course_state(session, user_id, catalog).quiz_unlocked(module):
        raise LockedError(f"Bài kiểm tra “{module.title}” mở sau khi bạn học xong tất cả các bài của học phần.")
    result = grade(module.quiz, answers)
    now = now or utcnow()
    attempt = QuizAttempt(user_id=user_id, module_id=module.id, score=result.score, passed=result.passed,
                          submitted_at=now)
    attempt.answers = [QuizAnswer(question_id=r.question.id, chosen=",".join(sorted(r.chosen)), correct=r.correct)
                       for r in result.results]
    session.add(attempt)
    touch_user(session, user_id, now)
    session.flush()
    return attempt, result


def correct_answers(quiz: Quiz) -> dict[str, list[str]]:
    """A full-mark answer sheet (demo data and tests of the pages)."""
    return {q.id: sorted(q.correct_ids) for q in quiz.questions}
