"""Runtime settings read from the environment (all optional: the defaults work offline)."""
from __future__ import annotations

import os

from tools.settings import PROJECT_ROOT, data_dir  # noqa: F401  (re-exported for the app)


def database_url() -> str:
    """SQLAlchemy URL: BINHDAN_DATABASE_URL, or a SQLite file in the data folder."""
    url = os.environ.get("BINHDAN_DATABASE_URL", "").strip()
    return url or f"sqlite:///{data_dir() / 'binhdan.db'}"


def public_url() -> str:
    """Address people use to reach the app (QR codes on certificates, xAPI ids): BINHDAN_PUBLIC_URL."""
    return os.environ.get("BINHDAN_PUBLIC_URL", "").strip().rstrip("/") or "http://localhost:8501"
