"""Class progress metrics: SQL aggregate queries (SQLAlchemy Core) returned as pandas DataFrames.

Every metric is one function taking a connection/session, the class id and, where titles are needed,
the course catalog. The database does the counting; Python only joins the few result rows with the
catalog's titles and order. `class_dashboard` checks access and computes everything a page shows.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pandas as pd
from sqlalchemy import Date, Float, and_, case, cast, distinct, func, literal, select, text, true, union_all
from sqlalchemy.orm import Session

from app.learning.catalog import Catalog
from app.learning.progress import exercise_on_path, is_complete, on_path, passed_on_path, path_size
from app.models import (AnswerCount, Attendance, Certificate, ClassSession, Enrolment, ExerciseCompletion, LearnerDay,
                        LearnerModule, LearnerTrack, LessonProgress, QuizAnswer, QuizAttempt, Reminder, User)
from app.trainer.access import Actor, get_class
from tools.vnsort import vi_string_key

STUCK_DAYS = 3          # a lesson opened this many days ago and still not finished
STUCK_QUIZ_FAILS = 2    # failed a module quiz this many times without passing


def _utc(now: datetime | None) -> datetime:
    now = now or datetime.now(timezone.utc)
    return now if now.tzinfo else now.replace(tzinfo=timezone.utc)


def _members(class_id: int):
    """The class's learners as a subquery (user_id, group_name)."""
    return (select(Enrolment.user_id, Enrolment.group_name)
            .where(Enrolment.class_id == class_id).subquery("members"))


def _member_ids(class_id: int):
    """The class's learners' ids, for `user_col.in_(…)`."""
    return select(Enrolment.user_id).where(Enrolment.class_id == class_id)


def _frame(session: Session, query, columns: list[str]) -> pd.DataFrame:
    # Plain tuples: pandas probing SQLAlchemy Row objects attribute by attribute costs more than the query.
    return pd.DataFrame.from_records(list(map(tuple, session.execute(query))), columns=columns)


def _most_learners(session: Session, class_id: int, learners: int | None) -> bool:
    """Whether the class holds most accounts. Its counts are then taken as everyone's minus the other accounts'
    (`_class_counts`): everyone's come from the trigger-kept tables or are read once in the order of a covering
    index, with no lookup of each row's learner in the class, which for a big class costs more than the
    counting itself."""
    learners = learner_count(session, class_id) if learners is None else learners
    return learners * 2 >= (session.scalar(select(func.count()).select_from(User)) or 0)


def _class_counts(session: Session, class_id: int, learners: int | None, build, keys: int) -> list[tuple]:
    """Rows of a count query over the class's learners: `build(who)` makes the query, `who(user_column)` being
    the condition that a row's learner counts (None: everyone); its first `keys` columns are the group key, the
    others counts that add up over learners (sums, and distinct learners, since learners are counted apart).
    A class holding most learners is counted as everyone minus the other accounts (`_most_learners`); groups
    left with nothing are dropped, as the direct query would not return them."""
    members = _member_ids(class_id)
    if not _most_learners(session, class_id, learners):
        return [tuple(r) for r in session.execute(build(lambda col: col.in_(members)))]
    totals = {tuple(r[:keys]): list(r[keys:]) for r in session.execute(build(None))}
    others = select(User.id).where(User.id.not_in(members))
    for r in session.execute(build(lambda col: col.in_(others))):
        counts = totals.setdefault(tuple(r[:keys]), [0] * (len(r) - keys))  # always there unless a kept table drifted
        for i, value in enumerate(r[keys:]):
            counts[i] -= value or 0
    return [key + tuple(counts) for key, counts in totals.items() if any(counts)]


def _who(who, column):
    """The condition of `_class_counts` on a user column (always true for everyone)."""
    return true() if who is None else who(column)


def epoch_seconds(session: Session, column):
    """A time as Unix seconds computed by the database: thousands of rows then reach pandas as plain floats
    (building and converting one Python datetime per cell costs more than the query itself)."""
    if session.get_bind().dialect.name == "sqlite":  # stored as UTC text "YYYY-MM-DD HH:MM:SS.ffffff"
        return (func.julianday(column) - 2440587.5) * 86400.0
    return cast(func.extract("epoch", column), Float)


def from_epoch(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series.astype(float), unit="s", utc=True).dt.round("s")


