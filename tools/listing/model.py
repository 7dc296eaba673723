"""The listing record every door (CLI, page, export) shares."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

FIELDS = ("name", "channel", "status", "title", "description", "hashtags", "price_text", "warnings", "backend")


@dataclass
class Listing:
    name: str
    channel: str
    status: str            # "ok" or "blocked"
    title: str
    description: str
    hashtags: list[str] = field(default_factory=list)
    price_text: str = ""
    warnings: list[str] = field(default_factory=list)
    backend: str = "rules"  # which path wrote it: embedded, openai or rules
    lesson: str = ""        # the course lesson explaining the rule warnings (tools/compliance/lessons.yaml)

    def to_dict(self) -> dict:
        data = asdict(self)
        return {k: data[k] for k in FIELDS}

    @property
    def post_text(self) -> str:
        """Title and description as one text to paste into a post."""
        return f"{self.title}\n\n{self.description}" if self.title else self.description
