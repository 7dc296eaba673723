"""Which course lesson explains a warning of the rule layer (data: lessons.yaml next to this file)."""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import yaml

from tools.compliance.assessment import Assessment

LESSONS_FILE = Path(__file__).with_name("lessons.yaml")


@lru_cache(maxsize=1)
def lesson_links() -> tuple[dict, ...]:
    data = yaml.safe_load(LESSONS_FILE.read_text(encoding="utf-8")) or {}
    return tuple(data.get("lessons") or ())


def lesson_for(changes: Iterable[str] = (), block: str | None = None) -> str:
    """The id of the first lesson that explains one of these change codes or this block code ("" if none)."""
    codes = set(changes)
    for entry in lesson_links():
        if codes & set(entry.get("changes") or ()) or (block and block in (entry.get("blocks") or ())):
            return entry["lesson"]
    return ""


def lesson_for_assessment(assessment: Assessment, channel: str | None = None) -> str:
    """The lesson for what the rules did to this product on this channel (None: every channel)."""
    codes = [c.code for c in assessment.changes if not c.channels or channel in c.channels]
    return lesson_for(codes, assessment.block.code if assessment.block else None)


def reference_lessons() -> frozenset[str]:
    """Lessons a tool links to: a seller may read them out of the course order (reading only)."""
    return frozenset(e["lesson"] for e in lesson_links())


def lesson_label(lesson_id: str) -> str:
    """The link text the pages show for a lesson ("Xem bài: …")."""
    return next((e["label"] for e in lesson_links() if e["lesson"] == lesson_id), "Xem bài học")