def _lessons_frame(catalog: Catalog) -> pd.DataFrame:
    return pd.DataFrame([{"module_id": m.id, "module": m.title, "lesson_id": lesson.id, "lesson": lesson.title,
                          "order": i} for i, (m, lesson) in
                         enumerate((m, lesson) for m in catalog.modules for lesson in m.lessons)],
                        columns=["module_id", "module", "lesson_id", "lesson", "order"])


# The distinct lesson ids with progress rows, one index probe each (a "loose index scan": DISTINCT alone reads
# every row on PostgreSQL).
_LESSON_IDS = text("WITH RECURSIVE ids(lesson_id) AS (SELECT min(lesson_id) FROM lesson_progress UNION ALL "
                   "SELECT (SELECT min(lesson_id) FROM lesson_progress WHERE lesson_id > ids.lesson_id) FROM ids "
                   "WHERE ids.lesson_id IS NOT NULL) SELECT lesson_id FROM ids WHERE lesson_id IS NOT NULL")


def _stray_lessons(session: Session, catalog: Catalog) -> list[str]:
    """Lesson ids with progress rows that the course no longer has (usually none)."""
    known = {lesson.id for lesson in catalog.lessons()}
    return sorted(set(session.scalars(_LESSON_IDS)) - known)


def _lessons_done(session: Session, catalog: Catalog):
    """SQL of a learner_modules row's finished lessons that the course has, and a function joining what that
    needs to a query over learner_modules: finished lessons the course no longer has (usually none, found
    with one skip over an index) are taken off."""
    stray = _stray_lessons(session, catalog)
    if not stray:
        return LearnerModule.lessons_done, lambda query: query
    lp = LessonProgress
    gone = (select(lp.user_id, lp.module_id, func.count().label("n"))
            .where(lp.lesson_id.in_(stray), lp.completed_at.is_not(None))
            .group_by(lp.user_id, lp.module_id).subquery("gone"))
    return (LearnerModule.lessons_done - func.coalesce(gone.c.n, 0),
            lambda query: query.outerjoin(gone, and_(gone.c.user_id == LearnerModule.user_id,
                                                     gone.c.module_id == LearnerModule.module_id)))


def learner_count(session: Session, class_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Enrolment).where(Enrolment.class_id == class_id)) or 0


def lesson_completion(session: Session, class_id: int, catalog: Catalog, learners: int | None = None) -> pd.DataFrame:
    """Per lesson in study order: learners who started it, finished it, and the share finished."""
    def build(who):
        return (select(LessonProgress.lesson_id, func.count(), func.count(LessonProgress.completed_at))
                .where(_who(who, LessonProgress.user_id)).group_by(LessonProgress.lesson_id))
    counts = pd.DataFrame.from_records(_class_counts(session, class_id, learners, build, 1),
                                       columns=["lesson_id", "started", "completed"])
    frame = _lessons_frame(catalog).merge(counts, on="lesson_id", how="left").fillna({"started": 0, "completed": 0})
    n = learner_count(session, class_id) if learners is None else learners
    frame[["started", "completed"]] = frame[["started", "completed"]].astype(int)
    frame["completion_rate"] = frame["completed"] / n if n else 0.0
    return frame


def module_completion(session: Session, class_id: int, catalog: Catalog, learners: int | None = None) -> pd.DataFrame:
    """Per module: learners who finished every lesson of it, and the share of the class."""
    done, with_done = _lessons_done(session, catalog)
    needed = case({mod.id: len(mod.lessons) for mod in catalog.modules}, value=LearnerModule.module_id,
                  else_=-1) if catalog.modules else literal(-1)

    def build(who):
        return with_done(select(LearnerModule.module_id, func.count())
                         .where(_who(who, LearnerModule.user_id), done >= needed)).group_by(LearnerModule.module_id)
    counts = pd.DataFrame.from_records(_class_counts(session, class_id, learners, build, 1),
                                       columns=["module_id", "completed"])
    modules = pd.DataFrame([{"module_id": mod.id, "module": mod.title, "lessons": len(mod.lessons)}
                            for mod in catalog.modules], columns=["module_id", "module", "lessons"])
    frame = modules.merge(counts, on="module_id", how="left").fillna({"completed": 0})
    frame["completed"] = frame["completed"].astype(int)
    n = learner_count(session, class_id) if learners is None else learners
    frame["completion_rate"] = frame["completed"] / n if n else 0.0
    return frame


