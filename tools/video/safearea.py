"""Where text may go: the part of a 9:16 or 1:1 frame the big apps leave clear, and the frame plan
every picture of a video follows.

Presets are data, one file per platform in media_templates/safe_areas/*.yaml:

    label: TikTok
    source: where the numbers come from
    "9:16": {top: 0.12, bottom: 0.72, left: 0.05, right: 0.85}     # fractions of height / width
    "1:1":  {top: 0.06, bottom: 0.90, left: 0.06, right: 0.88}

`plan(size, template, platform, logo, label)` lays one frame out inside that area:
  - a corner row at the top of the safe area: the "Video có sử dụng AI" label on the left, the
    shop's logo in its reserved corner on the right (never under any text);
  - the heading band (over photos) and the caption, in the template's order (heading_y and
    caption_y say which comes first and roughly where), never overlapping;
  - the area a title card or the end card may fill (above the caption).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from tools.video.templates import TEMPLATES_DIR, Template, TemplateError

SAFE_DIR = TEMPLATES_DIR / "safe_areas"
DEFAULT_PLATFORM = "tiktok"
CHANNEL_PLATFORM = {"tiktok": "tiktok", "shopee": "tiktok", "facebook": "reels", "zalo": "zalo"}

Box = tuple[int, int, int, int]


class Area(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    top: float = Field(ge=0, le=0.5)
    bottom: float = Field(ge=0.5, le=1)
    left: float = Field(ge=0, le=0.3)
    right: float = Field(ge=0.7, le=1)

    @model_validator(mode="after")
    def _room(self):
        if self.bottom - self.top < 0.45 or self.right - self.left < 0.6:
            raise ValueError("vùng an toàn quá nhỏ để đặt chữ")
        return self


class Preset(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    name: str
    label: str
    source: str
    vertical: Area = Field(alias="9:16")
    square: Area = Field(alias="1:1")

    def area(self, size: tuple[int, int]) -> Area:
        w, h = size
        return self.vertical if h > w * 1.2 else self.square


@lru_cache(maxsize=4)
def _load(folder: str) -> dict[str, Preset]:
    presets = {}
    for path in sorted(Path(folder).glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            presets[path.stem] = Preset(**{**data, "name": path.stem})
        except (OSError, yaml.YAMLError, ValidationError, TypeError) as exc:
            raise TemplateError(f"Vùng an toàn {path.name} không hợp lệ: {exc}") from exc
    return presets


def presets(folder: Path = SAFE_DIR) -> dict[str, Preset]:
    return dict(_load(str(folder)))


def preset(name: str | None = None) -> Preset:
    found = presets()
    name = name or DEFAULT_PLATFORM
    if name not in found:
        raise TemplateError(f"Không có vùng an toàn cho nền tảng “{name}”. Có: {', '.join(found)}.")
    return found[name]


def platform_for(channel: str | None) -> str:
    return CHANNEL_PLATFORM.get(channel or "", DEFAULT_PLATFORM)


def unit(size: tuple[int, int]) -> float:
    """The length text sizes are fractions of: the width, but less in a square frame (less height)."""
    w, h = size
    return min(w, 0.75 * h)


def inside(box: Box, outer: Box, slack: int = 1) -> bool:
    return (box[0] >= outer[0] - slack and box[1] >= outer[1] - slack and box[2] <= outer[2] + slack
            and box[3] <= outer[3] + slack)


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@dataclass(frozen=True)
class FramePlan:
    size: tuple[int, int]
    safe: Box                   # every word the viewer must read stays in here
    label_box: Box | None       # "Video có sử dụng AI"
    logo_box: Box | None        # reserved corner for the shop logo
    heading_slot: Box           # the heading band over a photo (centred in it)
    caption_slot: Box           # captions over a photo
    card_caption_slot: Box      # captions over a title card / the end card (at the bottom)
    card_area: Box              # what a title card or the end card may fill
    gap: int

    @property
    def text_top(self) -> int:
        """First row below the corner row (label, logo)."""
        rows = [b[3] for b in (self.label_box, self.logo_box) if b]
        return (max(rows) + self.gap) if rows else self.safe[1]


def heading_height(size: tuple[int, int], template: Template) -> int:
    """Room for a heading band of up to two lines (text shrinks to fit)."""
    s = unit(size) * template.layout.title_size * 0.8
    return int(s * 1.3 * 2 + s * 1.0)


def caption_height(size: tuple[int, int], template: Template) -> int:
    """Room for a caption of up to two lines with its box."""
    s = unit(size) * template.layout.caption_size
    return int(s * 1.32 * 2 + s * 0.9)


def label_height(size: tuple[int, int]) -> int:
    return int(unit(size) * 0.058)


def logo_side(size: tuple[int, int]) -> int:
    return int(unit(size) * 0.13)


def plan(size: tuple[int, int], template: Template, platform: str | None = None, logo: bool = False,
         label: bool = True) -> FramePlan:
    w, h = size
    area = preset(platform).area(size)
    safe = (int(round(w * area.left)), int(round(h * area.top)), int(round(w * area.right)),
            int(round(h * area.bottom)))
    l, t, r, b = safe
    gap = max(4, int(unit(size) * 0.02))
    label_box = logo_box = None
    row = 0
    if logo:
        side = logo_side(size)
        logo_box = (r - side, t, r, t + side)
        row = side
    if label:
        lh = label_height(size)
        label_box = (l, t, l + int((r - l) * 0.6), t + lh)   # the pill is drawn at its own width, left
        row = max(row, lh)
    top = t + row + gap if row else t
    hh, ch = heading_height(size, template), caption_height(size, template)
    region = b - top
    if hh + ch + gap > region:
        raise TemplateError(f"Mẫu {template.name}: chữ quá to so với vùng an toàn của khung {w}x{h}.")

    def place(y: float, height: int) -> int:
        f = min(1.0, max(0.0, (y - 0.1) / 0.8))
        return int(top + f * (region - height))

    lay = template.layout
    hy, cy = place(lay.heading_y, hh), place(lay.caption_y, ch)
    if lay.heading_y <= lay.caption_y:         # heading above caption: push apart if needed
        if hy + hh + gap > cy:
            cy = min(b - ch, hy + hh + gap)
            hy = min(hy, cy - gap - hh)
    elif cy + ch + gap > hy:
        hy = min(b - hh, cy + ch + gap)
        cy = min(cy, hy - gap - ch)
    heading_slot = (l, hy, r, hy + hh)
    caption_slot = (l, cy, r, cy + ch)
    card_caption = (l, b - ch, r, b)
    card_area = (l, top, r, b - ch - gap)
    return FramePlan(size, safe, label_box, logo_box, heading_slot, caption_slot, card_caption, card_area, gap)
