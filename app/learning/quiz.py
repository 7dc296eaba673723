"""Module quizzes: a fresh draw from the question bank per attempt, grading with per-option feedback,
recorded attempts.

Drawing: a quiz with `draw: N` shows N questions of its bank per attempt (the seed decides which, so a
page can redraw the same attempt); at least a third of them are scenario questions when the bank has
them. Without `draw` every question is shown.
Grading: a single or true/false question is right when the one correct option is chosen; a multiple
question is right only when the chosen set equals the set of correct options exactly; a short written
answer is right when it makes at least `min_points` of its rubric points (a point is made when one of
its keywords appears, accents and case ignored). The score is the share of the questions shown that
were answered right; the attempt passes when score >= the quiz's pass_mark.
Retakes are unlimited; every attempt and every answer is stored (quiz_attempts, quiz_answers).
"""
from __future__ import annotations

import math
import random
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Mapping

from sqlalchemy.orm import Session

from app.learning.catalog import Catalog, Module, Option, Question, Quiz, RubricPoint
from app.learning.progress import LockedError, course_state, touch_user
from app.models import QuizAnswer, QuizAttempt, utcnow
from tools.textnorm import fold

MAX_WRITTEN = 200  # characters of a short written answer (quiz_answers.chosen holds 200)


class QuizError(ValueError):
    """An answer sheet that does not fit the quiz (message in Vietnamese)."""


def new_seed() -> int:
    return secrets.randbelow(2**31)


def draw(quiz: Quiz, seed: int) -> list[Question]:
    """The questions of one attempt, in bank order: `quiz.draw` of them (all without a draw), at least a
    third scenario questions when the bank has enough. The same seed draws the same questions."""
    questions = list(quiz.questions)
    if quiz.shown >= len(questions):
        return questions
    rng = random.Random(seed)
    scenarios = [q for q in questions if q.scenario]
    others = [q for q in questions if not q.scenario]
    n_scenarios = min(len(scenarios), max(math.ceil(quiz.shown / 3), quiz.shown - len(others)))
    picked = rng.sample(scenarios, n_scenarios) + rng.sample(others, quiz.shown - n_scenarios)
    chosen = {q.id for q in picked}
    return [q for q in questions if q.id in chosen]


def present(quiz: Quiz, seed: int) -> list[Question]:
    """The attempt's questions in a shuffled order, options shuffled too (true/false keeps Đúng before Sai).

    The same seed gives the same questions in the same order, so a page can redraw an attempt; a new
    seed draws and reshuffles."""
    rng = random.Random(seed ^ 0x5EED)
    questions = draw(quiz, seed)
    rng.shuffle(questions)
    shown = []
    for q in questions:
        options = list(q.options)
        if q.kind != "true_false":
            rng.shuffle(options)
        shown.append(q.model_copy(update={"options": tuple(options)}))
    return shown


def _words(text: str) -> str:
    return " " + " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text or "")).split()) + " "


def _mentions(text: str, keywords) -> list[str]:
    folded = _words(text)
    return [k for k in keywords if _words(k) in folded]


def rubric_points(question: Question, text: str) -> list[RubricPoint]:
    """The rubric points a written answer makes (keyword found as whole words, accents ignored)."""
    return [p for p in question.rubric if _mentions(text, p.keywords)]


def forbidden_words(question: Question, text: str) -> list[str]:
    """The words a written answer must not contain that it does (e.g. "giảm cân" in a lawful advert)."""
    return _mentions(text, question.forbidden)


OPTION_VERDICTS = {"chosen_right": "Bạn đã chọn — đúng", "missed": "Đáp án đúng — bạn chưa chọn",
                   "chosen_wrong": "Bạn đã chọn — chưa đúng", "not_chosen": "Không phải đáp án đúng"}