def quiz_summary(session: Session, class_id: int, catalog: Catalog, learners: int | None = None) -> pd.DataFrame:
    """Per module quiz: attempts, learners who tried, average of each learner's best score, pass rate."""
    lm = LearnerModule  # per learner and module: attempts, passes, best score (kept by triggers)

    def build(who):
        return (select(lm.module_id, func.sum(lm.attempts), func.count(), func.sum(lm.best_score),
                       func.count(case((lm.passes > 0, 1))))
                .where(lm.attempts > 0, _who(who, lm.user_id)).group_by(lm.module_id))
    stats = pd.DataFrame.from_records(_class_counts(session, class_id, learners, build, 1),
                                      columns=["module_id", "attempts", "learners", "best_sum", "passed"])
    # the mean of the learners' best scores (rounded: everyone's sum minus the others' is not exact in binary)
    stats["avg_best_score"] = (stats["best_sum"].astype(float) / stats["learners"].where(stats["learners"] > 0)
                               ).round(12)
    stats = stats.drop(columns="best_sum")
    modules = pd.DataFrame([{"module_id": mod.id, "module": mod.title, "pass_mark": mod.quiz.pass_mark}
                            for mod in catalog.modules], columns=["module_id", "module", "pass_mark"])
    frame = modules.merge(stats, on="module_id", how="left").fillna({"attempts": 0, "learners": 0, "passed": 0})
    frame[["attempts", "learners", "passed"]] = frame[["attempts", "learners", "passed"]].astype(int)
    frame["avg_best_score"] = frame["avg_best_score"].astype(float)
    frame["pass_rate"] = (frame["passed"] / frame["learners"].where(frame["learners"] > 0)).astype(float)
    return frame


def inactive_learners(learners: pd.DataFrame, days: int) -> pd.DataFrame:
    """Learners of `learner_table` with no learning activity for `days` days or none at all, longest idle first."""
    """Learners who completed the course are never counted here."""
    idle = learners[~learners["complete"] & (learners["last_activity"].isna() | (learners["days_idle"] >= days))]
    idle = idle.sort_values("name_key", kind="stable").sort_values("last_activity", na_position="first", kind="stable")
    return idle[["user_id", "full_name", "username", "group", "phone", "last_activity", "days_idle", "reminded_at",
                 "came_back"]].reset_index(drop=True)


def stuck_learners(session: Session, class_id: int, catalog: Catalog, now: datetime | None = None,
                   days: int = STUCK_DAYS, quiz_fails: int = STUCK_QUIZ_FAILS) -> pd.DataFrame:
    """Learners stuck on a lesson (opened `days`+ days ago, not finished) or a quiz (failed, never passed)."""
    now = _utc(now)
    m = _members(class_id)
    lessons = (select(User.id, User.full_name, literal("lesson"), LessonProgress.lesson_id,
                      epoch_seconds(session, LessonProgress.first_viewed_at), LessonProgress.views)
               .join(m, m.c.user_id == User.id)
               .join(LessonProgress, LessonProgress.user_id == User.id)
               .where(LessonProgress.completed_at.is_(None),
                      LessonProgress.first_viewed_at < now - timedelta(days=days)))
    lm = LearnerModule  # per learner and module: attempts, passes, first attempt (kept by triggers)
    quizzes = (select(User.id, User.full_name, literal("quiz"), lm.module_id,
                      epoch_seconds(session, lm.first_attempt_at), lm.attempts)
               .join(m, m.c.user_id == User.id)
               .join(lm, lm.user_id == User.id)
               .where(lm.passes == 0, lm.attempts >= quiz_fails))
    frame = _frame(session, union_all(lessons, quizzes),
                   ["user_id", "full_name", "kind", "item_id", "since", "tries"])
    titles = {lesson.id: lesson.title for lesson in catalog.lessons()}
    titles.update({mod.id: f"Bài kiểm tra: {mod.title}" for mod in catalog.modules})
    frame = frame[frame["item_id"].isin(titles)].copy()
    frame["item"] = frame["item_id"].map(titles)
    frame["since"] = from_epoch(frame["since"])
    frame["days"] = (now - frame["since"]).dt.days.astype("Int64")
    return frame.sort_values(["days", "full_name"], ascending=[False, True]).reset_index(drop=True)


