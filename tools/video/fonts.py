"""Fonts that cover every Vietnamese letter: Be Vietnam Pro (wheel), DejaVu Sans (Debian) as fallback."""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
_DEJAVU = {"Regular": "DejaVuSans.ttf", "Bold": "DejaVuSans-Bold.ttf"}

VIETNAMESE_LETTERS = unicodedata.normalize("NFC", (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"))
ALL_LETTERS = VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper()
# every letter, digits and common marks: sizing lines with these never clips a stacked diacritic
PROBE = ALL_LETTERS + "0123456789(),.!?%₫đ/|"


class FontError(LookupError):
    pass


def be_vietnam_pro_dir() -> Path | None:
    try:
        import fontpkg_be_vietnam_pro
    except ImportError:
        return None
    folder = Path(fontpkg_be_vietnam_pro.ROOT) / "files"
    return folder if folder.is_dir() else None


def font_path(name: str) -> Path:
    """'BeVietnamPro-ExtraBold' (any weight of the family), 'DejaVuSans-Bold', or a path to a TTF."""
    candidate = Path(name)
    if candidate.suffix.lower() in (".ttf", ".otf") and candidate.is_file():
        return candidate
    folder = be_vietnam_pro_dir()
    if folder is not None and (folder / f"{name}.ttf").is_file():
        return folder / f"{name}.ttf"
    if (DEJAVU_DIR / f"{name}.ttf").is_file():
        return DEJAVU_DIR / f"{name}.ttf"
    weight = "Bold" if any(w in name for w in ("Bold", "Black", "Heavy")) else "Regular"
    fallback = DEJAVU_DIR / _DEJAVU[weight]
    if fallback.is_file():
        return fallback
    raise FontError(f"Không tìm thấy phông chữ {name}.")


def regular_and_bold() -> tuple[Path, Path]:
    """(regular, bold) TTF files for documents (PDF): Be Vietnam Pro, else DejaVu Sans."""
    return font_path("BeVietnamPro-Regular"), font_path("BeVietnamPro-Bold")


@lru_cache(maxsize=256)
def load_font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(name)), max(4, int(size)))


@lru_cache(maxsize=32)
def missing_letters(name: str) -> str:
    """Vietnamese letters the font has no glyph for (empty when it covers them all)."""
    from fontTools.ttLib import TTFont
    with TTFont(str(font_path(name)), lazy=True) as tt:
        cmap = tt.getBestCmap() or {}
    return "".join(ch for ch in ALL_LETTERS if ord(ch) not in cmap)
