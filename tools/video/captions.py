"""SubRip (.srt) captions from the timeline's cues, and reading them back."""
from __future__ import annotations

import re
import unicodedata

from tools.video.timeline import Cue

SRT_LINE_CHARS = 42


def _stamp(seconds: float) -> str:
    ms = int(round(max(0.0, seconds) * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d},{ms:03d}"


def _two_lines(text: str) -> str:
    """Break a long caption once, at the space nearest its middle (never inside a word)."""
    if len(text) <= SRT_LINE_CHARS or " " not in text:
        return text
    middle = len(text) // 2
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return text[:cut] + "\n" + text[cut + 1:]


def to_srt(cues: list[Cue]) -> str:
    blocks = []
    for i, cue in enumerate(cues, 1):
        text = unicodedata.normalize("NFC", cue.text)
        blocks.append(f"{i}\n{_stamp(cue.start)} --> {_stamp(cue.end)}\n{_two_lines(text)}\n")
    return "\n".join(blocks)


_TIME = re.compile(r"(\d+):(\d+):(\d+),(\d+)\s*-->\s*(\d+):(\d+):(\d+),(\d+)")


def parse_srt(text: str) -> list[Cue]:
    cues = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.strip().splitlines()
        for j, line in enumerate(lines):
            m = _TIME.search(line)
            if m:
                v = [int(x) for x in m.groups()]
                start = v[0] * 3600 + v[1] * 60 + v[2] + v[3] / 1000
                end = v[4] * 3600 + v[5] * 60 + v[6] + v[7] / 1000
                cues.append(Cue(start, end, " ".join(lines[j + 1:])))
                break
    return cues