def hardest_questions(session: Session, class_id: int, catalog: Catalog, limit: int = 10,
                      learners: int | None = None) -> pd.DataFrame:
    """Questions with the largest share of wrong answers, with the most chosen wrong answer."""
    # Counts per (question, chosen answer, right or wrong, module): everyone's are kept by triggers in
    # answer_counts (a few rows); a set of learners' answers are found through their attempts (covering index).
    def build(who):
        if who is None:
            return select(AnswerCount.question_id, AnswerCount.chosen, AnswerCount.correct, AnswerCount.module_id,
                          AnswerCount.n).where(AnswerCount.n > 0)
        return (select(QuizAnswer.question_id, QuizAnswer.chosen, QuizAnswer.correct, QuizAnswer.module_id,
                       func.count())
                .where(QuizAnswer.attempt_id.in_(select(QuizAttempt.id).where(who(QuizAttempt.user_id))))
                .group_by(QuizAnswer.question_id, QuizAnswer.chosen, QuizAnswer.correct, QuizAnswer.module_id))
    modules = {mod.id for mod in catalog.modules}
    rows = _class_counts(session, class_id, learners, build, 4) if modules else []
    answered: dict[tuple[str, str], int] = {}
    wrong: dict[tuple[str, str], int] = {}
    top: dict[tuple[str, str], tuple[int, str]] = {}  # most chosen wrong answer (ties: the first option id)
    for question_id, chosen, correct, module_id, n in rows:
        if module_id in modules:
            key = (module_id, question_id)
            answered[key] = answered.get(key, 0) + n
            if correct is not None and not correct:
                wrong[key] = wrong.get(key, 0) + n
                best = top.get(key)
                if best is None or (-n, chosen or "") < (-best[0], best[1]):
                    top[key] = (n, chosen or "")
    order = sorted(wrong, key=lambda k: (-wrong[k] / answered[k], -answered[k], k[0], k[1]))
    frame = pd.DataFrame([(k[0], k[1], answered[k], wrong[k], top[k][1], top[k][0]) for k in order],
                         columns=["module_id", "question_id", "answered", "wrong", "top_wrong", "top_wrong_count"])
    rows = []
    for row in frame.itertuples(index=False):  # at most (questions in the course) rows: titles from the catalog
        try:
            question = catalog.question(row.module_id, row.question_id)
        except KeyError:
            continue
        texts = {o.id: o.text for o in question.options}
        chosen = [texts.get(c, c) for c in (row.top_wrong or "").split(",") if c]
        rows.append({"module_id": row.module_id, "module": catalog.module(row.module_id).title,
                     "question_id": row.question_id, "question": question.text, "answered": int(row.answered),
                     "wrong": int(row.wrong), "wrong_rate": row.wrong / row.answered,
                     "top_wrong": " + ".join(chosen), "top_wrong_count": int(row.top_wrong_count or 0)})
        if len(rows) == limit:
            break
    return pd.DataFrame(rows, columns=["module_id", "module", "question_id", "question", "answered", "wrong",
                                       "wrong_rate", "top_wrong", "top_wrong_count"])


def _day(session: Session, column):
    if session.get_bind().dialect.name == "sqlite":  # stored as UTC text "YYYY-MM-DD HH:MM:SS…": its first 10
        return func.substr(column, 1, 10)               # characters, cheaper than parsing it with date()
    return cast(func.timezone("UTC", column), Date)  # the UTC day, whatever the server's time zone


