"""The personal-data notice (Luật 91/2025/QH15) as data: privacy.yaml next to this file."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

NOTICE_FILE = Path(__file__).with_name("privacy.yaml")


@dataclass(frozen=True)
class PrivacyNotice:
    law: str
    version: str
    title: str
    sections: tuple[tuple[str, str], ...]
    consent_label: str
    trainer_label: str

    def markdown(self) -> str:
        body = "\n\n".join(f"**{heading}.** {text}" for heading, text in self.sections)
        return f"{body}\n\n*Căn cứ: {self.law}.*"

    def plain_text(self) -> str:
        body = "\n".join(f"- {heading}: {text}" for heading, text in self.sections)
        return f"{self.title}\n{body}\nCăn cứ: {self.law}."


@lru_cache(maxsize=1)
def privacy_notice() -> PrivacyNotice:
    data = yaml.safe_load(NOTICE_FILE.read_text(encoding="utf-8"))
    return PrivacyNotice(data["law"], str(data["version"]), data["title"],
                         tuple((s["heading"], s["text"]) for s in data["sections"]),
                         data["consent_label"], data["trainer_label"])
