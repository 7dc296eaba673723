"""Fit Vietnamese text into a box: wrap only at spaces, shrink the font instead of splitting a word,
size every line for the tallest stacked diacritics (Ễ, Ỗ) and the deepest descenders so nothing clips.
"""
from __future__ import annotations

import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from tools.video.fonts import PROBE, load_font
from tools.video.vnwords import units


_TRACE: ContextVar[list | None] = ContextVar("text_trace", default=None)


@contextmanager
def trace_text():
    """Collect (text, ink rectangle, canvas size) of every block drawn inside the block (tests
    check words against the safe area with it)."""
    records: list = []
    token = _TRACE.set(records)
    try:
        yield records
    finally:
        _TRACE.reset(token)


@dataclass(frozen=True)
class TextBlock:
    lines: tuple[str, ...]
    font_name: str
    size: int
    line_height: int   # distance between baselines
    top: int           # offset from a line's top to its baseline
    width: int         # widest line (ink)
    height: int        # whole block, tallest marks to deepest descenders
    stroke: int = 0

    @property
    def font(self) -> ImageFont.FreeTypeFont:
        return load_font(self.font_name, self.size)


@lru_cache(maxsize=512)
def line_metrics(font_name: str, size: int, stroke: int = 0) -> tuple[int, int]:
    """(ascent above baseline, descent below it) covering every Vietnamese glyph, in pixels."""
    font = load_font(font_name, size)
    _, top, _, bottom = font.getbbox(PROBE, anchor="ls", stroke_width=stroke)
    return -top, bottom


def ink_span(text: str, font_name: str, size: int, stroke: int = 0) -> tuple[int, int]:
    """Horizontal ink extent (left, right) of text drawn at x=0 with anchor 'ls'."""
    if not text:
        return 0, 0
    left, _, right, _ = load_font(font_name, size).getbbox(text, anchor="ls", stroke_width=stroke)
    return left, right


def text_width(text: str, font_name: str, size: int, stroke: int = 0) -> int:
    left, right = ink_span(text, font_name, size, stroke)
    return right - left


