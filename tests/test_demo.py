from sqlalchemy import func, select

from tests.helpers import authenticate
from app.demo import ACCOUNTS, create_demo
from app.models import Classroom, Enrolment, User
from app.trainer.demo_data import EXTRA_LEARNERS


def test_demo_accounts_log_in_and_demo_is_idempotent(db_url, session):
    create_demo(url=db_url)
    create_demo(url=db_url)
    assert session.scalar(select(func.count(User.id))) == len(ACCOUNTS) + len(EXTRA_LEARNERS)
    for account in ACCOUNTS:
        assert authenticate(session, account.username, account.password).role == account.role
    classroom = session.scalar(select(Classroom))
    assert session.scalar(select(func.count(Enrolment.id)).where(Enrolment.class_id == classroom.id)) == 3 + len(EXTRA_LEARNERS)


def test_demo_reset_recreates(db_url, session):
    create_demo(url=db_url)
    from app.db import session_scope
    from app.models import Order
    from app.orders.service import ItemInput, OrderInput, create_order
    with session_scope(db_url) as s:  # the demo shop took an order: reset removes it with the shop
        shop = s.scalar(select(User).where(User.username == "cuahang"))
        create_order(s, shop.id, OrderInput(items=[ItemInput("Tương Bần", 45000, 1)], status="confirmed"))
    create_demo(reset=True, url=db_url)
    assert session.scalar(select(func.count(Classroom.id))) == 1
    assert session.scalar(select(func.count(Order.id))) == 0


def test_demo_learners_have_varied_progress(db_url, session, monkeypatch):
    from app.learning.catalog import load_catalog
    from app.learning.progress import course_state
    from tests.learning_fixtures import FIXTURE_COURSES
    monkeypatch.setenv("BINHDAN_COURSES_DIR", str(FIXTURE_COURSES))
    create_demo(url=db_url)
    catalog = load_catalog()
    users = {u.username: u for u in session.scalars(select(User))}
    done, midway, starter = (course_state(session, users[n].id, catalog) for n in ("hocvien1", "hocvien2", "hocvien3"))
    assert [r.complete for r in done.course_map()] == [True, True]
    assert all(done.attempts[m.id] == 2 for m in catalog.modules)  # failed once, then passed
    assert len(midway.completed) == 1 and midway.resume().lesson_id == catalog.modules[0].lessons[1].id
    assert starter.completed == set() and starter.viewed == {catalog.modules[0].lessons[0].id}
    assert users["hocvien3"].last_seen_at is not None
