"""A learner's progress through the course: views, completions, unlock rules, resume, course map.

Unlock rule (the national platform's "learn in order" rule):
  * the first lesson of the first module is always open;
  * lesson N+1 of a module opens when lesson N is completed;
  * a module's quiz opens when all its lessons are completed, and so does its hands-on exercise;
  * the first lesson of module M+1 opens when module M's quiz is passed (the exercise does not block);
  * what was opened stays open (completed lessons can always be read again).
A module is complete when its quiz is passed and its exercise is done; the course is complete ("hoàn
thành") when every module OF THE LEARNER'S PATH is (the shared core plus their track's modules,
app/learning/tracks.py); that is what the certificate asks for. The path is applied here, in
`course_states`, whatever catalog a caller passes (the whole course or the learner's part of it), so the
learner pages, the certificate, the CLI and the trainer's reports all count the same modules: callers
outside app/learning ask `course_states` / `completed_learners`, never re-count modules themselves.
The same rule as SQL, for counting thousands of learners at once, is built here too (`on_path`,
`passed_on_path`, `exercise_on_path`, `path_size`, `is_complete`): `completed_learners` and the trainer's
dashboard (app/trainer/analytics.py) both use these expressions, so "hoàn thành" has one definition.

Every view, completion and exercise is stored, and marks users.last_seen_at.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import and_, case, distinct, func, literal, or_, select, update
from sqlalchemy.orm import Session

from app.db import insert_if_absent
from app.learning.catalog import Catalog, Lesson, Module
from app.models import ExerciseCompletion, LearnerTrack, LessonProgress, QuizAttempt, User, utcnow


def exercise_counts(catalog: Catalog):
    """SQL condition on exercise_completions: the exercise counts for the module (the course's rule).

    Sent and not marked "Làm lại" by the trainer; an exercise with `review_required` counts only once marked
    "Đạt". The learner pages, the trainer dashboard, the exports and the certificate all use this one rule.
    """
    required = [m.exercise.id for m in catalog.modules if m.exercise.review_required]
    waiting_ok = ExerciseCompletion.review_status.is_(None)
    if required:
        waiting_ok = and_(waiting_ok, ExerciseCompletion.exercise_id.not_in(required))
    return or_(ExerciseCompletion.review_status == "pass", waiting_ok)


class LockedError(PermissionError):
    """The learner tried to open or finish something still locked (message in Vietnamese)."""


def touch_user(session: Session, user_id: int, now: datetime | None = None) -> None:
    user = session.get(User, user_id)
    if user is not None:
        user.last_seen_at = now or utcnow()


@dataclass(frozen=True)
class Step:
    """Where to go next: a lesson, a module's quiz or exercise, or the certificate."""
    kind: Literal["lesson", "quiz", "exercise", "certificate"]
    module_id: str | None = None
    lesson_id: str | None = None
    label: str = ""


@dataclass(frozen=True)
class ModuleProgress:
    module: Module
    lessons_done: int
    quiz_passed: bool
    best_score: float | None
    attempts: int
    exercise_done: bool
    unlocked: bool

    @property
    def percent(self) -> int:
        steps = len(self.module.lessons) + 2  # lessons, quiz, exercise
        done = self.lessons_done + self.quiz_passed + self.exercise_done
        return round(100 * done / steps)

    @property
    def complete(self) -> bool:
        return self.quiz_passed and self.exercise_done


@dataclass(frozen=True)
class CourseState:
    """A snapshot of one learner's progress, with the unlock rules applied to the catalog."""
    catalog: Catalog
    viewed: frozenset[str]
    completed: frozenset[str]
    passed: frozenset[str]          # module ids whose quiz was passed at least once
    best_scores: dict[str, float]
    attempts: dict[str, int]
    exercises: frozenset[str]       # module ids whose exercise is done

    def on_path(self, module: Module) -> bool:
        """Whether the module belongs to this learner's path (off-path modules stay locked)."""
        return any(m.id == module.id for m in self.catalog.modules)

    def lesson_unlocked(self, lesson: Lesson) -> bool:
        if not any(m.id == lesson.module_id for m in self.catalog.modules):
            return False
        module = self.catalog.module(lesson.module_id)
        if not self.module_unlocked(module):
            return False
        index = module.lessons.index(lesson)
        return index == 0 or module.lessons[index - 1].id in self.completed or lesson.id in self.completed

    def module_unlocked(self, module: Module) -> bool:
        """Open when the module before it was passed, or when the learner already started it (opened stays
        open, also when a new module is later inserted before it in the course)."""
        if not self.on_path(module):
            return False
        index = [m.id for m in self.catalog.modules].index(module.id)
        return (index == 0 or self.catalog.modules[index - 1].id in self.passed or module.id in self.passed
                or module.id in self.attempts or any(lesson.id in self.viewed for lesson in module.lessons))

    def quiz_unlocked(self, module: Module) -> bool:
        return self.module_unlocked(module) and all(lesson.id in self.completed for lesson in module.lessons)

    exercise_unlocked = quiz_unlocked

    def module_progress(self, module: Module) -> ModuleProgress:
        return ModuleProgress(
            module=module, lessons_done=sum(lesson.id in self.completed for lesson in module.lessons),
            quiz_passed=module.id in self.passed, best_score=self.best_scores.get(module.id),
            attempts=self.attempts.get(module.id, 0), exercise_done=module.id in self.exercises,
            unlocked=self.module_unlocked(module))

    def course_map(self) -> list[ModuleProgress]:
        return [self.module_progress(m) for m in self.catalog.modules]

    @property
    def percent(self) -> int:
        rows = self.course_map()
        steps = sum(len(r.module.lessons) + 2 for r in rows)
        done = sum(r.lessons_done + r.quiz_passed + r.exercise_done for r in rows)
        return round(100 * done / steps) if steps else 0

    @property
    def completed_course(self) -> bool:
        return bool(self.catalog.modules) and all(r.complete for r in self.course_map())

    def resume(self) -> Step:
        """The first step not yet done, in course order: lessons and quiz of each module, then exercises."""
        for module in self.catalog.modules:
            for lesson in module.lessons:
                if lesson.id not in self.completed:
                    return Step("lesson", module.id, lesson.id, f"Bài: {lesson.title}")
            if module.id not in self.passed:
                return Step("quiz", module.id, label=f"Bài kiểm tra: {module.title}")
        for module in self.catalog.modules:
            if module.id not in self.exercises:
                return Step("exercise", module.id, label=f"Thực hành: {module.exercise.title}")
        return Step("certificate", label="Nhận chứng chỉ")

    def next_lesson(self, lesson: Lesson) -> Lesson | None:
        """The lesson after this one in the same module (None: the module's quiz comes next)."""
        module = self.catalog.module(lesson.module_id)
        index = module.lessons.index(lesson)
        return module.lessons[index + 1] if index + 1 < len(module.lessons) else None


def course_states(session: Session, user_ids, catalog: Catalog) -> dict[int, CourseState]:
    """Each learner's progress measured against their own path (the one rule for "hoàn thành"), in a fixed
    number of queries whatever the number of learners: for the trainer's class reports and exports."""
    from app.learning.tracks import learner_catalogs

    ids = sorted(set(user_ids))
    if not ids:
        return {}
    paths = learner_catalogs(session, ids, catalog)
    viewed: dict[int, set[str]] = {i: set() for i in ids}
    completed: dict[int, set[str]] = {i: set() for i in ids}
    for user_id, lesson_id, done_at in session.execute(
            select(LessonProgress.user_id, LessonProgress.lesson_id, LessonProgress.completed_at)
            .where(LessonProgress.user_id.in_(ids))):
        viewed[user_id].add(lesson_id)
        if done_at is not None:
            completed[user_id].add(lesson_id)
    best: dict[int, dict[str, float]] = {i: {} for i in ids}
    attempts: dict[int, dict[str, int]] = {i: {} for i in ids}
    passed: dict[int, set[str]] = {i: set() for i in ids}
    for user_id, module_id, score, ok in session.execute(
            select(QuizAttempt.user_id, QuizAttempt.module_id, QuizAttempt.score, QuizAttempt.passed)
            .where(QuizAttempt.user_id.in_(ids))):
        best[user_id][module_id] = max(best[user_id].get(module_id, 0.0), score)
        attempts[user_id][module_id] = attempts[user_id].get(module_id, 0) + 1
        if ok:
            passed[user_id].add(module_id)
    exercises: dict[int, set[str]] = {i: set() for i in ids}
    for user_id, module_id in session.execute(
            select(ExerciseCompletion.user_id, ExerciseCompletion.module_id)
            .where(ExerciseCompletion.user_id.in_(ids), exercise_counts(catalog))):
        exercises[user_id].add(module_id)
    return {i: CourseState(catalog=paths[i], viewed=frozenset(viewed[i]), completed=frozenset(completed[i]),
                           passed=frozenset(passed[i]), best_scores=best[i], attempts=attempts[i],
                           exercises=frozenset(exercises[i])) for i in ids}


def course_state(session: Session, user_id: int, catalog: Catalog) -> CourseState:
    """One learner's progress on their path (`catalog` may be the whole course or already their part)."""
    return course_states(session, [user_id], catalog)[user_id]


def on_path(catalog: Catalog, module_col, track_col):
    """SQL condition: the module is part of the course the learner follows (`Catalog.for_track`): the shared
    core, plus the modules of their track, or of the default tracks when they chose none (`track_col` is
    learner_tracks.track, NULL without a choice)."""
    known = [t.id for t in catalog.tracks]
    if not known:
        return module_col.in_([m.id for m in catalog.modules])
    core = [m.id for m in catalog.modules if not m.tracks]
    default = [m.id for m in catalog.for_track(None).modules]
    parts = [module_col.in_(core), and_(or_(track_col.is_(None), track_col.not_in(known)), module_col.in_(default))]
    parts += [and_(track_col == t, module_col.in_([m.id for m in catalog.for_track(t).modules])) for t in known]
    return or_(*parts)


def path_size(catalog: Catalog, track_col):
    """SQL: how many modules the learner's path has (what "hoàn thành" asks to complete)."""
    default = len(catalog.for_track(None).modules)
    sizes = {t.id: len(catalog.for_track(t.id).modules) for t in catalog.tracks}
    return case(sizes, value=track_col, else_=default) if sizes else literal(default)


def passed_on_path(catalog: Catalog, track_col, passed=None, module_col=None):
    """SQL over quiz_attempts: the module id of a passed attempt on the learner's path (else NULL); the
    learner's passed modules are count(distinct …) of it. `passed` and `module_col` stand for the attempt's
    columns over rows already grouped by learner and module (a condition, and the module column)."""
    passed = QuizAttempt.passed.is_(True) if passed is None else passed
    module_col = QuizAttempt.module_id if module_col is None else module_col
    return case((and_(passed, on_path(catalog, module_col, track_col)), module_col))


def exercise_on_path(catalog: Catalog, track_col):
    """SQL over exercise_completions: the module id of an exercise that counts (`exercise_counts`) on the
    learner's path (else NULL); count(distinct …) of it is the learner's modules with the exercise done."""
    return case((and_(exercise_counts(catalog), on_path(catalog, ExerciseCompletion.module_id, track_col)),
                 ExerciseCompletion.module_id))


def is_complete(passed, exercises, size):
    """SQL condition: "hoàn thành", the certificate rule: a path with modules, each with its quiz passed and its
    exercise done (the counts come from `passed_on_path` and `exercise_on_path`, the size from `path_size`)."""
    return and_(size > 0, passed >= size, exercises >= size)


def completed_learners(session: Session, user_ids, catalog: Catalog) -> set[int]:
    """The learners who have completed ("hoàn thành") their path: every module of the shared core and of
    their track has its quiz passed and its exercise done (what the certificate asks for). One SQL query
    built from the same expressions as the trainer's dashboard."""
    ids = sorted(set(int(i) for i in user_ids))
    if not ids:
        return set()
    track = LearnerTrack.track
    passed = (select(QuizAttempt.user_id, func.count(distinct(passed_on_path(catalog, track))).label("n"))
              .outerjoin(LearnerTrack, LearnerTrack.user_id == QuizAttempt.user_id)
              .where(QuizAttempt.user_id.in_(ids)).group_by(QuizAttempt.user_id).subquery("passed"))
    exercises = (select(ExerciseCompletion.user_id,
                        func.count(distinct(exercise_on_path(catalog, track))).label("n"))
                 .outerjoin(LearnerTrack, LearnerTrack.user_id == ExerciseCompletion.user_id)
                 .where(ExerciseCompletion.user_id.in_(ids)).group_by(ExerciseCompletion.user_id).subquery("done"))
    query = (select(passed.c.user_id)
             .join(exercises, exercises.c.user_id == passed.c.user_id)
             .outerjoin(LearnerTrack, LearnerTrack.user_id == passed.c.user_id)
             .where(is_complete(passed.c.n, exercises.c.n, path_size(catalog, track))))
    return set(session.scalars(query))


def _progress_row(session: Session, user_id: int, lesson: Lesson) -> LessonProgress | None:
    return session.scalar(select(LessonProgress).where(LessonProgress.user_id == user_id,
                                                       LessonProgress.lesson_id == lesson.id))


def _require_unlocked(session: Session, user_id: int, catalog: Catalog, lesson: Lesson) -> None:
    if not course_state(session, user_id, catalog).lesson_unlocked(lesson):
        raise LockedError(f"Bài “{lesson.title}” chưa mở: hãy học xong các bài trước đó theo thứ tự.")


def record_view(session: Session, user_id: int, catalog: Catalog, lesson: Lesson,
                now: datetime | None = None) -> LessonProgress:
    """The learner opened the lesson (first/last view and a view count)."""
    _require_unlocked(session, user_id, catalog, lesson)
    now = now or utcnow()
    session.flush()
    # atomic on both databases: the first view inserts (a concurrent first view is ignored), every view adds one
    insert_if_absent(session, LessonProgress, {"user_id": user_id, "module_id": lesson.module_id,
                                               "lesson_id": lesson.id, "first_viewed_at": now, "last_viewed_at": now,
                                               "views": 0}, ("user_id", "lesson_id"))
    session.execute(update(LessonProgress)
                    .where(LessonProgress.user_id == user_id, LessonProgress.lesson_id == lesson.id)
                    .values(views=LessonProgress.views + 1, last_viewed_at=now)
                    .execution_options(synchronize_session=False))
    touch_user(session, user_id, now)
    session.flush()
    row = _progress_row(session, user_id, lesson)
    session.refresh(row)
    return row


def complete_lesson(session: Session, user_id: int, catalog: Catalog, lesson: Lesson,
                    now: datetime | None = None) -> LessonProgress:
    """Mark the lesson as studied (idempotent: the first completion time is kept)."""
    now = now or utcnow()
    row = _progress_row(session, user_id, lesson) or record_view(session, user_id, catalog, lesson, now)
    if row.completed_at is None:
        row.completed_at = now
    touch_user(session, user_id, now)
    session.flush()
    return row


def record_exercise(session: Session, user_id: int, catalog: Catalog, module: Module, artifact: dict,
                    now: datetime | None = None) -> ExerciseCompletion:
    """Store that the module's hands-on exercise was done, with what the learner made (kept up to date)."""
    if not course_state(session, user_id, catalog).exercise_unlocked(module):
        raise LockedError(f"Bài thực hành của “{module.title}” mở sau khi bạn học xong các bài của học phần.")
    if not artifact or not any(str(v).strip() for v in artifact.values()):
        raise ValueError("Bài thực hành chưa có nội dung: hãy làm bài rồi mới ghi nhận.")
    now = now or utcnow()
    session.flush()
    insert_if_absent(session, ExerciseCompletion, {"user_id": user_id, "module_id": module.id,
                                                   "exercise_id": module.exercise.id, "completed_at": now,
                                                   "artifact": artifact}, ("user_id", "exercise_id"))
    row = session.scalar(select(ExerciseCompletion).where(ExerciseCompletion.user_id == user_id,
                                                          ExerciseCompletion.exercise_id == module.exercise.id))
    session.refresh(row)
    row.artifact = artifact
    if row.review_status == "redo":  # sent again after "Làm lại": waiting for the trainer again
        row.review_status, row.completed_at = None, now
    touch_user(session, user_id, now)
    session.flush()
    return row


def exercise_artifact(session: Session, user_id: int, module: Module) -> dict | None:
    row = session.scalar(select(ExerciseCompletion).where(ExerciseCompletion.user_id == user_id,
                                                          ExerciseCompletion.exercise_id == module.exercise.id))
    return row.artifact if row else None