def progress_over_time(session: Session, class_id: int, catalog: Catalog, learners: int | None = None) -> pd.DataFrame:
    """Per day with activity: lessons completed, learners who studied (opened or finished a lesson, sent a quiz or
    an exercise), and the cumulative completion share."""
    # learner_days: one row per learner and day studied, with the lessons finished that day (kept by triggers)
    def days(who):
        return (select(LearnerDay.day, func.count(), func.sum(LearnerDay.lessons_done))
                .where(_who(who, LearnerDay.user_id)).group_by(LearnerDay.day))
    frame = pd.DataFrame.from_records(_class_counts(session, class_id, learners, days, 1),
                                      columns=["day", "active_learners", "completed"])
    stray = _stray_lessons(session, catalog)
    if stray:  # finished lessons the course no longer has do not count
        completed_day = _day(session, LessonProgress.completed_at)

        def stray_done(who):
            return (select(completed_day, func.count())
                    .where(_who(who, LessonProgress.user_id), LessonProgress.lesson_id.in_(stray),
                           LessonProgress.completed_at.is_not(None)).group_by(completed_day))
        for day, n in _class_counts(session, class_id, learners, stray_done, 1):
            frame.loc[frame["day"].astype(str) == str(day), "completed"] -= n
    frame = frame[["day", "completed", "active_learners"]]
    frame["day"] = pd.to_datetime(frame["day"].astype(str))
    frame = frame.sort_values("day").reset_index(drop=True)
    frame[["completed", "active_learners"]] = frame[["completed", "active_learners"]].astype(int)
    total = (learner_count(session, class_id) if learners is None else learners) * len(catalog.lessons())
    frame["cumulative_rate"] = frame["completed"].cumsum() / total if total else 0.0
    return frame


