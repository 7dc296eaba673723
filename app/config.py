"""Runtime settings read from the environment (all optional: the defaults work offline)."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """Folder for the SQLite file, caches and rendered media (BINHDAN_DATA_DIR, default ./data)."""
    path = Path(os.environ.get("BINHDAN_DATA_DIR", PROJECT_ROOT / "data"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str:
    """SQLAlchemy URL: BINHDAN_DATABASE_URL, or a SQLite file in the data folder."""
    url = os.environ.get("BINHDAN_DATABASE_URL", "").strip()
    return url or f"sqlite:///{data_dir() / 'binhdan.db'}"


def public_url() -> str:
    """Address people use to reach the app (QR codes on certificates, xAPI ids): BINHDAN_PUBLIC_URL."""
    return os.environ.get("BINHDAN_PUBLIC_URL", "").strip().rstrip("/") or "http://localhost:8501"
