"""A video script: scenes with on-screen text and the sentences read aloud (and shown as captions)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

SCENE_KINDS = ("notice", "hook", "feature", "price", "cta")


@dataclass
class Scene:
    kind: str                      # notice | hook | feature | price | cta
    heading: str                   # the big on-screen text
    narration: list[str]           # sentences read aloud, one caption group each
    min_seconds: float = 0.0       # shown at least this long (a mandated statement: time to read it)
    photo: int | None = None       # index of the seller's photo (None: a generated title card)
    source: str = "rules"          # "model" when a narration line came from the model
    # a mandated statement's on-screen demands (tools.compliance Statement): text covering at least this share
    # of the picture, in a colour contrasting with its background (alcohol warnings: 0.10, Nghị định 24/2020)
    min_frame_fraction: float = 0.0
    contrast: bool = False

    def __post_init__(self) -> None:
        if self.kind not in SCENE_KINDS:
            raise ValueError(f"unknown scene kind {self.kind}")


@dataclass
class VideoScript:
    name: str                      # product name as shown
    price: int
    price_text: str                # "45.000đ"
    scenes: list[Scene]
    contact: str = ""              # phone or shop name shown on the end card
    link: str = ""                 # shop/Zalo link encoded in the QR code
    warnings: list[str] = field(default_factory=list)
    channel: str = ""              # where it will be posted (tiktok, facebook, zalo, shopee): the safe area
    lesson: str = ""               # the course lesson explaining the rule warnings (tools/compliance/lessons.yaml)

    @property
    def narration(self) -> list[str]:
        return [line for scene in self.scenes for line in scene.narration]

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "VideoScript":
        scenes = [Scene(**s) for s in data["scenes"]]
        return cls(**{**data, "scenes": scenes})
