"""Shared fixtures: a migrated database on SQLite and on a real PostgreSQL server."""
from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.db import dispose_engine, migrate, session_scope


def _postgres_url_or_skip() -> str:
    base = os.environ.get("BINHDAN_TEST_PG_URL")
    if not base:
        if os.environ.get("CI"):
            pytest.fail("BINHDAN_TEST_PG_URL is not set: scripts/test.sh must start PostgreSQL in CI")
        pytest.skip("no PostgreSQL server (run the suite with scripts/test.sh)")
    return base


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path, monkeypatch):
    """A freshly migrated database URL, set as BINHDAN_DATABASE_URL for code that reads the default."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.db'}"
        admin, name = None, None
    else:
        base = _postgres_url_or_skip()
        name = "t_" + uuid.uuid4().hex[:12]
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(base).set(database=name).render_as_string(hide_password=False)
    monkeypatch.setenv("BINHDAN_DATABASE_URL", url)
    migrate(url)
    yield url
    dispose_engine(url)
    if admin is not None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path, monkeypatch):
    """SQLite only, for tests whose subject is not the database."""
    url = f"sqlite:///{tmp_path / 'test.db'}"
    monkeypatch.setenv("BINHDAN_DATABASE_URL", url)
    migrate(url)
    yield url
    dispose_engine(url)


@pytest.fixture
def session(db_url):
    with session_scope(db_url) as s:
        yield s
