"""Learning paths: the shared core plus a track's modules, chosen at sign-up, on the course map or by a trainer."""
import pytest

from app.learning.catalog import COURSES_DIR, load_catalog_from
from app.learning.progress import course_state
from app.learning.tracks import TrackError, get_track, learner_catalog, set_track
from tests.learning_fixtures import make_learner

REAL = load_catalog_from(COURSES_DIR)
CORE = [m.id for m in REAL.modules if not m.tracks]


def ids(catalog):
    return [m.id for m in catalog.modules]


def test_each_track_is_the_core_plus_its_own_modules():
    assert {t.id for t in REAL.tracks} == {"hoc-sinh", "ho-kinh-doanh", "can-bo-phuong"}
    assert len(CORE) >= 5 and "m-lua-dao-va-deepfake" in CORE
    assert ids(REAL.for_track("ho-kinh-doanh")) == [m for m in ids(REAL) if m in CORE or m == "m03-ai-cho-ban-hang"]
    assert ids(REAL.for_track("hoc-sinh")) == [m for m in ids(REAL) if m in CORE or m == "m04-ai-cho-hoc-tap"]
    assert ids(REAL.for_track("can-bo-phuong")) == [m for m in ids(REAL) if m in CORE or m == "m07-ai-cho-can-bo-phuong"]
    # no choice: the course as it was before tracks (core, selling and studying), not the ward staff module
    assert "m07-ai-cho-can-bo-phuong" not in ids(REAL.for_track(None))
    assert {"m03-ai-cho-ban-hang", "m04-ai-cho-hoc-tap"} <= set(ids(REAL.for_track(None)))


def test_a_learner_chooses_a_track_and_progress_follows_it(session):
    user = make_learner(session)
    assert get_track(session, user.id) is None
    set_track(session, REAL, user.id, "can-bo-phuong", chosen_by_id=user.id)
    mine = learner_catalog(session, user.id, REAL)
    assert ids(mine) == ids(REAL.for_track("can-bo-phuong"))
    state = course_state(session, user.id, mine)
    assert state.resume().module_id == REAL.modules[0].id and len(state.course_map()) == len(mine.modules)
    set_track(session, REAL, user.id, "hoc-sinh")
    assert get_track(session, user.id) == "hoc-sinh"
    set_track(session, REAL, user.id, None)
    assert get_track(session, user.id) is None
    with pytest.raises(TrackError):
        set_track(session, REAL, user.id, "khong-co")


# "hoàn thành" and the certificate count the modules of the learner's path only, in one place
# (app.learning.progress.course_states), whatever catalog the caller passes.

def _two_track_course():
    """The small fixture course with its second module on the "hoc-sinh" track only (not a default track)."""
    from app.learning.catalog import Track
    from tests.learning_fixtures import fixture_catalog

    base = fixture_catalog()
    first, second = base.modules
    return base.model_copy(update={
        "modules": (first, second.model_copy(update={"tracks": ("hoc-sinh",)})),
        "tracks": (Track(id="hoc-sinh", title="Học sinh"), Track(id="ho-kinh-doanh", title="Hộ kinh doanh",
                                                                   default=True))})


def _finish_with_exercise(session, user_id, catalog, module):
    from app.learning.practice import complete_exercise
    from tests.learning_fixtures import finish_module

    finish_module(session, user_id, catalog, module)
    artifact = ({"checked": list(module.exercise.checklist)} if module.exercise.tool == "checklist" else {
        "prompt_a": "Viết lời chào", "answer_a": "Xin chào", "prompt_b": "Viết lời chào cho khách quen",
        "answer_b": "Chào cô Lan", "better": "b", "reason": "Câu lệnh rõ hơn cho câu trả lời tốt hơn"})
    complete_exercise(session, user_id, catalog, module, artifact)


def test_completion_and_certificate_count_only_the_learners_path(session):
    from app.learning.certificates import CertificateError, issue_certificate, missing_for_certificate
    from app.learning.progress import completed_learners, course_states

    course = _two_track_course()
    core, student_only = course.modules
    no_track = make_learner(session, username="chuachon")
    student = make_learner(session, username="hocsinh")
    set_track(session, course, student.id, "hoc-sinh")
    for user in (no_track, student):
        _finish_with_exercise(session, user.id, course, core)

    # the whole course is passed in: the path is applied inside, not by the caller
    assert missing_for_certificate(session, no_track.id, course) == []
    assert course_state(session, no_track.id, course).completed_course
    missing = missing_for_certificate(session, student.id, course)
    assert len(missing) == 2  # the student track's module: its quiz and its exercise
    with pytest.raises(CertificateError):
        issue_certificate(session, student.id, course)
    assert completed_learners(session, [no_track.id, student.id], course) == {no_track.id}

    states = course_states(session, [no_track.id, student.id], course)
    assert [m.id for m in states[no_track.id].catalog.modules] == [core.id]
    assert [m.id for m in states[student.id].catalog.modules] == [core.id, student_only.id]
    assert not states[no_track.id].module_unlocked(student_only)  # off the path: locked, no error
    assert not states[no_track.id].lesson_unlocked(student_only.lessons[0])

    _finish_with_exercise(session, student.id, course, student_only)
    assert completed_learners(session, [no_track.id, student.id], course) == {no_track.id, student.id}
    assert issue_certificate(session, student.id, course).code
    # a catalog already narrowed to the learner's path gives the same answer (narrowing twice is a no-op)
    assert course_state(session, student.id, learner_catalog(session, student.id, course)).completed_course


def test_changing_track_keeps_progress_and_recounts_completion(session):
    from app.learning.progress import completed_learners

    course = _two_track_course()
    core, student_only = course.modules
    user = make_learner(session)
    set_track(session, course, user.id, "hoc-sinh")
    _finish_with_exercise(session, user.id, course, core)
    assert completed_learners(session, [user.id], course) == set()
    set_track(session, course, user.id, "ho-kinh-doanh", chosen_by_id=user.id)  # e.g. the trainer moves them
    assert completed_learners(session, [user.id], course) == {user.id}
    set_track(session, course, user.id, "hoc-sinh")
    state = course_state(session, user.id, course)
    assert not state.completed_course and state.module_progress(core).complete
    assert completed_learners(session, [], course) == set()
