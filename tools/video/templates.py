"""Video styles as data: media_templates/*.yaml, validated here, discovered by file name.

A trainer adds a style by copying a YAML file; `binhdan video --template NAME` and the page pick it up.
Schema (all sizes are fractions of the frame width unless said otherwise):

    label, description        Vietnamese, shown to users
    palette                   colours "#RRGGBB" or "#RRGGBBAA": background (1+ colours, a vertical
                              gradient), primary, on_primary, text, caption_text, caption_box, accent
    fonts                     title, body, caption: a Be Vietnam Pro / DejaVu face name or a TTF path
    layout                    margin, title_size, body_size, caption_size, caption_y and heading_y
                              (where the caption and the heading band over photos sit inside the
                              platform's safe area: 0.1 at its top .. 0.9 at its bottom, the smaller
                              one above; tools.video.safearea), caption_style (box | outline),
                              photo_fit (cover | card), card_shape (circles | stripes | plain)
    motion                    kind (zoom_in | zoom_out | pan | none), strength (0..0.2)
    transition                kind (crossfade | slide | wipe | cut), seconds
    intro / outro             intro: fade-in seconds; outro: end-card hold and fade-out seconds
    music                     optional: file (relative to media_templates/), volume (0..1)
    fps                       frames per second (default 24)
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tools.video.fonts import FontError, font_path, missing_letters

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "media_templates"
DEFAULT_TEMPLATE = "tuoi-sang"

_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
Color = str


def rgba(color: Color) -> tuple[int, int, int, int]:
    value = color.lstrip("#")
    alpha = int(value[6:8], 16) if len(value) == 8 else 255
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16), alpha


def rgb(color: Color) -> tuple[int, int, int]:
    return rgba(color)[:3]


class TemplateError(ValueError):
    pass


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Palette(_Strict):
    background: list[Color] = Field(min_length=1, max_length=4)
    primary: Color
    on_primary: Color
    text: Color
    caption_text: Color
    caption_box: Color
    accent: Color

    @field_validator("*")
    @classmethod
    def _colors(cls, value):
        for color in value if isinstance(value, list) else [value]:
            if not _COLOR.match(color):
                raise ValueError(f"màu không hợp lệ: {color} (dạng #RRGGBB hoặc #RRGGBBAA)")
        return value


    @model_validator(mode="after")
    def _readable(self):
        # (what, colour, on colour, WCAG minimum: 4.5 for text, 3 for large bold text on primary)
        pairs = [("text", self.text, c, 4.5) for c in self.background]
        pairs.append(("on_primary", self.on_primary, self.primary, 3.0))
        if rgba(self.caption_box)[3] >= 160:
            pairs.append(("caption_text", self.caption_text, self.caption_box, 4.5))
        for label, fg, bg, need in pairs:
            ratio = contrast(fg, bg)
            if ratio < need:
                raise ValueError(f"màu {label} {fg} trên nền {bg} khó đọc (độ tương phản {ratio:.1f}, "
                                 f"cần ít nhất {need:g})")
        return self


def contrast(a: Color, b: Color) -> float:
    """WCAG contrast ratio of two colours (1..21)."""
    def lum(color: Color) -> float:
        chans = [v / 255 for v in rgb(color)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in chans]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


class Fonts(_Strict):
    title: str
    body: str
    caption: str

    @field_validator("*")
    @classmethod
    def _covers_vietnamese(cls, name: str) -> str:
        try:
            font_path(name)
        except FontError as exc:
            raise ValueError(str(exc)) from exc
        missing = missing_letters(name)
        if missing:
            raise ValueError(f"phông {name} thiếu chữ tiếng Việt: {missing[:20]}")
        return name


class Layout(_Strict):
    margin: float = Field(0.07, ge=0.02, le=0.2)
    title_size: float = Field(0.095, ge=0.03, le=0.2)
    body_size: float = Field(0.065, ge=0.03, le=0.15)
    caption_size: float = Field(0.052, ge=0.03, le=0.1)
    caption_y: float = Field(0.8, ge=0.5, le=0.95)
    caption_style: Literal["box", "outline"] = "box"
    photo_fit: Literal["cover", "card"] = "cover"
    heading_y: float = Field(0.12, ge=0.08, le=0.92)
    card_shape: Literal["circles", "stripes", "plain"] = "circles"


    @model_validator(mode="after")
    def _apart(self):
        if abs(self.heading_y - self.caption_y) < 0.16:
            raise ValueError("heading_y và caption_y phải cách nhau ít nhất 0.16 để chữ không chồng lên nhau")
        return self


class Motion(_Strict):
    kind: Literal["zoom_in", "zoom_out", "pan", "none"] = "zoom_in"
    strength: float = Field(0.06, ge=0.0, le=0.2)


class Transition(_Strict):
    kind: Literal["crossfade", "slide", "wipe", "cut"] = "crossfade"
    seconds: float = Field(0.35, ge=0.0, le=1.0)


class Intro(_Strict):
    fade_in: float = Field(0.4, ge=0.0, le=2.0)


class Outro(_Strict):
    hold: float = Field(2.0, ge=0.5, le=6.0)
    fade_out: float = Field(0.4, ge=0.0, le=2.0)


class Music(_Strict):
    file: str
    volume: float = Field(0.12, ge=0.0, le=1.0)


class Template(_Strict):
    name: str
    label: str
    description: str
    palette: Palette
    fonts: Fonts
    layout: Layout = Layout()
    motion: Motion = Motion()
    transition: Transition = Transition()
    intro: Intro = Intro()
    outro: Outro = Outro()
    music: Music | None = None
    fps: int = Field(24, ge=10, le=60)

    @property
    def music_path(self) -> Path | None:
        return TEMPLATES_DIR / self.music.file if self.music else None


def load_template_file(path: Path) -> Template:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise TemplateError(f"Không đọc được mẫu video {path.name}: {exc}") from exc
    if not isinstance(data, dict):
        raise TemplateError(f"Mẫu video {path.name} phải là một bảng YAML.")
    try:
        template = Template(**{**data, "name": path.stem})
    except ValidationError as exc:
        raise TemplateError(f"Mẫu video {path.name} không hợp lệ: {exc}") from exc
    if template.music_path and not template.music_path.is_file():
        raise TemplateError(f"Mẫu video {path.name}: không có tệp nhạc {template.music.file}.")
    return template


@lru_cache(maxsize=8)
def _load_all(folder: str) -> dict[str, Template]:
    return {p.stem: load_template_file(p) for p in sorted(Path(folder).glob("*.yaml"))}


def list_templates(folder: Path = TEMPLATES_DIR) -> dict[str, Template]:
    """Every template in the folder, by name (file stem), validated."""
    return dict(_load_all(str(folder)))


def get_template(name: str | None = None, folder: Path = TEMPLATES_DIR) -> Template:
    templates = list_templates(folder)
    name = name or DEFAULT_TEMPLATE
    if name not in templates:
        raise TemplateError(f"Không có mẫu video “{name}”. Các mẫu có sẵn: {', '.join(templates)}.")
    return templates[name]
