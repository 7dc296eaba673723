"""Vietnamese words of several syllables ("gia truyền", "nước mắm", "Buôn Ma Thuột") kept together
when captions and headings wrap: a line never ends inside one.

Words come from tools/video/data/words_pyvi.txt (the two- and three-syllable words of pyvi's word
list, MIT licence, copied as data so no segmenter and no scikit-learn are installed) plus
tools/video/data/words_extra.txt; a run of capitalised syllables (a place or brand name) is kept
together too.

    units(text) -> list[str]   the text cut into unbreakable pieces (joined by single spaces again,
                               they give back the text)
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data")
SOURCES = (DATA / "words_pyvi.txt", DATA / "words_extra.txt")
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
MAX_NAME = 4   # syllables in a run of capitalised words kept together


@lru_cache(maxsize=1)
def lexicon() -> frozenset[str]:
    words: set[str] = set()
    for path in SOURCES:
        for line in path.read_text(encoding="utf-8").splitlines():
            line = unicodedata.normalize("NFC", line.strip().lower())
            if line and not line.startswith("#") and " " in line:
                words.add(line)
    return frozenset(words)


def _bare(token: str) -> str:
    return _EDGE.sub("", token).lower()


def _ends_phrase(token: str) -> bool:
    return bool(re.search(r"[,.;:!?…)\]\"”]$", token))


def _capital(token: str) -> bool:
    bare = _EDGE.sub("", token)
    return bool(bare) and bare[0].isupper() and bare[0].isalpha()


def units(text: str) -> list[str]:
    tokens = unicodedata.normalize("NFC", text).split()
    words = lexicon()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        take = 1
        for n in (3, 2):                         # the longest dictionary word starting here
            if i + n <= len(tokens) and not any(_ends_phrase(t) for t in tokens[i:i + n - 1]):
                if " ".join(_bare(t) for t in tokens[i:i + n]) in words:
                    take = n
                    break
        if take == 1 and _capital(tokens[i]) and i > 0 and not _ends_phrase(tokens[i - 1]):
            j = i                                # a name inside a sentence: Buôn Ma Thuột, Mỹ Hào
            while (j + 1 < len(tokens) and j + 1 - i < MAX_NAME and _capital(tokens[j + 1])
                   and not _ends_phrase(tokens[j])):
                j += 1
            take = j - i + 1
        out.append(" ".join(tokens[i:i + take]))
        i += take
    return out
