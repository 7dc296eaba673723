"""Each dashboard metric on a small class whose right answers are known (SQLite and PostgreSQL)."""
import pytest

from app.trainer import analytics
from app.trainer.access import AccessError
from tests.trainer_data import NOW
from tests.trainer_data import catalog, data  # noqa: F401,F811 - pytest fixtures


def test_lesson_completion_counts_only_this_class(session, data, catalog):
    frame = analytics.lesson_completion(session, data["class_a"], catalog).set_index("lesson_id")
    assert list(frame.index) == ["t01-l01-ai-la-gi", "t01-l02-ai-quanh-ta", "t02-l01-bao-mat", "t02-l02-tin-gia"]
    assert frame.loc["t01-l01-ai-la-gi", "completed"] == 2 and frame.loc["t01-l01-ai-la-gi", "completion_rate"] == pytest.approx(2 / 3)
    assert frame.loc["t01-l02-ai-quanh-ta", ["started", "completed"]].tolist() == [2, 1]
    assert frame.loc["t02-l02-tin-gia", "completed"] == 0  # dung (other class) finished it: not counted


def test_module_completion_needs_every_lesson(session, data, catalog):
    frame = analytics.module_completion(session, data["class_a"], catalog).set_index("module_id")
    assert frame.loc["t01-lam-quen", "completed"] == 1
    assert frame.loc["t02-an-toan", "completed"] == 0


def test_quiz_summary_uses_best_score_per_learner(session, data, catalog):
    frame = analytics.quiz_summary(session, data["class_a"], catalog).set_index("module_id")
    m1 = frame.loc["t01-lam-quen"]
    assert (m1["attempts"], m1["learners"], m1["passed"]) == (4, 2, 1)
    assert m1["avg_best_score"] == pytest.approx(0.75) and m1["pass_rate"] == pytest.approx(0.5)
    assert frame.loc["t02-an-toan", "learners"] == 0


def test_inactive_learners(session, data, catalog):
    learners = analytics.learner_table(session, data["class_a"], catalog, now=NOW)
    frame = analytics.inactive_learners(learners, days=7)
    assert frame["username"].tolist() == ["chi", "binh"]  # never active first, then longest idle
    assert frame["days_idle"].tolist()[1] == 10
    assert analytics.inactive_learners(learners, days=20)["username"].tolist() == ["chi"]
    assert learners.set_index("username").loc["an", "days_idle"] == 1  # last quiz and lesson: yesterday


def test_stuck_learners_on_lesson_and_quiz(session, data, catalog):
    frame = analytics.stuck_learners(session, data["class_a"], catalog, now=NOW)
    assert sorted(zip(frame["full_name"], frame["kind"], frame["item_id"])) == [
        ("Lê Thị Bình", "lesson", "t01-l02-ai-quanh-ta"), ("Lê Thị Bình", "quiz", "t01-lam-quen")]
    assert set(frame["days"]) == {10}


def test_hardest_questions_with_most_chosen_wrong_option(session, data, catalog):
    frame = analytics.hardest_questions(session, data["class_a"], catalog)
    assert frame["question_id"].tolist() == ["q04", "q01"]
    q04 = frame.iloc[0]
    assert (q04["answered"], q04["wrong"], q04["top_wrong_count"]) == (4, 3, 2)
    assert q04["wrong_rate"] == pytest.approx(0.75) and q04["top_wrong"] == "cũ"
    assert "q03" not in set(frame["question_id"])  # only the other class answered it


def test_progress_over_time(session, data, catalog):
    frame = analytics.progress_over_time(session, data["class_a"], catalog)
    by_day = {d.date().isoformat(): row for d, row in zip(frame["day"], frame.to_dict("records"))}
    assert by_day["2026-11-15"]["completed"] == 1 and by_day["2026-11-24"]["completed"] == 3
    assert by_day["2026-11-23"]["active_learners"] == 1  # an's first quiz attempt
    assert frame["cumulative_rate"].iloc[-1] == pytest.approx(4 / 12)  # 3 learners × 4 lessons