@dataclass(frozen=True)
class OptionFeedback:
    option: Option
    chosen: bool

    @property
    def kind(self) -> str:
        """chosen_right | missed (a right option not chosen) | chosen_wrong | not_chosen."""
        if self.option.correct:
            return "chosen_right" if self.chosen else "missed"
        return "chosen_wrong" if self.chosen else "not_chosen"

    @property
    def verdict(self) -> str:
        """What the learner reads next to the option."""
        return OPTION_VERDICTS[self.kind]


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    chosen: frozenset[str]
    correct: bool
    written: str = ""                          # short_answer: what the learner wrote
    points: tuple[RubricPoint, ...] = ()       # short_answer: the rubric points it made

    @property
    def feedback(self) -> list[OptionFeedback]:
        return [OptionFeedback(o, o.id in self.chosen) for o in self.question.options]

    @property
    def missed_points(self) -> list[RubricPoint]:
        made = {p.id for p in self.points}
        return [p for p in self.question.rubric if p.id not in made]


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


def _written(question: Question, raw) -> str:
    text = raw if isinstance(raw, str) else ""
    text = " ".join(text.split())
    if len(text) > MAX_WRITTEN:
        raise QuizError(f"Câu {question.id}: câu trả lời dài quá {MAX_WRITTEN} ký tự, hãy viết gọn lại.")
    return text


def _shown_questions(quiz: Quiz, shown: Iterable[str] | None) -> list[Question]:
    if shown is None:
        return list(quiz.questions)
    wanted = list(dict.fromkeys(shown))
    by_id = {q.id: q for q in quiz.questions}
    unknown = [q for q in wanted if q not in by_id]
    if unknown or not wanted:
        raise QuizError(f"Bài kiểm tra không có câu: {', '.join(unknown) or '(trống)'}.")
    return [by_id[q] for q in wanted]


def grade(quiz: Quiz, answers: Mapping[str, str | Iterable[str] | None],
          shown: Iterable[str] | None = None) -> QuizResult:
    """Grade an answer sheet {question id: option id or ids, or the written text} for the questions
    `shown` in the attempt (None: the whole bank). Unanswered questions count as wrong."""
    questions = _shown_questions(quiz, shown)
    unknown = set(answers) - {q.id for q in questions}
    if unknown:
        raise QuizError(f"Bài kiểm tra không có câu: {', '.join(sorted(unknown))}.")
    results = []
    for q in questions:
        if q.kind == "short_answer":
            text = _written(q, answers.get(q.id))
            points = tuple(rubric_points(q, text))
            right = len(points) >= q.min_points and not forbidden_words(q, text)
            results.append(QuestionResult(q, frozenset(), right, text, points))
            continue
        chosen = _chosen_set(q, answers.get(q.id))
        results.append(QuestionResult(q, chosen, chosen == q.correct_ids))
    return QuizResult(tuple(results), quiz.pass_mark)


def unanswered(quiz: Quiz, answers: Mapping[str, object], shown: Iterable[str] | None = None) -> list[Question]:
    def empty(value) -> bool:
        return not (value.strip() if isinstance(value, str) else value)
    return [q for q in _shown_questions(quiz, shown) if empty(answers.get(q.id))]


def submit_quiz(session: Session, user_id: int, catalog: Catalog, module: Module,
                answers: Mapping[str, str | Iterable[str] | None], now: datetime | None = None,
                shown: Iterable[str] | None = None) -> tuple[QuizAttempt, QuizResult]:
    """Grade and store one attempt with all its answers (the page and the demo data call this).
    `shown`: the question ids drawn for the attempt (the page passes them; None: the whole bank)."""
    if not course_state(session, user_id, catalog).quiz_unlocked(module):
        raise LockedError(f"Bài kiểm tra “{module.title}” mở sau khi bạn học xong tất cả các bài của học phần.")
    result = grade(module.quiz, answers, shown)
    now = now or utcnow()
    attempt = QuizAttempt(user_id=user_id, module_id=module.id, score=result.score, passed=result.passed,
                          submitted_at=now)
    attempt.answers = [QuizAnswer(question_id=r.question.id,
                                  chosen=r.written if r.question.kind == "short_answer" else ",".join(sorted(r.chosen)),
                                  correct=r.correct)
                       for r in result.results]
    session.add(attempt)
    touch_user(session, user_id, now)
    session.flush()
    return attempt, result


def correct_answers(quiz: Quiz, shown: Iterable[str] | None = None) -> dict[str, list[str] | str]:
    """A full-mark answer sheet (demo data and tests of the pages): the model answer for written ones."""
    return {q.id: q.model_answer if q.kind == "short_answer" else sorted(q.correct_ids)
            for q in _shown_questions(quiz, shown)}
