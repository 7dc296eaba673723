"""Vietnamese alphabetical order for names (pure Python, no ICU needed).

The Vietnamese alphabet is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y: ă, â, đ, ê, ô, ơ, ư
are letters of their own (Đặng comes after Dương, Ngô before Nguyễn). Tone marks only break ties, in the
order ICU's Vietnamese collation uses: none, huyền, hỏi, ngã, sắc, nặng; then case (lower first).

`vi_key(text)` gives a key with those three levels, like `icu.Collator(Locale("vi_VN")).getSortKey`
(checked by a test against PyICU where it is installed).
"""
from __future__ import annotations

import unicodedata

# Combining marks that make a new letter (breve, circumflex, horn) and the five tone marks.
_LETTER_MARKS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# a < ă < â, o < ô < ơ, u < ư, e < ê, d < đ: the base letter's rank times 4 plus the letter mark.
_BASE = {c: i for i, c in enumerate("abcdefghijklmnopqrstuvwxyz")}


def _weights(ch: str) -> tuple[int, int, int]:
    """(primary, tone, upper) of one NFC character."""
    primary, tone = None, 0
    for part in unicodedata.normalize("NFD", ch):
        if primary is not None and unicodedata.combining(part):
            if part in _LETTER_MARKS:
                primary += _LETTER_MARKS[part]
            elif part in _TONES:
                tone = _TONES[part]
            continue
        low = part.lower()
        if low == "đ":
            primary = _BASE["d"] * 4 + 1
        elif low in _BASE:
            primary = _BASE[low] * 4
        elif low.isdigit() and low.isascii():
            primary = -100 + int(low)
        elif low.isspace() or low in "-_.,'":
            primary = -200  # word separators sort before any letter ("An" < "An Bình" < "Anh")
        else:
            primary = 1000 + ord(low)
    return (primary or 0), tone, int(ch != ch.lower())


class _Table(dict):
    """A str.translate table filled on first use: character -> one code point carrying one level's weight."""

    def __init__(self, level: int):
        super().__init__()
        self.level = level

    def __missing__(self, code: int) -> str:
        weight = _weights(chr(code))[self.level]
        self[code] = value = chr(0x1000 + weight) if self.level == 0 else chr(0x30 + weight)
        return value


_PRIMARY, _TONE, _CASE = _Table(0), _Table(1), _Table(2)
_LAST = ("\U0010ffff", "", "")


def vi_key(text: str | None) -> tuple[str, str, str]:
    """A sort key giving Vietnamese alphabetical order (missing text sorts last). Three strings (letters,
    tones, case) compared in turn; plain strings so that pandas and the database sort them fast."""
    if text is None or text != text:  # None or NaN
        return _LAST
    words = " ".join(unicodedata.normalize("NFC", str(text)).split())
    return words.translate(_PRIMARY), words.translate(_TONE), words.translate(_CASE)


def vi_string_key(text: str | None) -> str:
    """The same order as `vi_key` as one string (levels joined by NUL, which sorts before every weight), for
    sorting a whole column at once (pandas sort_values)."""
    return "\0".join(vi_key(text))