def test_learner_table_and_overview(session, data, catalog):
    dash = analytics.class_dashboard(session, data["gv"], data["class_a"], catalog, now=NOW)
    table = dash.learners.set_index("username")
    assert list(table.index) == ["binh", "an", "chi"]  # by group, then name
    an = table.loc["an"]
    assert (an["lessons_completed"], an["quizzes_passed"], an["quiz_attempts"], an["exercises_done"]) == (3, 1, 2, 1)
    assert an["avg_score"] == pytest.approx(0.75) and an["completion_rate"] == pytest.approx(5 / 8)  # of 4 lessons, 2 quizzes, 2 exercises
    assert not an["complete"]  # 1 of 2 quizzes: "Hoàn thành" follows the certificate rule, not lessons
    assert an["certificate_code"] == "BD-TEST-0001" and table.loc["chi", "lessons_completed"] == 0
    o = dash.overview
    assert (o.learners, o.active_7d, o.certificates) == (3, 1, 1)
    assert o.avg_completion == pytest.approx((5 / 8 + 1 / 8 + 0) / 3) and o.quiz_pass_rate == pytest.approx(0.5)


def test_dashboard_access_rules(session, data, catalog):
    analytics.class_dashboard(session, data["admin"], data["class_a"], catalog, now=NOW)
    for who in ("gv2", "learner"):
        with pytest.raises(AccessError):
            analytics.class_dashboard(session, data[who], data["class_a"], catalog, now=NOW)


def test_parallel_dashboard_equals_sequential(session, data, catalog):
    session.commit()  # the worker connections read committed data
    one = analytics.class_dashboard(session, data["gv"], data["class_a"], catalog, now=NOW)
    many = analytics.class_dashboard(session, data["gv"], data["class_a"], catalog, now=NOW, workers=3)
    for name in ("learners", "lessons", "modules", "quizzes", "inactive", "stuck", "stuck_people", "hardest",
                 "timeline"):
        assert getattr(one, name).equals(getattr(many, name)), name
    assert one.overview == many.overview


def test_learner_profile(session, data, catalog):
    from app.trainer.learner import learner_profile, learners_for
    profile = learner_profile(session, data["gv"], data["an"], catalog)
    assert profile.classes == ["Lớp A"] and profile.certificate_code == "BD-TEST-0001"
    assert (profile.lessons_completed, profile.lessons_total) == (3, 4)
    assert profile.timeline["event"].value_counts().to_dict() == {
        "viewed": 3, "completed": 3, "passed": 1, "failed": 1, "exercise": 1, "certificate": 1}
    assert profile.attempts["wrong"].tolist() == ["", "Khi gõ “Chúc mừng năm”, điện thoại gợi ý gì?"]  # newest first
    assert profile.exercises["exercise"].tolist() == ["Tìm AI trong điện thoại của bạn"]
    assert set(learners_for(session, data["gv"])["username"]) == {"an", "binh", "chi"}
    with pytest.raises(AccessError):
        learner_profile(session, data["gv"], data["dung"], catalog)


def test_demo_class_shows_every_kind_of_learner(sqlite_url):
    from app.db import session_scope
    from app.demo import DEMO_CLASS, create_demo
    from app.learning.catalog import load_catalog
    from app.trainer.access import SERVER_OPERATOR
    from app.trainer.classes import find_class
    create_demo(url=sqlite_url)
    with session_scope(sqlite_url) as s:
        dash = analytics.class_dashboard(s, SERVER_OPERATOR, find_class(s, SERVER_OPERATOR, DEMO_CLASS).id,
                                         load_catalog())
    assert dash.overview.learners >= 12 and 0 < dash.overview.avg_completion < 1
    assert len(dash.inactive) and len(dash.stuck) and len(dash.hardest) and len(dash.timeline) > 5
    assert dash.modules["completed"].iloc[0] > dash.modules["completed"].iloc[-1] >= 1


def test_data_stamp_changes_with_progress(session, data):
    from app.models import LessonProgress
    before = analytics.data_stamp(session, data["class_a"])
    assert analytics.data_stamp(session, data["class_a"]) == before
    row = session.query(LessonProgress).filter_by(user_id=data["binh"], lesson_id="t01-l02-ai-quanh-ta").one()
    row.completed_at = NOW
    session.flush()
    assert analytics.data_stamp(session, data["class_a"]) != before
