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