@lru_cache(maxsize=65536)
def advance(piece: str, font_name: str, size: int, stroke: int = 0) -> int:
    """Width a piece of text takes on a line (its advance, stroke and a little overhang included).
    Cached per piece: wrapping measures every word once, so fitting grows linearly with the text."""
    return int(load_font(font_name, size).getlength(piece)) + 2 * stroke + max(1, size // 25)


def _measured_units(text: str, font_name: str, size: int, stroke: int) -> list[list[tuple[str, int]]]:
    space = advance(" ", font_name, size, 0) - max(1, size // 25)
    paragraphs = []
    for paragraph in text.split("\n"):
        paragraphs.append([(u, advance(u, font_name, size, stroke)) for u in units(paragraph)] + [("", space)])
    return paragraphs


def _wrap_measured(paragraphs, max_width: int) -> list[str] | None:
    lines: list[str] = []
    for measured in paragraphs:
        space = measured[-1][1]
        pieces = measured[:-1]
        current: list[str] = []
        width = 0
        for piece, w in pieces:
            if w > max_width:
                return None
            trial = width + (space if current else 0) + w
            if trial <= max_width or not current:
                current.append(piece)
                width = trial
            else:
                lines.append(" ".join(current))
                current, width = [piece], w
        lines.append(" ".join(current))
    return [line for line in lines if line] or [""]


def _split_wide(text: str, font_name: str, size: int, max_width: int, stroke: int):
    """Units measured; a several-syllable unit wider than a whole line is cut into its syllables."""
    paragraphs = _measured_units(text, font_name, size, stroke)
    for measured in paragraphs:
        k = 0
        while k < len(measured) - 1:
            piece, w = measured[k]
            if w > max_width and " " in piece:
                measured[k:k + 1] = [(p, advance(p, font_name, size, stroke)) for p in piece.split()]
            k += 1
    return paragraphs


def wrap_words(text: str, font_name: str, size: int, max_width: int, stroke: int = 0) -> list[str] | None:
    """Greedy wrap between words (a Vietnamese word of several syllables stays on one line);
    None when one syllable alone is wider than max_width."""
    return _wrap_measured(_split_wide(text, font_name, size, max_width, stroke), max_width)


def _balanced(text: str, font_name: str, size: int, max_width: int, stroke: int, count: int) -> list[str]:
    """The narrowest wrap with the same number of lines: no lonely last word."""
    measured = _split_wide(text, font_name, size, max_width, stroke)
    lo, hi = 1, max_width
    best = _wrap_measured(measured, max_width)
    while hi - lo > 2:
        mid = (lo + hi) // 2
        trial = _wrap_measured(measured, mid)
        if trial is not None and len(trial) <= count:
            best, hi = trial, mid
        else:
            lo = mid
    return best


def fit_text(text: str, font_name: str, max_width: int, max_height: int, size: int,
             min_size: int = 8, max_lines: int | None = None, stroke_ratio: float = 0.0,
             spacing: float = 0.12, balance: bool = True) -> TextBlock:
    """Largest size <= size at which text fits (max_width x max_height); never splits a word."""
    text = unicodedata.normalize("NFC", " ".join(text.split(" ")).strip())
    size = int(size)
    while True:
        stroke = int(round(size * stroke_ratio))
        lines = wrap_words(text, font_name, size, max_width, stroke)
        if lines is not None:
            ascent, descent = line_metrics(font_name, size, stroke)
            line_height = int(round((ascent + descent) * (1 + spacing)))
            height = ascent + descent + line_height * (len(lines) - 1)
            fits = height <= max_height and (max_lines is None or len(lines) <= max_lines)
            if fits or size <= min_size:
                if balance and len(lines) > 1:
                    lines = _balanced(text, font_name, size, max_width, stroke, len(lines))
                width = max(advance(line, font_name, size, stroke) for line in lines)
                return TextBlock(tuple(lines), font_name, size, line_height, ascent, width, height, stroke)
        elif size <= min_size:  # a single word wider than the box even at the smallest size
            stroke = int(round(min_size * stroke_ratio))
            ascent, descent = line_metrics(font_name, min_size, stroke)
            return TextBlock((text,), font_name, min_size, ascent + descent, ascent,
                             text_width(text, font_name, min_size, stroke), ascent + descent, stroke)
        size = max(min_size, int(size * 0.92))


def draw_block(draw: ImageDraw.ImageDraw, block: TextBlock, box: tuple[int, int, int, int], fill,
               align: str = "center", valign: str = "middle", stroke_fill=None) -> tuple[int, int, int, int]:
    """Draw block inside box (left, top, right, bottom); returns the ink rectangle used."""
    left, top, right, bottom = box
    if valign == "middle":
        y0 = top + (bottom - top - block.height) // 2
    elif valign == "bottom":
        y0 = bottom - block.height
    else:
        y0 = top
    widest = 0
    for i, line in enumerate(block.lines):
        ink_left, ink_right = ink_span(line, block.font_name, block.size, block.stroke)
        width = ink_right - ink_left
        widest = max(widest, width)
        if align == "center":
            x = left + (right - left - width) // 2
        elif align == "right":
            x = right - width
        else:
            x = left
        baseline = y0 + block.top + i * block.line_height
        draw.text((x - ink_left, baseline), line, font=block.font, fill=fill, anchor="ls",
                  stroke_width=block.stroke, stroke_fill=stroke_fill)
    x_left = {"center": left + (right - left - widest) // 2, "right": right - widest}.get(align, left)
    ink = (x_left, y0, x_left + widest, y0 + block.height)
    records = _TRACE.get()
    if records is not None:
        records.append(("\n".join(block.lines), ink, draw.im.size))
    return ink


def render_block(block: TextBlock, fill, pad: int = 0, stroke_fill=None) -> Image.Image:
    """The block alone on a transparent canvas exactly its size (+pad on each side)."""
    image = Image.new("RGBA", (block.width + 2 * pad, block.height + 2 * pad), (0, 0, 0, 0))
    draw_block(ImageDraw.Draw(image), block, (pad, pad, image.width - pad, image.height - pad), fill,
               stroke_fill=stroke_fill)
    return image
