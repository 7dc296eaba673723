"""The sales book's legal wording, kept as data in tools/compliance/sales.yaml."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from tools.textnorm import nfc

NOTICES_FILE = Path(__file__).resolve().parents[1] / "compliance" / "sales.yaml"


@lru_cache(maxsize=1)
def _data() -> dict:
    return yaml.safe_load(NOTICES_FILE.read_text(encoding="utf-8"))


def notice(key: str) -> str:
    """One notice by key: not_einvoice, not_tax_advice, revenue_book, customer_data."""
    return nfc(_data()["notices"][key])


def law(key: str) -> str:
    return nfc(_data()["laws"][key])
