"""Channel profiles (limits, hashtag counts, tone) loaded from the YAML files in this folder."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

CHANNELS_DIR = Path(__file__).resolve().parent
DEFAULT_ORDER = ("shopee", "tiktok", "facebook", "zalo")


class Range(BaseModel):
    min: int = 0
    max: int
    soft_max: int | None = None


class TextLimits(BaseModel):
    min_chars: int = 0
    max_chars: int
    min_words: int = 0


class ChannelProfile(BaseModel):
    id: str
    label: str
    marketplace: bool
    title: Range
    description: TextLimits
    hashtags: Range
    hashtags_in_description: bool = True
    tone: str
    layout: str = Field(pattern="^(lines|short_sentences|benefits|compact)$")
    cta: str


@lru_cache(maxsize=1)
def load_channels() -> dict[str, ChannelProfile]:
    """Every profile in this folder, by id (validated)."""
    profiles = {}
    for path in sorted(CHANNELS_DIR.glob("*.yaml")):
        profile = ChannelProfile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        profiles[profile.id] = profile
    return profiles


def channel_labels() -> dict[str, str]:
    """{id: label} in the usual order ("tiktok": "TikTok Shop"): the one source of a channel's name."""
    profiles = load_channels()
    order = [c for c in DEFAULT_ORDER if c in profiles] + sorted(set(profiles) - set(DEFAULT_ORDER))
    return {c: profiles[c].label for c in order}


def get_channel(channel_id: str) -> ChannelProfile:
    profiles = load_channels()
    key = (channel_id or "").strip().lower()
    if key not in profiles:
        raise KeyError(f"Không có kênh “{channel_id}”. Các kênh: {', '.join(profiles)}.")
    return profiles[key]


def parse_channels(text: str | None) -> list[str]:
    """"shopee,zalo" -> ["shopee", "zalo"]; empty -> all; unknown names raise KeyError (Vietnamese)."""
    if not text:
        return [c for c in DEFAULT_ORDER if c in load_channels()]
    out = []
    for part in text.split(","):
        if part.strip():
            out.append(get_channel(part).id)
    return list(dict.fromkeys(out))