def learner_table(session: Session, class_id: int, catalog: Catalog, now: datetime | None = None) -> pd.DataFrame:
    """One row per learner: the class report (lessons, quizzes, exercises, certificate, attendance, reminders).

    Lessons and quizzes come from learner_modules (kept by triggers), exercises, reminders and attendance from
    their tables, each grouped by learner; the latest activity is the newest of the three maxima.
    "Hoàn thành" (`complete`) is the certificate rule, computed by
    the database from the expressions of app.learning.progress (`is_complete`), the same as `completed_learners`.
    `completion_rate` is the share of the course's steps done (lessons, quizzes, exercises).
    Rows come in Vietnamese alphabetical order of group, then name.
    """
    now = _utc(now)
    track = LearnerTrack.track
    # A big class on SQLite: each table is counted for everyone, in the order of its covering index, and only
    # the per-learner totals are matched with the class (`_most_learners`); a small one, or PostgreSQL (which
    # joins by hashing): its learners' rows only.
    everyone = session.get_bind().dialect.name == "sqlite" and _most_learners(session, class_id, None)
    who = None if everyone else (lambda col: col.in_(_member_ids(class_id)))
    lm = LearnerModule  # per learner and module, kept by triggers: lessons, last view, attempts, passes, scores
    done, with_done = _lessons_done(session, catalog)
    modules = with_done(select(
        lm.user_id, func.sum(case((on_path(catalog, lm.module_id, track), done), else_=0)).label("lessons"),
        func.max(lm.last_viewed_at).label("last_lesson"), func.sum(lm.attempts).label("attempts"),
        func.count(distinct(passed_on_path(catalog, track, lm.passes > 0, lm.module_id))).label("passed"),
        func.sum(lm.score_sum).label("score_sum"), func.max(lm.last_attempt_at).label("last_quiz"))
        .outerjoin(LearnerTrack, LearnerTrack.user_id == lm.user_id).where(_who(who, lm.user_id))) \
        .group_by(lm.user_id).subquery("modules")
    avg_score = case((modules.c.attempts > 0, modules.c.score_sum / modules.c.attempts))
    ex = ExerciseCompletion
    exercises = (select(ex.user_id, func.count(distinct(exercise_on_path(catalog, track))).label("n"),
                        func.count(case((ex.review_status.is_(None), 1))).label("waiting"),
                        func.count(case((ex.review_status == "redo", 1))).label("redo"),
                        func.max(ex.completed_at).label("last_at"))
                 .outerjoin(LearnerTrack, LearnerTrack.user_id == ex.user_id).where(_who(who, ex.user_id))
                 .group_by(ex.user_id).subquery("exercises"))
    reminders = (select(Reminder.user_id, func.count().label("n"), func.max(Reminder.sent_at).label("last_at"))
                 .where(Reminder.class_id == class_id).group_by(Reminder.user_id).subquery("reminders"))
    present = (select(Attendance.user_id, func.count().label("n"))
               .where(Attendance.session_id.in_(select(ClassSession.id).where(ClassSession.class_id == class_id)))
               .group_by(Attendance.user_id).subquery("present"))
    query = (select(User.id, User.full_name, User.username, Enrolment.group_name, User.phone, User.email,
                    func.coalesce(modules.c.lessons, 0), func.coalesce(modules.c.passed, 0),
                    func.coalesce(modules.c.attempts, 0), avg_score, func.coalesce(exercises.c.n, 0),
                    func.coalesce(exercises.c.waiting, 0), func.coalesce(exercises.c.redo, 0),
                    func.coalesce(reminders.c.n, 0), func.coalesce(present.c.n, 0),
                    is_complete(func.coalesce(modules.c.passed, 0), func.coalesce(exercises.c.n, 0),
                                path_size(catalog, LearnerTrack.track)),
                    LearnerTrack.track, Certificate.code, *(epoch_seconds(session, c) for c in (
                        Certificate.issued_at, Enrolment.enrolled_at, reminders.c.last_at, modules.c.last_lesson,
                        modules.c.last_quiz, exercises.c.last_at)))
             .join(Enrolment, Enrolment.user_id == User.id)
             .outerjoin(modules, modules.c.user_id == User.id)
             .outerjoin(exercises, exercises.c.user_id == User.id)
             .outerjoin(reminders, reminders.c.user_id == User.id)
             .outerjoin(present, present.c.user_id == User.id)
             .outerjoin(LearnerTrack, LearnerTrack.user_id == User.id)
             .outerjoin(Certificate, Certificate.user_id == User.id)
             .where(Enrolment.class_id == class_id))
    last_cols = ["last_lesson", "last_quiz", "last_exercise"]
    frame = _frame(session, query, ["user_id", "full_name", "username", "group", "phone", "email",
                                    "lessons_completed", "quizzes_passed", "quiz_attempts", "avg_score",
                                    "exercises_done", "exercises_waiting", "exercises_redo", "reminders",
                                    "sessions_attended", "complete", "track", "certificate_code", "certificate_issued_at", "enrolled_at",
                                    "reminded_at", *last_cols])
    for col in ("certificate_issued_at", "enrolled_at", "reminded_at", *last_cols):
        frame[col] = from_epoch(frame[col])
    frame["last_activity"] = frame[last_cols].max(axis=1)
    frame = frame.drop(columns=last_cols)
    # The course each learner follows (their track): how many modules and steps it has.
    sizes = {t: (len(c.modules), len(c.lessons())) for t in [None, *(t.id for t in catalog.tracks)]
             for c in [catalog.for_track(t)]}
    size = frame["track"].map(lambda t: sizes.get(t, sizes[None]))
    n_modules = size.map(lambda x: x[0]).astype(int)
    steps = size.map(lambda x: x[1]).astype(int) + 2 * n_modules
    done = frame["lessons_completed"] + frame["quizzes_passed"] + frame["exercises_done"]
    frame["modules_required"] = n_modules
    frame["complete"] = frame["complete"].astype(bool)  # progress.is_complete, computed by the database
    frame["completion_rate"] = (done / steps.where(steps > 0)).fillna(0.0).clip(upper=1.0).astype(float)
    frame["avg_score"] = frame["avg_score"].astype(float)
    frame["days_idle"] = (now - frame["last_activity"]).dt.days.astype("Int64")
    frame["came_back"] = frame["reminded_at"].notna() & (frame["last_activity"] > frame["reminded_at"])
    frame["sessions_total"] = session.scalar(
        select(func.count()).select_from(ClassSession).where(ClassSession.class_id == class_id)) or 0
    frame["name_key"] = sort_keys(frame["full_name"])  # computed once; the other tables sort by it
    return sort_by_name(frame, "group", "name_key")


def sort_keys(values: pd.Series) -> pd.Series:
    """Vietnamese sort keys (strings) of a column, computed once per distinct value."""
    keys = {v: vi_string_key(v) for v in values.drop_duplicates()}
    return values.map(keys) if len(values) else values.astype(object)


