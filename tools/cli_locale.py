"""Vietnamese for argparse's own words: the `binhdan` command's usage line, help headings and errors.

argparse looks its messages up through the module globals `_` and `ngettext` at call time; `install()`
points them at the table in cli_messages.yaml (a message not in the table is shown unchanged)."""
from __future__ import annotations

import argparse
from functools import lru_cache
from pathlib import Path

import yaml

MESSAGES_FILE = Path(__file__).with_name("cli_messages.yaml")


@lru_cache(maxsize=1)
def table() -> tuple[dict[str, str], dict[str, list[str]]]:
    data = yaml.safe_load(MESSAGES_FILE.read_text(encoding="utf-8"))
    return data["messages"], data.get("plural", {})


def gettext(message):
    return table()[0].get(message, message) if isinstance(message, str) else message


def ngettext(singular: str, plural: str, n: int) -> str:
    forms = table()[1].get(singular)
    if forms:
        return forms[0] if n == 1 else forms[1]
    return singular if n == 1 else plural


def install() -> None:
    argparse._ = gettext
    argparse.ngettext = ngettext
