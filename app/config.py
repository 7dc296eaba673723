"""Runtime settings read from the environment (all optional: the defaults work offline)."""
from __future__ import annotations

import os
from contextvars import ContextVar

from tools.settings import PROJECT_ROOT, data_dir  # noqa: F401  (re-exported for the app)


def database_url() -> str:
    """SQLAlchemy URL: BINHDAN_DATABASE_URL, or a SQLite file in the data folder."""
    url = os.environ.get("BINHDAN_DATABASE_URL", "").strip()
    return url or f"sqlite:///{data_dir() / 'binhdan.db'}"


# The address the browser used for the current page (set by the app on every run; empty elsewhere).
_request_base: ContextVar[str] = ContextVar("binhdan_request_base", default="")


def set_request_base(url: str | None) -> None:
    """Remember the scheme://host[:port] the visitor's browser used (st.context.url), for public_url()."""
    from urllib.parse import urlsplit
    parts = urlsplit(url or "")
    _request_base.set(f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else "")


def public_url() -> str:
    """Address people use to reach the app (QR codes on certificates, xAPI ids): BINHDAN_PUBLIC_URL, else the
    address the browser used for this page, else http://localhost:8501 (command line without a setting)."""
    configured = os.environ.get("BINHDAN_PUBLIC_URL", "").strip().rstrip("/")
    return configured or _request_base.get() or "http://localhost:8501"
