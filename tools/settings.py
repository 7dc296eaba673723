"""Settings the engines need, read from the environment (the app's config builds on these)."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """Folder for the SQLite file, caches and rendered media (BINHDAN_DATA_DIR, default ./data)."""
    path = Path(os.environ.get("BINHDAN_DATA_DIR", PROJECT_ROOT / "data"))
    path.mkdir(parents=True, exist_ok=True)
    return path
