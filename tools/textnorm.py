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
