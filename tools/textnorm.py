"""Small text helpers shared by the product model and the rule layer (Unicode NFC, accent folding)."""
from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(text: object) -> str:
    """NFC-normalised text with collapsed whitespace ("" for None)."""
    if text is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(text))).strip()


def fold(text: str) -> str:
    """Lower-case text without Vietnamese diacritics: "Mật ong Đà Lạt" -> "mat ong da lat"."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def decode_spreadsheet_text(raw: bytes) -> tuple[str, str]:
    """Text (NFC) and encoding of a CSV saved by Excel or a phone: UTF-8 (with or without BOM),
    UTF-16 with BOM, else Windows-1258/1252. Raises UnicodeError when none fits."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return unicodedata.normalize("NFC", raw.decode("utf-16").lstrip("\ufeff")), "utf-16"
    try:
        return unicodedata.normalize("NFC", raw.decode("utf-8-sig")), "utf-8"
    except UnicodeDecodeError:
        pass
    for enc in ("cp1258", "cp1252"):
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return unicodedata.normalize("NFC", text), enc
    raise UnicodeError("unknown text encoding")


def accent_pattern(phrase: str) -> str:
    """Regex matching `phrase` written with its diacritics or with none at all (not with other ones).

    "nhất" matches "nhất" and "nhat" but not "nhạt"; spaces match any whitespace.
    """
    parts = []
    for ch in unicodedata.normalize("NFC", phrase.lower()):
        if ch.isspace():
            parts.append(r"\s+")
            continue
        base = fold(ch)
        parts.append(f"[{re.escape(ch)}{re.escape(base)}]" if base != ch else re.escape(ch))
    return "".join(parts)


def words_regex(phrases: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive regex matching any of the phrases as whole words.

    Accents are optional in phrases of several words ("chua khoi" = "chữa khỏi"); a single syllable
    must be written with its own accents ("tặng" does not match "tang", "chữa" not "chua").
    """
    alts = sorted({accent_pattern(p) if " " in p.strip() else re.escape(p.lower())
                   for p in phrases if p.strip()}, key=len, reverse=True)
    if not alts:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", re.IGNORECASE)


_OLD_TONES = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
              "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
              "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}
_OLD_TONE_RE = re.compile(r"(?<![qQ])(" + "|".join(_OLD_TONES) + r")(?!\w)")


def modern_tones(text: str) -> str:
    """Old-style tone placement to the modern one: "khoẻ" -> "khỏe", "thuỷ" -> "thủy" (not "quý")."""
    return _OLD_TONE_RE.sub(lambda m: _OLD_TONES[m.group(1)], text)


# --- normalisation before any rule looks at a text --------------------------------------------------
# Zero-width, bidirectional-control, soft-hyphen and other invisible format characters: a seller (or a
# model) can hide "C\u200bhữa" from a plain-text check with them, so they are removed before checking AND
# printing. Format characters (Unicode category Cf) cover all of these plus the variation selectors below.
_INVISIBLE_EXTRA = "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u3164\uffa0"


def _is_invisible(ch: str) -> bool:
    return unicodedata.category(ch) == "Cf" or ch in _INVISIBLE_EXTRA or "\ufe00" <= ch <= "\ufe0f"


_VI_LOWER = "ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
_VI_CHARS = frozenset(_VI_LOWER + _VI_LOWER.upper())


# Cyrillic letters that pass for Latin ones in lower case but have no ASCII entry in the confusables data
_EXTRA_LOOKALIKES = {"к": "k", "К": "K", "м": "m", "М": "M", "т": "t", "Т": "T", "в": "B", "В": "B", "н": "H", "Н": "H"}


def _confusable_map() -> dict[str, str]:
    """Look-alike letters from other scripts (Cyrillic "С", Greek "ο", Latin small capitals...) to the
    ASCII letter they imitate, from the Unicode confusables data kept by `confusable-homoglyphs`."""
    try:
        from confusable_homoglyphs.confusables import confusables_data
    except ImportError:  # the library is a declared dependency; without it only NFKC applies
        return {}
    out: dict[str, str] = dict(_EXTRA_LOOKALIKES)
    for ch, entries in confusables_data.items():
        if len(ch) != 1 or not ch.isalpha() or ch.isascii() or ch in _VI_CHARS:
            continue
        for entry in entries:
            target = entry.get("c", "")
            if len(target) == 1 and target.isascii() and target.isalpha():
                out.setdefault(ch, target)
                break
    return out


_CONFUSABLES: dict[str, str] | None = None


def clean_text(text: object) -> str:
    """The text every rule checks and every listing prints: Unicode NFKC (fullwidth letters to plain
    ones), invisible and direction-control characters removed, look-alike letters from other scripts
    mapped to the Latin letter they imitate, NFC, whitespace collapsed ("" for None)."""
    global _CONFUSABLES
    if text is None:
        return ""
    if _CONFUSABLES is None:
        _CONFUSABLES = _confusable_map()
    s = unicodedata.normalize("NFKC", str(text))
    s = "".join(_CONFUSABLES.get(ch, ch) for ch in s if not _is_invisible(ch))
    return nfc(s)


def has_diacritics(text: str) -> bool:
    """True when the text carries any Vietnamese letter with a diacritic (or đ)."""
    return any(ch in _VI_CHARS for ch in text)


def fold_same_length(text: str) -> str:
    """`fold` character by character, so positions in the result match positions in `text`."""
    out = []
    for ch in text:
        f = fold(ch)
        out.append(f[0] if len(f) >= 1 else ch)
    return "".join(out)


# Letters spaced or dotted apart ("g i ả m  g i á", "c.h.ữ.a", "t-h-ầ-n"): three or more single letters
# separated by spaces, dots, hyphens, underscores or middle dots.
_SPACED_RUN = re.compile(r"(?<!\w)\w(?:[\s.\-_·•*/|]+\w(?!\w)){2,}")


def joined_view(text: str) -> tuple[str, list[int], list[tuple[int, int]]]:
    """The text with every run of spaced-apart single letters joined ("g i ả m g i á" -> "giảmgiá"),
    a map from each position of the result to a position in `text`, and the spans of the runs (in `text`).
    """
    out: list[str] = []
    origin: list[int] = []
    runs: list[tuple[int, int]] = []
    pos = 0
    for m in _SPACED_RUN.finditer(text):
        for i in range(pos, m.start()):
            out.append(text[i])
            origin.append(i)
        for i in range(m.start(), m.end()):
            if text[i].isalnum():
                out.append(text[i])
                origin.append(i)
        runs.append(m.span())
        pos = m.end()
    for i in range(pos, len(text)):
        out.append(text[i])
        origin.append(i)
    return "".join(out), origin, runs
