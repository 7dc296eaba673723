from sqlalchemy import func, select

from app.auth import authenticate
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
    create_demo(reset=True, url=db_url)
    assert session.scalar(select(func.count(Classroom.id))) == 1