def sort_by_name(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """Rows in Vietnamese alphabetical order of the given columns (missing values last); a column named
    `name_key` is taken as already made of sort keys."""
    if frame.empty:
        return frame.reset_index(drop=True)
    keys = {f"_sort{i}": frame[col] if col == "name_key" else sort_keys(frame[col]) for i, col in enumerate(columns)}
    return frame.assign(**keys).sort_values(list(keys), kind="stable").drop(columns=list(keys)).reset_index(drop=True)


def stuck_people(stuck: pd.DataFrame, learners: pd.DataFrame) -> pd.DataFrame:
    """"Đang vướng", one row per learner (the one definition the page, the PDF and the spreadsheets count):
    a learner who has not completed the course and has at least one stuck item of `stuck_learners`.
    Columns: user_id, full_name, group, phone, items (what they are stuck on), days (longest), tries,
    reminded_at, came_back; longest stuck first, then by name."""
    columns = ["user_id", "full_name", "group", "phone", "items", "days", "tries", "reminded_at", "came_back"]
    if stuck.empty or learners.empty:
        return pd.DataFrame(columns=columns)
    items: dict[int, dict[str, None]] = {}
    for user_id, item in zip(stuck["user_id"].tolist(), stuck["item"].tolist()):  # plain loop: no per-group pandas
        items.setdefault(user_id, {})[item] = None
    per = stuck.groupby("user_id", sort=False).agg(days=("days", "max"), tries=("tries", "sum")).reset_index()
    per["items"] = per["user_id"].map({u: "; ".join(v) for u, v in items.items()})
    info = learners.loc[~learners["complete"], ["user_id", "full_name", "group", "phone", "reminded_at", "came_back",
                                                "name_key"]]
    frame = info.merge(per, on="user_id", how="inner").sort_values("name_key", kind="stable")
    frame = frame.sort_values("days", ascending=False, kind="stable").reset_index(drop=True)
    return frame[columns]


@dataclass(frozen=True)
class Overview:
    learners: int
    active_7d: int
    avg_completion: float     # mean share of the course's steps done per learner (0..1)
    quiz_pass_rate: float | None  # share of quiz-takers' (learner, module) pairs that passed
    certificates: int
    completed: int = 0        # "Hoàn thành": learners meeting the certificate rule
    stuck: int = 0            # "Đang vướng": learners in `stuck_people`
    needs_help: int = 0       # "Cần hỗ trợ": inactive or stuck (each learner once)
    waiting_review: int = 0   # exercises sent and not yet reviewed
    sessions: int = 0         # in-person sessions held
    attendance_rate: float = 0.0  # share of (learner, session) pairs present
    inactive: int = 0         # "Lâu không học": learners in `inactive_learners`


def help_counts(o: Overview, inactive_days: int) -> list[tuple[str, str, int, str]]:
    """The counts of learners who need help, each with its label and what it counts (code, label, value,
    meaning): the page, the PDF and the spreadsheets show these, so the three agree."""
    return [
        ("stuck", "Đang vướng", o.stuck,
         f"Chưa hoàn thành khóa học và: mở một bài học từ {STUCK_DAYS} ngày trước mà chưa học xong, hoặc làm một "
         f"bài kiểm tra từ {STUCK_QUIZ_FAILS} lần trở lên mà chưa đạt. Mỗi học viên tính một lần."),
        ("inactive", f"Không học quá {inactive_days} ngày", o.inactive,
         f"Chưa hoàn thành khóa học và không học bài, làm kiểm tra hay thực hành trong {inactive_days} ngày qua "
         "(kể cả người chưa học lần nào)."),
        ("needs_help", "Cần hỗ trợ", o.needs_help,
         f"Đang vướng hoặc không học quá {inactive_days} ngày; người ở cả hai danh sách chỉ tính một lần "
         f"({o.stuck + o.inactive - o.needs_help} người như vậy)."),
    ]


def overview(learners: pd.DataFrame, quizzes: pd.DataFrame, stuck: pd.DataFrame | None = None,
             inactive: pd.DataFrame | None = None) -> Overview:
    """Headline numbers, derived from the already aggregated tables (no further queries)."""
    takers = int(quizzes["learners"].sum()) if len(quizzes) else 0
    stuck_ids = set(stuck["user_id"]) if stuck is not None else set()
    sessions = int(learners["sessions_total"].iloc[0]) if len(learners) else 0
    idle_ids = set(inactive["user_id"]) if inactive is not None else set()
    return Overview(
        learners=len(learners),
        active_7d=int((learners["days_idle"] < 7).sum()) if len(learners) else 0,
        avg_completion=float(learners["completion_rate"].mean()) if len(learners) else 0.0,
        quiz_pass_rate=(float(quizzes["passed"].sum()) / takers) if takers else None,
        certificates=int(learners["certificate_code"].notna().sum()) if len(learners) else 0,
        completed=int(learners["complete"].sum()) if len(learners) else 0,
        stuck=len(stuck_ids), needs_help=len(stuck_ids | idle_ids), inactive=len(idle_ids),
        waiting_review=int(learners["exercises_waiting"].sum()) if len(learners) else 0,
        sessions=sessions,
        attendance_rate=float(learners["sessions_attended"].sum()) / (sessions * len(learners)) if sessions else 0.0,
    )


@dataclass(frozen=True)
class ClassDashboard:
    class_id: int
    class_name: str
    trainer_name: str
    generated_at: datetime
    overview: Overview
    learners: pd.DataFrame
    lessons: pd.DataFrame
    modules: pd.DataFrame
    quizzes: pd.DataFrame
    inactive: pd.DataFrame
    stuck: pd.DataFrame            # one row per stuck item (stuck_learners)
    stuck_people: pd.DataFrame     # one row per stuck learner: what the page, PDF and sheets count
    hardest: pd.DataFrame
    timeline: pd.DataFrame
    inactive_days: int


def data_stamp(session: Session, class_id: int) -> tuple:
    """A cheap fingerprint (index lookups only) that changes when the class's numbers may have changed:
    the page caches the dashboard under it instead of recomputing on every click."""
    return tuple(session.execute(select(
        select(func.count()).where(Enrolment.class_id == class_id).scalar_subquery(),
        select(func.max(LessonProgress.id)).scalar_subquery(),
        select(func.max(LessonProgress.completed_at)).scalar_subquery(),
        select(func.max(QuizAttempt.id)).scalar_subquery(),
        select(func.max(ExerciseCompletion.id)).scalar_subquery(),
        select(func.max(Certificate.id)).scalar_subquery(),
        select(func.max(ExerciseCompletion.reviewed_at)).scalar_subquery(),
        select(func.max(Reminder.id)).scalar_subquery(),
        select(func.max(Attendance.id)).scalar_subquery(),
        select(func.max(ClassSession.id)).scalar_subquery(),
    )).one())


PAGE_WORKERS = 3  # metric queries the dashboard page runs at once (each on its own connection)


def class_dashboard(session: Session, actor: Actor, class_id: int, catalog: Catalog, inactive_days: int = 7,
                    now: datetime | None = None, workers: int = 1) -> ClassDashboard:
    """Everything the dashboard page shows for one class (access checked here).

    With workers > 1 the independent metric queries run at the same time on separate connections of the
    same engine (the database drivers release the GIL while a query runs); they then read committed data only.
    """
    classroom = get_class(session, actor, class_id)
    now = _utc(now)
    n = learner_count(session, class_id)  # once, not once per metric
    jobs = {
        "learners": lambda s: learner_table(s, class_id, catalog, now),
        "hardest": lambda s: hardest_questions(s, class_id, catalog, learners=n),
        "timeline": lambda s: progress_over_time(s, class_id, catalog, n),
        "stuck": lambda s: stuck_learners(s, class_id, catalog, now),
        "modules": lambda s: module_completion(s, class_id, catalog, n),
        "lessons": lambda s: lesson_completion(s, class_id, catalog, n),
        "quizzes": lambda s: quiz_summary(s, class_id, catalog, n),
    }
    if workers > 1:
        engine = session.get_bind()

        def run(job):
            with Session(bind=engine) as own:
                return job(own)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = dict(zip(jobs, pool.map(run, jobs.values())))
    else:
        results = {name: job(session) for name, job in jobs.items()}
    learners, quizzes = results["learners"], results["quizzes"]
    people = stuck_people(results["stuck"], learners)
    inactive = inactive_learners(learners, inactive_days)
    # per learner, the two lists they are on: the spreadsheets' columns count what the page and PDF count
    learners = learners.assign(stuck=learners["user_id"].isin(people["user_id"]),
                               inactive=learners["user_id"].isin(inactive["user_id"]))
    return ClassDashboard(
        class_id=class_id, class_name=classroom.name, trainer_name=classroom.trainer.full_name, generated_at=now,
        overview=overview(learners, quizzes, people, inactive), learners=learners, lessons=results["lessons"],
        modules=results["modules"], quizzes=quizzes, inactive=inactive, stuck=results["stuck"], stuck_people=people,
        hardest=results["hardest"], timeline=results["timeline"], inactive_days=inactive_days)
