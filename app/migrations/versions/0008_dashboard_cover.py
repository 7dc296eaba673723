"""dashboard: counts kept by triggers, and covering indexes, so the class dashboard stays fast for big classes

* quiz_answers.module_id: the attempt's module, copied (an answer is then counted without its attempt);
* answer_counts: everyone's answers counted per (module, question, chosen, right or wrong);
* learner_days: the days (UTC) each learner studied, with the lessons they finished that day;
* learner_modules: per learner and module, lessons finished, last view, quiz attempts, passes, scores;
* covering indexes for the per-learner and per-lesson counts.
A class holding most learners is counted as everyone minus the other accounts (app/trainer/analytics.py).
The triggers keep the two tables right whatever writes the activity rows (the app, the demo data, a bulk import).

Revision ID: 0008_dashboard_cover
Revises: 0007_dashboard_index
Create Date: 2026-11-27 21:20:00
"""
import sqlalchemy as sa
from alembic import op


revision = '0008_dashboard_cover'
down_revision = '0007_dashboard_index'
branch_labels = None
depends_on = None


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == 'sqlite'
    op.add_column('quiz_answers', sa.Column('module_id', sa.String(length=80), nullable=True))
    op.execute("UPDATE quiz_answers SET module_id = "
               "(SELECT quiz_attempts.module_id FROM quiz_attempts WHERE quiz_attempts.id = quiz_answers.attempt_id)")
    op.drop_index('ix_quiz_answers_question_chosen', table_name='quiz_answers')
    op.create_index('ix_quiz_answers_attempt_cover', 'quiz_answers',
                    ['attempt_id', 'question_id', 'chosen', 'correct', 'module_id'], unique=False)
    op.create_index('ix_lesson_progress_user_cover', 'lesson_progress',
                    ['user_id', 'module_id', 'lesson_id', 'completed_at', 'last_viewed_at'], unique=False)
    op.create_index('ix_lesson_progress_lesson_done', 'lesson_progress', ['lesson_id', 'completed_at'], unique=False)
    op.create_index('ix_quiz_attempts_user_cover', 'quiz_attempts',
                    ['user_id', 'module_id', 'passed', 'score', 'submitted_at'], unique=False)

    op.create_table('learner_days',
                    sa.Column('user_id', sa.Integer(), nullable=False),
                    sa.Column('day', sa.Date(), nullable=False),
                    sa.Column('lessons_done', sa.Integer(), nullable=False, server_default='0'),
                    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
                    sa.PrimaryKeyConstraint('user_id', 'day'))
    op.create_index('ix_learner_days_day_user', 'learner_days', ['day', 'user_id', 'lessons_done'], unique=False)
    day = _day_sql(sqlite)
    op.execute(
        "INSERT INTO learner_days (user_id, day, lessons_done) SELECT user_id, d, sum(done) FROM ("
        f"SELECT user_id, {day('first_viewed_at')} AS d, 0 AS done FROM lesson_progress "
        f"UNION ALL SELECT user_id, {day('last_viewed_at')}, 0 FROM lesson_progress "
        f"UNION ALL SELECT user_id, {day('completed_at')}, 1 FROM lesson_progress WHERE completed_at IS NOT NULL "
        f"UNION ALL SELECT user_id, {day('submitted_at')}, 0 FROM quiz_attempts "
        f"UNION ALL SELECT user_id, {day('completed_at')}, 0 FROM exercise_completions) AS days GROUP BY user_id, d")

    op.create_table('learner_modules',
                    sa.Column('user_id', sa.Integer(), nullable=False),
                    sa.Column('module_id', sa.String(length=80), nullable=False),
                    sa.Column('lessons_done', sa.Integer(), nullable=False, server_default='0'),
                    sa.Column('last_viewed_at', sa.DateTime(timezone=True), nullable=True),
                    sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'),
                    sa.Column('passes', sa.Integer(), nullable=False, server_default='0'),
                    sa.Column('score_sum', sa.Float(), nullable=False, server_default='0'),
                    sa.Column('best_score', sa.Float(), nullable=True),
                    sa.Column('first_attempt_at', sa.DateTime(timezone=True), nullable=True),
                    sa.Column('last_attempt_at', sa.DateTime(timezone=True), nullable=True),
                    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
                    sa.PrimaryKeyConstraint('user_id', 'module_id'))
    moment = "TIMESTAMP" if sqlite else "TIMESTAMP WITH TIME ZONE"
    op.execute(
        "INSERT INTO learner_modules (user_id, module_id, lessons_done, last_viewed_at, attempts, passes, score_sum, "
        "best_score, first_attempt_at, last_attempt_at) "
        "SELECT user_id, module_id, sum(d), max(v), sum(a), sum(p), sum(s), max(b), min(f), max(l) FROM ("
        "SELECT user_id, module_id, count(completed_at) AS d, max(last_viewed_at) AS v, 0 AS a, 0 AS p, 0.0 AS s, "
        f"CAST(NULL AS FLOAT) AS b, CAST(NULL AS {moment}) AS f, CAST(NULL AS {moment}) AS l "
        "FROM lesson_progress GROUP BY user_id, module_id "
        "UNION ALL SELECT user_id, module_id, 0, NULL, count(*), sum(CAST(passed AS INTEGER)), sum(score), max(score), "
        "min(submitted_at), max(submitted_at) FROM quiz_attempts GROUP BY user_id, module_id"
        ") AS parts GROUP BY user_id, module_id")

    op.create_table('answer_counts',
                    sa.Column('module_id', sa.String(length=80), nullable=False),
                    sa.Column('question_id', sa.String(length=120), nullable=False),
                    sa.Column('chosen', sa.String(length=200), nullable=False),
                    sa.Column('correct', sa.Boolean(), nullable=False),
                    sa.Column('n', sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint('module_id', 'question_id', 'chosen', 'correct'))
    op.execute("INSERT INTO answer_counts (module_id, question_id, chosen, correct, n) "
               "SELECT module_id, question_id, chosen, correct, count(*) FROM quiz_answers "
               "WHERE module_id IS NOT NULL GROUP BY module_id, question_id, chosen, correct")
    for statement in (_sqlite_triggers() if sqlite else _postgres_triggers()):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        for name in _SQLITE_TRIGGER_NAMES:
            op.execute(f"DROP TRIGGER {name}")
    else:
        for table, name in _POSTGRES_TRIGGER_NAMES:
            op.execute(f"DROP TRIGGER {name} ON {table}")
            op.execute(f"DROP FUNCTION {name}()")
    op.drop_table('answer_counts')
    op.drop_table('learner_modules')
    op.drop_index('ix_learner_days_day_user', table_name='learner_days')
    op.drop_table('learner_days')
    op.drop_index('ix_quiz_attempts_user_cover', table_name='quiz_attempts')
    op.drop_index('ix_lesson_progress_lesson_done', table_name='lesson_progress')
    op.drop_index('ix_lesson_progress_user_cover', table_name='lesson_progress')
    op.drop_index('ix_quiz_answers_attempt_cover', table_name='quiz_answers')
    op.create_index('ix_quiz_answers_question_chosen', 'quiz_answers',
                    ['question_id', 'chosen', 'correct', 'attempt_id'], unique=False)
    with op.batch_alter_table('quiz_answers') as batch:
        batch.drop_column('module_id')


def _day_sql(sqlite: bool):
    """SQL of a stored time's UTC day: its first 10 characters on SQLite (UTC text), the UTC date on PostgreSQL
    (whatever the server's time zone)."""
    return (lambda col: f"substr({col}, 1, 10)") if sqlite else (lambda col: f"CAST(({col}) AT TIME ZONE 'UTC' AS DATE)")


def _statements(sqlite: bool) -> dict[str, str]:
    """The trigger bodies' statements (r: the NEW or OLD row)."""
    day = _day_sql(sqlite)
    module = "COALESCE({r}.module_id, (SELECT module_id FROM quiz_attempts WHERE id = {r}.attempt_id))"
    later = "max(coalesce({a}, {b}), {b})" if sqlite else "GREATEST({a}, {b})"    # NULL: the other one
    earlier = "min(coalesce({a}, {b}), {b})" if sqlite else "LEAST({a}, {b})"
    lm = "learner_modules.{c}"
    return {
        # learner_modules: a lesson row counted in or out of its learner and module
        "lm_lesson+": ("INSERT INTO learner_modules (user_id, module_id, lessons_done, last_viewed_at) VALUES "
                       "({r}.user_id, {r}.module_id, CASE WHEN {r}.completed_at IS NULL THEN 0 ELSE 1 END, "
                       "{r}.last_viewed_at) ON CONFLICT (user_id, module_id) DO UPDATE SET "
                       "lessons_done = learner_modules.lessons_done + excluded.lessons_done, last_viewed_at = "
                       + later.format(a=lm.format(c="last_viewed_at"), b="excluded.last_viewed_at")),
        "lm_lesson-": ("UPDATE learner_modules SET lessons_done = lessons_done - 1 WHERE {r}.completed_at IS NOT NULL "
                       "AND user_id = {r}.user_id AND module_id = {r}.module_id"),
        # … a quiz attempt (the best score and the first and last times only ever widen: the rows of a learner
        # whose attempts are removed are deleted with them, app/personal_data.py, app/trainer/roster.py)
        "lm_quiz+": ("INSERT INTO learner_modules (user_id, module_id, attempts, passes, score_sum, best_score, "
                     "first_attempt_at, last_attempt_at) VALUES ({r}.user_id, {r}.module_id, 1, "
                     "CAST({r}.passed AS INTEGER), {r}.score, {r}.score, {r}.submitted_at, {r}.submitted_at) "
                     "ON CONFLICT (user_id, module_id) DO UPDATE SET attempts = learner_modules.attempts + 1, "
                     "passes = learner_modules.passes + excluded.passes, "
                     "score_sum = learner_modules.score_sum + excluded.score_sum, "
                     "best_score = " + later.format(a=lm.format(c="best_score"), b="excluded.best_score") + ", "
                     "first_attempt_at = " + earlier.format(a=lm.format(c="first_attempt_at"),
                                                            b="excluded.first_attempt_at") + ", "
                     "last_attempt_at = " + later.format(a=lm.format(c="last_attempt_at"),
                                                         b="excluded.last_attempt_at")),
        "lm_quiz-": ("UPDATE learner_modules SET attempts = attempts - 1, "
                     "passes = passes - CAST({r}.passed AS INTEGER), "
                     "score_sum = score_sum - {r}.score WHERE user_id = {r}.user_id AND module_id = {r}.module_id"),
        # a day the learner studied (nothing if the time is empty)
        "day": ("INSERT INTO learner_days (user_id, day, lessons_done) SELECT {r}.user_id, " + day("{r}.{c}")
                + ", 0 WHERE {r}.{c} IS NOT NULL ON CONFLICT (user_id, day) DO NOTHING"),
        "done+": ("INSERT INTO learner_days (user_id, day, lessons_done) SELECT {r}.user_id, " + day("{r}.completed_at")
                  + ", 1 WHERE {r}.completed_at IS NOT NULL ON CONFLICT (user_id, day) "
                  "DO UPDATE SET lessons_done = learner_days.lessons_done + 1"),
        "done-": ("UPDATE learner_days SET lessons_done = lessons_done - 1 WHERE {r}.completed_at IS NOT NULL "
                  "AND user_id = {r}.user_id AND day = " + day("{r}.completed_at")),
        # an answer written or removed (its module from the attempt when the writer did not copy it)
        "answer+": ("INSERT INTO answer_counts (module_id, question_id, chosen, correct, n) SELECT " + module
                    + ", {r}.question_id, {r}.chosen, {r}.correct, 1 WHERE true "
                    "ON CONFLICT (module_id, question_id, chosen, correct) DO UPDATE SET n = answer_counts.n + 1"),
        "answer-": ("UPDATE answer_counts SET n = n - 1 WHERE module_id = " + module
                    + " AND question_id = {r}.question_id AND chosen = {r}.chosen AND correct = {r}.correct"),
    }


def _body(sqlite: bool, steps: list[tuple[str, str, str]]) -> str:
    """Statements for (statement, row, time column) steps."""
    sql = _statements(sqlite)
    return "".join(sql[name].format(r=row, c=col) + "; " for name, row, col in steps)


# SQLite: (name, event, table, steps)
_SQLITE = [
    ("learner_days_lesson_insert", "INSERT", "lesson_progress",
     [("day", "NEW", "first_viewed_at"), ("day", "NEW", "last_viewed_at"), ("done+", "NEW", "")]),
    ("learner_days_lesson_view", "UPDATE OF user_id, first_viewed_at, last_viewed_at", "lesson_progress",
     [("day", "NEW", "first_viewed_at"), ("day", "NEW", "last_viewed_at")]),
    ("learner_days_lesson_done", "UPDATE OF user_id, completed_at", "lesson_progress",
     [("done-", "OLD", ""), ("done+", "NEW", "")]),
    ("learner_days_lesson_delete", "DELETE", "lesson_progress", [("done-", "OLD", "")]),
    ("learner_days_quiz", "INSERT", "quiz_attempts", [("day", "NEW", "submitted_at")]),
    ("learner_days_quiz_update", "UPDATE OF user_id, submitted_at", "quiz_attempts", [("day", "NEW", "submitted_at")]),
    ("learner_days_exercise", "INSERT", "exercise_completions", [("day", "NEW", "completed_at")]),
    ("learner_days_exercise_update", "UPDATE OF user_id, completed_at", "exercise_completions",
     [("day", "NEW", "completed_at")]),
    ("learner_modules_lesson_insert", "INSERT", "lesson_progress", [("lm_lesson+", "NEW", "")]),
    ("learner_modules_lesson_update", "UPDATE OF user_id, module_id, last_viewed_at, completed_at", "lesson_progress",
     [("lm_lesson-", "OLD", ""), ("lm_lesson+", "NEW", "")]),
    ("learner_modules_lesson_delete", "DELETE", "lesson_progress", [("lm_lesson-", "OLD", "")]),
    ("learner_modules_quiz_insert", "INSERT", "quiz_attempts", [("lm_quiz+", "NEW", "")]),
    ("learner_modules_quiz_update", "UPDATE OF user_id, module_id, score, passed, submitted_at", "quiz_attempts",
     [("lm_quiz-", "OLD", ""), ("lm_quiz+", "NEW", "")]),
    ("learner_modules_quiz_delete", "DELETE", "quiz_attempts", [("lm_quiz-", "OLD", "")]),
    ("answer_counts_insert", "INSERT", "quiz_answers", [("answer+", "NEW", "")]),
    ("answer_counts_delete", "DELETE", "quiz_answers", [("answer-", "OLD", "")]),
    ("answer_counts_update", "UPDATE", "quiz_answers", [("answer-", "OLD", ""), ("answer+", "NEW", "")]),
]
_SQLITE_TRIGGER_NAMES = [name for name, *_ in _SQLITE]


def _sqlite_triggers() -> list[str]:
    return [f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {_body(True, steps)}END"
            for name, event, table, steps in _SQLITE]


# PostgreSQL: one function per table; (table, events, steps on insert/update, steps on update/delete)
_POSTGRES = {
    "learner_days_lesson": ("lesson_progress",
                            "INSERT OR DELETE OR UPDATE OF user_id, first_viewed_at, last_viewed_at, completed_at",
                            [("day", "NEW", "first_viewed_at"), ("day", "NEW", "last_viewed_at"), ("done+", "NEW", "")],
                            [("done-", "OLD", "")]),
    "learner_days_quiz": ("quiz_attempts", "INSERT OR UPDATE OF user_id, submitted_at",
                          [("day", "NEW", "submitted_at")], []),
    "learner_days_exercise": ("exercise_completions", "INSERT OR UPDATE OF user_id, completed_at",
                              [("day", "NEW", "completed_at")], []),
    "learner_modules_lesson": ("lesson_progress", "INSERT OR DELETE OR UPDATE OF user_id, module_id, last_viewed_at, "
                               "completed_at", [("lm_lesson+", "NEW", "")], [("lm_lesson-", "OLD", "")]),
    "learner_modules_quiz": ("quiz_attempts", "INSERT OR DELETE OR UPDATE OF user_id, module_id, score, passed, "
                             "submitted_at", [("lm_quiz+", "NEW", "")], [("lm_quiz-", "OLD", "")]),
    "answer_counts_keep": ("quiz_answers", "INSERT OR UPDATE OR DELETE", [("answer+", "NEW", "")],
                           [("answer-", "OLD", "")]),
}
_POSTGRES_TRIGGER_NAMES = [(table, name) for name, (table, *_) in _POSTGRES.items()]


def _postgres_triggers() -> list[str]:
    out = []
    for name, (table, events, new_steps, old_steps) in _POSTGRES.items():
        old = f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {_body(False, old_steps)}END IF; " if old_steps else ""
        new = f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {_body(False, new_steps)}END IF; "
        out.append(f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {old}{new}"
                   "RETURN NULL; END $$")
        out.append(f"CREATE TRIGGER {name} AFTER {events} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()")
    return out
