"""SubRip (.srt) captions from the timeline's cues, and reading them back."""
from __future__ import annotations

import unicodedata

import numpy as np

from tools.video.timeline import Cue
from tools.video.vnwords import units

SRT_LINE_CHARS = 42


def _stamp(seconds: float) -> str:
    ms = int(round(max(0.0, seconds) * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d},{ms:03d}"


def _two_lines(text: str) -> str:
    """Break a long caption once, between the words nearest its middle (never inside a Vietnamese
    word of several syllables)."""
    pieces = units(text)
    if len(text) <= SRT_LINE_CHARS or len(pieces) < 2:
        return text
    middle = len(text) // 2
    ends = np.cumsum([len(p) + 1 for p in pieces])[:-1] - 1     # index of the space after each piece
    k = int(np.argmin(np.abs(ends - middle)))
    return " ".join(pieces[:k + 1]) + "\n" + " ".join(pieces[k + 1:])


def to_srt(cues: list[Cue]) -> str:
    blocks = []
    for i, cue in enumerate(cues, 1):
        text = unicodedata.normalize("NFC", cue.text)
        blocks.append(f"{i}\n{_stamp(cue.start)} --> {_stamp(cue.end)}\n{_two_lines(text)}\n")
    return "\n".join(blocks)
